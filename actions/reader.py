"""Sets the slot `reader` after every user message (custom slot mapping; rule in bot/reader.py)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import READER_SLOT, latest_intent, latest_text
from bot.reader import reader_for


class ActionSetReader(Action):
    """Relative or carer: from the page, an explicit choice, or what the user started."""

    def name(self) -> str:
        return "action_set_reader"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        current = tracker.get_slot(READER_SLOT)
        message = tracker.latest_message or {}
        reader = reader_for(
            current,
            message.get("metadata"),
            latest_intent(tracker),
            message.get("entities") or [],
            latest_text(tracker),
        )
        return [] if reader == current else [SlotSet(READER_SLOT, reader)]
