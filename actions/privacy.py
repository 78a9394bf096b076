"""Erasure of a relative's data on request: in this conversation, or by erasure code from anywhere."""

from __future__ import annotations

import logging
from typing import Any, Optional

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import AllSlotsReset, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    FORGET_SLOT,
    READER_SLOT,
    language_of,
    latest_intent,
    latest_text,
    menu,
    page_metadata,
    reader_of,
    rehearsal_repository,
    scan_repository,
)
from bot.config import ERASURE_CODE_TRIES, ERASURE_CODE_WINDOW
from bot.content import content
from bot.intake import CLIENT_KEY
from bot.privacy import erasure_report, erasure_texts, says_no_code, settings_text
from bot.storage.attempts import ERASURE_CODE, FailedAttempts
from bot.storage.conversations import delete_events_of_key
from bot.storage.repository import sender_key

logger = logging.getLogger(__name__)
# custom messages for the relatives' page: forget the copy of the conversation it keeps
ERASED_SIGNAL = {"samenspraak": "erased"}
# ... and start a fresh chat with a new session (shared tablet: the next visitor starts clean)
DEVICE_DONE_SIGNAL = {"samenspraak": "device_done"}
NO_CODE = "geen"
# the erasure_code slot after too many wrong codes: the form ends without looking anything up
BLOCKED = "geblokkeerd"
CONFIRM_SLOT = "erasure_confirmed"
YES_PAYLOAD = "/affirm"
NO_PAYLOAD = "/deny"


def wrong_codes() -> FailedAttempts:
    """Wrong erasure codes per conversation and per client address (bot.config.ERASURE_CODE_TRIES)."""
    return FailedAttempts(ERASURE_CODE, ERASURE_CODE_TRIES, ERASURE_CODE_WINDOW)


def _attempt_keys(tracker: Tracker) -> list[Optional[str]]:
    """The keys of the conversation (pseudonymous) and of the client address (from the channel)."""
    client = page_metadata(tracker, CLIENT_KEY)
    return [sender_key(tracker.sender_id), str(client) if client else None]


class ActionErasureStart(Action):
    """'verwijder mijn gegevens': confirm when this conversation holds data, else ask the code."""

    def name(self) -> str:
        return "action_erasure_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        sender = tracker.sender_id
        if scan_repository().state(sender) is not None or rehearsal_repository().has_any(sender):
            dispatcher.utter_message(response="utter_ask_delete_confirm")
            return [SlotSet("erasure_mode", "confirm")]
        return [SlotSet("erasure_mode", "code"), SlotSet("erasure_code", None)]


class ActionDeleteMyData(Action):
    """Deletes the answers and rehearsals of this chat; the tracker store then erases the conversation."""

    def name(self) -> str:
        return "action_delete_my_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        erased = scan_repository().erase(tracker.sender_id)
        rehearsals = rehearsal_repository().delete(tracker.sender_id)
        logger.info("erasure request handled (scan found: %s, rehearsals: %d)", erased is not None, rehearsals)
        dispatcher.utter_message(json_message={"data": ERASED_SIGNAL})
        dispatcher.utter_message(
            text=erasure_report(erased, rehearsals, reader=reader_of(tracker)), buttons=menu(tracker)
        )
        # who reads stays known: the next reply is in the same voice
        return [AllSlotsReset(), SlotSet(READER_SLOT, reader_of(tracker))]


