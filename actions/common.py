"""Helpers shared by the action modules."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, Optional

from rasa_sdk import Tracker

from bot.content.replies import replies
from bot.languages import LANGUAGE_KEY, code
from bot.storage.rehearsals import RehearsalRepository
from bot.storage.repository import ScanRepository
from bot.storage.units import UnitRegistry

# Setting this slot to true makes the tracker store forget the whole conversation (addons/).
FORGET_SLOT = "forget_conversation"
# who reads: "naaste" or "medewerker" (None until known); set by actions/reader.py
READER_SLOT = "reader"
# the relative's language (bot/languages.py); set by actions/reader.py
LANGUAGE_SLOT = LANGUAGE_KEY


@lru_cache(maxsize=1)
def scan_repository() -> ScanRepository:
    """The repository for the configured database (DATABASE_URL)."""
    return ScanRepository()


@lru_cache(maxsize=1)
def rehearsal_repository() -> RehearsalRepository:
    """The rehearsal repository for the configured database (DATABASE_URL)."""
    return RehearsalRepository()


@lru_cache(maxsize=1)
def unit_registry() -> UnitRegistry:
    """The registered units in the configured database (DATABASE_URL)."""
    return UnitRegistry()


def reader_of(tracker: Tracker) -> Optional[str]:
    """The reader of this conversation: "naaste", "medewerker" or None (not known yet)."""
    value = tracker.get_slot(READER_SLOT)
    return str(value) if value else None


def language_of(tracker: Tracker) -> str:
    """The relative's language in this conversation ("nl" for carers, who stay Dutch)."""
    return "nl" if reader_of(tracker) == "medewerker" else code(tracker.get_slot(LANGUAGE_SLOT))


def menu(tracker: Tracker) -> list[dict[str, str]]:
    """The menu for the reader of this conversation (asks who reads when not known), in their language."""
    return replies(language_of(tracker)).menu(reader_of(tracker))


def text_buttons(labels: Iterable[str]) -> list[dict[str, str]]:
    """Buttons whose payload is their own text, so a click reads like a typed answer."""
    return [{"title": label, "payload": label} for label in labels]


def latest_intent(tracker: Tracker) -> Optional[str]:
    """Name of the intent of the latest user message."""
    return (tracker.latest_message.get("intent") or {}).get("name")


def latest_text(tracker: Tracker) -> str:
    """Text of the latest user message ('' when absent)."""
    return tracker.latest_message.get("text") or ""


def actions_since_user_message(tracker: Tracker) -> list[str]:
    """Names of the actions that ran since the latest user message, oldest first."""
    names: list[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "action" and event.get("name"):
            names.append(str(event["name"]))
    return names[::-1]


def page_metadata(tracker: Tracker, key: str) -> Optional[Any]:
    """A value the page sent along with the user's messages (newest first)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            value = (event.get("metadata") or {}).get(key)
            if value:
                return value
    return None


def extract_unless_interrupted(
    tracker: Tracker, slot: str, understood: Callable[[str], bool], interruptions: frozenset[str]
) -> dict[str, Any]:
    """Fill the requested `slot` with the user's text, unless it is an interruption.

    Text the form understands is always taken, whatever NLU thought of it (buttons send plain
    text). Other text is left to the rules (form rejected) when NLU recognised one of the
    `interruptions`, and otherwise taken so that validation can ask again.
    """
    if tracker.get_slot("requested_slot") != slot:
        return {}
    text = latest_text(tracker)
    if understood(text) or latest_intent(tracker) not in interruptions:
        return {slot: text}
    return {}
