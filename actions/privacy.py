"""Erasure of a relative's data on request."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset
from rasa_sdk.executor import CollectingDispatcher

from actions.common import MENU_BUTTONS, rehearsal_repository, scan_repository

logger = logging.getLogger(__name__)
ERASED_SIGNAL = {"samenspraak": "erased"}


class ActionDeleteMyData(Action):
    """Deletes the answers and rehearsals of this chat; the tracker store then erases the conversation."""

    def name(self) -> str:
        return "action_delete_my_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        erased = scan_repository().delete(tracker.sender_id)
        rehearsals = rehearsal_repository().delete(tracker.sender_id)
        logger.info("erasure request handled (answers found: %s, rehearsals: %d)", erased, rehearsals)
        # tells the web page to forget its copy of the conversation too (ignored elsewhere)
        dispatcher.utter_message(json_message={"data": ERASED_SIGNAL})
        dispatcher.utter_message(
            text="Klaar: uw antwoorden en dit gesprek zijn verwijderd. Er is niets meer van u "
            "bewaard. U kunt altijd opnieuw beginnen.",
            buttons=MENU_BUTTONS,
        )
        return [AllSlotsReset()]
