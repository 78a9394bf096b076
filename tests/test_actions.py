"""Custom actions against tracker fixtures and a real SQLite database (no Rasa server)."""

from __future__ import annotations

import asyncio
import re
from typing import Any, Optional

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import event

from actions.common import FORGET_SLOT
from actions.privacy import (
    DEVICE_DONE_SIGNAL,
    ERASED_SIGNAL,
    ActionAskErasureCode,
    ActionAskErasureConfirmed,
    ActionDeleteMyData,
    ActionDeviceDone,
    ActionEraseByCode,
    ActionErasureStart,
    ValidateErasureCodeForm,
)
from actions.scan import ValidateScanForm
from actions.scan_questions import ActionAskDesiredRung, ActionAskScanAnswer, ActionAskUnit
from actions.scan_result import ActionScanResult
from bot.content import content
from bot.privacy import CODE_ALPHABET
from bot.storage import db
from bot.storage.repository import ScanRepository, sender_key
from bot.storage.units import UnitRegistry
from bot.web.result_copy import copy_path
from tests.conftest import make_tracker
from tests.servers import ROOT

DOMAIN: dict[str, Any] = yaml.safe_load((ROOT / "domain.yml").read_text())
ITEMS = content().relatives_scan.items


@pytest.fixture(autouse=True)
def database(actions_database: str) -> ScanRepository:
    return ScanRepository(actions_database)


def tracker(
    text: str = "",
    intent: str = "inform",
    slots: Optional[dict[str, Any]] = None,
    metadata: Optional[dict[str, Any]] = None,
    sender: str = "relative-1",
) -> Tracker:
    return make_tracker(text, intent, slots, sender=sender, form="scan_form", metadata=metadata or {})


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


@pytest.fixture
def units(database: ScanRepository) -> UnitRegistry:
    registry = UnitRegistry(database.url)
    registry.add("C3", "De Linde", open_link=True)
    registry.add("B2", "Het Anker", open_link=True)
    return registry


def test_consent_stores_unit_from_page_address(database: ScanRepository, units: UnitRegistry) -> None:
    t = tracker(metadata={"afdeling": "c3"})
    slots = ValidateScanForm().validate_scan_consent(True, CollectingDispatcher(), t, DOMAIN)
    assert slots["unit"] == "C3"
    state = database.state("relative-1")
    assert state is not None and state.consented and state.unit == "C3"
    assert required(tracker()) == ["relation", "scan_answer", "desired_rung", "scan_remark"]


@pytest.mark.parametrize("page_unit", ["ZZ9", "<script>", None])
def test_consent_without_a_registered_unit_stores_nothing_and_asks_the_unit(
    database: ScanRepository, units: UnitRegistry, page_unit: Optional[str]
) -> None:
    dispatcher = CollectingDispatcher()
    t = tracker(metadata={"afdeling": page_unit} if page_unit else None)
    slots = ValidateScanForm().validate_scan_consent(True, dispatcher, t, DOMAIN)
    assert slots == {"scan_consent": True, "unit": None}
    assert database.state("relative-1") is None
    said = " ".join(m["text"] for m in dispatcher.messages)
    assert ("uit uw link ken ik niet" in said) == (page_unit is not None)
    assert page_unit is None or page_unit not in said, "the page's text is never echoed"
    assert required(tracker(slots={"scan_consent": True}))[:3] == ["scan_consent", "unit", "relation"]
    _, messages = run(ActionAskUnit(), tracker())
    assert [b["title"] for b in messages[0]["buttons"]] == ["Het Anker", "De Linde", "Weet ik niet"]


def test_typed_unit_must_be_registered(database: ScanRepository, units: UnitRegistry) -> None:
    form = ValidateScanForm()
    dispatcher = CollectingDispatcher()
    assert form.validate_unit("afdeling Q7", dispatcher, tracker("afdeling Q7"), DOMAIN) == {"unit": None}
    assert "ken ik niet" in dispatcher.messages[0]["text"]
    assert database.state("relative-1") is None
    assert form.validate_unit("de linde", CollectingDispatcher(), tracker("de linde"), DOMAIN) == {"unit": "C3"}
    state = database.state("relative-1")
    assert state is not None and state.consented and state.unit == "C3"


