"""Custom slot mappings that run inside the Rasa server instead of on the action server.

`action_set_reader` (the custom mapping of the slots `reader` and `taal` in domain.yml) runs after
every user message and applies the Rasa-free rules of bot/reader.py and bot/languages.py to that
message; a relative's change of language is also stored with their answers. On the action server it
cost a round trip carrying the whole conversation as JSON, one of three per scan turn
(docs/speed.md). Rasa's ActionExtractSlots runs custom mappings through `_run_custom_action`;
addons/rasa_patches.py sends the actions named in LOCAL_ACTIONS here, every other one to the action
server as before.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from rasa.shared.core.events import Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.languages import LANGUAGE_KEY, language_for
from bot.reader import reader_for
from bot.storage.repository import ScanRepository

READER_SLOT = "reader"
LANGUAGE_SLOT = LANGUAGE_KEY

LocalAction = Callable[[DialogueStateTracker], list[Event]]


@lru_cache(maxsize=1)
def scan_repository() -> ScanRepository:
    """The relatives' answers in the configured database (DATABASE_URL), as on the action server."""
    return ScanRepository()


def _previous_metadata(tracker: DialogueStateTracker) -> dict[str, Any]:
    """The metadata of the user message before the latest one."""
    users = [event for event in tracker.events if isinstance(event, UserUttered)]
    return dict(users[-2].parse_data.get("metadata") or {}) if len(users) > 1 else {}


def set_reader(tracker: DialogueStateTracker) -> list[Event]:
    """Relative or carer, and the conversation's language, after the latest message.

    The reader: the page, an explicit choice, or what the user started; the language: a language
    button, or the page's choice (bot/languages.py).

    Reads the latest message as the action server saw it (Rasa's `latest_message` of the tracker).
    """
    current = tracker.get_slot(READER_SLOT)
    message = tracker.latest_message
    parse_data = dict(message.parse_data) if message is not None else {}
    reader = reader_for(
        current,
        parse_data.get("metadata"),
        (parse_data.get("intent") or {}).get("name"),
        (message.entities if message is not None else None) or [],
        parse_data.get("text") or "",
    )
    events: list[Event] = [] if reader == current else [SlotSet(READER_SLOT, reader)]
    language = language_for(
        tracker.get_slot(LANGUAGE_SLOT),
        parse_data.get("metadata"),
        _previous_metadata(tracker),
        (message.entities if message is not None else None) or [],
    )
    if language != tracker.get_slot(LANGUAGE_SLOT):
        events.append(SlotSet(LANGUAGE_SLOT, language))
        scan_repository().set_language(tracker.sender_id, language)
    return events


# custom actions run here, by name; each returns only SlotSet events, as a custom slot mapping may
LOCAL_ACTIONS: dict[str, LocalAction] = {"action_set_reader": set_reader}
