"""Custom slot mappings that run inside the Rasa server instead of on the action server.

`action_set_reader` (the custom mapping of the slot `reader` in domain.yml) runs after every user
message and only applies the Rasa-free rule of bot/reader.py to that message. On the action server it
cost a round trip carrying the whole conversation as JSON, one of three per scan turn
(docs/speed.md). Rasa's ActionExtractSlots runs custom mappings through `_run_custom_action`;
addons/rasa_patches.py sends the actions named in LOCAL_ACTIONS here, every other one to the action
server as before.
"""

from __future__ import annotations

from collections.abc import Callable

from rasa.shared.core.events import Event, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.reader import reader_for

READER_SLOT = "reader"

LocalAction = Callable[[DialogueStateTracker], list[Event]]


def set_reader(tracker: DialogueStateTracker) -> list[Event]:
    """Relative or carer after the latest message: the page, an explicit choice, or what the user started.

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
    return [] if reader == current else [SlotSet(READER_SLOT, reader)]


# custom actions run here, by name; each returns only SlotSet events, as a custom slot mapping may
LOCAL_ACTIONS: dict[str, LocalAction] = {"action_set_reader": set_reader}
