"""Interim: the languages of the relatives' page and its texts, until branch i23-lang lands.

The core's bot/languages.py (LANGUAGES, NATIVE_NAMES, DIRECTION, pick, from_accept_language)
and the content overlay (accessors that take a language) are not merged yet. This module gives
the pages the same names, reading bot/content/translations/<lang>/ laid over the Dutch file as
bot/content/translations/SPEC.md says (mappings key by key, strings and string lists replaced).
When those land, the pages import them instead and this module goes.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Optional

import yaml

from bot.content import content
from bot.content.invitations import LETTER_LISTS, InvitationTexts
from bot.content.invitations import invitation_texts as dutch_invitation_texts
from bot.content.pages import Pages
from bot.content.pages import pages as dutch_pages
from bot.content.reader import CONTENT_DIR

LANGUAGES = ("nl", "en", "tr", "ar", "pl")
NATIVE_NAMES = {"nl": "Nederlands", "en": "English", "tr": "Türkçe", "ar": "العربية", "pl": "Polski"}
DIRECTION = {code: "rtl" if code == "ar" else "ltr" for code in LANGUAGES}
TRANSLATIONS = CONTENT_DIR / "translations"


def pick(value: Optional[str]) -> Optional[str]:
    """A supported language code from a value such as 'TR' or ' ar ', else None."""
    code = (value or "").strip().lower()
    return code if code in LANGUAGES else None


def from_accept_language(header: Optional[str]) -> Optional[str]:
    """The supported language the browser prefers most (Accept-Language), else None."""
    ranked = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        code = pick(tag.split("-")[0])
        if code and quality > 0:
            ranked.append((-quality, position, code))
    return min(ranked)[2] if ranked else None


def _translation(language: str, name: str) -> dict[str, Any]:
    path: Path = TRANSLATIONS / language / name
    if language == "nl" or not path.is_file():
        return {}
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded if isinstance(loaded, dict) else {}


@cache
def pages(language: str = "nl") -> Pages:
    """pages.yml in this language (a key the translation leaves out keeps its Dutch text)."""
    over = _translation(language, "pages.yml")
    return {
        section: {key: str((over.get(section) or {}).get(key, text)) for key, text in texts.items()}
        for section, texts in dutch_pages().items()
    }


@cache
def invitation_texts(language: str = "nl") -> InvitationTexts:
    """invitations.yml in this language."""
    dutch = dutch_invitation_texts()
    over = _translation(language, "invitations.yml")
    letter, chat, page = (over.get(key) or {} for key in ("letter", "chat", "bad_code_page"))
    return InvitationTexts(
        letter={key: str(letter.get(key, text)) for key, text in dutch.letter.items()},
        letter_lists={key: tuple(str(t) for t in letter.get(key, dutch.letter_lists[key])) for key in LETTER_LISTS},
        chat={key: str(chat.get(key, text)) for key, text in dutch.chat.items()},
        bad_code_page={key: str(page.get(key, text)) for key, text in dutch.bad_code_page.items()},
    )


@cache
def scan_title(language: str = "nl") -> str:
    """The title of the relatives' questionnaire in this language."""
    return str(_translation(language, "scan_relatives.yml").get("title", content().relatives_scan.title))
