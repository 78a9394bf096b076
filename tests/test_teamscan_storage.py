"""Storage of the staff quick scan on SQLite and PostgreSQL, the dashboard actions and the CLI."""

from __future__ import annotations

import csv
import io
import re

import pytest

from bot.content import staff_scan
from bot.storage.activities import ActivityRepository
from bot.storage.teamscan import TeamScanRepository, close_code, looks_like_close_code, looks_like_round_code
from bot.storage.tokens import TeamTokens
from bot.storage.units import UnitRegistry
from bot.web import site, teamscan_pages
from bot.web.teamscan_view import StaffView, build_staff_view
from tests.cli import run_cli, run_cli_status

SCAN = staff_scan()


@pytest.fixture
def database(database: str) -> str:
    """The shared migrated database (SQLite and PostgreSQL) with unit B2 registered."""
    UnitRegistry(database).add("B2", "De Linde")
    return database


def answer_all(repository: TeamScanRepository, round_id: int, sender: str, value: int) -> None:
    repository.start_member(round_id, sender, "alone", "doen")
    for item in SCAN.items:
        assert repository.save_answer(round_id, sender, "alone", item.id, {value: 1}, SCAN)


def test_rounds_are_numbered_per_unit_and_only_for_registered_units(database: str) -> None:
    repository = TeamScanRepository(database)
    first, already = repository.open_round("b2")
    assert (first.label, already, looks_like_round_code(first.code)) == ("T0", False, True)
    again, already = repository.open_round("B2")
    assert again.id == first.id and already
    closed = repository.close_round("B2")
    assert closed is not None and not closed.open and repository.close_round("B2") is None
    second, _ = repository.open_round("B2")
    assert second.label == "T1" and second.code != first.code
    found = repository.round_by_code(f" {second.code.lower()[:3]}-{second.code[3:]} ")
    assert found is not None and found.id == second.id
    with pytest.raises(ValueError):
        repository.open_round("ZZ9")


def test_one_answer_set_per_person_changeable_until_the_round_closes(database: str) -> None:
    repository = TeamScanRepository(database)
    round_, _ = repository.open_round("B2")
    answer_all(repository, round_.id, "carer-1", 2)
    answer_all(repository, round_.id, "carer-1", 4)  # the same person again: replaced, not added
    members, tallies = repository.tallies(round_.id)
    assert members == 1 and tallies[SCAN.items[0].id] == {4: 1}
    repository.start_member(round_.id, "carer-2", "alone", "wwkm")
    for item in SCAN.items[:11]:
        repository.save_answer(round_.id, "carer-2", "alone", item.id, {3: 1}, SCAN)
    assert repository.tallies(round_.id)[0] == 1  # eleven of twelve: not counted yet
    repository.close_round("B2")
    assert not repository.save_answer(round_.id, "carer-1", "alone", SCAN.items[0].id, {1: 1}, SCAN)
    assert not repository.start_member(round_.id, "carer-3", "alone", "doen")
    assert repository.tallies(round_.id)[1][SCAN.items[0].id] == {4: 1}


def test_a_group_counts_as_that_many_members(database: str) -> None:
    repository = TeamScanRepository(database)
    round_, _ = repository.open_round("B2")
    repository.start_member(round_.id, "scribe", "group", "doen", size=6)
    for item in SCAN.items:
        repository.save_answer(round_.id, "scribe", "group", item.id, {2: 1, 3: 3, 4: 2}, SCAN)
    assert repository.tallies(round_.id)[0] == 6
    # the group sees the score of its own cards at once, every mean included (they saw the cards)
    own = repository.group_entry_score(round_.id, "scribe", SCAN)
    assert own is not None and own.members == 6 and own.enough and own.items[0].mean == 3.2
    assert repository.group_entry_score(round_.id, "someone-else", SCAN) is None
    # the team's figures wait for the round to close
    assert repository.score(round_.id, SCAN).items == () and not repository.score(round_.id, SCAN).enough
    # the same scribe with a group of another size starts over
    repository.start_member(round_.id, "scribe", "group", "doen", size=5)
    assert repository.tallies(round_.id)[0] == 0 and repository.group_entry_score(round_.id, "scribe", SCAN) is None


