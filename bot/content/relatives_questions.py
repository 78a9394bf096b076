"""Relatives' own questions and talking to a person: content, answers and closest questions.

Content: bot/content/relatives_questions.yml and bot/content/talk_to_person.yml, read strictly
(an unknown or missing key is an error naming file, record and key).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import yaml

from bot.content import CONTENT_DIR, ContentError, content
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


def _load_yaml(file: str, directory: Path) -> Any:
    try:
        return yaml.safe_load((directory / file).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ContentError(f"{file}: {error}") from None


def _strict(file: str, where: str, data: Any, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict:
    """The mapping `data` with exactly the `required` keys (plus `optional` ones), else an error."""
    if not isinstance(data, dict):
        raise ContentError(f"{file}: {where or 'top level'}: expected a mapping")
    for key in data:
        if key not in required + optional:
            raise ContentError(f"{file}: {where or 'top level'}: unknown key {key!r}")
    for key in required:
        value = data.get(key)
        if key not in data or (isinstance(value, str) and not value.strip()) or value is None:
            raise ContentError(f"{file}: {where or 'top level'}: missing {key!r}")
    return data


def _text(file: str, where: str, data: dict, key: str) -> str:
    value = data[key]
    if not isinstance(value, str):
        raise ContentError(f"{file}: {where}: {key!r} must be text")
    try:
        settings_text(value, contact="")
    except (KeyError, IndexError, ValueError) as error:
        raise ContentError(f"{file}: {where}: {key!r} has an unknown placeholder {error}") from None
    return " ".join(value.split())


def _tip(file: str, where: str, key: Any) -> Optional[str]:
    if key is not None and key not in content().tips:
        raise ContentError(f"{file}: {where}: tip: unknown tip key {key!r}")
    return None if key is None else str(key)


def load_relatives_questions(directory: Path = CONTENT_DIR) -> RelativesQuestions:
    """The relatives' questions with their answers, validated."""
    file = "relatives_questions.yml"
    data = _strict(file, "", _load_yaml(file, directory), ("questions", "no_answer", "ask", "menu"))
    if not isinstance(data["questions"], list):
        raise ContentError(f"{file}: questions: expected a list")
    questions: dict[str, RelativesQuestion] = {}
    for number, record in enumerate(data["questions"], start=1):
        named = record.get("key") if isinstance(record, dict) else None
        where = f"questions[{number}]" + (f" ({named})" if named else "")
        record = _strict(file, where, record, ("key", "question", "answer", "source"), ("related", "tip"))
        key = str(record["key"])
        if key in questions:
            raise ContentError(f"{file}: {where}: key used twice")
        related = record.get("related") or []
        if not isinstance(related, list):
            raise ContentError(f"{file}: {where}: 'related' must be a list of keys")
        questions[key] = RelativesQuestion(
            key=key,
            question=_text(file, where, record, "question"),
            answer=_text(file, where, record, "answer"),
            source=_text(file, where, record, "source"),
            related=tuple(str(k) for k in related),
            tip=_tip(file, where, record.get("tip")),
        )
    for question in questions.values():
        unknown = [k for k in question.related if k not in questions]
        if unknown:
            raise ContentError(f"{file}: questions ({question.key}): related: unknown keys {unknown}")
    menu = data["menu"] if isinstance(data["menu"], list) else [data["menu"]]
    unknown = [k for k in menu if k not in questions]
    if unknown:
        raise ContentError(f"{file}: top level: menu: unknown keys {unknown}")
    return RelativesQuestions(
        questions=questions,
        no_answer=_text(file, "top level", data, "no_answer"),
        ask=_text(file, "top level", data, "ask"),
        menu=tuple(str(k) for k in menu),
    )


def load_talk_to_person(directory: Path = CONTENT_DIR) -> TalkToPerson:
    """The texts that say whom to talk to, validated."""
    file = "talk_to_person.yml"
    keys = ("relative_unit", "relative_general", "carer_configured", "carer_general")
    data = _strict(file, "", _load_yaml(file, directory), keys)
    return TalkToPerson(**{key: _text(file, "top level", data, key) for key in keys})


@lru_cache(maxsize=1)
def relatives_questions() -> RelativesQuestions:
    """The relatives' questions (loaded once)."""
    return load_relatives_questions()


@lru_cache(maxsize=1)
def talk_to_person_texts() -> TalkToPerson:
    """The talk-to-a-person texts (loaded once)."""
    return load_talk_to_person()


def answer_text(question: RelativesQuestion) -> str:
    """The answer as the relative reads it, with the numbers from the settings filled in."""
    return settings_text(question.answer)


def closest_questions(
    ranking: Sequence[tuple[str, float]], questions: Mapping[str, RelativesQuestion]
) -> list[RelativesQuestion]:
    """The best-ranked known questions (key, confidence), at most three."""
    ordered = sorted(ranking, key=lambda pair: -pair[1])
    return [questions[key] for key, _ in ordered if key in questions][:CLOSEST_COUNT]


def relative_route(unit_name: Optional[str], contact: Optional[str]) -> str:
    """How a relative reaches the unit: its registered contact, else the general route."""
    texts = talk_to_person_texts()
    if unit_name and contact:
        return settings_text(texts.relative_unit, unit=unit_name, contact=contact)
    return settings_text(texts.relative_general)


def carer_route(staff_contact: Optional[str]) -> str:
    """Whom a carer asks in the organisation: the configured contact, else the general advice."""
    texts = talk_to_person_texts()
    if staff_contact:
        return settings_text(texts.carer_configured, contact=staff_contact)
    return settings_text(texts.carer_general)
