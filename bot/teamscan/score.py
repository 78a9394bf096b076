"""The group score of a round: mean and spread per statement and per part, and per rung of the ladder.

Who may see what is decided here and in the repository: the team's figures exist only for a
closed round (bot/storage/teamscan.py gives an open round an empty score), a part needs at least
`minimum` people with an answer in it, and a mean appears only where every count it rests on
would be shown under the small-cell rule (`bot.figures.mean_rests_on_shown_counts`), so no hidden count of 1
to 4 people can be worked out from a mean and its spread.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from math import sqrt
from typing import Any, Optional

from bot.config import MINIMUM_GROUP
from bot.content import StaffScan
from bot.figures import mean_rests_on_shown_counts, one_decimal

Tally = Mapping[Optional[int], int]  # answer value (None: weet ik niet) -> number of people


def dutch_number(value: float) -> str:
    """One decimal with a comma, the Dutch way (3,2)."""
    return f"{value:.1f}".replace(".", ",")


VALUES: tuple[Optional[int], ...] = (1, 2, 3, 4, None)


def _counts(tally: Tally) -> list[int]:
    return [int(tally.get(value, 0)) for value in VALUES]


def entry_part_people(scan: StaffScan, answers: Mapping[str, Tally]) -> dict[str, int]:
    """How many people of one entry (a person, or a group's cards) answered each part other than 'weet ik niet'.

    A person counts once in a part where they gave any value. For a group's cards the people
    behind the cards are not known per statement, so the part counts the most cards with a value
    held up for any one of its statements: never more people than really answered.
    """
    people: dict[str, int] = {}
    for part in scan.parts:
        valued = [
            sum(count for value, count in answers.get(item.id, {}).items() if value is not None)
            for item in scan.items
            if item.part == part.key
        ]
        people[part.key] = max(valued, default=0)
    return people


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
    people: int  # people with an answer other than 'weet ik niet' in this part
    mean: Optional[float]
    spread: Optional[float]


@dataclass(frozen=True)
class GroupScore:
    """The group score of one round; empty (items, parts) while the round is open or fewer than `minimum` took part.

    An open round's score is empty without a member count: how many finished is a figure too.
    """

    members: int
    minimum: int
    items: tuple[ItemScore, ...] = ()
    parts: tuple[PartScore, ...] = ()
    divided: tuple[ItemScore, ...] = ()
    open: bool = False

    @property
    def enough(self) -> bool:
        return not self.open and self.members >= self.minimum

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
    scan: StaffScan,
    tallies: Mapping[str, Tally],
    members: int,
    part_people: Mapping[str, int],
    minimum: int = MINIMUM_GROUP,
    max_divided: int = 3,
    check_counts: bool = True,
) -> GroupScore:
    """Mean and spread per statement and per part, once `minimum` members took part.

    A statement's mean needs `minimum` answers other than 'weet ik niet'; a part's mean (pooled
    over its statements) needs `minimum` people with such an answer in that part (`part_people`),
    not just `minimum` answers. With `check_counts` (the team's figures) a mean also needs every
    count it rests on to be 0 or at least `minimum`; a group session seeing the cards it held up
    itself needs no such check. The most divided statements are those with a spread from the
    first "not agreed" level up.
    """
    if members < minimum:
        return GroupScore(members=members, minimum=minimum)

    def shown(n: int, tally: Tally, value: Optional[float]) -> Optional[float]:
        safe = not check_counts or mean_rests_on_shown_counts(_counts(tally), minimum=minimum)
        return one_decimal(value) if value is not None and n >= minimum and safe else None

    items = []
    for number, item in enumerate(scan.items, start=1):
        tally = tallies.get(item.id, {})
        n, mean, spread = _mean_and_spread(tally)
        items.append(
            ItemScore(
                item.id, number, item.part, item.rung, item.text, n, shown(n, tally, mean), shown(n, tally, spread)
            )
        )
    parts = []
    for part in scan.parts:
        pooled = _pooled([tallies.get(i.id, {}) for i in scan.items if i.part == part.key])
        n, mean, spread = _mean_and_spread(pooled)
        people = int(part_people.get(part.key, 0))
        enough_people = people >= minimum
        parts.append(
            PartScore(
                part.key,
                part.name,
                n,
                people,
                shown(n, pooled, mean) if enough_people else None,
                shown(n, pooled, spread) if enough_people else None,
            )
        )
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
