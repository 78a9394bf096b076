"""Relatives' own questions (retrieval intent `vraag_naaste`) and asking for a person."""

from __future__ import annotations

import json
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import language_of, page_metadata, scan_repository, unit_registry
from bot.config import staff_contact
from bot.content.relatives_questions import (
    answer_text,
    carer_route,
    closest_questions,
    relative_route,
    relatives_questions,
)
from bot.languages import LANGUAGE_KEY
from bot.reader import CARER, RELATIVE
from bot.selection import selection

RETRIEVAL_INTENT = "vraag_naaste"
# Below this selector confidence no answer is given; the closest questions are offered. On the
# 117 held-out questions (docs/understanding.md) 0.5 answers 72 right and 4 wrong, 0.25 88 right
# and 7 wrong, 0.2 89 right and 11 wrong.
ANSWER_CONFIDENCE = 0.25
# the answers to these questions also give the unit's contact route (or the general one)
CONTACT_QUESTIONS = frozenset({"contactpersoon", "hele_team", "iets_dwars"})
# Inside the relatives' scan a message no relatives' answer fits is an unclear answer to the
# step being asked ("misschien als het regent"), not a question: the scan's own reply says so.
SCAN_FORM = "scan_form"
SCAN_UNCLEAR = {
    "relation": "utter_scan_unclear_relation",
    "scan_answer": "utter_scan_unclear_answer",
    "desired_rung": "utter_scan_unclear_desired",
}


def question_payload(key: str) -> str:
    """Button payload that asks one relatives' question without going through NLU."""
    return f"/{RETRIEVAL_INTENT}" + json.dumps({"vraag_key": key})


def _scan_unit(tracker: Tracker) -> Optional[str]:
    state = scan_repository().state(tracker.sender_id)
    return state.unit if state is not None and state.consented else None


def reader_in(tracker: Tracker) -> Optional[str]:
    """Relative or carer: the slot `reader` (actions/reader.py), else a message from the relatives' page."""
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
    """The answer the relatives' ResponseSelector picked, or honestly none with the closest questions.

    A carer whose question on a topic both readers ask about (the question's `tip`) gets the tip.
    """
    questions = relatives_questions(language_of(tracker)).questions
    chosen = next(
        (e.get("value") for e in tracker.latest_message.get("entities", []) if e.get("entity") == "vraag_key"),
        None,
    )
    picked = selection(tracker.latest_message.get("response_selector"), RETRIEVAL_INTENT)
    if any(e.get("entity") == LANGUAGE_KEY for e in tracker.latest_message.get("entities", [])):
        picked = None  # free text in another language (addons/language_commands.py): the questions as buttons
    by_selector = chosen not in questions
    if by_selector:
        chosen = picked.key if picked is not None and picked.confidence >= ANSWER_CONFIDENCE else None
    question = questions.get(str(chosen))
    if question is not None and by_selector and question.tip and reader_in(tracker) == CARER:
        dispatcher.utter_message(response=f"utter_tip/{question.tip}")
        return
    if question is not None:
        related = [questions[k] for k in question.related]
        dispatcher.utter_message(
            text=f"{question.question}\n{answer_text(question, language_of(tracker))}",
            buttons=[{"title": q.question, "payload": question_payload(q.key)} for q in related],
        )
        if question.key in CONTACT_QUESTIONS:
            dispatcher.utter_message(text=relative_contact(tracker))
        return
    unclear_step = SCAN_UNCLEAR.get(str(tracker.get_slot("requested_slot")))
    if picked is not None and unclear_step and (tracker.active_loop or {}).get("name") == SCAN_FORM:
        dispatcher.utter_message(response=unclear_step)
        return
    if picked is None:  # the bare payload /vraag_naaste: nothing was asked yet
        offered = [questions[k] for k in relatives_questions(language_of(tracker)).menu]
        text = relatives_questions(language_of(tracker)).ask
    else:
        offered = closest_questions(picked.ranking, questions)
        text = relatives_questions(language_of(tracker)).no_answer
    dispatcher.utter_message(
        text=text, buttons=[{"title": q.question, "payload": question_payload(q.key)} for q in offered]
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
