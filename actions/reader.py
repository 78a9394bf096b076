"""Sets the slots `reader` and `taal` after every user message (custom slot mappings).

The rules are in bot/reader.py and bot/languages.py; a relative's change of language is stored.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import LANGUAGE_SLOT, READER_SLOT, latest_intent, latest_text, scan_repository
from bot.languages import language_for
from bot.reader import reader_for


def _previous_metadata(tracker: Tracker) -> dict[str, Any]:
    """The metadata of the user message before the latest one."""
    users = [event for event in tracker.events if event.get("event") == "user"]
    return dict(users[-2].get("metadata") or {}) if len(users) > 1 else {}


class ActionSetReader(Action):
    """Relative or carer: from the page, an explicit choice, or what the user started; and the language."""

    def name(self) -> str:
        return "action_set_reader"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        current = tracker.get_slot(READER_SLOT)
        message = tracker.latest_message or {}
        entities = message.get("entities") or []
        reader = reader_for(current, message.get("metadata"), latest_intent(tracker), entities, latest_text(tracker))
        events = [] if reader == current else [SlotSet(READER_SLOT, reader)]
        language = language_for(
            tracker.get_slot(LANGUAGE_SLOT), message.get("metadata"), _previous_metadata(tracker), entities
        )
        if language != tracker.get_slot(LANGUAGE_SLOT):
            events.append(SlotSet(LANGUAGE_SLOT, language))
            scan_repository().set_language(tracker.sender_id, language)
        return events


class ActionChooseLanguage(Action):
    """A language button: the slot is already set (action_set_reader); the rules go on in it."""

    def name(self) -> str:
        return "action_choose_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return []