def test_unknown_unit_ends_the_scan_without_storing(database: ScanRepository, units: UnitRegistry) -> None:
    slots = ValidateScanForm().validate_unit("weet ik niet", CollectingDispatcher(), tracker("weet ik niet"), DOMAIN)
    assert slots == {"scan_stop": "no_unit", "unit": None}
    assert required(tracker(slots=slots)) == []
    events, messages = run(ActionScanResult(), tracker(slots=slots))
    assert "Zonder afdeling" in messages[0]["text"]
    assert {"event": "slot", "name": FORGET_SLOT, "value": True, "timestamp": None} in events
    assert database.state("relative-1") is None


def test_declined_consent_ends_the_form_and_forgets_the_conversation(database: ScanRepository) -> None:
    slots = ValidateScanForm().validate_scan_consent(False, CollectingDispatcher(), tracker(), DOMAIN)
    assert slots == {"scan_consent": False}
    assert required(tracker(slots={"scan_consent": False})) == []
    assert database.state("relative-1") is None
    events, messages = run(ActionScanResult(), tracker(slots=slots))
    assert "niets van u bewaard" in messages[0]["text"]
    assert {"event": "slot", "name": FORGET_SLOT, "value": True, "timestamp": None} in events


def consented(database: ScanRepository, sender: str = "relative-1") -> None:
    database.give_consent(sender, unit="B2")
    database.set_context(sender, relation="partner")


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
    code = re.search(r"Uw wiscode is ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\.", text)
    assert code and database.find_erasure_code(code.group(1))
    assert messages[-1]["buttons"] == [{"title": "Klaar op dit apparaat", "payload": '/goodbye{"device": "klaar"}'}]
    _, again = run(ActionScanResult(), tracker())
    assert "wiscode is" not in "\n".join(m["text"] for m in again), "the code is shown once"


def test_result_on_the_page_also_sends_the_profile_picture(database: ScanRepository) -> None:
    consented(database)
    for item in ITEMS:
        database.save_answer("relative-1", item.id, item.rung, 4 if item.rung <= 3 else 1)
    database.save_desired_rung("relative-1", 4)
    database.finish("relative-1", None)
    page = tracker()
    page.events[0]["input_channel"] = "socketio"
    _, messages = run(ActionScanResult(), page)
    pictures = [
        i for i, m in enumerate(messages) if m.get("custom", {}).get("data", {}).get("samenspraak") == "profile"
    ]
    assert len(pictures) == 1
    picture = messages[pictures[0]]["custom"]["data"]
    assert picture["samenspraak"] == "profile" and [r["now"] for r in picture["rungs"]] == [0, 0, 1, 0, 0]
    assert messages[pictures[0] - 1]["text"].startswith(content().relatives_scan.result.profile_title)
    # the copy to take along: a link the page draws, bound to this conversation
    texts = content().relatives_scan.result
    state = database.state("relative-1")
    assert state is not None
    link = copy_path(state.id, sender_key("relative-1"))
    copies = [m["custom"]["data"] for m in messages if m.get("custom", {}).get("data", {}).get("samenspraak") == "copy"]
    assert copies == [{"samenspraak": "copy", "href": link, "label": texts.copy_button}]
    # over REST: the same link as a web_url button under the offer
    database.erase("relative-1")
    consented(database)
    for item in ITEMS:
        database.save_answer("relative-1", item.id, item.rung, 4)
    database.save_desired_rung("relative-1", 4)
    database.finish("relative-1", None)
    _, messages = run(ActionScanResult(), tracker())
    offer = next(m for m in messages if m.get("text") == texts.copy_offer)
    state = database.state("relative-1")
    assert state is not None
    link = copy_path(state.id, sender_key("relative-1"))
    assert offer["buttons"] == [{"title": texts.copy_button, "type": "web_url", "url": link, "payload": link}]
    assert not any(m.get("custom") for m in messages)


