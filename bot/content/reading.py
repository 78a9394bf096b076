"""The word lists for reading a carer's rehearsal turn (reading.yml), validated on load."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.content.reader import CONTENT_DIR, ContentError, _read, strict


@dataclass(frozen=True)
class ReadingWords:
    question_words: frozenset[str]
    summary_markers: frozenset[str]
    common: frozenset[str]
    jargon: frozenset[str]


@strict
def load_reading_words(directory: Path = CONTENT_DIR) -> ReadingWords:
    """The lists in reading.yml, each in lower case."""
    file = "reading.yml"
    root = _read(file, directory)
    lists = {}
    for key in ("question_words", "summary_markers", "common", "jargon"):
        values = root.text_list(key)
        if any(value != value.lower() for value in values):
            raise ContentError(f"{file}: {key}: write the words in lower case")
        lists[key] = frozenset(values)
    return ReadingWords(**lists)


@lru_cache(maxsize=1)
def reading_words() -> ReadingWords:
    """The lists, loaded once per process."""
    return load_reading_words()
