"""The steps a questionnaire is made of: what kind of question, and for a statement which one."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Optional


class Kind(Enum):
    """What a step asks. Each questionnaire uses the kinds it needs, in its own order."""

    CONSENT = "consent"
    UNIT = "unit"
    RELATION = "relation"
    ROUND = "round"
    MODE = "mode"
    GROUP_SIZE = "group_size"
    FIRST_PART = "first_part"
    STATEMENT = "statement"
    DESIRED_RUNG = "desired_rung"
    REMARK = "remark"


@dataclass(frozen=True)
class Step:
    """One question: its kind and, for a statement, its id and place ("Vraag `number` van `total`")."""

    kind: Kind
    item: Optional[str] = None
    number: int = 0
    total: int = 0


def statement_step(order: Sequence[str], index: int) -> Step:
    """The statement at `index` (0-based) of the order in which they are asked."""
    return Step(Kind.STATEMENT, order[index], index + 1, len(order))


def first_open(order: Sequence[str], answered: Collection[str]) -> Optional[int]:
    """Index of the first statement without an answer, or None when all are answered."""
    return next((index for index, item in enumerate(order) if item not in answered), None)