def test_delete_erases_answers_and_says_what(database: ScanRepository) -> None:
    consented(database)
    database.save_answer("relative-1", ITEMS[0].id, ITEMS[0].rung, 3)
    database.finish("relative-1", "Fijne afdeling")
    events, messages = run(ActionDeleteMyData(), tracker())
    assert database.state("relative-1") is None
    assert messages[0]["custom"] == {"data": ERASED_SIGNAL}, "the web page is told to forget its copy"
    assert "Dit is verwijderd:" in messages[1]["text"]
    for item in ("uw antwoorden op de vragenlijst", "uw opmerking", "dit gesprek"):
        assert f"- {item}" in messages[1]["text"]
    assert "oefengesprekken" not in messages[1]["text"]
    assert [e["event"] for e in events] == ["reset_slots", "slot"]
    assert events[1]["name"] == "reader", "who reads stays known after the reset"
    _, messages = run(ActionDeleteMyData(), tracker())
    assert "Ik vond geen antwoorden" in messages[1]["text"] and "Dit is verwijderd" not in messages[1]["text"]


def test_erasure_asks_to_confirm_or_for_the_code(database: ScanRepository) -> None:
    events, messages = run(ActionErasureStart(), tracker())
    assert events[0] == {"event": "slot", "name": "erasure_mode", "value": "code", "timestamp": None}
    assert messages == [], "the code form asks"
    _, messages = run(ActionAskErasureCode(), tracker())
    assert "wiscode" in messages[0]["text"] and messages[0]["buttons"][0]["title"] == "Ik heb geen code"
    consented(database)
    events, messages = run(ActionErasureStart(), tracker())
    assert events[0]["value"] == "confirm" and messages[0]["response"] == "utter_ask_delete_confirm"


def validate_code(text: str, sender: str, client: str = "client-a") -> tuple[dict[str, Any], list[str]]:
    dispatcher = CollectingDispatcher()
    t = tracker(text, sender=sender, metadata={"client_key": client})
    slots = ValidateErasureCodeForm().validate_erasure_code(text, dispatcher, t, DOMAIN)
    return slots, [m["text"] for m in dispatcher.messages]


def finished_with_code(database: ScanRepository, sender: str = "first-device") -> str:
    consented(database, sender)
    database.save_answer(sender, ITEMS[0].id, ITEMS[0].rung, 3)
    database.finish(sender, None)
    code = database.issue_erasure_code(sender)
    assert code is not None
    return code


def test_erasure_by_code_from_another_sender_asks_first(database: ScanRepository) -> None:
    code = finished_with_code(database)
    wrong, said = validate_code("ACDE-FHJK-MNPR", "second")
    assert wrong == {"erasure_code": None} and "Bij deze code vond ik niets" in said[0]
    slots, said = validate_code(code.lower(), "second")
    assert slots == {"erasure_code": database.find_erasure_code(code)} and not said
    assert code.replace("-", "") not in str(slots), "the slot holds the stored HMAC, never the code"
    # a right code asks "weet u het zeker?" before anything is erased
    form = ValidateErasureCodeForm()
    pending = tracker(sender="second", slots=slots)
    assert asyncio.run(form.required_slots(form.domain_slots(DOMAIN), CollectingDispatcher(), pending, DOMAIN)) == [
        "erasure_code",
        "erasure_confirmed",
    ]
    _, messages = run(ActionAskErasureConfirmed(), pending)
    assert "Weet u het zeker?" in messages[0]["text"]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/affirm", "/deny"]
    assert database.state("first-device") is not None, "asking erases nothing"
    unclear = CollectingDispatcher()
    assert form.validate_erasure_confirmed("misschien", unclear, pending, DOMAIN) == {"erasure_confirmed": None}
    assert "Ja, wis alles" in unclear.messages[0]["text"]
    # "nee": nothing is erased
    no = form.validate_erasure_confirmed("deny", CollectingDispatcher(), pending, DOMAIN)
    _, messages = run(ActionEraseByCode(), tracker(slots={**slots, **no}, sender="second"))
    assert no == {"erasure_confirmed": False} and "niets weggehaald" in messages[1]["text"]
    assert database.state("first-device") is not None
    # "ja": erased
    yes = form.validate_erasure_confirmed("affirm", CollectingDispatcher(), pending, DOMAIN)
    events, messages = run(ActionEraseByCode(), tracker(slots={**slots, **yes}, sender="second"))
    assert database.state("first-device") is None
    assert "- uw antwoorden op de vragenlijst" in messages[1]["text"]
    assert {"event": "slot", "name": FORGET_SLOT, "value": True, "timestamp": None} in events
    no_code, _ = validate_code("ik heb geen code", "third")
    third = tracker(slots=no_code, sender="third")
    assert asyncio.run(form.required_slots(form.domain_slots(DOMAIN), CollectingDispatcher(), third, DOMAIN)) == [
        "erasure_code"
    ], "no code: nothing to confirm"
    _, messages = run(ActionEraseByCode(), third)
    assert "Zonder wiscode" in messages[1]["text"] and "2 jaar" in messages[1]["text"]


