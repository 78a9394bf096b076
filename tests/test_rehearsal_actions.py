"""Rehearsal actions against tracker fixtures and a real SQLite database (no Rasa server)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func, select

from actions.privacy import ActionDeleteMyData
from actions.rehearsal import (
    ActionAskPersona,
    ActionAskRehearsalTurn,
    ActionRehearsalFeedback,
    ValidateRehearsalForm,
)
from bot.content import content
from bot.storage.db import session_scope
from bot.storage.models import Rehearsal, RehearsalTurn
from bot.storage.rehearsals import RehearsalRepository
from tests.conftest import make_tracker
from tests.test_actions import DOMAIN

DATA = content()
SENDER = "carer-1"
KEY, PERSONA = next(iter(DATA.personas.items()))


@pytest.fixture(autouse=True)
def repository(actions_database: str) -> RehearsalRepository:
    return RehearsalRepository(actions_database)


def tracker(
    text: str, intent: str = "nlu_fallback", confidence: float = 0.4, requested: str = "rehearsal_turn"
) -> Tracker:
    slots = {"requested_slot": requested, "persona": KEY if requested == "rehearsal_turn" else None}
    return make_tracker(text, intent, slots, sender=SENDER, form="rehearsal_form", confidence=confidence)


def say(text: str, **kwargs: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One carer turn through the form's extraction and validation, as Rasa would run it."""
    form, dispatcher, t = ValidateRehearsalForm(), CollectingDispatcher(), tracker(text, **kwargs)
    extracted = form.extract_rehearsal_turn(dispatcher, t, DOMAIN)
    if "rehearsal_turn" not in extracted:
        return extracted, dispatcher.messages
    return form.validate_rehearsal_turn(extracted["rehearsal_turn"], dispatcher, t, DOMAIN), dispatcher.messages


def choose_persona() -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    t = tracker(PERSONA.label, requested="persona")
    slots = ValidateRehearsalForm().validate_persona(PERSONA.label, dispatcher, t, DOMAIN)
    assert slots == {"persona": KEY}
    return dispatcher.messages


def finish() -> str:
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionRehearsalFeedback().run(dispatcher, tracker("afronden", "rehearsal_finish", 0.99), DOMAIN))
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


def test_choosing_a_persona_starts_a_stored_rehearsal_in_character(repository: RehearsalRepository) -> None:
    messages = choose_persona()
    opening = messages[-1]
    assert opening["text"].startswith(f"{PERSONA.name}: ")
    assert opening["text"].removeprefix(f"{PERSONA.name}: ") in PERSONA.opening
    assert {b["payload"] for b in opening["buttons"]} == {"/rehearsal_hint", "/rehearsal_finish"}
    state = repository.current(SENDER)
    assert state is not None and state.persona == KEY and state.turns == ()


def test_unknown_persona_is_asked_again(repository: RehearsalRepository) -> None:
    dispatcher = CollectingDispatcher()
    t = tracker("de buurvrouw", requested="persona")
    slots = ValidateRehearsalForm().validate_persona("de buurvrouw", dispatcher, t, DOMAIN)
    assert slots == {"persona": None}
    assert "verras me" in dispatcher.messages[0]["text"]
    assert repository.current(SENDER) is None


def test_every_turn_is_answered_in_character_and_stored(repository: RehearsalRepository) -> None:
    choose_persona()
    slots, messages = say("Goedemiddag, ik ben Sanne, de vaste verzorgende van uw moeder.")
    assert slots == {"rehearsal_turn": None}
    assert messages[0]["text"].startswith(f"{PERSONA.name}: ")
    state = repository.current(SENDER)
    assert state is not None and len(state.turns) == 1
    assert "introduce" in state.turns[0].moves
    assert f"{PERSONA.name}: {state.turns[0].reply}" == messages[0]["text"]


def test_a_sure_request_to_the_assistant_is_not_a_turn(repository: RehearsalRepository) -> None:
    choose_persona()
    slots, messages = say("help", intent="help", confidence=0.97)
    assert slots == {} and messages == []
    state = repository.current(SENDER)
    assert state is not None and state.turns == ()
    answered = tracker("help", "help", 0.97)
    answered.events.append({"event": "action", "name": "utter_help"})
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAskRehearsalTurn().run(dispatcher, answered, DOMAIN))
    assert "We gaan verder met het rollenspel" in dispatcher.messages[0]["text"]


def test_no_resume_note_right_after_choosing_the_persona() -> None:
    choose_persona()
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAskRehearsalTurn().run(dispatcher, tracker(PERSONA.label, "tip", 1.0, "persona"), DOMAIN))
    assert dispatcher.messages == []


def test_feedback_quotes_the_carer_and_compares_with_the_previous_attempt(repository: RehearsalRepository) -> None:
    choose_persona()
    say("Hoe gaat het eigenlijk met u, nu uw moeder hier woont?")
    first = finish()
    assert "Je hebt 1 van de 8 tips toegepast." in first
    assert '"Hoe gaat het eigenlijk met u, nu uw moeder hier woont?"' in first
    assert repository.current(SENDER) is None
    choose_persona()
    say("Goedemiddag, ik ben Sanne, de vaste verzorgende van uw moeder.")
    say("Hoe gaat het eigenlijk met u, nu uw moeder hier woont?")
    assert "Vorige keer waren dat er 1." in finish()


def test_feedback_without_a_rehearsal_says_so() -> None:
    assert "Er loopt nu geen oefengesprek" in finish()


def test_erasure_removes_the_rehearsals(repository: RehearsalRepository) -> None:
    choose_persona()
    say("Wat voor iemand is uw moeder?")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionDeleteMyData().run(dispatcher, tracker("verwijder alles", "delete_my_data", 0.99), DOMAIN))
    with session_scope(repository.url) as session:
        assert session.execute(select(func.count()).select_from(Rehearsal)).scalar_one() == 0
        assert session.execute(select(func.count()).select_from(RehearsalTurn)).scalar_one() == 0


def test_a_persona_left_from_an_earlier_rehearsal_is_asked_again(repository: RehearsalRepository) -> None:
    dispatcher = CollectingDispatcher()
    t = tracker("/start_rehearsal", "start_rehearsal", 1.0, requested="")
    slots = ValidateRehearsalForm().validate_persona(KEY, dispatcher, t, DOMAIN)
    assert slots == {"persona": None} and dispatcher.messages == []
    assert repository.current(SENDER) is None


def test_a_new_rehearsal_closes_an_unfinished_one_without_a_score(repository: RehearsalRepository) -> None:
    choose_persona()
    say("Wat voor iemand is uw moeder?")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAskPersona().run(dispatcher, tracker("/start_rehearsal", "start_rehearsal", 1.0, ""), DOMAIN))
    assert [b["title"] for b in dispatcher.messages[-1]["buttons"]][: len(DATA.personas)] == [
        p.label for p in DATA.personas.values()
    ]
    assert repository.current(SENDER) is None
    assert repository.previous_score(SENDER, before="") is None
    assert "Er loopt nu geen oefengesprek" in finish()
