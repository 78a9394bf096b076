"""Custom slot mappings run in the Rasa server (addons/local_actions.py) through the patched ActionExtractSlots."""

from __future__ import annotations

import asyncio
from functools import lru_cache
from typing import Any

import pytest
from rasa.core.actions.action import ActionExtractSlots
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from addons import rasa_patches
from addons.local_actions import set_reader
from bot.reader import CARER, RELATIVE


@lru_cache(maxsize=1)
def domain() -> Domain:
    return Domain.load("domain.yml")


def tracker(*events: Any) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("relative", list(events), slots=domain().slots)


def greet(metadata: Any = None, **parse: Any) -> UserUttered:
    return UserUttered("hallo", {"name": "greet", "confidence": 1.0}, metadata=metadata, **parse)


def extract_slots(conversation: DialogueStateTracker) -> list[Any]:
    """What Rasa's ActionExtractSlots returns after the latest message, with no action server at all."""
    action = ActionExtractSlots(action_endpoint=None)
    nlg = TemplatedNaturalLanguageGenerator(domain().responses)
    return asyncio.run(action.run(CollectingOutputChannel(), nlg, conversation, domain()))


def test_the_page_sets_the_reader() -> None:
    assert set_reader(tracker(greet({"afdeling": "B2"}))) == [SlotSet("reader", RELATIVE)]
    assert set_reader(tracker(greet({"pagina": "oefenen"}))) == [SlotSet("reader", CARER)]


def test_an_unchanged_reader_sets_nothing() -> None:
    assert set_reader(tracker(SlotSet("reader", RELATIVE), greet({"afdeling": "B2"}))) == []
    assert set_reader(tracker(SlotSet("reader", CARER), greet())) == []
    assert set_reader(tracker(greet())) == []


def test_an_explicit_choice_and_what_was_started_count() -> None:
    chosen = UserUttered(
        '/greet{"reader": "medewerker"}',
        {"name": "greet", "confidence": 1.0},
        [{"entity": "reader", "value": "medewerker"}],
    )
    assert set_reader(tracker(chosen)) == [SlotSet("reader", CARER)]
    started = UserUttered("/start_scan", {"name": "start_scan", "confidence": 1.0})
    assert set_reader(tracker(SlotSet("reader", CARER), started)) == [SlotSet("reader", RELATIVE)]
    tip = UserUttered("/tip", {"name": "tip", "confidence": 1.0})
    assert set_reader(tracker(tip)) == [SlotSet("reader", CARER)]


def test_rasa_sets_the_reader_without_the_action_server() -> None:
    events = extract_slots(tracker(ActionExecuted("action_listen"), greet({"afdeling": "B2"})))
    assert SlotSet("reader", RELATIVE) in events


def test_other_custom_actions_still_go_to_rasa(monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[str] = []

    async def rasa_call(self: Any, custom_action: str, *args: Any) -> list[Any]:
        called.append(custom_action)
        return [SlotSet("x", 1)]

    monkeypatch.setattr(rasa_patches, "_rasa_run_custom_action", rasa_call)
    action = ActionExtractSlots(action_endpoint=None)
    conversation = tracker(greet())
    assert asyncio.run(action._run_custom_action("action_elsewhere", None, None, conversation, domain())) == [
        SlotSet("x", 1)
    ]
    assert asyncio.run(action._run_custom_action("action_set_reader", None, None, conversation, domain())) == []
    assert called == ["action_elsewhere"]


def test_a_language_button_sets_the_language_and_a_stored_scan_keeps_it(
    sqlite_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import select

    from addons import local_actions
    from bot.storage.db import session_scope
    from bot.storage.models import Respondent
    from bot.storage.repository import ScanRepository

    monkeypatch.setenv("DATABASE_URL", sqlite_database)
    local_actions.scan_repository.cache_clear()
    ScanRepository(sqlite_database).give_consent("relative", "B2")
    button = UserUttered(
        '/choose_language{"taal": "tr"}',
        {"name": "choose_language", "confidence": 1.0},
        [{"entity": "taal", "value": "tr"}],
        metadata={"afdeling": "B2", "taal": "nl"},
    )
    try:
        assert set_reader(tracker(SlotSet("reader", RELATIVE), button)) == [SlotSet("taal", "tr")]
    finally:
        local_actions.scan_repository.cache_clear()
    with session_scope(sqlite_database) as session:
        assert session.execute(select(Respondent.language)).scalar_one() == "tr"


def test_the_page_language_counts_only_when_it_changes(sqlite_database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from addons import local_actions

    monkeypatch.setenv("DATABASE_URL", sqlite_database)
    local_actions.scan_repository.cache_clear()
    first = UserUttered("hallo", {"name": "greet", "confidence": 1.0}, metadata={"taal": "pl"})
    assert SlotSet("taal", "pl") in set_reader(tracker(first))
    again = UserUttered("hallo", {"name": "greet", "confidence": 1.0}, metadata={"taal": "pl"})
    assert set_reader(tracker(first, SlotSet("taal", "nl"), again)) == []