def test_a_wrong_and_an_unknown_code_get_the_same_reply(database: ScanRepository) -> None:
    finished_with_code(database)
    replies = {
        tuple(validate_code(text, f"s{i}", client=f"c{i}")[1])
        for i, text in enumerate(["ACDE-FHJK-MNPR", "hallo", "K7QM-4XPA", "ACDE-FHJK-MNP0", "ACDEFHJKMNPQRT"])
    }
    assert len(replies) == 1


def respondent_queries(url: str) -> list[str]:
    """Every SQL statement on the respondents table from now on (the code lookup)."""
    seen: list[str] = []

    def listen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if "respondents" in statement:
            seen.append(statement)

    event.listen(db.get_engine(url), "before_cursor_execute", listen)
    return seen


@pytest.mark.parametrize("same", ["conversation", "client"])
def test_the_sixth_wrong_code_is_refused_without_a_lookup(database: ScanRepository, same: str) -> None:
    code = finished_with_code(database)
    assert database.url is not None
    seen = respondent_queries(database.url)

    def attempt(number: int, text: str) -> tuple[dict[str, Any], list[str]]:
        # five wrong codes from one conversation (several addresses), or from one address (several chats)
        sender = "guesser" if same == "conversation" else f"guesser-{number}"
        return validate_code(text, sender, client=f"client-{number}" if same == "conversation" else "client-x")

    for number in range(5):
        slots, said = attempt(number, f"ACDE-FHJK-MN{CODE_ALPHABET[number]}P")
        assert slots == {"erasure_code": None} and "vond ik niets" in said[0]
    assert len(seen) == 5, "each wrong code was looked up once"
    # the sixth, even the right code, is refused without looking it up
    slots, said = attempt(5, code)
    assert slots == {"erasure_code": "geblokkeerd"} and not said and len(seen) == 5
    form = ValidateErasureCodeForm()
    blocked = tracker(sender="guesser", slots=slots)
    assert asyncio.run(form.required_slots(form.domain_slots(DOMAIN), CollectingDispatcher(), blocked, DOMAIN)) == [
        "erasure_code"
    ]
    events, messages = run(ActionEraseByCode(), blocked)
    assert "over een uur" in messages[1]["text"] and database.state("first-device") is not None
    assert {"event": "slot", "name": FORGET_SLOT, "value": True, "timestamp": None} in events
    # another conversation from another address is not held up
    slots, _ = validate_code(code, "someone-else", client="client-y")
    assert slots["erasure_code"] == database.find_erasure_code(code)


def test_wrong_codes_count_for_an_hour(database: ScanRepository) -> None:
    from datetime import timedelta

    from actions.privacy import wrong_codes
    from bot.storage.models import utcnow

    attempts = wrong_codes()
    earlier = utcnow() - timedelta(minutes=61)
    for _ in range(5):
        attempts.record(["k"], now=earlier)
    assert not attempts.blocked(["k"]) and attempts.blocked(["k"], now=earlier + timedelta(minutes=59))


def test_device_done_tells_the_page_to_start_fresh(database: ScanRepository) -> None:
    consented(database)
    events, messages = run(ActionDeviceDone(), tracker())
    assert "blijven bewaard" in messages[0]["text"]
    assert messages[1]["custom"] == {"data": DEVICE_DONE_SIGNAL}
    assert {"event": "slot", "name": FORGET_SLOT, "value": True, "timestamp": None} in events
    assert database.state("relative-1") is not None, "the answers stay stored"
