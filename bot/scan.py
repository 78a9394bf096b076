"""The relatives' quick scan: understanding typed answers (the flow is in bot/questionnaire/relatives.py)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Optional

from bot.content import RelativesScan, Rung, content
from bot.content.words import words
from bot.languages import DUTCH, western_digits

DONT_KNOW = None
MAX_UNIT_LENGTH = 40
# A remark is kept up to this many characters (the relative is told when it is longer).
MAX_REMARK_CHARS = 1000

# the word lists live in bot/content/words.yml
RELATIONS = words().relations  # code: (button label, words that identify it)


def normalize(text: str) -> str:
    """Lower case, accents and punctuation removed, single spaces (for matching only)."""
    text = unicodedata.normalize("NFKD", western_digits(text or ""))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w\s]", " ", text.lower())
    return " ".join(text.split())


def _contains_phrase(text: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


@dataclass(frozen=True)
class ParsedAnswer:
    """A typed or clicked answer: understood (with value, None meaning "weet ik niet") or not."""

    understood: bool
    value: Optional[int] = None


def parse_answer(text: str, scan: RelativesScan) -> ParsedAnswer:
    """Map an answer to the scale. Unclear or contradictory answers are not understood.

    A single digit 1-4 wins; otherwise the longest matching label or synonym decides, and
    a tie between different values counts as unclear (the question is asked again).
    """
    norm = normalize(text)
    if not norm:
        return ParsedAnswer(False)
    digits = re.findall(r"(?<!\d)\d+(?!\d)", norm)
    if len(digits) == 1 and digits[0] in {"1", "2", "3", "4"} and len(norm) <= 20:
        return ParsedAnswer(True, int(digits[0]))
    if digits:
        return ParsedAnswer(False)
    best_length, best_values = 0, set()
    for option in scan.scale:
        for phrase in (option.label, *option.synonyms):
            phrase_norm = normalize(phrase)
            if phrase_norm and _contains_phrase(norm, phrase_norm):
                if len(phrase_norm) > best_length:
                    best_length, best_values = len(phrase_norm), {option.value}
                elif len(phrase_norm) == best_length:
                    best_values.add(option.value)
    if len(best_values) == 1:
        return ParsedAnswer(True, best_values.pop())
    return ParsedAnswer(False)


def parse_answer_in(text: str, lang: str = DUTCH) -> ParsedAnswer:
    """An answer typed in the relative's language, or in Dutch (the buttons' words of both count)."""
    parsed = parse_answer(text, content(lang).relatives_scan)
    if parsed.understood or lang == DUTCH:
        return parsed
    return parse_answer(text, content(DUTCH).relatives_scan)


def _word_lists(lang: str, name: str) -> list[str]:
    """A word list of words.yml in the relative's language and in Dutch, normalised."""
    return [normalize(w) for code in dict.fromkeys((lang, DUTCH)) for w in getattr(words(code), name)]


def is_previous_command(text: str, lang: str = DUTCH) -> bool:
    """True for "vorige", "terug" and the like (change the previous answer), also in `lang`."""
    norm = normalize(text)
    return norm in _word_lists(lang, "previous") or norm.startswith("vorige")


def parse_relation(text: str, lang: str = DUTCH) -> Optional[str]:
    """The relation code (partner, kind, familie, vriend, anders) or None when unclear."""
    norm = normalize(text)
    relations = [
        (code, entry)
        for code_lang in dict.fromkeys((lang, DUTCH))
        for code, entry in words(code_lang).relations.items()
    ]
    for code, (label, _) in relations:
        if norm == normalize(label) or norm == code:
            return code
    found = {code for code, (_, typed) in relations for word in typed if _contains_phrase(norm, normalize(word))}
    if len(found) == 2 and "anders" in found:
        found.discard("anders")
    return found.pop() if len(found) == 1 else None


def parse_unit(text: str, lang: str = DUTCH) -> Optional[str]:
    """A unit code from a page address or typed text ("afdeling B2" -> "B2"), else None."""
    raw = " ".join((text or "").split())
    if normalize(raw) in _word_lists(lang, "unknown_unit"):
        return "ONBEKEND"
    raw = re.sub(r"^(de\s+)?afdeling\s+", "", raw, flags=re.IGNORECASE)
    if not raw or len(raw) > MAX_UNIT_LENGTH or not re.fullmatch(r"[\w .'-]+", raw):
        return None
    return raw.upper()


def looks_like_unit(text: str) -> bool:
    """True for text that is clearly a unit ("afdeling ...", or a short code with a digit)."""
    unit = parse_unit(text)
    if unit is None:
        return False
    return normalize(text).startswith("afdeling") or (len(unit) <= 6 and any(c.isdigit() for c in unit))


def match_unit(text: str, units: Iterable[tuple[str, str]]) -> Optional[str]:
    """The code of the registered unit (code, name) the relative means, by code or name, or None."""

    def bare(name: str) -> str:
        return normalize(re.sub(r"^(de\s+)?afdeling\s+", "", name or "", flags=re.IGNORECASE))

    code, name = parse_unit(text), bare(text)
    for unit_code, unit_name in units:
        if code == unit_code or (name and name == bare(unit_name)):
            return unit_code
    return None


def parse_desired_rung(text: str, ladder: tuple[Rung, ...], lang: str = DUTCH) -> Optional[int]:
    """The rung 1-5 a relative picks, by number ("trede 3", "3") or by name."""
    norm = normalize(text)
    digits = re.findall(r"(?<!\d)\d+(?!\d)", norm)
    if len(digits) == 1 and digits[0] in {"1", "2", "3", "4", "5"}:
        return int(digits[0])
    if digits:
        return None
    matches = {r.number for r in ladder if normalize(r.name) in norm}
    if not matches and lang != DUTCH:
        matches = {r.number for r in content(DUTCH).ladder if normalize(r.name) in norm}
    return matches.pop() if len(matches) == 1 else None


def parse_remark(text: str, lang: str = DUTCH) -> Optional[str]:
    """The free-text remark as given (at most MAX_REMARK_CHARS), or None when there is nothing to add."""
    if normalize(text) in _word_lists(lang, "no_remark") or not (text or "").strip():
        return None
    return text.strip()[:MAX_REMARK_CHARS].rstrip()


def remark_too_long(text: str) -> bool:
    """True when parse_remark keeps only the start of this remark (the relative is told)."""
    return len((text or "").strip()) > MAX_REMARK_CHARS
