"""Custom actions against tracker fixtures and a real SQLite database (no Rasa server)."""

from __future__ import annotations

import asyncio
from typing import Any, Optional

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.privacy import ERASED_SIGNAL, ActionDeleteMyData
from actions.scan import (
    ActionAskDesiredRung,
    ActionAskScanAnswer,
    ActionScanResult,
    ValidateScanForm,
)
from bot.content import content
from bot.storage import db
from bot.storage.repository import ScanRepository
from tests.servers import ROOT

DOMAIN: dict[str, Any] = yaml.safe_load((ROOT / "domain.yml").read_text())
ITEMS = content().relatives_scan.items


@pytest.fixture(autouse=True)
def database(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> ScanRepository:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    db.migrate(sqlite_url)
    return ScanRepository(sqlite_url)


def tracker(
    text: str = "",
    intent: str = "inform",
    slots: Optional[dict[str, Any]] = None,
    metadata: Optional[dict[str, Any]] = None,
    sender: str = "relative-1",
) -> Tracker:
    message = {"text": text, "intent": {"name": intent, "confidence": 0.99}, "entities": [], "metadata": metadata or {}}
    events = [{"event": "user", "text": text, "parse_data": message, "metadata": metadata or {}}]
    return Tracker(
        sender, slots or {}, message, events, False, None, {"name": "scan_form"}, "action_listen"
    )


def run(action: Any, t: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, DOMAIN))
    return events, dispatcher.messages


def required(t: Tracker) -> list[str]:
    form = ValidateScanForm()
    return asyncio.run(form.required_slots(form.domain_slots(DOMAIN), CollectingDispatcher(), t, DOMAIN))


def test_nothing_before_consent(database: ScanRepository) -> None:
    assert required(tracker())[0] == "scan_consent"
    assert database.state("relative-1") is None


def test_consent_stores_unit_from_page_address(database: ScanRepository) -> None:
    t = tracker(metadata={"afdeling": "c3"})
    slots = ValidateScanForm().validate_scan_consent(True, CollectingDispatcher(), t, DOMAIN)
    assert slots["unit"] == "C3"
    state = database.state("relative-1")
    assert state is not None and state.consented and state.unit == "C3"
    assert required(tracker()) == ["relation", "scan_answer", "desired_rung", "scan_remark"]


def test_declined_consent_ends_the_form(database: ScanRepository) -> None:
    slots = ValidateScanForm().validate_scan_consent(False, CollectingDispatcher(), tracker(), DOMAIN)
    assert slots == {"scan_consent": False}
    assert required(tracker(slots={"scan_consent": False})) == []
    assert database.state("relative-1") is None


def consented(database: ScanRepository) -> None:
    database.give_consent("relative-1")
    database.set_context("relative-1", relation="partner", unit="B2")


def test_answer_is_stored_at_once(database: ScanRepository) -> None:
    consented(database)
    dispatcher = CollectingDispatcher()
    text = "ja hoor meestal wel"
    slots = ValidateScanForm().validate_scan_answer(text, dispatcher, tracker(text), DOMAIN)
    assert slots["scan_answer"] is None
    assert database.state("relative-1").answers == {ITEMS[0].id: 3}  # type: ignore[union-attr]
    assert dispatcher.messages == []


def test_unclear_answer_is_asked_again_and_not_stored(database: ScanRepository) -> None:
    consented(database)
    dispatcher = CollectingDispatcher()
    ValidateScanForm().validate_scan_answer("misschien", dispatcher, tracker("misschien"), DOMAIN)
    assert dispatcher.messages[0]["response"] == "utter_scan_unclear_answer"
    assert database.state("relative-1").answers == {}  # type: ignore[union-attr]


def test_previous_reopens_the_last_answer(database: ScanRepository) -> None:
    consented(database)
    database.save_answer("relative-1", ITEMS[0].id, ITEMS[0].rung, 2)
    form = ValidateScanForm()
    slots = form.validate_scan_answer("vorige", CollectingDispatcher(), tracker("vorige"), DOMAIN)
    assert slots["scan_redo"] == ITEMS[0].id
    _, messages = run(ActionAskScanAnswer(), tracker(slots={"scan_redo": ITEMS[0].id}))
    assert f"Vraag 1 van {len(ITEMS)}" in messages[0]["text"]
    form.validate_scan_answer("4", CollectingDispatcher(), tracker("4", slots={"scan_redo": ITEMS[0].id}), DOMAIN)
    assert database.state("relative-1").answers == {ITEMS[0].id: 4}  # type: ignore[union-attr]


def test_ask_shows_progress_buttons_and_resume_line(database: ScanRepository) -> None:
    consented(database)
    for item in ITEMS[:6]:
        database.save_answer("relative-1", item.id, item.rung, 3)
    _, messages = run(ActionAskScanAnswer(), tracker("/start_scan", intent="start_scan"))
    assert f"We waren bij vraag 7 van {len(ITEMS)}" in messages[0]["text"]
    assert ITEMS[6].text in messages[0]["text"]
    assert [b["title"] for b in messages[0]["buttons"]][-1] == "Weet ik niet"


def test_desired_rung_question_lists_the_ladder() -> None:
    _, messages = run(ActionAskDesiredRung(), tracker())
    assert len(messages[0]["buttons"]) == 5
    assert all(rung.name in messages[0]["text"] for rung in content().ladder)


def test_result_after_a_full_scan(database: ScanRepository) -> None:
    consented(database)
    for item in ITEMS:
        database.save_answer("relative-1", item.id, item.rung, 4 if item.rung <= 2 else 1)
    database.save_desired_rung("relative-1", 3)
    database.finish("relative-1", None)
    _, messages = run(ActionScanResult(), tracker())
    text = "\n".join(m["text"] for m in messages)
    assert "De samenwerking tussen u en het team staat op trede 2" in text and "U zou graag op trede 3 staan" in text
    assert not any(m.get("custom") for m in messages), "REST clients get the text alone"


def test_result_on_the_page_also_sends_the_profile_picture(database: ScanRepository) -> None:
    consented(database)
    for item in ITEMS:
        database.save_answer("relative-1", item.id, item.rung, 4 if item.rung <= 3 else 1)
    database.save_desired_rung("relative-1", 4)
    database.finish("relative-1", None)
    page = tracker()
    page.events[0]["input_channel"] = "socketio"
    _, messages = run(ActionScanResult(), page)
    pictures = [i for i, m in enumerate(messages) if m.get("custom")]
    assert len(pictures) == 1
    picture = messages[pictures[0]]["custom"]["data"]
    assert picture["samenspraak"] == "profile" and [r["now"] for r in picture["rungs"]] == [0, 0, 1, 0, 0]
    assert messages[pictures[0] - 1]["text"].startswith(content().relatives_scan.result.profile_title)


def test_delete_erases_answers(database: ScanRepository) -> None:
    consented(database)
    database.save_answer("relative-1", ITEMS[0].id, ITEMS[0].rung, 3)
    events, messages = run(ActionDeleteMyData(), tracker())
    assert database.state("relative-1") is None
    assert messages[0]["custom"] == {"data": ERASED_SIGNAL}, "the web page is told to forget its copy"
    assert "verwijderd" in messages[1]["text"]
    assert [e["event"] for e in events] == ["reset_slots"]
