"""The group score of a round: mean and spread per statement and per part, and per rung of the ladder."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from math import sqrt
from typing import Any, Optional

from bot.config import MINIMUM_GROUP
from bot.content import StaffScan
from bot.figures import one_decimal

Tally = Mapping[Optional[int], int]  # answer value (None: weet ik niet) -> number of people


def dutch_number(value: float) -> str:
    """One decimal with a comma, the Dutch way (3,2)."""
    return f"{value:.1f}".replace(".", ",")


def _mean_and_spread(tally: Tally) -> tuple[int, Optional[float], Optional[float]]:
    """(answers other than 'weet ik niet', mean, standard deviation) of a tally."""
    pairs = [(value, count) for value, count in tally.items() if value is not None and count > 0]
    n = sum(count for _, count in pairs)
    if n == 0:
        return 0, None, None
    mean = sum(value * count for value, count in pairs) / n
    variance = sum(count * (value - mean) ** 2 for value, count in pairs) / n
    return n, mean, sqrt(variance)


@dataclass(frozen=True)
class ItemScore:
    id: str
    number: int  # position on the paper form: Doen first
    part: str
    rung: Optional[int]
    text: str
    answered: int
    mean: Optional[float]  # one decimal; None below MINIMUM_GROUP answers
    spread: Optional[float]


@dataclass(frozen=True)
class PartScore:
    key: str
    name: str
    answered: int
    mean: Optional[float]
    spread: Optional[float]


@dataclass(frozen=True)
class GroupScore:
    """The group score of one round; empty (items, parts) while fewer than `minimum` took part."""

    members: int
    minimum: int
    items: tuple[ItemScore, ...] = ()
    parts: tuple[PartScore, ...] = ()
    divided: tuple[ItemScore, ...] = ()

    @property
    def enough(self) -> bool:
        return self.members >= self.minimum

    @property
    def needed(self) -> int:
        return max(self.minimum - self.members, 0)

    def item(self, item_id: str) -> Optional[ItemScore]:
        return next((i for i in self.items if i.id == item_id), None)

    def part(self, key: str) -> Optional[PartScore]:
        return next((p for p in self.parts if p.key == key), None)


def _pooled(tallies: Sequence[Tally]) -> dict[Optional[int], int]:
    pooled: dict[Optional[int], int] = {}
    for tally in tallies:
        for value, count in tally.items():
            pooled[value] = pooled.get(value, 0) + count
    return pooled


def group_score(
    scan: StaffScan, tallies: Mapping[str, Tally], members: int, minimum: int = MINIMUM_GROUP, max_divided: int = 3
) -> GroupScore:
    """Mean and spread per statement and per part, once `minimum` members took part.

    A mean needs `minimum` answers other than 'weet ik niet' (per statement, or pooled per part).
    The most divided statements are those with a spread from the first "not agreed" level up.
    """
    if members < minimum:
        return GroupScore(members=members, minimum=minimum)

    def shown(n: int, value: Optional[float]) -> Optional[float]:
        return one_decimal(value) if value is not None and n >= minimum else None

    items = []
    for number, item in enumerate(scan.items, start=1):
        n, mean, spread = _mean_and_spread(tallies.get(item.id, {}))
        items.append(ItemScore(item.id, number, item.part, item.rung, item.text, n, shown(n, mean), shown(n, spread)))
    parts = []
    for part in scan.parts:
        n, mean, spread = _mean_and_spread(_pooled([tallies.get(i.id, {}) for i in scan.items if i.part == part.key]))
        parts.append(PartScore(part.key, part.name, n, shown(n, mean), shown(n, spread)))
    divided_from = scan.agreement[0][0]
    divided = sorted(
        (i for i in items if i.spread is not None and i.spread >= divided_from),
        key=lambda i: (-(i.spread or 0), i.number),
    )[:max_divided]
    return GroupScore(members, minimum, tuple(items), tuple(parts), tuple(divided))


def rung_means(score: GroupScore) -> dict[int, float]:
    """The team's mean per rung: the mean of its Doen statements' means (those shown)."""
    by_rung: dict[int, list[float]] = {}
    for item in score.items:
        if item.part == "doen" and item.rung is not None and item.mean is not None:
            by_rung.setdefault(item.rung, []).append(item.mean)
    return {rung: one_decimal(sum(values) / len(values)) for rung, values in by_rung.items()}


def relatives_rung_means(figures: Optional[Mapping[str, Any]]) -> dict[int, float]:
    """The relatives' mean per rung from released figures: the mean of the statement means shown.

    A statement mean is in a release only when at least MINIMUM_GROUP relatives answered it.
    """
    by_rung: dict[int, list[float]] = {}
    for item in (figures or {}).get("items", []):
        if item.get("mean") is not None:
            by_rung.setdefault(int(item["rung"]), []).append(float(item["mean"]))
    return {rung: one_decimal(sum(values) / len(values)) for rung, values in by_rung.items()}
