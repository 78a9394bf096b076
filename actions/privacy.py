"""Erasure of a relative's data on request: in this conversation, or by erasure code from anywhere."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import AllSlotsReset, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    FORGET_SLOT,
    READER_SLOT,
    latest_text,
    menu,
    reader_of,
    rehearsal_repository,
    scan_repository,
)
from bot.content import content
from bot.privacy import erasure_report, erasure_texts, normalize_erasure_code, says_no_code, settings_text
from bot.storage.conversations import delete_events_of_key

logger = logging.getLogger(__name__)
# custom messages for the relatives' page: forget the copy of the conversation it keeps
ERASED_SIGNAL = {"samenspraak": "erased"}
# ... and start a fresh chat with a new session (shared tablet: the next visitor starts clean)
DEVICE_DONE_SIGNAL = {"samenspraak": "device_done"}
NO_CODE = "geen"


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
    """Takes the erasure code as typed; an unknown code is asked again, 'ik heb geen code' ends."""

    def name(self) -> str:
        return "validate_erasure_code_form"

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
        if says_no_code(text):
            return {"erasure_code": NO_CODE}
        if scan_repository().knows_erasure_code(text):
            return {"erasure_code": normalize_erasure_code(text)}
        dispatcher.utter_message(text=erasure_texts(reader_of(tracker))["code_unknown"])
        return {"erasure_code": None}


class ActionAskErasureCode(Action):
    """Asks for the erasure code shown at the end of the scan."""

    def name(self) -> str:
        return "action_ask_erasure_code"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        texts = erasure_texts(reader_of(tracker))
        button = texts["no_code_button"]
        dispatcher.utter_message(text=texts["ask_code"], buttons=[{"title": button, "payload": button}])
        return []


class ActionEraseByCode(Action):
    """Erases the scan of the erasure code and its conversation, wherever it was held."""

    def name(self) -> str:
        return "action_erase_by_code"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        code = tracker.get_slot("erasure_code")
        dispatcher.utter_message(json_message={"data": ERASED_SIGNAL})
        if not code or code == NO_CODE:
            text = settings_text(erasure_texts(reader_of(tracker))["no_code"])
        else:
            found = scan_repository().erase_by_code(code)
            events = delete_events_of_key(found[1]) if found else 0
            logger.info("erasure by code handled (scan found: %s, events: %d)", found is not None, events)
            text = erasure_report(
                found[0] if found else None, earlier_conversation=events > 0, reader=reader_of(tracker)
            )
        dispatcher.utter_message(text=text, buttons=menu(tracker))
        # this conversation holds the typed code: it is forgotten too
        return [AllSlotsReset(), SlotSet(READER_SLOT, reader_of(tracker)), SlotSet(FORGET_SLOT, True)]


class ActionDeviceDone(Action):
    """'Klaar op dit apparaat': the page starts a fresh chat; the stored answers stay."""

    def name(self) -> str:
        return "action_device_done"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=content().privacy.device["cleared"])
        dispatcher.utter_message(json_message={"data": DEVICE_DONE_SIGNAL})
        return [AllSlotsReset(), SlotSet(FORGET_SLOT, True)]
