"""The relatives' quick scan as a flow: consent, unit, relation, the statements, the desired rung, a remark.

Nothing is stored before the relative consented and a registered unit is known; from then on the
stored answers say where the relative is, so a scan resumes after a break, on the next visit or
after a restart of the assistant. A statement can be reopened ("vorige") to change its answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Optional

from bot.content import RelativesScan, ScanItem
from bot.questionnaire.steps import Kind, Step, first_open, statement_step
from bot.storage.repository import RespondentState

# the steps in the order they are asked
STEPS = (Kind.CONSENT, Kind.UNIT, Kind.RELATION, Kind.STATEMENT, Kind.DESIRED_RUNG, Kind.REMARK)


class Stop(Enum):
    """Why a scan ended before anything was stored (the goodbye says so)."""

    NO_UNIT = "no_unit"  # the relative does not know the unit
    RATE_LIMITED = "rate_limited"  # too many new scans from this client address in the last hour
    CODE_LIMITED = "code_limited"  # too many wrong invitation codes from this client address


@dataclass(frozen=True)
class RelativesState:
    """Where one relative is: what is stored, plus the conversation's consent, reopened statement and stop."""

    consent: Optional[bool] = None  # the answer to the consent question in this conversation
    consented: bool = False  # consent stored (only together with a registered unit)
    unit: Optional[str] = None
    relation: Optional[str] = None
    answers: Mapping[str, Optional[int]] = field(default_factory=dict)
    desired_rung: Optional[int] = None
    finished: bool = False
    reopened: Optional[str] = None  # the statement whose answer is being changed
    stop: Optional[Stop] = None

    @classmethod
    def of(
        cls,
        stored: Optional[RespondentState],
        consent: Optional[bool] = None,
        reopened: Optional[str] = None,
        stop: Optional[Stop] = None,
    ) -> RelativesState:
        """The state from what is stored about the relative and what this conversation holds."""
        if stored is None:
            return cls(consent=consent, reopened=reopened, stop=stop)
        return cls(
            consent=consent,
            consented=stored.consented,
            unit=stored.unit,
            relation=stored.relation,
            answers=dict(stored.answers),
            desired_rung=stored.desired_rung,
            finished=stored.finished,
            reopened=reopened,
            stop=stop,
        )


class RelativesFlow:
    """Decides what the relatives' scan asks next; knows nothing of Rasa or the database."""

    def __init__(self, scan: RelativesScan) -> None:
        self.scan = scan
        self.order = tuple(item.id for item in scan.items)

    def is_finished(self, state: RelativesState) -> bool:
        """True when nothing more is asked: finished, declined, or stopped early."""
        return state.finished or state.consent is False or state.stop is not None

    def remaining(self, state: RelativesState) -> list[Kind]:
        """The steps still open, in order (the form validates these and asks the first unanswered).

        Before consent is stored every step is open: nothing is stored until the relative consented
        and named a registered unit, so the consent step stays open until then. After that a step
        is open while its answer is not stored; the remark is the last step and ends the scan.
        """
        if self.is_finished(state):
            return []
        if not state.consented:
            return list(STEPS)
        open_steps = {
            Kind.UNIT: state.unit is None,
            Kind.RELATION: state.relation is None,
            Kind.STATEMENT: self.statement(state) is not None,
            Kind.DESIRED_RUNG: state.desired_rung is None,
            Kind.REMARK: True,
        }
        return [kind for kind in STEPS if open_steps.get(kind, False)]

    def next_step(self, state: RelativesState) -> Optional[Step]:
        """The question the relative answers now, or None at the end."""
        answered = {
            Kind.CONSENT: state.consent is True or state.consented,
            Kind.UNIT: state.consented and state.unit is not None,
            Kind.RELATION: state.relation is not None,
            Kind.STATEMENT: self.statement(state) is None,
            Kind.DESIRED_RUNG: state.desired_rung is not None,
            Kind.REMARK: state.finished,
        }
        for kind in self.remaining(state):
            if not answered[kind]:
                return self.statement(state) if kind is Kind.STATEMENT else Step(kind)
        return None

    def statement(self, state: RelativesState) -> Optional[Step]:
        """The statement asked now: the reopened one, otherwise the first without an answer."""
        if state.reopened in self.order:
            return statement_step(self.order, self.order.index(state.reopened))
        index = first_open(self.order, state.answers)
        return None if index is None else statement_step(self.order, index)

    def item(self, step: Step) -> ScanItem:
        """The statement a statement step asks."""
        return self.scan.items[step.number - 1]

    def back(self, state: RelativesState) -> Optional[RelativesState]:
        """Going back ("vorige"): the answered statement before the current one reopened, or None at the first."""
        current = self.statement(replace(state, reopened=None))
        before = self.order[: current.number - 1] if current else self.order
        answered = [item for item in before if item in state.answers]
        return replace(state, reopened=answered[-1]) if answered else None

    def answer(self, state: RelativesState, item: str, value: Optional[int]) -> RelativesState:
        """The state after answering statement `item` (None: "weet ik niet"); a new answer replaces the old."""
        return replace(state, answers={**state.answers, item: value}, reopened=None)

    def resumes(self, state: RelativesState) -> bool:
        """True when the scan continues after a break: statements were answered before."""
        return bool(state.answers) and not self.is_finished(state)
