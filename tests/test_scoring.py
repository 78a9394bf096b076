"""The scoring rule and the advice table (no Rasa, no model)."""

from __future__ import annotations

from typing import Optional

import pytest

from bot.content import RUNGS, load_advice, load_ladder, load_relatives_scan
from bot.scoring import current_rung, rung_means, strengths

SCAN = load_relatives_scan()


def answers_per_rung(**by_rung: list[Optional[int]]) -> dict[str, Optional[int]]:
    """Answers given per rung, e.g. r1=[4, 4, 3]; rungs not named get all 'weet ik niet'."""
    answers: dict[str, Optional[int]] = {}
    for rung in RUNGS:
        values = by_rung.get(f"r{rung}")
        items = [item for item in SCAN.items if item.rung == rung]
        for index, item in enumerate(items):
            answers[item.id] = None if values is None else values[index % len(values)]
    return answers


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ({"r1": [4], "r2": [4], "r3": [4], "r4": [4], "r5": [4]}, 5),
        ({"r1": [1], "r2": [1], "r3": [1], "r4": [1], "r5": [1]}, 1),
        ({"r1": [3], "r2": [3], "r3": [2], "r4": [4], "r5": [4]}, 2),
        ({"r1": [4], "r2": [2, 3, 3], "r3": [1], "r4": [1], "r5": [1]}, 2),
        ({"r1": [2, 3, 3], "r2": [2], "r3": [4], "r4": [4], "r5": [4]}, 1),
        ({"r1": [4], "r2": [3], "r3": [3], "r4": [2], "r5": [1]}, 3),
        ({"r1": [4], "r3": [3], "r4": [1]}, 3),
        ({"r1": [3], "r2": [3], "r3": [3], "r4": [3], "r5": [2]}, 4),
        ({"r5": [4]}, 5),
    ],
    ids=["all-yes", "all-no", "gap-at-3", "mixed-r2", "weak-base", "falling", "dk-rungs-skipped",
         "up-to-4", "only-r5"],
)
def test_current_rung(pattern: dict, expected: int) -> None:
    assert current_rung(SCAN, answers_per_rung(**pattern)) == expected


def test_all_dont_know_has_no_rung() -> None:
    answers = answers_per_rung()
    assert all(value is None for value in answers.values())
    assert current_rung(SCAN, answers) is None
    assert all(mean is None for mean in rung_means(SCAN, answers).values())


def test_partial_answers_count_only_what_was_answered() -> None:
    first = SCAN.items[0]
    assert current_rung(SCAN, {first.id: 4}) == 1
    assert rung_means(SCAN, {first.id: 4})[first.rung] == 4


def test_strengths_are_the_good_answers_highest_rung_first() -> None:
    answers = answers_per_rung(r1=[4], r2=[1], r3=[3], r4=[1], r5=[1])
    good = strengths(SCAN, answers)
    r3_summaries = {item.summary for item in SCAN.items if item.rung == 3}
    assert len(good) == 3 and set(good) == r3_summaries
    assert strengths(SCAN, answers_per_rung(r1=[1], r2=[1], r3=[1], r4=[1], r5=[1])) == []


def test_advice_for_every_pair_is_present_and_distinct() -> None:
    advice = load_advice()
    assert set(advice) == {(c, d) for c in RUNGS for d in RUNGS}
    texts = [a.relative for a in advice.values()] + [a.ask_team for a in advice.values()]
    assert len(set(texts)) == len(texts)


def test_ladder_has_five_named_rungs() -> None:
    ladder = load_ladder()
    assert [r.number for r in ladder] == [1, 2, 3, 4, 5]
    assert len({r.name for r in ladder}) == 5
