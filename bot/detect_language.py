"""Which of the five languages a relative's free text is in (lingua, restricted to them).

Only texts of at least MIN_WORDS words (of two letters or more) are judged, and only a language lingua is sure of
(confidence at least MIN_CONFIDENCE); otherwise None. Free-text understanding stays Dutch: a
text in another language gets the relatives' questions as buttons in that language.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Optional

from bot.languages import LANGUAGES

MIN_WORDS = 4
WORD = re.compile(r"[^\W\d_]{2,}")  # a word: two or more letters (no digits, codes or punctuation)
MIN_CONFIDENCE = 0.7


@cache
def _detector() -> Any:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in LANGUAGES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def detect(text: str, min_words: int = MIN_WORDS) -> Optional[str]:
    """The language code of `text` when it has at least `min_words` words and lingua is sure, else None."""
    if len(WORD.findall(text or "")) < min_words:
        return None
    values = _detector().compute_language_confidence_values(text)
    if not values or values[0].value < MIN_CONFIDENCE:
        return None
    return str(values[0].language.iso_code_639_1.name).lower()
