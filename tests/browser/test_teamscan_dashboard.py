"""The dashboard's staff quick scan in headless chromium: two rounds, the mirror and the action list."""

from __future__ import annotations

from typing import Any

import pytest

from bot.content import staff_scan
from bot.storage.activities import ActivityRepository
from bot.storage.teamscan import TeamScanRepository
from bot.storage.tokens import TeamTokens
from bot.storage.units import UnitRegistry
from tests.browser.conftest import DESKTOP, Pages, screenshot
from tests.browser.seed import seed_respondents
from tests.browser.test_dashboard import log_in
from tests.servers import Assistant

SCAN = staff_scan()
UNIT = "SPIEGEL"


def answer_round(repository: TeamScanRepository, round_id: int, people: int, doen: int, rest: int) -> None:
    for person in range(people):
        sender = f"browser-staff-{round_id}-{person}"
        repository.start_member(round_id, sender, "alone", "doen")
        for item in SCAN.items:
            repository.save_answer(round_id, sender, "alone", item.id, {doen if item.part == "doen" else rest: 1})


@pytest.fixture(scope="module")
def token(web: Assistant) -> str:
    UnitRegistry(web.database_url).add(UNIT, "De Spiegel")
    # six relatives who all stand on rung 1 or 2: they experience little of rungs 3 to 5
    seed_respondents(web.database_url, UNIT, [1, 1, 2, 2, 2, 1], [3, 3, 3, 4, 4, 3], prefix="spiegel")
    repository = TeamScanRepository(web.database_url)
    t0, _ = repository.open_round(UNIT)
    answer_round(repository, t0.id, 6, doen=4, rest=2)  # the team rates its own Doen high
    repository.close_round(UNIT)
    ActivityRepository(web.database_url).add_activity(
        UNIT,
        {
            "what": "Ladder bespreken in het teamoverleg",
            "responsible": "Ans",
            "task_key": "ladder_bespreken",
            "items": ["weten_manieren"],
            "status": "klaar",
            "route_step": 3,
        },
    )
    t1, _ = repository.open_round(UNIT)
    answer_round(repository, t1.id, 5, doen=3, rest=3)
    repository.close_round(UNIT)
    t2, _ = repository.open_round(UNIT)  # open: no figures, not even a count, until it closes
    answer_round(repository, t2.id, 6, doen=1, rest=1)
    return TeamTokens(web.database_url).create(UNIT, label="browser")


def chart_sets(page: Any) -> Any:
    return page.evaluate(
        """() => {
            const chart = window.Chart.getChart(document.getElementById('rounds-chart'));
            return chart && {labels: chart.data.datasets.map(d => d.label), sets: chart.data.datasets.map(d => d.data),
                             width: chart.chartArea.width};
        }"""
    )


def test_two_rounds_the_mirror_and_the_action_list(pages: Pages, web: Assistant, token: str) -> None:
    page = pages.new(viewport=DESKTOP)
    log_in(page, web, token)
    page.locator("#rounds-chart").wait_for()
    drawn = chart_sets(page)
    assert drawn["labels"] == ["T0", "T1", "T2"] and drawn["width"] > 100
    assert drawn["sets"] == [[4, 2, 2, 2, 2], [3, 3, 3, 3, 3], [None] * 5]
    header = page.locator("#rounds-table thead th").all_inner_texts()
    assert header[1:] == ["T0", "T1", "T2 (open)"]
    assert page.get_by_test_id("members-T0").inner_text() == "6"
    assert page.get_by_test_id("members-T1").inner_text() == "5"
    assert page.get_by_test_id("members-T2").inner_text() == "nog open"
    assert "1,0" not in page.locator("#rounds-table").inner_text()
    assert len(page.get_by_test_id("close-code").inner_text()) == 8

    # the mirror: the team's T1 Doen (3,0) against what relatives experience, the largest gap named first
    mirror = page.locator("#mirror-first")
    assert "Eerste gesprekspunt: trede" in mirror.inner_text()
    assert page.locator("#mirror-table tbody tr").count() == 5
    assert page.locator("#mirror-table tr.mirror-gap").count() >= 1

    # proposals and the finished activity with its before and after (Weten 2,0 -> 3,0)
    assert 2 <= page.locator("#proposals li").count() <= 3
    assert "Eerste activiteit" in page.locator("#proposals").inner_text()
    before_after = page.locator("tr.before-after").inner_text()
    assert "T0 → T1" in before_after and "2,0 → 3,0" in before_after

    # record an activity with the form, then change its status
    page.locator("#activity-form-box summary").click()
    page.get_by_label("Wat gaan we doen?").fill("Welkomstgesprek bij elke nieuwe bewoner")
    page.get_by_label("Hoort bij veranderopgave").select_option("warm_welkom")
    page.get_by_label("Wie is verantwoordelijk?").fill("Teamleider")
    page.get_by_label("Hoe meten we dat het werkt?").fill("Tellen hoeveel gesprekken er waren")
    page.get_by_label("Datum gereed").fill("2027-04-01")
    page.get_by_role("button", name="Activiteit opslaan").click()
    page.wait_for_url(f"{web.url}/team#actieplan")
    row = page.get_by_test_id("activity-2")
    assert "Welkomstgesprek" in row.inner_text() and "2027-04-01" in row.inner_text()
    row.get_by_label("Status van activiteit 2").select_option("bezig")
    row.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(f"{web.url}/team#actieplan")
    assert page.get_by_test_id("activity-2").get_by_label("Status van activiteit 2").input_value() == "bezig"
    assert [a.status for a in ActivityRepository(web.database_url).activities(UNIT)] == ["klaar", "bezig"]
    # the login form itself answers 401 (no session yet); nothing else may fail
    assert not [e for e in pages.errors if "status of 401" not in e], pages.errors

    page.locator("#teamscan").scroll_into_view_if_needed()
    screenshot(page, "teamscan-dashboard", full_page=True)
