"""The word lists for understanding typed answers (words.yml), validated on load."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bot.content.reader import CONTENT_DIR, ContentError, _read, _unique, strict

# staff_stop is matched as whole words in normalised text (lower case, no accents or punctuation)
STOP_WORD = re.compile(r"[a-z]+( [a-z]+)*")
RELATION_CODES = ("partner", "kind", "familie", "vriend", "anders")
# typed commands of a relative, one word list per command (the intent each maps to: addons/commands.py)
COMMAND_KEYS = (
    "start_scan",
    "continue_scan",
    "stop",
    "delete_my_data",
    "talk_to_person",
    "help",
    "greet",
    "ask_question",
    "yes",
    "no",
)


@dataclass(frozen=True)
class Words:
    relations: dict[str, tuple[str, tuple[str, ...]]]  # code: (button label, typed words)
    previous: tuple[str, ...]
    no_remark: tuple[str, ...]
    unknown_unit: tuple[str, ...]
    no_code: tuple[str, ...]
    surprise: tuple[str, ...]
    next: tuple[str, ...]
    back: tuple[str, ...]
    skip: tuple[str, ...]
    staff_stop: tuple[str, ...]
    commands: dict[str, tuple[str, ...]]


@strict
def load_words(directory: Path = CONTENT_DIR, lang: str = "nl") -> Words:
    """The word lists; the relation codes are a contract with stored answers and the dashboard."""
    file = "words.yml"
    root = _read(file, directory, lang)
    relations = {
        r.required_text("code"): (r.required_text("label"), r.text_list("words")) for r in root.records("relations")
    }
    _unique(file, "relations.code", [r for r in relations])
    if tuple(relations) != RELATION_CODES:
        raise ContentError(f"{file}: relations: codes must be {list(RELATION_CODES)} in this order")
    lists = {
        key: root.text_list(key)
        for key in ("previous", "no_remark", "unknown_unit", "no_code", "surprise", "next", "back", "skip")
        + ("staff_stop",)
    }
    if not lists["staff_stop"] or any(not STOP_WORD.fullmatch(w) for w in lists["staff_stop"]):
        raise ContentError(f"{file}: staff_stop: needs words in lower case without punctuation (normalised text)")
    commands_reader = root.child("commands")
    commands = {key: commands_reader.text_list(key) for key in COMMAND_KEYS}
    empty = [key for key, typed in commands.items() if not typed]
    if empty:
        raise ContentError(f"{root.file}: commands: needs words for {empty}")
    return Words(relations=relations, **lists, commands=commands)


@cache
def words(lang: str = "nl") -> Words:
    """The word lists in `lang`, loaded once per process and language."""
    return load_words(lang=lang)
