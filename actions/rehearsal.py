"""Rehearsal of the start conversation as a Rasa form: the relative replies to every turn."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    actions_since_user_message,
    extract_unless_interrupted,
    latest_text,
    menu,
    reader_of,
    rehearsal_repository,
)
from bot.content import content
from bot.content.forms import interruptions
from bot.content.replies import CARER, replies
from bot.rehearsal.conversation import Turn, hint, opening, parse_persona, reply, said_to_assistant
from bot.rehearsal.feedback import evaluate, feedback_messages, read_rehearsal
from bot.rehearsal.moves import move_classifier

Slots = dict[str, Any]
# Said to the assistant, not to the relative: answered by a rule, then the role play goes on.
INTERRUPTIONS = interruptions()["rehearsal_form"]  # bot/content/forms.yml
# What runs for a turn of the role play itself; any other action in the same turn answered an aside.
FORM_ACTIONS = frozenset({"action_listen", "rehearsal_form", "validate_rehearsal_form"})
# Under every reply of the relative, so that the carer can always ask for a hint or round off.
ROLE_PLAY_PAYLOADS = {"rehearsal_hint_button": "/rehearsal_hint", "rehearsal_finish_button": "/rehearsal_finish"}


def _say(key: str, **values: object) -> str:
    return replies().message(key, CARER, **values)


def role_play_buttons() -> list[dict[str, str]]:
    """Under every reply of the relative, so that the carer can always ask for a hint or round off."""
    return [{"title": _say(key), "payload": payload} for key, payload in ROLE_PLAY_PAYLOADS.items()]


def _seed(tracker: Tracker) -> int:
    return sum(ord(c) for c in tracker.sender_id) + len(tracker.events)


def is_role_play(tracker: Tracker) -> bool:
    """True when the latest message is a turn in the role play rather than a request to the bot."""
    intent = tracker.latest_message.get("intent") or {}
    request = intent.get("name") if intent.get("name") in INTERRUPTIONS else None
    confidence = float(intent.get("confidence") or 0)
    return not said_to_assistant(request, confidence, move_classifier().scores(latest_text(tracker)))


class ValidateRehearsalForm(FormValidationAction):
    """Picks the persona, then answers every carer turn in character and stores it."""

    def name(self) -> str:
        return "validate_rehearsal_form"

    def extract_persona(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Slots:
        personas = content().personas
        return extract_unless_interrupted(
            tracker, "persona", lambda t: parse_persona(t, personas, 0) is not None, INTERRUPTIONS
        )

    def extract_rehearsal_turn(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        if tracker.get_slot("requested_slot") != "rehearsal_turn" or not is_role_play(tracker):
            return {}
        return {"rehearsal_turn": latest_text(tracker)}

    def validate_persona(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        if tracker.get_slot("requested_slot") != "persona":
            # left over from an earlier rehearsal: a new rehearsal always offers the choice again
            return {"persona": None}
        data = content()
        key = parse_persona(str(value), data.personas, _seed(tracker))
        if key is None:
            dispatcher.utter_message(text=_say("rehearsal_choose_again"))
            return {"persona": None}
        persona = data.personas[key]
        state = rehearsal_repository().start(tracker.sender_id, key)
        dispatcher.utter_message(
            text=_say("rehearsal_persona", name=persona.name, label=persona.label.lower(), resident=persona.resident)
            + f"\n{persona.background}"
        )
        dispatcher.utter_message(text=f"{persona.name}: {opening(persona, state.seed)}", buttons=role_play_buttons())
        return {"persona": key}

    def validate_rehearsal_turn(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        data = content()
        repository = rehearsal_repository()
        state = repository.current(tracker.sender_id)
        if state is None:
            dispatcher.utter_message(text=_say("rehearsal_already_done"))
            return {"rehearsal_turn": None, "persona": None}
        persona = data.personas[state.persona]
        text = str(value)
        moves = move_classifier().predict(text)
        answer = reply(persona, data.rehearsal, state.turns, moves, state.seed)
        repository.add_turn(state.id, Turn(text, moves, answer))
        dispatcher.utter_message(text=f"{persona.name}: {answer}", buttons=role_play_buttons())
        return {"rehearsal_turn": None}


class ActionAskPersona(Action):
    """Explains the rehearsal and offers the simulated relatives; an unfinished one is closed."""

    def name(self) -> str:
        return "action_ask_persona"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        rehearsal_repository().abandon(tracker.sender_id)
        data = content()
        dispatcher.utter_message(text=data.rehearsal.intro)
        buttons = [{"title": p.label, "payload": p.label} for p in data.personas.values()]
        buttons.append({"title": data.rehearsal.surprise, "payload": data.rehearsal.surprise})
        dispatcher.utter_message(text=data.rehearsal.choose, buttons=buttons)
        return []


class ActionAskRehearsalTurn(Action):
    """Waits for the carer's next turn; after an interruption it says the role play goes on."""

    def name(self) -> str:
        return "action_ask_rehearsal_turn"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        state = rehearsal_repository().current(tracker.sender_id)
        answered_aside = any(name not in FORM_ACTIONS for name in actions_since_user_message(tracker))
        if state is not None and answered_aside:
            persona = content().personas[state.persona]
            last = state.turns[-1].reply if state.turns else opening(persona, state.seed)
            dispatcher.utter_message(text=f"{_say('rehearsal_resume', name=persona.name)}\n\"{last}\"")
        return []


class ActionRehearsalHint(Action):
    """A coaching hint out of character; the role play continues afterwards."""

    def name(self) -> str:
        return "action_rehearsal_hint"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        state = rehearsal_repository().current(tracker.sender_id)
        turns = state.turns if state else ()
        dispatcher.utter_message(text=_say("rehearsal_hint", hint=hint(turns, content().rehearsal)))
        return []


class ActionRehearsalFeedback(Action):
    """Ends the rehearsal with feedback that quotes the carer's own words."""

    def name(self) -> str:
        return "action_rehearsal_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        data = content()
        repository = rehearsal_repository()
        state = repository.current(tracker.sender_id)
        reset = [SlotSet("persona", None), SlotSet("rehearsal_turn", None)]
        if state is None:
            dispatcher.utter_message(
                text=replies().message("rehearsal_none", reader_of(tracker)), buttons=menu(tracker)
            )
            return reset
        persona = data.personas[state.persona]
        dispatcher.utter_message(text=f"{persona.name}: {persona.closing[state.seed % len(persona.closing)]}")
        result = evaluate(data, state.turns, persona)
        previous = repository.previous_score(tracker.sender_id, before=state.id)
        repository.finish(state.id, result.score, result.total)
        reading = read_rehearsal(state.turns, opening(persona, state.seed))
        for message in feedback_messages(data, result, previous, reading):
            dispatcher.utter_message(text=message)
        dispatcher.utter_message(
            text=_say("rehearsal_again"),
            buttons=[{"title": _say("rehearsal_again_button"), "payload": "/start_rehearsal"}]
            + [b for b in menu(tracker) if b["payload"] != "/start_rehearsal"],
        )
        return reset
