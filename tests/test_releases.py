"""Releases: figures only from finished scans, frozen in batches of at least five, small cells hidden."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from bot.config import MINIMUM_GROUP
from bot.content import content
from bot.figures import RespondentData, compute_figures, hide_small, one_decimal
from bot.scan import MAX_REMARK_CHARS, parse_remark, remark_too_long
from bot.storage.db import session_scope
from bot.storage.models import ReleasedRemark, Respondent
from bot.storage.releases import ReleaseRepository
from bot.storage.repository import ScanRepository
from tests.browser.seed import answers_for, seed_respondents

SCAN = content().relatives_scan


def start_unfinished(url: str, unit: str, count: int) -> None:
    """Relatives who consent and answer a few statements, but never finish."""
    repository = ScanRepository(url)
    for index in range(count):
        sender = f"unfinished-{unit}-{index}"
        repository.give_consent(sender)
        repository.set_context(sender, relation="kind", unit=unit)
        for item in SCAN.items[:3]:
            repository.save_answer(sender, item.id, item.rung, 4)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([5, 6, 7], [5, 6, 7]),
        ([0, 0, 9], [None, None, 9]),  # hidden cells hold no one: nothing to work out
        ([1, 5, 6], [None, None, 6]),  # one small cell would follow from the total: the next smallest goes too
        ([2, 2, 6, 7], [None, None, None, 7]),  # 2 + 2 is still below five
        ([3, 3, 5], [None, None, 5]),  # 3 + 3 is six: enough
        ([4, 9], [None, None]),
        ([], []),
    ],
)
def test_small_cells_are_hidden_also_from_the_total(counts: list[int], expected: list[object]) -> None:
    assert hide_small(counts) == expected


def test_always_hidden_cells_count_as_hidden() -> None:
    assert hide_small([6, 7, 1], always_hidden=[2]) == [None, 7, None]
    assert hide_small([6, 7, 0], always_hidden=[2]) == [6, 7, None]


@pytest.mark.parametrize(("value", "expected"), [(3.25, 3.3), (3.24, 3.2), (2.05, 2.1), (4.0, 4.0)])
def test_means_have_one_decimal_rounded_half_up(value: float, expected: float) -> None:
    assert one_decimal(value) == expected


def test_every_count_in_the_figures_is_at_least_five_or_hidden() -> None:
    relatives = [
        RespondentData(
            relation="kind" if i < 6 else "partner",
            desired=3 if i < 5 else 5,
            answers=answers_for(1 + i % 5),
            finished=True,
        )
        for i in range(8)
    ] + [RespondentData(relation="kind", desired=None, answers={SCAN.items[0].id: 4}, finished=False)]
    figures = compute_figures(content(), relatives, invited=20)
    assert figures["respondents"] == 8
    cells = [r["current"] for r in figures["rungs"]] + [r["desired"] for r in figures["rungs"]]
    cells += [r["count"] for r in figures["relations"]]
    cells += [c for item in figures["items"] for c in item["counts"].values()]
    cells += [figures["no_rung_yet"], figures["too_few"], figures["no_desired"]]
    assert all(c is None or c >= MINIMUM_GROUP for c in cells)
    assert any(c is not None for c in cells) and any(c is None for c in cells)
    # the response counts only the finished (8), never who started (9): as the consent says
    assert figures["response"] == {"invited": 20, "finished": 8, "rate": 40}
    assert "funnel" not in figures
    assert json.loads(json.dumps(figures)) == figures
    for item in figures["items"]:
        if item["mean"] is not None:
            assert item["mean"] == one_decimal(item["mean"])


def test_four_unfinished_and_one_finished_release_nothing(database: str) -> None:
    start_unfinished(database, "B2", 4)
    seed_respondents(database, "B2", [3], [4])
    releases = ReleaseRepository(database)
    assert releases.current("B2") is None
    assert releases.waiting("B2") == 1


def test_releases_come_in_batches_of_five(database: str) -> None:
    releases = ReleaseRepository(database)
    seed_respondents(database, "B2", [1, 2, 3, 4], [2, 3, 4, 5], ["Fijn team, mevrouw Jansen op kamer 12!"])
    assert releases.current("B2") is None and releases.waiting("B2") == 4
    seed_respondents(database, "B2", [5], [5], prefix="fifth")
    first = releases.current("B2")
    assert first is not None and first.number == 1 and first.respondents == 5
    assert releases.waiting("B2") == 0
    assert first.remarks == ("Fijn team, mevrouw [naam] op kamer [nummer]!",)
    # four more: still the same release
    seed_respondents(database, "B2", [2, 2, 2, 2], [3, 3, 3, 3], prefix="later")
    assert releases.current("B2") == first and releases.waiting("B2") == 4
    # the tenth makes release 2 with all ten
    seed_respondents(database, "B2", [4], [4], prefix="tenth")
    second = releases.current("B2")
    assert second is not None and second.number == 2 and second.respondents == 10
    assert second.figures != first.figures
    # another unit is untouched
    assert releases.current("C3") is None


def test_remarks_are_released_shuffled_and_erased_with_their_author(database: str) -> None:
    remarks = [f"opmerking {i}" for i in range(5)]
    seed_respondents(database, "B2", [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], remarks)
    release = ReleaseRepository(database).current("B2")
    assert release is not None and sorted(release.remarks) == remarks
    with session_scope(database) as session:
        positions = session.execute(select(ReleasedRemark.position)).scalars().all()
        assert sorted(positions) == [0, 1, 2, 3, 4]
        author = session.execute(select(Respondent.id).where(Respondent.remark == "opmerking 2")).scalar_one()
        # erasing the respondent row: the database cascade removes the released remark too
        session.execute(Respondent.__table__.delete().where(Respondent.id == author))
    after = ReleaseRepository(database).current("B2")
    assert after is not None and sorted(after.remarks) == [r for r in remarks if r != "opmerking 2"]
    with session_scope(database) as session:
        assert session.execute(select(func.count(ReleasedRemark.id))).scalar() == 4


def test_unit_without_code_never_releases(database: str) -> None:
    assert ReleaseRepository(database).release_due(None) == []


def test_a_finished_scan_makes_no_release_only_the_daily_job_does(database: str) -> None:
    repository = ScanRepository(database)
    for index in range(MINIMUM_GROUP):
        sender = f"direct-{index}"
        repository.give_consent(sender, unit="B2")
        repository.save_desired_rung(sender, 3)
        repository.finish(sender, None)
    releases = ReleaseRepository(database)
    assert releases.current("B2") is None and releases.waiting("B2") == MINIMUM_GROUP
    assert releases.release_all_due() == {"B2": [1]}
    assert releases.current("B2") is not None and releases.release_due("B2") == []


def test_long_remarks_keep_their_first_thousand_characters(database: str) -> None:
    text = "Goed. " * 400
    assert remark_too_long(text) and not remark_too_long("kort")
    kept = parse_remark(text)
    assert kept is not None and len(kept) <= MAX_REMARK_CHARS and text.startswith(kept)
    assert str(MAX_REMARK_CHARS) in SCAN.remark_shortened
    # the repository never stores more either
    repository = ScanRepository(database)
    repository.give_consent("long")
    repository.set_context("long", relation="kind", unit="B2")
    repository.finish("long", "x" * 5000)
    with session_scope(database) as session:
        stored = session.execute(select(Respondent.remark)).scalar_one()
    assert stored == "x" * MAX_REMARK_CHARS


def test_no_rung_yet_and_too_few_answers_are_counted_apart() -> None:
    items = content().relatives_scan.items
    never = {item.id: 1 for item in items}
    dont_know = {item.id: None for item in items}
    relatives = [RespondentData(relation="kind", desired=3, answers=never, finished=True) for _ in range(5)]
    relatives += [RespondentData(relation="kind", desired=3, answers=dont_know, finished=True) for _ in range(5)]
    figures = compute_figures(content(), relatives)
    assert figures["no_rung_yet"] == 5 and figures["too_few"] == 5
    assert all(r["current"] is None for r in figures["rungs"])
