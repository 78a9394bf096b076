"""Which reply a question on the relatives' path gets: an answer, a carers' tip, the scan's own words, or a choice.

`actions/relatives.py` reads the message into `Asked` and says the reply this module picks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Optional, Union

from bot.content.relatives_questions import RelativesQuestion, RelativesQuestions, closest_questions
from bot.selection import Selection

# Below this selector confidence no answer is given; the closest questions are offered. On the
# 117 held-out questions (docs/understanding.md) 0.5 answers 72 right and 4 wrong, 0.25 88 right
# and 7 wrong, 0.2 89 right and 11 wrong.
ANSWER_CONFIDENCE = 0.25
# the answers to these questions also give the unit's contact route (or the general one)
CONTACT_QUESTIONS = frozenset({"contactpersoon", "hele_team", "iets_dwars"})
# Inside the relatives' scan a message no relatives' answer fits is an unclear answer to the
# step being asked ("misschien als het regent"), not a question: the scan's own reply says so.
SCAN_UNCLEAR = {
    "relation": "utter_scan_unclear_relation",
    "scan_answer": "utter_scan_unclear_answer",
    "desired_rung": "utter_scan_unclear_desired",
}


@dataclass(frozen=True)
class Asked:
    """What the message asked: a question's button (`chosen`), or free text as the selector read it."""

    chosen: Optional[str]
    picked: Optional[Selection]  # None for a bare payload, or free text in another language
    by_carer: bool
    scan_step: Optional[str]  # the slot the relatives' scan is asking for, when it is running


@dataclass(frozen=True)
class CarersTip:
    """A carer asked about a topic both readers ask about: the carers' tip on it."""

    key: str


@dataclass(frozen=True)
class Answer:
    """The question's answer, its related questions as buttons, and the contact route when it says so."""

    question: RelativesQuestion
    related: tuple[RelativesQuestion, ...]
    with_contact: bool


@dataclass(frozen=True)
class UnclearStep:
    """Inside the scan: the scan's own reply that this answer to its step was not clear."""

    response: str


@dataclass(frozen=True)
class Offer:
    """No answer fits (or nothing was asked yet): the questions to choose from, with `text`."""

    text: str
    questions: tuple[RelativesQuestion, ...]


Reply = Union[CarersTip, Answer, UnclearStep, Offer]


def relatives_reply(asked: Asked, texts: RelativesQuestions) -> Reply:
    """The reply to `asked`, from the questions and texts in the relative's language."""
    questions: Mapping[str, RelativesQuestion] = texts.questions
    picked = asked.picked
    by_selector = asked.chosen not in questions
    chosen = asked.chosen
    if by_selector:
        chosen = picked.key if picked is not None and picked.confidence >= ANSWER_CONFIDENCE else None
    question = questions.get(chosen) if chosen is not None else None
    if question is not None and by_selector and question.tip and asked.by_carer:
        return CarersTip(question.tip)
    if question is not None:
        related = tuple(questions[k] for k in question.related)
        return Answer(question, related, question.key in CONTACT_QUESTIONS)
    unclear_step = SCAN_UNCLEAR.get(asked.scan_step) if asked.scan_step else None
    if picked is not None and unclear_step:
        return UnclearStep(unclear_step)
    if picked is None:  # the bare payload /vraag_naaste: nothing was asked yet
        return Offer(texts.ask, tuple(questions[k] for k in texts.menu))
    return Offer(texts.no_answer, tuple(closest_questions(picked.ranking, questions)))
