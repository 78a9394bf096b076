"""The team dashboard on the real Rasa server: POST-only login, sessions, no CORS, releases."""

from __future__ import annotations

import re
import uuid

import pytest
import requests

from bot.storage.tokens import TeamTokens
from bot.storage.units import UnitRegistry
from tests.e2e.test_scan import N, answer_items, finish, start_and_consent
from tests.servers import Assistant

FOREIGN = {"Origin": "https://elders.example"}
UNIT = "K8"  # its own unit: the shared assistant also holds D4 with releases (test_invitations)


def form_token(page: str) -> str:
    """The CSRF token of the first form on a page."""
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, page[:300]
    return found.group(1)


def log_in(assistant: Assistant, token: str) -> requests.Session:
    """Log in as the login form does: its token and its cookie go along."""
    browser = requests.Session()
    csrf = form_token(browser.get(f"{assistant.url}/team").text)
    # a page of another site cannot log anyone in (and gets no CORS headers)
    foreign = browser.post(f"{assistant.url}/team", data={"token": token, "csrf": csrf}, headers=FOREIGN)
    assert foreign.status_code == 403 and "Access-Control-Allow-Origin" not in foreign.headers
    reply = browser.post(f"{assistant.url}/team", data={"token": token, "csrf": csrf}, allow_redirects=False)
    assert reply.status_code == 303, reply.text[:300]
    assert "Access-Control-Allow-Origin" not in reply.headers
    return browser


@pytest.fixture(scope="module")
def unit(assistant: Assistant) -> str:
    # an open link: the test chats reach the unit without an invitation (new units are invitation-only)
    UnitRegistry(assistant.database_url).add(UNIT, "De Beuk", open_link=True)
    return UNIT


def test_four_unfinished_chats_and_one_finished_show_nothing(assistant: Assistant, unit: str) -> None:
    for _ in range(4):
        sender = f"team-{uuid.uuid4().hex[:10]}"
        start_and_consent(assistant, sender, unit)
        answer_items(assistant, sender, 1, 2, answer="Ja, altijd")
    sender = f"team-{uuid.uuid4().hex[:10]}"
    start_and_consent(assistant, sender, unit)
    answer_items(assistant, sender, 1, N)
    finish(assistant, sender, remark="Bel mij: 06-12345678")
    browser = log_in(assistant, TeamTokens(assistant.database_url).create(unit, label="e2e"))
    page = browser.get(f"{assistant.url}/team")
    assert page.status_code == 200 and "nog geen cijfers vrijgegeven" in page.text
    assert 'id="rung-table"' not in page.text and "06-12345678" not in page.text
    assert browser.get(f"{assistant.url}/team/cijfers.csv").status_code == 403
    # the per-answer download of old is gone from the web
    assert browser.get(f"{assistant.url}/team/antwoorden.csv").status_code == 404


def test_a_foreign_origin_gets_no_cors_headers(assistant: Assistant, unit: str) -> None:
    from tests.browser.seed import seed_respondents

    seed_respondents(assistant.database_url, "E5", [1, 2, 3, 4, 5], [2, 3, 4, 5, 5])
    browser = log_in(assistant, TeamTokens(assistant.database_url).create("E5"))
    for path in ("/team", "/team/cijfers.csv"):
        reply = browser.get(f"{assistant.url}{path}", headers=FOREIGN)
        assert reply.status_code == 200, (path, reply.status_code)
        assert "Access-Control-Allow-Origin" not in reply.headers, path
        assert "Access-Control-Allow-Credentials" not in reply.headers, path
        preflight = requests.options(
            f"{assistant.url}{path}", headers={**FOREIGN, "Access-Control-Request-Method": "GET"}, timeout=30
        )
        assert "Access-Control-Allow-Origin" not in preflight.headers, path


def test_a_code_in_the_address_does_not_log_in(assistant: Assistant, unit: str) -> None:
    token = TeamTokens(assistant.database_url).create(unit)
    browser = requests.Session()
    reply = browser.get(f"{assistant.url}/team", params={"token": token}, allow_redirects=False)
    assert reply.status_code == 400 and "webadres" in reply.text
    # only the login form's own CSRF cookie is set, never a session
    assert set(browser.cookies.keys()) <= {"samenspraak_login"} and "samenspraak_team" not in browser.cookies
    assert browser.get(f"{assistant.url}/team").status_code == 401


def test_session_cookie_is_no_code_and_ends_at_logout(assistant: Assistant, unit: str) -> None:
    tokens = TeamTokens(assistant.database_url)
    token = tokens.create(unit, label="Ans")
    browser = log_in(assistant, token)
    cookie = browser.cookies.get("samenspraak_team")
    assert cookie and cookie != token
    assert browser.get(f"{assistant.url}/team").status_code == 200
    csrf = form_token(browser.get(f"{assistant.url}/team").text)
    assert browser.post(f"{assistant.url}/team/uitloggen", allow_redirects=False).status_code == 403, "no token"
    reply = browser.post(f"{assistant.url}/team/uitloggen", data={"csrf": csrf}, allow_redirects=False)
    assert reply.status_code == 303
    # even a copy of the old cookie no longer works: the session ended on the server
    again = requests.get(f"{assistant.url}/team", cookies={"samenspraak_team": cookie}, timeout=30)
    assert again.status_code == 403
    assert [e.what for e in tokens.access_log(unit) if e.label == "Ans"] == ["login", "view", "view", "logout"]
