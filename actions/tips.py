"""Tips during a shift: answers the retrieval intent `tip`, or offers the closest tips."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.relatives import answer_relatives_question, reader_in
from bot.content import content
from bot.content.replies import CARER, replies
from bot.reader import RELATIVE
from bot.selection import answer_intents_tied, selection
from bot.tips import closest_tips, tip_payload

# Below this ResponseSelector confidence the tip is not given; the closest tips are offered.
TIP_CONFIDENCE = 0.5
MENU_TIPS = ("contact_voor_inhoud", "hoe_gaat_het_met_u", "hele_team", "zorgoverleg", "ladder")


def answer_tip(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The tip the ResponseSelector picked, or honestly none with the closest tips (for a carer)."""
    tips = content().tips
    chosen = next(
        (e.get("value") for e in tracker.latest_message.get("entities", []) if e.get("entity") == "tip_key"),
        None,
    )
    if chosen in tips:
        dispatcher.utter_message(response=f"utter_tip/{chosen}")
        return
    picked = selection(tracker.latest_message.get("response_selector"), "tip")
    if picked is None:
        dispatcher.utter_message(
            text=replies().message("tip_ask", CARER),
            buttons=[{"title": tips[k].title, "payload": tip_payload(k)} for k in MENU_TIPS],
        )
    elif picked.key in tips and picked.confidence >= TIP_CONFIDENCE:
        dispatcher.utter_message(response=f"utter_tip/{picked.key}")
    else:
        closest = closest_tips(picked.ranking, tips)
        dispatcher.utter_message(
            text=replies().message("tip_none_fits", CARER),
            buttons=[{"title": t.title, "payload": tip_payload(t.key)} for t in closest],
        )


class ActionAnswerTip(Action):
    """Gives the tip the ResponseSelector picked, honestly says so when none fits well.

    A relative never gets a carers' tip: their question is answered from the relatives' questions.
    """

    def name(self) -> str:
        return "action_answer_tip"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if reader_in(tracker) == RELATIVE:
            answer_relatives_question(dispatcher, tracker)
        else:
            answer_tip(dispatcher, tracker)
        return []


class ActionNotUnderstood(Action):
    """Not understood (nlu_fallback): says so, unless only the reader decides the answer.

    A message that reads as a tip question and a relatives' question alike: a carer gets the tip,
    anyone else the relatives' answer, as for those intents.
    """

    def name(self) -> str:
        return "action_not_understood"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if not answer_intents_tied(tracker.latest_message.get("intent_ranking")):
            dispatcher.utter_message(response="utter_default")
        elif reader_in(tracker) == CARER:
            answer_tip(dispatcher, tracker)
        else:
            answer_relatives_question(dispatcher, tracker)
        return []
