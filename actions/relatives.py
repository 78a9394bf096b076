"""Relatives' own questions (retrieval intent `vraag_naaste`) and asking for a person."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import language_of, page_metadata, scan_repository, unit_registry
from bot.config import staff_contact
from bot.content.relatives_questions import (
    RelativesQuestion,
    answer_text,
    carer_route,
    relative_route,
    relatives_questions,
)
from bot.languages import LANGUAGE_KEY
from bot.reader import CARER, RELATIVE
from bot.relatives_answer import Answer, Asked, CarersTip, UnclearStep, relatives_reply
from bot.selection import selection

RETRIEVAL_INTENT = "vraag_naaste"
SCAN_FORM = "scan_form"


def question_payload(key: str) -> str:
    """Button payload that asks one relatives' question without going through NLU."""
    return f"/{RETRIEVAL_INTENT}" + json.dumps({"vraag_key": key})


def question_buttons(questions: Iterable[RelativesQuestion]) -> list[dict[str, str]]:
    """One button per question: its words as the title, asking it directly."""
    return [{"title": q.question, "payload": question_payload(q.key)} for q in questions]


def _scan_unit(tracker: Tracker) -> Optional[str]:
    state = scan_repository().state(tracker.sender_id)
    return state.unit if state is not None and state.consented else None


def reader_in(tracker: Tracker) -> Optional[str]:
    """Relative or carer: the slot `reader` (addons/local_actions.py), else a message from the relatives' page."""
    reader = tracker.get_slot("reader")
    if reader in (RELATIVE, CARER):
        return str(reader)
    return RELATIVE if page_metadata(tracker, "afdeling") else None


def relative_contact(tracker: Tracker) -> str:
    """The contact route of the relative's unit (page address or stored scan), else the general one."""
    for code in (page_metadata(tracker, "afdeling"), tracker.get_slot("unit"), _scan_unit(tracker)):
        unit = unit_registry().get(str(code)) if code else None
        if unit is not None and unit.contact:
            return relative_route(unit.name, unit.contact, language_of(tracker))
    return relative_route(None, None, language_of(tracker))


def answer_relatives_question(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The reply `bot.relatives_answer` picks for the message, in the relative's language."""
    entities = tracker.latest_message.get("entities", [])
    picked = selection(tracker.latest_message.get("response_selector"), RETRIEVAL_INTENT)
    if any(e.get("entity") == LANGUAGE_KEY for e in entities):
        picked = None  # free text in another language (addons/language_commands.py): the questions as buttons
    in_scan = (tracker.active_loop or {}).get("name") == SCAN_FORM
    asked = Asked(
        chosen=next((e.get("value") for e in entities if e.get("entity") == "vraag_key"), None),
        picked=picked,
        by_carer=reader_in(tracker) == CARER,
        scan_step=tracker.get_slot("requested_slot") if in_scan else None,
    )
    reply = relatives_reply(asked, relatives_questions(language_of(tracker)))
    if isinstance(reply, CarersTip):
        dispatcher.utter_message(response=f"utter_tip/{reply.key}")
    elif isinstance(reply, UnclearStep):
        dispatcher.utter_message(response=reply.response)
    elif isinstance(reply, Answer):
        question = reply.question
        dispatcher.utter_message(
            text=f"{question.question}\n{answer_text(question, language_of(tracker))}",
            buttons=question_buttons(reply.related),
        )
        if reply.with_contact:
            dispatcher.utter_message(text=relative_contact(tracker))
    else:
        dispatcher.utter_message(
            text=reply.text,
            buttons=question_buttons(reply.questions),
        )


class ActionAnswerRelativesQuestion(Action):
    """Answers a relatives' own question (a carer may read these answers too)."""

    def name(self) -> str:
        return "action_answer_relatives_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        answer_relatives_question(dispatcher, tracker)
        return []


class ActionTalkToPerson(Action):
    """Whom to talk to: the unit's contact route for a relative, the organisation's for a carer."""

    def name(self) -> str:
        return "action_talk_to_person"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if reader_in(tracker) == CARER:
            dispatcher.utter_message(text=carer_route(staff_contact()))
        else:
            dispatcher.utter_message(text=relative_contact(tracker))
        return []
