"""Relatives' own questions and talking to a person: content, answers and closest questions.

Content: bot/content/relatives_questions.yml and bot/content/talk_to_person.yml, read strictly
(an unknown or missing key is an error naming file, record and key).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Optional

from bot.content import content
from bot.content.reader import CONTENT_DIR, ContentError, _read, _Reader, _unique, strict
from bot.privacy import settings_text

CLOSEST_COUNT = 3


@dataclass(frozen=True)
class RelativesQuestion:
    key: str
    question: str
    answer: str
    source: str
    related: tuple[str, ...]
    tip: Optional[str] = None  # the carers' tip on the same topic (bot/content/tips.yml)


@dataclass(frozen=True)
class RelativesQuestions:
    questions: dict[str, RelativesQuestion]
    no_answer: str
    ask: str
    menu: tuple[str, ...]


@dataclass(frozen=True)
class TalkToPerson:
    """Who to talk to: the unit's route for relatives, the organisation's for carers."""

    relative_unit: str
    relative_general: str
    carer_configured: str
    carer_general: str


def _settings_text(reader: _Reader, key: str) -> str:
    """A required text whose placeholders are all known to `settings_text` (bot/privacy.py)."""
    value = reader.required_text(key)
    try:
        settings_text(value, contact="")
    except (KeyError, IndexError, ValueError) as error:
        raise reader._fail(key, f"unknown placeholder {error}") from None
    return value


def _tip(reader: _Reader) -> Optional[str]:
    key = reader.text("tip", optional=True)
    if key is not None and key not in content().tips:
        raise reader._fail("tip", f"unknown tip key {key!r}")
    return key


@strict
def load_relatives_questions(directory: Path = CONTENT_DIR, lang: str = "nl") -> RelativesQuestions:
    """The relatives' questions with their answers, validated."""
    file = "relatives_questions.yml"
    root = _read(file, directory, lang)
    records = [
        RelativesQuestion(
            key=record.required_text("key"),
            question=_settings_text(record, "question"),
            answer=_settings_text(record, "answer"),
            source=record.required_text("source"),
            related=record.text_list("related"),
            tip=_tip(record),
        )
        for record in root.records("questions")
    ]
    _unique(file, "questions.key", [question.key for question in records])
    questions = {question.key: question for question in records}
    for question in questions.values():
        unknown = [k for k in question.related if k not in questions]
        if unknown:
            raise ContentError(f"{file}: questions ({question.key}).related: unknown keys {unknown}")
    menu = root.text_list("menu")
    unknown = [k for k in menu if k not in questions]
    if not menu or unknown:
        raise ContentError(f"{file}: menu: must list known keys; unknown: {unknown}")
    return RelativesQuestions(
        questions=questions,
        no_answer=_settings_text(root, "no_answer"),
        ask=_settings_text(root, "ask"),
        menu=menu,
    )


@strict
def load_talk_to_person(directory: Path = CONTENT_DIR, lang: str = "nl") -> TalkToPerson:
    """The texts that say whom to talk to, validated."""
    root = _read("talk_to_person.yml", directory, lang)
    keys = ("relative_unit", "relative_general", "carer_configured", "carer_general")
    return TalkToPerson(**{key: _settings_text(root, key) for key in keys})


@cache
def relatives_questions(lang: str = "nl") -> RelativesQuestions:
    """The relatives' questions in `lang` (loaded once per language)."""
    return load_relatives_questions(lang=lang)


@cache
def talk_to_person_texts(lang: str = "nl") -> TalkToPerson:
    """The talk-to-a-person texts in `lang` (loaded once per language)."""
    return load_talk_to_person(lang=lang)


def answer_text(question: RelativesQuestion, lang: str = "nl") -> str:
    """The answer as the relative reads it, with the numbers from the settings filled in."""
    return settings_text(question.answer, lang)


def closest_questions(
    ranking: Sequence[tuple[str, float]], questions: Mapping[str, RelativesQuestion]
) -> list[RelativesQuestion]:
    """The best-ranked known questions (key, confidence), at most three."""
    ordered = sorted(ranking, key=lambda pair: -pair[1])
    return [questions[key] for key, _ in ordered if key in questions][:CLOSEST_COUNT]


def relative_route(unit_name: Optional[str], contact: Optional[str], lang: str = "nl") -> str:
    """How a relative reaches the unit: its registered contact, else the general route."""
    texts = talk_to_person_texts(lang)
    if unit_name and contact:
        return settings_text(texts.relative_unit, lang, unit=unit_name, contact=contact)
    return settings_text(texts.relative_general, lang)


def carer_route(staff_contact: Optional[str]) -> str:
    """Whom a carer asks in the organisation: the configured contact, else the general advice."""
    texts = talk_to_person_texts()
    if staff_contact:
        return settings_text(texts.carer_configured, contact=staff_contact)
    return settings_text(texts.carer_general)