def staff_figures(database: str, cookie: str, tokens: TeamTokens) -> tuple[str, StaffView]:
    """The dashboard page and the staff view as the team sees them."""
    page = site.team_page(cookie, tokens=tokens, url=database)
    assert page.status == 200
    return page.body, build_staff_view("B2", None, database)


def test_the_sixth_colleague_cannot_be_subtracted(database: str) -> None:
    """The attack: render at five members, add a sixth with known answers, render again."""
    repository = TeamScanRepository(database)
    tokens = TeamTokens(database)
    cookie = site.team_login(tokens.create("B2", label="teamleider"), tokens=tokens).cookies[site.TEAM_COOKIE].value
    round_, _ = repository.open_round("B2")
    for n in range(5):
        answer_all(repository, round_.id, f"carer-{n}", 3)
    five, _ = staff_figures(database, cookie, tokens)
    # the sixth: 1 on Doen, 4 on the rest, known to whoever compares
    repository.start_member(round_.id, "victim", "alone", "doen")
    for item in SCAN.items:
        repository.save_answer(round_.id, "victim", "alone", item.id, {1 if item.part == "doen" else 4: 1}, SCAN)
    six, view = staff_figures(database, cookie, tokens)
    # the open round shows no figures and no count: both pages show the same cells
    cells = re.compile(r'<table class="data" id="rounds-table">.*?</table>', re.S)
    assert cells.search(five).group(0) == cells.search(six).group(0)  # type: ignore[union-attr]
    assert "nog open" in six and "3,0" not in six and 'members-T0">6' not in six
    score = view.rounds[0].score
    assert score.open and score.items == () and score.parts == () and view.latest is None
    assert view.mirror.rows and all(row.team is None for row in view.mirror.rows)
    assert view.proposals == [] and view.chart()["rounds"][0]["means"] == [None] * 5
    # after closing: every part figure rests on at least five people, no mean on a count of 1 to 4
    repository.close_round("B2")
    closed = repository.score(round_.id, SCAN)
    people = repository.part_people(round_.id, SCAN)
    assert closed.members == 6 and people == {"doen": 6, "weten": 6, "willen": 6, "kunnen": 6, "mogen": 6}
    for part in closed.parts:
        assert part.mean is None or part.people >= 5
    # every statement: five 3s and one 1 (Doen) or one 4 (the rest); the sixth's answer is a count of one
    assert all(item.mean is None and item.spread is None for item in closed.items)
    # each part pools its statements: Doen 6 ones and 30 threes (shown, six people); one-statement parts not
    assert closed.part("doen").mean == 2.7 and closed.part("weten").mean is None  # type: ignore[union-attr]
    page, _ = staff_figures(database, cookie, tokens)
    assert 'data-testid="members-T0">6<' in page


def test_a_part_mean_needs_five_people_not_five_answers(database: str) -> None:
    repository = TeamScanRepository(database)
    round_, _ = repository.open_round("B2")
    for n in range(4):  # four colleagues who do not know about Doen
        repository.start_member(round_.id, f"carer-{n}", "alone", "doen")
        for item in SCAN.items:
            repository.save_answer(round_.id, f"carer-{n}", "alone", item.id, {None if item.part == "doen" else 3: 1})
    answer_all(repository, round_.id, "only-one-on-doen", 2)
    repository.close_round("B2")
    score = repository.score(round_.id, SCAN)
    doen = score.part("doen")
    assert score.enough and doen is not None and doen.answered == 6 and doen.people == 1 and doen.mean is None
    assert all(item.mean is None for item in score.items if item.part == "doen")


def test_the_team_lead_closes_with_the_close_code_only(database: str) -> None:
    repository = TeamScanRepository(database)
    round_, _ = repository.open_round("B2")
    code = close_code(round_)
    assert looks_like_close_code(code) and not looks_like_round_code(code) and code != round_.code
    assert repository.close_by_code(round_.code) is None and repository.close_by_code("ABCDEFGH") is None
    assert repository.round_by_id(round_.id).open  # type: ignore[union-attr]
    closed = repository.close_by_code(f" {code[:4].lower()} {code[4:]} ")
    assert closed is not None and closed.id == round_.id and not closed.open
    assert repository.close_by_code(code) is None  # used up: the round is closed


