"""The intents that may interrupt each Rasa form (forms.yml), defined once for actions and tests."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from bot.content.reader import CONTENT_DIR, _read, strict

FORMS = ("scan_form", "rehearsal_form", "walkthrough_form", "team_scan_form")


@strict
def load_interruptions(directory: Path = CONTENT_DIR) -> dict[str, frozenset[str]]:
    """Per form, the intents answered by a rule in the middle of it."""
    root = _read("forms.yml", directory)
    return {form: frozenset(root.text_list(form)) for form in FORMS}


@lru_cache(maxsize=1)
def interruptions() -> dict[str, frozenset[str]]:
    """The interruptions per form, loaded once per process."""
    return load_interruptions()
