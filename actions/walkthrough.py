"""The start-conversation walkthrough as a Rasa form: one step at a time."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import extract_unless_interrupted, latest_intent, menu
from bot.content import content
from bot.content.forms import interruptions
from bot.content.replies import CARER, replies
from bot.walkthrough import checklist, finished, navigate, situation_note, step_message

NAV_PAYLOADS = {
    "walkthrough_next_button": "/next_step",
    "walkthrough_back_button": "/previous_step",
    "walkthrough_stop_button": "/stop",
}


def _say(key: str) -> str:
    return replies().message(key, CARER)


# Intents that interrupt the walkthrough: answered by a rule, then the same step comes back.
INTERRUPTIONS = interruptions()["walkthrough_form"]  # bot/content/forms.yml


def current_step(tracker: Tracker) -> int:
    """Index of the step being shown (0 when none yet)."""
    try:
        return int(tracker.get_slot("walk_step") or 0)
    except (TypeError, ValueError):
        return 0


class ValidateWalkthroughForm(FormValidationAction):
    """Moves through the steps on "volgende" and "terug"."""

    def name(self) -> str:
        return "validate_walkthrough_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[str]:
        # the situation question is asked once: a skipped note leaves the slot empty, the step shows it was asked
        if tracker.get_slot("walk_step") is None:
            return ["walk_situation", "walk_nav"]
        # past the last step nothing is left to ask: the form ends and the checklist follows
        return [] if finished(content().walkthrough, current_step(tracker)) else ["walk_nav"]

    def extract_walk_situation(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        return extract_unless_interrupted(tracker, "walk_situation", lambda t: False, INTERRUPTIONS - {"tip"})

    def extract_walk_nav(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        guide, intent = content().walkthrough, latest_intent(tracker)
        return extract_unless_interrupted(
            tracker, "walk_nav", lambda t: navigate(guide, 0, t, intent).understood, INTERRUPTIONS
        )

    def validate_walk_situation(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        return {"walk_situation": situation_note(str(value)), "walk_step": 0}

    def validate_walk_nav(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        move = navigate(content().walkthrough, current_step(tracker), str(value), latest_intent(tracker))
        if not move.understood:
            dispatcher.utter_message(text=_say("walkthrough_unclear"))
        elif move.at_start:
            dispatcher.utter_message(text=_say("walkthrough_first_step"))
        return {"walk_nav": None, "walk_step": move.step}


class ActionAskWalkSituation(Action):
    """Introduces the walkthrough and offers to note the resident's situation."""

    def name(self) -> str:
        return "action_ask_walk_situation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=content().walkthrough.intro)
        dispatcher.utter_message(
            text=_say("walkthrough_situation"),
            buttons=[{"title": _say("walkthrough_skip_button"), "payload": "overslaan"}],
        )
        return []


class ActionAskWalkNav(Action):
    """Shows the current step with its tip and example sentence."""

    def name(self) -> str:
        return "action_ask_walk_nav"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        buttons = [{"title": _say(key), "payload": payload} for key, payload in NAV_PAYLOADS.items()]
        dispatcher.utter_message(text=step_message(content().walkthrough, current_step(tracker)), buttons=buttons)
        return []


class ActionWalkthroughDone(Action):
    """Ends the walkthrough with the personal checklist as text."""

    def name(self) -> str:
        return "action_walkthrough_done"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = checklist(content().walkthrough, tracker.get_slot("walk_situation"))
        dispatcher.utter_message(text=_say("walkthrough_done"))
        dispatcher.utter_message(text=text, buttons=menu(tracker))
        return [SlotSet(slot, None) for slot in ("walk_situation", "walk_nav", "walk_step")]


class ActionWalkthroughStopped(Action):
    """Stops the walkthrough halfway and says how to start again."""

    def name(self) -> str:
        return "action_walkthrough_stopped"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            text=_say("walkthrough_stopped"),
            buttons=menu(tracker),
        )
        return [SlotSet(slot, None) for slot in ("walk_situation", "walk_nav", "walk_step")]
