"""The language buttons in the chat.

The slot `taal` is set after every message by `action_set_reader`, inside the Rasa server
(addons/local_actions.py); a relative's change of language is stored there too.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


class ActionChooseLanguage(Action):
    """A language button: the slot is already set (action_set_reader); the rules go on in it."""

    def name(self) -> str:
        return "action_choose_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return []
