"""The end of the relatives' quick scan: the result and the erasure code, or why it ended early; why and pause."""

from __future__ import annotations

from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import FORGET_SLOT, language_of, menu, scan_repository
from actions.scan import REOPENED_SLOT, STOP_SLOT, scan_stop, scan_text
from bot.content import content, limit_texts
from bot.content.invitations import invitation_texts
from bot.privacy import settings_text
from bot.questionnaire.relatives import Stop
from bot.scoring import build_result
from bot.storage.repository import sender_key
from bot.web.result_copy import copy_path

# "Klaar op dit apparaat": a goodbye that also starts a fresh chat on this device (rule in data/)
DEVICE_DONE_PAYLOAD = '/goodbye{"device": "klaar"}'
PAGE_CHANNEL = "socketio"
# the conversation's slots of the scan, cleared at its end (the stored answers stay)
FORM_SLOTS = ("scan_consent", "scan_answer", REOPENED_SLOT, "scan_remark", STOP_SLOT)


def continue_button(lang: str) -> list[dict[str, str]]:
    """The button that resumes the scan where it was."""
    return [{"title": scan_text(lang, "scan_continue_button"), "payload": "/start_scan"}]


def early_goodbye(stop: Optional[Stop], lang: str) -> str:
    """The kind goodbye of a scan that ended before anything was stored: why it ended, or declined."""
    if stop is None:
        return content(lang).relatives_scan.consent_declined
    texts = {
        Stop.NO_UNIT: content(lang).privacy.unit["none"],
        Stop.RATE_LIMITED: limit_texts(lang).too_many_scans,
        Stop.CODE_LIMITED: invitation_texts(lang).chat["limited"],
    }
    return texts[stop]


class ActionScanResult(Action):
    """Ends the form: the ladder result and next step, or a kind goodbye without consent."""

    def name(self) -> str:
        return "action_scan_result"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        data = content(language_of(tracker))
        reset = [SlotSet(slot, None) for slot in FORM_SLOTS]
        repository = scan_repository()
        state = repository.state(tracker.sender_id)
        if state is None or not state.consented:
            # declined, or no registered unit: nothing stored, and the conversation is forgotten
            dispatcher.utter_message(
                text=early_goodbye(scan_stop(tracker), language_of(tracker)), buttons=menu(tracker)
            )
            return [*reset, SlotSet("unit", None), SlotSet(FORGET_SLOT, True)]
        if state.desired_rung is None:
            return reset
        result = build_result(data, state.answers, state.desired_rung)
        for index, message in enumerate(result.messages):
            dispatcher.utter_message(text=message)
            if index == result.profile_index and self._draws_pictures(tracker):
                # the relatives' page draws the profile as a small picture (chat.js)
                dispatcher.utter_message(json_message={"data": result.picture})
        self._offer_copy(dispatcher, tracker, state.id)
        code = repository.issue_erasure_code(tracker.sender_id)
        device_button = [{"title": data.privacy.device["button"], "payload": DEVICE_DONE_PAYLOAD}]
        texts = data.privacy.code
        dispatcher.utter_message(text=texts["thanks"])
        if code is not None:
            dispatcher.utter_message(
                text=settings_text(texts["shown"], language_of(tracker), code=code), buttons=device_button
            )
        else:
            dispatcher.utter_message(text=texts["given_before"], buttons=device_button)
        return reset

    def _offer_copy(self, dispatcher: CollectingDispatcher, tracker: Tracker, respondent_id: str) -> None:
        """The link to the copy to take along: a link on the page, a web_url button over REST."""
        texts = content(language_of(tracker)).relatives_scan.result
        link = copy_path(respondent_id, sender_key(tracker.sender_id))
        if self._draws_pictures(tracker):
            dispatcher.utter_message(text=texts.copy_offer)
            # the page draws it as a link that opens in a new tab (chat.js)
            dispatcher.utter_message(
                json_message={"data": {"samenspraak": "copy", "href": link, "label": texts.copy_button}}
            )
        else:
            button = {"title": texts.copy_button, "type": "web_url", "url": link, "payload": link}
            dispatcher.utter_message(text=texts.copy_offer, buttons=[button])

    @staticmethod
    def _draws_pictures(tracker: Tracker) -> bool:
        """Only the web page (socket.io) draws the picture; REST clients get the text alone."""
        return tracker.get_latest_input_channel() == PAGE_CHANNEL


class ActionScanWhy(Action):
    """Explains why the scan asks these questions."""

    def name(self) -> str:
        return "action_scan_why"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=content(language_of(tracker)).relatives_scan.why)
        return []


class ActionScanPause(Action):
    """Says the answers are kept and how to continue later."""

    def name(self) -> str:
        return "action_scan_pause"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            text=content(language_of(tracker)).relatives_scan.paused, buttons=continue_button(language_of(tracker))
        )
        return []
