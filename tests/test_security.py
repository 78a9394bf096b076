"""Issue 20 hardening without a model: the action server's token and address, dashboard forms
(CSRF and Origin), failed team logins, message metadata."""

from __future__ import annotations

import json
import logging
import subprocess
from typing import Optional

import pytest
import requests

from bot.config import ACTION_TOKEN_HEADER, action_token, actions_host
from bot.intake import MAX_METADATA_BYTES, clean_metadata
from bot.storage.tokens import TeamTokens
from bot.web import site, teamscan_pages
from tests.servers import ROOT, VENV_BIN, free_port, wait_until_up

# --- action server -------------------------------------------------------------------------


def test_the_action_server_listens_on_loopback_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ACTIONS_HOST", raising=False)
    assert actions_host() == "127.0.0.1"
    monkeypatch.setenv("ACTIONS_HOST", "0.0.0.0")
    assert actions_host() == "0.0.0.0"


def test_the_action_token_comes_from_the_server_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMENSPRAAK_SECRET", "one")
    first = action_token()
    monkeypatch.setenv("SAMENSPRAAK_SECRET", "two")
    assert action_token() != first and len(first) == 64


def test_the_rasa_side_sends_the_token(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasa.utils.endpoints import EndpointConfig

    from addons.availability import GuardedActionEndpoint

    monkeypatch.setenv("SAMENSPRAAK_SECRET", "shared")
    guarded = GuardedActionEndpoint.guarding(EndpointConfig("http://127.0.0.1:5055/webhook"))
    assert guarded.headers[ACTION_TOKEN_HEADER] == action_token()
    assert not guarded.params and guarded.token is None, "not in the address (access logs)"


@pytest.fixture(scope="module")
def action_server(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, subprocess.Popen]:
    port = free_port()
    log = tmp_path_factory.mktemp("actions") / "actions.log"
    env = {
        "PATH": "/usr/bin:/bin",
        "SAMENSPRAAK_SECRET": "action-test-secret",
        "DATABASE_URL": f"sqlite:///{log.parent / 'db.sqlite'}",
    }
    process = subprocess.Popen(
        [str(VENV_BIN / "python"), "-m", "addons.action_server", "--port", str(port), "--actions", "actions"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health", process, log)
        yield f"http://127.0.0.1:{port}", process
    finally:
        process.terminate()
        process.wait(timeout=30)


def _call(url: str, token: Optional[str]) -> requests.Response:
    body = {"next_action": "action_team_scan_result", "tracker": {"sender_id": "x", "slots": {}, "events": []}}
    headers = {ACTION_TOKEN_HEADER: token} if token is not None else {}
    return requests.post(f"{url}/webhook", json={**body, "version": "3.6.21"}, headers=headers, timeout=30)


@pytest.mark.server  # starts the action server (no model): not part of make test-fast
def test_a_call_without_the_token_gets_403(action_server: tuple[str, subprocess.Popen]) -> None:
    url, process = action_server
    assert _call(url, None).status_code == 403
    assert _call(url, "forged").status_code == 403
    assert requests.get(f"{url}/actions", timeout=30).status_code == 403
    assert requests.get(f"{url}/health", timeout=30).status_code == 200, "probes need no token"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SAMENSPRAAK_SECRET", "action-test-secret")
        right = action_token()
    listed = requests.get(f"{url}/actions", headers={ACTION_TOKEN_HEADER: right}, timeout=30)
    assert listed.status_code == 200 and {"name": "action_erase_by_code"} in listed.json()
    # it listens on loopback only
    listening = subprocess.run(["ss", "-ltnpH"], capture_output=True, text=True).stdout
    port = url.rsplit(":", 1)[1]
    mine = [line for line in listening.splitlines() if f":{port} " in line]
    assert mine and all("127.0.0.1:" in line for line in mine), mine


# --- message metadata -------------------------------------------------------------------------


def test_metadata_keeps_the_known_keys_within_one_kilobyte() -> None:
    sent = {"afdeling": "B2", "pagina": "naasten", "uitnodiging": "ABCD", "taal": "nl", "evil": "x" * 400_000}
    assert clean_metadata(sent) == {"afdeling": "B2", "pagina": "naasten", "uitnodiging": "ABCD", "taal": "nl"}
    big = clean_metadata({"afdeling": "B2", "uitnodiging": "x" * 5000, "pagina": {"nested": 1}})
    assert big == {"afdeling": "B2"}, "too large a value is dropped, nested values too"
    assert len(json.dumps(clean_metadata({k: "y" * 300 for k in ("afdeling", "pagina", "taal", "language")}))) <= (
        MAX_METADATA_BYTES
    )
    assert clean_metadata("not a dict") == {} and clean_metadata(None) == {}


# --- dashboard forms and logins ------------------------------------------------------------------


def test_forms_need_their_token_and_the_same_site() -> None:
    token = site.csrf_token("session-1")
    assert site.session_form_allowed(True, "session-1", token)
    assert not site.session_form_allowed(True, "session-1", None), "no token"
    assert not site.session_form_allowed(True, "session-2", token), "another session's token"
    assert not site.session_form_allowed(False, "session-1", token), "a foreign Origin"
    assert not site.session_form_allowed(True, None, token)
    assert not site.form_allowed(True, None, None) and site.form_allowed(True, "abc", "abc")
    assert site.form_refused().status == 403


def test_every_dashboard_form_carries_the_token(sqlite_database: str) -> None:
    tokens = TeamTokens(sqlite_database)
    login_page = site._login(401)
    form_token = login_page.cookies[site.LOGIN_COOKIE].value
    assert f'name="csrf" value="{form_token}"' in login_page.body
    login = site.team_login(tokens.create("B2", label="Ans"), tokens=tokens)
    cookie = login.cookies[site.TEAM_COOKIE].value
    assert login.cookies[site.LOGIN_COOKIE].max_age == 0
    page = site.team_page(cookie, tokens=tokens, url=sqlite_database).body
    forms = page.count("<form ")
    assert forms >= 3 and page.count(f'name="csrf" value="{site.csrf_token(cookie)}"') == forms
    assert teamscan_pages.team_round(cookie, "open", tokens=tokens, url=sqlite_database).status == 303


def test_failed_logins_are_logged_and_slowed_down(sqlite_database: str, caplog: pytest.LogCaptureFixture) -> None:
    tokens = TeamTokens(sqlite_database)
    good = tokens.create("B2", label="Ans")
    expired = tokens.create("B2", label="Bert")
    tokens.revoke_one(tokens.codes("B2")[1].id)
    caplog.set_level(logging.WARNING, logger="bot.web.site")
    assert site.team_login(expired, tokens=tokens, client="c1").status == 403
    assert site.team_login("unknown-code-xyz", tokens=tokens, client="c1").status == 403
    lines = [r.getMessage() for r in caplog.records]
    assert "team login failed: code Bert at " in lines[0] and "team login failed: code unknown at " in lines[1]
    assert expired not in "\n".join(lines) and "unknown-code-xyz" not in "\n".join(lines), "never the code"
    assert [e.what for e in tokens.access_log("B2") if e.label == "Bert"] == ["login_failed"]
    for _ in range(3):
        assert site.team_login("still-wrong", tokens=tokens, client="c1").status == 403
    # five failures in a minute: the next attempt, even with a good code, waits
    slowed = site.team_login(good, tokens=tokens, client="c1")
    assert slowed.status == 429 and "Wacht een minuut" in slowed.body
    assert site.team_login(good, tokens=tokens, client="c2").status == 303, "another client is not held up"
