"""The team dashboard /team in headless chromium, on seeded answers: only released figures."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
import requests
from playwright.sync_api import expect

from bot.config import MINIMUM_GROUP
from bot.content import content
from bot.storage.repository import ScanRepository
from bot.storage.tokens import TeamTokens
from bot.web.dashboard import FIGURES_CSV_COLUMNS, SMALL_CELL
from tests.browser.conftest import DESKTOP, Pages, screenshot
from tests.browser.seed import MASKED_REMARK, NAMED_REMARK, XSS_REMARK, seed_respondents
from tests.servers import Assistant

SCAN = content().relatives_scan
# six finished relatives of unit ZES: the first five make release 1 (all on rung 2, all wishing rung 4);
# the sixth stands out (rung 5, wishing rung 1) and waits for the next release, so it shows nowhere
LEVELS = [2, 2, 2, 2, 2, 5]
DESIRED = [4, 4, 4, 4, 4, 1]
SIXTH_REMARK = "Ik ben de zesde en mijn antwoorden vallen op."
REMARKS = [XSS_REMARK, NAMED_REMARK, None, None, None, SIXTH_REMARK]


@pytest.fixture(scope="module")
def tokens(web: Assistant) -> dict[str, str]:
    seed_respondents(web.database_url, "ZES", LEVELS, DESIRED, REMARKS)
    seed_respondents(web.database_url, "VIER", [1, 2, 3, 4], [2, 3, 4, 5])
    team = TeamTokens(web.database_url)
    return {"ZES": team.create("ZES", label="Ans"), "VIER": team.create("VIER", label="Bram")}


def log_in(page: Any, web: Assistant, token: str) -> None:
    """Log in through the form, as a colleague would."""
    page.goto(f"{web.url}/team")
    page.get_by_label("Teamcode").fill(token)
    page.get_by_role("button", name="Dashboard openen").click()
    page.wait_for_url(f"{web.url}/team")
    # a refused form ("Niet gelukt") or a wrong code also ends on /team: the dashboard must show
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def test_six_finished_show_the_release_of_five(pages: Pages, web: Assistant, tokens: dict[str, str]) -> None:
    page = pages.new(viewport=DESKTOP)
    log_in(page, web, tokens["ZES"])
    assert page.locator("h1").inner_text() == "Teamdashboard afdeling ZES"
    assert page.get_by_test_id("answered").inner_text() == "5"
    expect(page.locator("#released")).to_contain_text("vrijgegeven op")
    # when the next release can come, never how many finished since the last one
    expect(page.locator("#next-release")).to_contain_text("hooguit één keer per dag")
    assert page.get_by_test_id("needed").count() == 0
    assert page.locator("#too-few").count() == 0

    # the chart is drawn by Chart.js with the released numbers (small cells drawn as no bar)
    page.locator("#rung-chart").wait_for()
    drawn = page.evaluate(
        """() => {
            const chart = window.Chart.getChart(document.getElementById('rung-chart'));
            return chart && {sets: chart.data.datasets.map(d => d.data), width: chart.chartArea.width};
        }"""
    )
    assert drawn["sets"] == [[None, 5, None, None, None], [None, None, None, 5, None]] and drawn["width"] > 100
    rows = page.locator("#rung-table tbody tr").all()
    assert [r.locator("td").all_inner_texts() for r in rows] == [
        [SMALL_CELL, SMALL_CELL],
        ["5", SMALL_CELL],
        [SMALL_CELL, SMALL_CELL],
        [SMALL_CELL, "5"],
        [SMALL_CELL, SMALL_CELL],
    ]
    assert page.get_by_test_id("total-current").inner_text() == "5"

    # per statement: the counts per answer and the mean; the first statement (rung 1) was 4 for all five
    assert page.locator("#items-table tbody tr").count() == len(SCAN.items)
    first = page.locator("#items-table tbody tr").first
    assert first.locator("td.mean").inner_text().strip().endswith("4,0")
    assert "5" in first.locator("td.count").all_inner_texts()
    for text in page.locator("#items-table td.count, #relations-table td").all_inner_texts():
        assert text.strip() == SMALL_CELL or int(text.strip()) >= MINIMUM_GROUP
    # the response counts finished scans of the release only (no funnel of who started)
    assert page.locator("#funnel-table").count() == 0
    assert page.get_by_test_id("finished").inner_text() == "5"

    # remarks: HTML shown as text, names masked, the sixth's remark not yet released
    remarks = page.locator("#remarks li").all_inner_texts()
    assert sorted(remarks) == sorted([XSS_REMARK, MASKED_REMARK])
    assert page.locator("#remarks img").count() == 0
    html = page.content()
    assert SIXTH_REMARK not in html and "Jansen" not in html
    for row in ScanRepository(web.database_url).export(unit="ZES"):
        assert row.respondent not in html
    assert "seed-ZES" not in html
    screenshot(page, "team-desktop", full_page=True)

    # the CSV holds the released aggregates only
    with page.expect_download() as download_info:
        page.locator("#csv-link").click()
    text = open(download_info.value.path(), encoding="utf-8").read()
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == FIGURES_CSV_COLUMNS
    assert len(lines) == 1 + 5 * len(SCAN.items) + 2 * 5 + 5  # and the five page languages
    assert all(line[4] == SMALL_CELL or int(line[4]) >= MINIMUM_GROUP for line in lines[1:])
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text) and "ZES" not in text


def test_phone_layout(pages: Pages, web: Assistant, tokens: dict[str, str]) -> None:
    page = pages.new()
    log_in(page, web, tokens["ZES"])
    page.locator("#rung-chart").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "team-phone")
    screenshot(page, "team-phone-full", full_page=True)


def test_four_finished_are_too_few(pages: Pages, web: Assistant, tokens: dict[str, str]) -> None:
    page = pages.new()
    log_in(page, web, tokens["VIER"])
    expect(page.locator("#too-few")).to_contain_text("nog geen cijfers vrijgegeven")
    assert page.get_by_test_id("needed").count() == 0
    assert page.locator("#answered, #rung-chart, #items-table, #remarks, #csv-link").count() == 0
    screenshot(page, "team-phone-too-few")
    assert page.request.get(f"{web.url}/team/cijfers.csv").status == 403


def test_no_token_is_refused(pages: Pages, web: Assistant, tokens: dict[str, str]) -> None:
    page = pages.new()
    response = page.goto(f"{web.url}/team")
    assert response.status == 401
    expect(page.get_by_label("Teamcode")).to_be_visible()
    assert page.locator("#answered").count() == 0
    assert requests.get(f"{web.url}/team/cijfers.csv", timeout=30).status_code == 401
    screenshot(page, "team-phone-login")


def test_code_in_the_address_is_refused_with_the_reason(pages: Pages, web: Assistant, tokens: dict[str, str]) -> None:
    page = pages.new()
    response = page.goto(f"{web.url}/team?token={tokens['ZES']}")
    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("webadres")
    assert page.locator("#answered").count() == 0
    # no session: the only cookie is the login form's CSRF cookie, a random form token (the value of
    # the form's hidden field) that carries nothing of the code and is sent to /team only
    cookies = page.context.cookies()
    assert [c["name"] for c in cookies] == ["samenspraak_login"]
    form_cookie = cookies[0]
    assert form_cookie["value"] == page.locator("input[name=csrf]").get_attribute("value")
    assert tokens["ZES"] not in form_cookie["value"] and form_cookie["value"] not in page.url
    assert form_cookie["httpOnly"] and form_cookie["sameSite"] == "Strict" and form_cookie["path"] == "/team"
    expect(page.get_by_label("Teamcode")).to_be_visible()
    screenshot(page, "team-phone-token-in-address")


def test_wrong_units_page_is_refused(pages: Pages, web: Assistant, tokens: dict[str, str]) -> None:
    page = pages.new()
    log_in(page, web, tokens["VIER"])
    response = page.goto(f"{web.url}/team?afdeling=ZES")
    assert response.status == 403
    assert "andere afdeling" in page.locator("main").inner_text()
    assert page.locator("#answered").count() == 0


@pytest.mark.parametrize("token", ["dit-is-geen-code", "x" * 5000], ids=["invalid", "very-long"])
def test_bad_token_is_refused_with_a_message(pages: Pages, web: Assistant, tokens: dict[str, str], token: str) -> None:
    page = pages.new()
    page.goto(f"{web.url}/team")
    page.get_by_label("Teamcode").fill(token)  # typed input is limited by maxlength; the server checks too
    page.get_by_role("button", name="Dashboard openen").click()
    expect(page.get_by_role("alert")).to_contain_text(re.compile("klopt niet|te lang"))
    assert page.locator("#answered").count() == 0
    # the server checks the code too, also for a POST with the form's own CSRF token: no session cookie
    client = requests.Session()
    form = client.get(f"{web.url}/team", timeout=30)
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf and client.cookies.get("samenspraak_login") == csrf.group(1)
    posted = client.post(
        f"{web.url}/team", data={"token": token, "csrf": csrf.group(1)}, timeout=30, allow_redirects=False
    )
    assert posted.status_code in (400, 403) and re.search("klopt niet|te lang", posted.text)
    assert "samenspraak_team" not in posted.cookies
    # without the form's token the POST is refused before the code is looked at, and sets no cookie
    bare = requests.post(f"{web.url}/team", data={"token": token}, timeout=30, allow_redirects=False)
    assert bare.status_code == 403 and "Set-Cookie" not in bare.headers
    # a forged cookie is refused and cleared
    forged = requests.get(f"{web.url}/team", cookies={"samenspraak_team": token}, timeout=30)
    assert forged.status_code == 403


def test_logout_ends_the_session(pages: Pages, web: Assistant, tokens: dict[str, str]) -> None:
    page = pages.new()
    log_in(page, web, tokens["ZES"])
    cookie = next(c for c in page.context.cookies() if c["name"] == "samenspraak_team")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["value"] != tokens["ZES"]
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(f"{web.url}/team")
    expect(page.get_by_label("Teamcode")).to_be_visible()
    # the old session id no longer opens anything, also outside this browser
    refused = requests.get(f"{web.url}/team", cookies={"samenspraak_team": cookie["value"]}, timeout=30)
    assert refused.status_code == 403


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://elders.example"},
        {"Origin": "null", "Sec-Fetch-Site": "cross-site"},  # a sandboxed frame or a no-referrer page elsewhere
        {"Origin": "null"},  # null without the browser saying same-origin
    ],
    ids=["other-site", "null-cross-site", "null-unknown"],
)
def test_a_login_from_another_site_is_refused(web: Assistant, tokens: dict[str, str], headers: dict[str, str]) -> None:
    """Our pages send no referrer, so Chromium's own form POSTs carry `Origin: null` with
    Sec-Fetch-Site: same-origin (the log_in tests); any other null or foreign Origin is refused,
    even with the form's token and a valid code."""
    client = requests.Session()
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get(f"{web.url}/team", timeout=30).text)
    assert csrf
    refused = client.post(
        f"{web.url}/team",
        data={"token": tokens["ZES"], "csrf": csrf.group(1)},
        headers=headers,
        timeout=30,
        allow_redirects=False,
    )
    assert refused.status_code == 403 and "Niet gelukt" in refused.text
    assert "samenspraak_team" not in refused.cookies