class ValidateErasureCodeForm(FormValidationAction):
    """Takes the erasure code as typed, then asks "weet u het zeker?"; 'ik heb geen code' ends.

    A wrong and an unknown code get the same reply. After ERASURE_CODE_TRIES wrong codes in an
    hour from this conversation or this client address, the form ends kindly without a lookup.
    The slot holds the stored HMAC of a right code, never the code (the tracker store keeps the
    typed text as a placeholder, addons/tracker_store.py).
    """

    def name(self) -> str:
        return "validate_erasure_code_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[str]:
        if tracker.get_slot("erasure_code") in (NO_CODE, BLOCKED):
            return [slot for slot in domain_slots if slot != CONFIRM_SLOT]
        return domain_slots

    def extract_erasure_code(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "erasure_code":
            return {}
        return {"erasure_code": latest_text(tracker)}

    def validate_erasure_code(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        text = str(value or "")
        if says_no_code(text, language_of(tracker)):
            return {"erasure_code": NO_CODE}
        attempts, keys = wrong_codes(), _attempt_keys(tracker)
        if attempts.blocked(keys):
            logger.info("erasure code refused: too many wrong codes")
            return {"erasure_code": BLOCKED}
        digest = scan_repository().find_erasure_code(text)
        if digest is not None:
            return {"erasure_code": digest}
        attempts.record(keys)
        dispatcher.utter_message(text=erasure_texts(reader_of(tracker), language_of(tracker))["code_unknown"])
        return {"erasure_code": None}

    def extract_erasure_confirmed(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != CONFIRM_SLOT:
            return {}
        return {CONFIRM_SLOT: latest_intent(tracker) or latest_text(tracker) or "?"}

    def validate_erasure_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        if value in ("affirm", "deny"):
            return {CONFIRM_SLOT: value == "affirm"}
        dispatcher.utter_message(
            text=erasure_texts(reader_of(tracker), language_of(tracker))["confirm_again"],
            buttons=confirm_buttons(language_of(tracker)),
        )
        return {CONFIRM_SLOT: None}


def confirm_buttons(lang: str) -> list[dict[str, str]]:
    """'Ja, wis alles' and 'Nee, niet wissen'."""
    texts = content(lang).privacy.erasure
    return [
        {"title": texts["confirm_yes_button"], "payload": YES_PAYLOAD},
        {"title": texts["confirm_no_button"], "payload": NO_PAYLOAD},
    ]


class ActionAskErasureCode(Action):
    """Asks for the erasure code shown at the end of the scan."""

    def name(self) -> str:
        return "action_ask_erasure_code"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        texts = erasure_texts(reader_of(tracker), language_of(tracker))
        button = texts["no_code_button"]
        dispatcher.utter_message(text=texts["ask_code"], buttons=[{"title": button, "payload": button}])
        return []


class ActionAskErasureConfirmed(Action):
    """A right code: "weet u het zeker?" before anything is erased."""

    def name(self) -> str:
        return "action_ask_erasure_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            text=erasure_texts(reader_of(tracker), language_of(tracker))["confirm_code"],
            buttons=confirm_buttons(language_of(tracker)),
        )
        return []


class ActionEraseByCode(Action):
    """Erases the scan of the erasure code and its conversation (after a yes), wherever it was held."""

    def name(self) -> str:
        return "action_erase_by_code"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        digest = tracker.get_slot("erasure_code")
        texts = erasure_texts(reader_of(tracker), language_of(tracker))
        dispatcher.utter_message(json_message={"data": ERASED_SIGNAL})
        if not digest or digest == NO_CODE:
            text = settings_text(texts["no_code"], language_of(tracker))
        elif digest == BLOCKED:
            text = settings_text(texts["too_many_codes"], language_of(tracker))
        elif tracker.get_slot(CONFIRM_SLOT) is not True:
            text = texts["kept"]
        else:
            found = scan_repository().erase_by_digest(str(digest))
            events = delete_events_of_key(found[1]) if found else 0
            logger.info("erasure by code handled (scan found: %s, events: %d)", found is not None, events)
            text = erasure_report(
                found[0] if found else None, earlier_conversation=events > 0, reader=reader_of(tracker)
            )
        dispatcher.utter_message(text=text, buttons=menu(tracker))
        # this conversation held the code (as a placeholder): it is forgotten too
        return [AllSlotsReset(), SlotSet(READER_SLOT, reader_of(tracker)), SlotSet(FORGET_SLOT, True)]


class ActionDeviceDone(Action):
    """'Klaar op dit apparaat': the page starts a fresh chat; the stored answers stay."""

    def name(self) -> str:
        return "action_device_done"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=content(language_of(tracker)).privacy.device["cleared"])
        dispatcher.utter_message(json_message={"data": DEVICE_DONE_SIGNAL})
        return [AllSlotsReset(), SlotSet(FORGET_SLOT, True)]
