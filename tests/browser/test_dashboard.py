"""The team dashboard /team in headless chromium, on seeded answers."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
import requests
from playwright.sync_api import expect

from bot.content import content
from bot.export import EXPORT_COLUMNS
from bot.storage.repository import ScanRepository
from bot.web.tokens import TeamTokens
from tests.browser.conftest import DESKTOP, Pages, screenshot
from tests.browser.seed import XSS_REMARK, seed_respondents
from tests.servers import Assistant

pytestmark = pytest.mark.browser
SCAN = content().relatives_scan
# six relatives of unit ZES: current rungs and desired rungs
LEVELS = [1, 2, 2, 3, 5, 4]
DESIRED = [3, 3, 4, 4, 5, 2]
REMARKS = [XSS_REMARK, "Fijn dat jullie dit vragen.\nMaar het is soms druk.", None, None, None, None]


@pytest.fixture(scope="module")
def tokens(web: Assistant) -> dict[str, str]:
    seed_respondents(web.database_url, "ZES", LEVELS, DESIRED, REMARKS)
    seed_respondents(web.database_url, "VIER", [1, 2, 3, 4], [2, 3, 4, 5])
    team = TeamTokens(web.database_url)
    return {"ZES": team.create("ZES"), "VIER": team.create("VIER")}


def log_in(page: Any, web: Assistant, token: str) -> None:
    """Log in through the form, as a colleague would."""
    page.goto(f"{web.url}/team")
    page.get_by_label("Teamcode").fill(token)
    page.get_by_role("button", name="Dashboard openen").click()
    page.wait_for_url(f"{web.url}/team")


def test_six_relatives_show_chart_tables_remarks_and_csv(pages: Pages, web: Assistant, tokens: dict[str, str]) -> None:
    page = pages.new(viewport=DESKTOP)
    log_in(page, web, tokens["ZES"])
    assert page.locator("h1").inner_text() == "Teamdashboard afdeling ZES"
    assert page.get_by_test_id("answered").inner_text() == "6"
    assert page.locator("#too-few").count() == 0

    # the chart is drawn by Chart.js with the right numbers, and the table below says the same
    page.locator("#rung-chart").wait_for()
    drawn = page.evaluate(
        """() => {
            const chart = window.Chart.getChart(document.getElementById('rung-chart'));
            return chart && {sets: chart.data.datasets.map(d => d.data), width: chart.chartArea.width};
        }"""
    )
    expected_now = [LEVELS.count(rung) for rung in range(1, 6)]
    expected_wish = [DESIRED.count(rung) for rung in range(1, 6)]
    assert drawn["sets"] == [expected_now, expected_wish] and drawn["width"] > 100
    rows = page.locator("#rung-table tbody tr").all()
    assert [[int(c) for c in r.locator("td").all_inner_texts()] for r in rows] == [
        [now, wish] for now, wish in zip(expected_now, expected_wish, strict=True)
    ]
    assert page.get_by_test_id("total-current").inner_text() == "6"
    assert page.get_by_test_id("total-desired").inner_text() == "6"

    # per-statement averages: one row per statement; the first statement (rung 1) was 4 for everyone
    assert page.locator("#items-table tbody tr").count() == len(SCAN.items)
    assert page.locator("#items-table tbody tr").first.locator("td.mean").inner_text().strip().endswith("4,0")
    # funnel: six started, six finished
    funnel = page.locator("#funnel-table tbody tr")
    assert funnel.count() == len(SCAN.items) + 3
    assert funnel.first.locator("td").inner_text().strip() == "6"
    assert funnel.last.locator("td").inner_text().strip() == "6"

    # a remark holding HTML is shown as text, never run
    remarks = page.locator("#remarks li")
    assert XSS_REMARK in remarks.all_inner_texts()
    assert page.locator("#remarks img").count() == 0
    # never a respondent id or a sender key on the page
    html = page.content()
    for row in ScanRepository(web.database_url).export(unit="ZES"):
        assert row.respondent not in html
    assert "seed-ZES" not in html
    screenshot(page, "team-desktop", full_page=True)

    # the CSV has the columns of `python -m bot export answers`, respondents only numbered
    with page.expect_download() as download_info:
        page.locator("#csv-link").click()
    text = open(download_info.value.path(), encoding="utf-8").read()
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == EXPORT_COLUMNS
    assert len(lines) == 1 + 6 * len(SCAN.items)
    assert {line[0] for line in lines[1:]} == {"1", "2", "3", "4", "5", "6"}
    assert {line[1] for line in lines[1:]} == {"ZES"}


def test_phone_layout(pages: Pages, web: Assistant, tokens: dict[str, str]) -> None:
    page = pages.new()
    log_in(page, web, tokens["ZES"])
    page.locator("#rung-chart").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "team-phone")
    screenshot(page, "team-phone-full", full_page=True)


def test_four_relatives_are_too_few(pages: Pages, web: Assistant, tokens: dict[str, str]) -> None:
    page = pages.new()
    page.goto(f"{web.url}/team?token={tokens['VIER']}")
    assert page.url == f"{web.url}/team", "the token does not stay in the address bar"
    assert page.get_by_test_id("answered").inner_text() == "4"
    expect(page.locator("#too-few")).to_contain_text("nog te weinig antwoorden")
    assert page.locator("#rung-chart, #items-table, #remarks, #csv-link").count() == 0
    screenshot(page, "team-phone-too-few")
    # the CSV is refused too
    assert page.request.get(f"{web.url}/team/antwoorden.csv").status == 403


def test_no_token_is_refused(pages: Pages, web: Assistant, tokens: dict[str, str]) -> None:
    page = pages.new()
    response = page.goto(f"{web.url}/team")
    assert response.status == 401
    expect(page.get_by_label("Teamcode")).to_be_visible()
    assert page.locator("#answered").count() == 0
    assert requests.get(f"{web.url}/team/antwoorden.csv", timeout=30).status_code == 401
    screenshot(page, "team-phone-login")


def test_wrong_units_token_is_refused(pages: Pages, web: Assistant, tokens: dict[str, str]) -> None:
    page = pages.new()
    response = page.goto(f"{web.url}/team?afdeling=ZES&token={tokens['VIER']}")
    assert response.status == 403
    assert page.locator("h1").inner_text() == "Geen toegang"
    # logged in for VIER, asking for ZES is refused as well
    log_in(page, web, tokens["VIER"])
    response = page.goto(f"{web.url}/team?afdeling=ZES")
    assert response.status == 403
    assert "andere afdeling" in page.locator("main").inner_text()
    assert page.locator("#answered").count() == 0


@pytest.mark.parametrize("token", ["dit-is-geen-code", "x" * 5000], ids=["invalid", "very-long"])
def test_bad_token_is_refused_with_a_message(pages: Pages, web: Assistant, tokens: dict[str, str], token: str) -> None:
    page = pages.new()
    response = page.goto(f"{web.url}/team?token={token}")
    assert response.status in (400, 403)
    expect(page.get_by_role("alert")).to_contain_text(re.compile("klopt niet|te lang"))
    assert page.locator("#answered").count() == 0
    # the same through the form (typed input is limited by maxlength; the server checks too)
    posted = requests.post(f"{web.url}/team", data={"token": token}, timeout=30, allow_redirects=False)
    assert posted.status_code in (400, 403) and "Set-Cookie" not in posted.headers
    # a forged cookie is refused and cleared
    forged = requests.get(f"{web.url}/team", cookies={"samenspraak_team": token}, timeout=30)
    assert forged.status_code == 403


def test_logout_forgets_the_token(pages: Pages, web: Assistant, tokens: dict[str, str]) -> None:
    page = pages.new()
    log_in(page, web, tokens["ZES"])
    cookie = next(c for c in page.context.cookies() if c["name"] == "samenspraak_team")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(f"{web.url}/team")
    expect(page.get_by_label("Teamcode")).to_be_visible()
