"""Issue 20 on the running assistant: the action server's token, dashboard forms, metadata."""

from __future__ import annotations

import json
import re
import uuid

import requests
from sqlalchemy import create_engine, text

from bot.storage.teamscan import TeamScanRepository
from bot.storage.tokens import TeamTokens
from tests.servers import Assistant, texts

FOREIGN = "https://elders.example"


def test_the_action_server_refuses_a_call_without_the_token(assistant: Assistant) -> None:
    url = f"http://127.0.0.1:{assistant.actions_port}"
    forged = {
        "next_action": "action_team_scan_result",
        "version": "3.6.21",
        "tracker": {"sender_id": "x", "slots": {"team_round": "1"}, "events": [], "latest_message": {}},
        "domain": {},
    }
    assert requests.post(f"{url}/webhook", json=forged, timeout=30).status_code == 403
    assert requests.get(f"{url}/health", timeout=30).status_code == 200
    # the Rasa server itself sends the token: a conversation still works
    assert "Welkom bij Samenspraak" in texts(assistant.say(f"sec-{uuid.uuid4().hex[:8]}", "hallo"))


def logged_in(assistant: Assistant, unit: str) -> tuple[requests.Session, str]:
    browser = requests.Session()
    page = browser.get(f"{assistant.url}/team").text
    login_token = re.search(r'name="csrf" value="([^"]+)"', page)
    assert login_token
    code = TeamTokens(assistant.database_url).create(unit, label="e2e")
    reply = browser.post(
        f"{assistant.url}/team", data={"token": code, "csrf": login_token.group(1)}, allow_redirects=False
    )
    assert reply.status_code == 303
    csrf = re.search(r'name="csrf" value="([^"]+)"', browser.get(f"{assistant.url}/team").text)
    assert csrf
    return browser, csrf.group(1)


def test_a_round_form_from_another_site_or_without_its_token_is_refused(assistant: Assistant) -> None:
    browser, csrf = logged_in(assistant, "SEC1")
    rounds = TeamScanRepository(assistant.database_url)
    foreign = browser.post(
        f"{assistant.url}/team/ronde",
        data={"action": "open", "csrf": csrf},
        headers={"Origin": FOREIGN},
        allow_redirects=False,
    )
    assert foreign.status_code == 403 and "Access-Control-Allow-Origin" not in foreign.headers
    missing = browser.post(f"{assistant.url}/team/ronde", data={"action": "open"}, allow_redirects=False)
    assert missing.status_code == 403 and "Er is niets veranderd" in missing.text
    other = browser.post(
        f"{assistant.url}/team/ronde", data={"action": "open", "csrf": "0" * 64}, allow_redirects=False
    )
    assert other.status_code == 403
    assert rounds.rounds("SEC1") == [], "nothing changed"
    ok = browser.post(
        f"{assistant.url}/team/ronde",
        data={"action": "open", "csrf": csrf},
        headers={"Origin": assistant.url},
        allow_redirects=False,
    )
    assert ok.status_code == 303 and len(rounds.rounds("SEC1")) == 1


def test_metadata_beyond_the_known_keys_never_reaches_rasa(assistant: Assistant) -> None:
    sender = f"meta-{uuid.uuid4().hex[:8]}"
    replies = assistant.say(sender, "hallo", metadata={"pagina": "naasten", "stuffing": "x" * 400_000})
    assert "Welkom bij Samenspraak" in texts(replies)
    engine = create_engine(assistant.database_url, future=True)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT data FROM events WHERE sender_id = :s AND type_name = 'user'"), {"s": sender}
        ).scalars()
        metadata = [json.loads(row)["metadata"] for row in rows]
    engine.dispose()
    # Rasa adds its own assistant_id and model_id
    assert metadata and all(set(m) <= {"pagina", "client_key", "assistant_id", "model_id"} for m in metadata), metadata
