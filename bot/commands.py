"""Typed commands of a relative in any of the languages, and free text in another language.

The `commands` word lists of words.yml (per language, bot/content/translations/) map a whole
typed message to an intent ("yardım" -> help); a language's own name chooses it ("Türkçe").
A message that is also a Dutch command is left to the classifier, so Dutch understanding does not
change; a command two languages share keeps the conversation's language. Free text that
is clearly another language than Dutch is read as a relatives' question in that language: the
relatives' questions are offered as buttons in it (actions/relatives.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Optional

from bot.content.words import words
from bot.detect_language import detect
from bot.languages import DUTCH, LANGUAGES, NATIVE_NAMES
from bot.scan import normalize

INTENTS = {
    "start_scan": "start_scan",
    "continue_scan": "start_scan",
    "stop": "stop",
    "delete_my_data": "delete_my_data",
    "talk_to_person": "talk_to_person",
    "help": "help",
    "greet": "greet",
    "ask_question": "vraag_naaste",
    "yes": "affirm",
    "no": "deny",
}
CHOOSE_LANGUAGE = "choose_language"
RELATIVES_QUESTION = "vraag_naaste"
# the languages' names as relatives may type them (besides each language's own name)
LANGUAGE_NAMES = {
    "nl": ("nederlands", "dutch", "hollandaca", "niderlandzki", "الهولندية"),
    "en": ("english", "engels", "ingilizce", "angielski", "الإنجليزية"),
    "tr": ("turks", "turkish", "turecki", "التركية"),
    "ar": ("arabisch", "arabic", "arapca", "arabski", "عربي"),
    "pl": ("pools", "polish", "lehce", "polski"),
}


@dataclass(frozen=True)
class Reading:
    """What a typed message means on the relatives' path: an intent, in a language."""

    intent: str
    language: Optional[str]  # None: the conversation's language stays (a word several languages share)


@cache
def _typed() -> dict[str, Reading]:
    """Every normalised command of every language but Dutch, and every language's name."""
    table: dict[str, Reading] = {}
    for lang in LANGUAGES:
        names = (NATIVE_NAMES[lang], *LANGUAGE_NAMES[lang])
        table.update({normalize(name): Reading(CHOOSE_LANGUAGE, lang) for name in names})
    dutch = {normalize(text) for typed in words(DUTCH).commands.values() for text in typed}
    for lang in LANGUAGES[1:]:
        for key, typed in words(lang).commands.items():
            for text in map(normalize, typed):
                if text in dutch or text in table and table[text].intent == CHOOSE_LANGUAGE:
                    continue
                known = table.get(text)
                if known is None:
                    table[text] = Reading(INTENTS[key], lang)
                elif known.language not in (None, lang):
                    table[text] = Reading(known.intent, None)
    return table


def read_command(text: str) -> Optional[Reading]:
    """The command a whole message types in one of the languages, or None."""
    if not text or text.startswith("/"):
        return None
    return _typed().get(normalize(text))


def read_foreign_text(text: str) -> Optional[Reading]:
    """Free text clearly in another language than Dutch: a relatives' question in that language."""
    if not text or text.startswith("/"):
        return None
    language = detect(text)
    return Reading(RELATIVES_QUESTION, language) if language and language != DUTCH else None