def test_activities_and_the_same_csv_on_the_dashboard_and_the_command_line(database: str) -> None:
    tokens = TeamTokens(database)
    login = site.team_login(tokens.create("B2", label="teamleider"), tokens=tokens)
    cookie = login.cookies[site.TEAM_COOKIE].value
    form = {
        "what": "=Kennismakingsgesprek plannen",
        "responsible": "Ans",
        "participants": "EVV'ers",
        "effect": "Naasten voelen zich welkom",
        "needed": "Een half uur per bewoner",
        "measure": "Tellen hoe vaak",
        "done_by": "2027-03-01",
        "route_step": "5",
        "status": "gepland",
        "task_key": "warm_welkom",
    }

    def add(fields: dict[str, str], who: str | None = cookie) -> int:
        return teamscan_pages.team_activity_add(who, fields, tokens=tokens, url=database).status

    assert add(form) == 303
    assert add({**form, "done_by": "1-3"}) == 400 and add({**form, "what": " "}) == 400
    assert add({**form, "task_key": "onbekend"}) == 400 and add({**form, "route_step": "8"}) == 400
    assert teamscan_pages.team_activity_status(cookie, "1", "bezig", tokens=tokens, url=database).status == 303
    assert teamscan_pages.team_activity_status(cookie, "1", "half", tokens=tokens, url=database).status == 400
    assert teamscan_pages.team_activity_status(cookie, "7", "klaar", tokens=tokens, url=database).status == 404
    assert add(form, None) == 401
    [activity] = ActivityRepository(database).activities("B2")
    assert activity.status == "bezig" and activity.items == ("doen_kennismaken", "doen_hoe_gaat_het")
    download = teamscan_pages.team_actions_csv(cookie, tokens=tokens, url=database)
    assert download.status == 200 and download.body == run_cli(database, "actions", "export", "--unit", "B2")
    [row] = list(csv.DictReader(io.StringIO(download.body)))
    assert row["activiteit"] == "'=Kennismakingsgesprek plannen" and row["status"] == "Bezig"
    assert row["datum_gereed"] == "2027-03-01" and row["veranderopgave"] == "Een warm welkom in de eerste zes weken"
    assert {"activity_add", "activity_status", "actions_csv"} <= {e.what for e in tokens.access_log("B2")}


def test_before_and_after_of_a_finished_activity(database: str) -> None:
    repository = TeamScanRepository(database)
    t0, _ = repository.open_round("B2")
    for n in range(5):
        answer_all(repository, t0.id, f"carer-{n}", 2)
    repository.close_round("B2")
    activity = ActivityRepository(database).add_activity(
        "B2", {"what": "Welkom", "task_key": "warm_welkom", "items": ["doen_kennismaken"], "status": "klaar"}
    )
    assert activity.baseline_round == 0
    view = build_staff_view("B2", None, database)
    assert view.activities[0].before_after is None  # no later round yet
    t1, _ = repository.open_round("B2")
    for n in range(6):
        answer_all(repository, t1.id, f"carer-{n}", 4)
    assert build_staff_view("B2", None, database).activities[0].before_after is None  # T1 still open
    repository.close_round("B2")
    view = build_staff_view("B2", None, database)
    before_after = view.activities[0].before_after
    assert before_after is not None and (before_after.before, before_after.after) == ("T0", "T1")
    assert [(r["number"], r["before"], r["after"]) for r in before_after.rows] == [(2, 2.0, 4.0)]
    assert view.chart()["rounds"] == [{"label": "T0", "means": [2.0] * 5}, {"label": "T1", "means": [4.0] * 5}]


def test_teamscan_commands(database: str) -> None:
    code = run_cli(database, "teamscan", "open", "--unit", "B2").strip()
    assert looks_like_round_code(code)
    listing = run_cli(database, "teamscan", "list", "--unit", "B2")
    assert f"T0\t{code}" in listing and listing.splitlines()[1].endswith("\t")  # no count while open
    run_cli(database, "teamscan", "close", "--unit", "B2")
    assert run_cli_status(database, "teamscan", "close", "--unit", "B2").returncode == 1
    assert run_cli_status(database, "teamscan", "open", "--unit", "QQ1").returncode == 1
