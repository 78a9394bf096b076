"""The languages of the relatives' path: Dutch (the source) and its translations.

A language is a short code (`nl`, `en`, `tr`, `ar`, `pl`). `pick` makes one out of what a page,
a link or a client sends ("TR", "tr-TR", " ar "); `from_accept_language` takes the one the
browser prefers most. Staff pages and the carers' conversation stay Dutch.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Optional

DUTCH = "nl"
LANGUAGES = (DUTCH, "en", "tr", "ar", "pl")
NATIVE_NAMES = {"nl": "Nederlands", "en": "English", "tr": "Türkçe", "ar": "العربية", "pl": "Polski"}
DIRECTION = {code: "rtl" if code == "ar" else "ltr" for code in LANGUAGES}


def pick(value: object) -> Optional[str]:
    """The supported language in `value` ('TR', 'tr-TR', 'tr_TR', ' ar '), else None."""
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else None


def from_accept_language(header: Optional[str]) -> Optional[str]:
    """The supported language the browser prefers most (Accept-Language, by q-weight), else None."""
    ranked = []
    for position, part in enumerate((header or "").split(",")):
        tag, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        code = pick(tag)
        if code and quality > 0:
            ranked.append((-quality, position, code))
    return min(ranked)[2] if ranked else None


# word forms used when numbers are put in a text (not sentences: those live in bot/content)
AND = {"nl": "en", "en": "and", "tr": "ve", "ar": "و", "pl": "i"}
THOUSANDS = {"nl": ".", "en": ",", "tr": ".", "ar": ",", "pl": "\u00a0"}
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def code(lang: Optional[str]) -> str:
    """A supported language, Dutch when `lang` is none of them."""
    return pick(lang) or DUTCH


def lower(text: str, lang: str = DUTCH) -> str:
    """The text in lower case as the language writes it: Turkish 'I' is 'ı' and 'İ' is 'i'."""
    if code(lang) == "tr":
        text = text.replace("I", "ı").replace("İ", "i")
    return text.lower()


def format_number(number: int, lang: str = DUTCH) -> str:
    """A whole number with the language's thousands separator: 2.000, 2,000, 2 000."""
    return f"{number:,}".replace(",", THOUSANDS[code(lang)])


def join_and(phrases: list[str], lang: str = DUTCH) -> str:
    """'a, b en c' in the language ('a, b and c'; Arabic joins 'و' to the last phrase)."""
    if len(phrases) == 1:
        return phrases[0]
    lang = code(lang)
    last = f" {AND[lang]}{phrases[-1]}" if lang == "ar" else f" {AND[lang]} {phrases[-1]}"
    return ", ".join(phrases[:-1]) + last


def _plural_pl(n: int, one: str, few: str, many: str) -> str:
    if n == 1:
        return one
    return few if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else many


def _plural_ar(n: int, one: str, two: str, few: str, many: str) -> str:
    return {1: one, 2: two}.get(n) or (f"{n} {few}" if 3 <= n % 100 <= 10 else f"{n} {many}")


def readable_days(days: int, lang: str = DUTCH) -> str:
    """A period in the language: '30 dagen', '1 day', '2 yıl' (whole years when it is one)."""
    years, n = days % 365 == 0, days // 365 if days % 365 == 0 else days
    lang = code(lang)
    if lang == "en":
        return f"{n} {'year' if years else 'day'}{'' if n == 1 else 's'}"
    if lang == "tr":
        return f"{n} {'yıl' if years else 'gün'}"
    if lang == "pl":
        forms = ("rok", "lata", "lat") if years else ("dzień", "dni", "dni")
        return f"{n} {_plural_pl(n, *forms)}"
    if lang == "ar":
        if years:
            return _plural_ar(n, "سنة واحدة", "سنتان", "سنوات", "سنة")
        return _plural_ar(n, "يوم واحد", "يومان", "أيام", "يومًا")
    if years:
        return f"{n} jaar"
    return "1 dag" if n == 1 else f"{n} dagen"


def western_digits(text: str) -> str:
    """Arabic-Indic and Persian digits (١٢٣) as 0-9, so typed numbers read the same in every language."""
    return text.translate(ARABIC_DIGITS)


# the slot, the metadata key and the entity that carry the relative's language
LANGUAGE_KEY = "taal"


def language_for(
    current: Optional[str],
    metadata: Optional[Mapping[str, Any]],
    previous_metadata: Optional[Mapping[str, Any]] = None,
    entities: Iterable[Mapping[str, Any]] = (),
) -> str:
    """The conversation's language after this message.

    A language button in the chat (`/choose_language{"taal": "tr"}`) decides first; then the
    page's language (metadata `taal`) when it differs from what the page sent with the message
    before (so a choice in the chat is not undone by the page's next message); else unchanged.
    """
    chosen = next((pick(e.get("value")) for e in entities if e.get("entity") == LANGUAGE_KEY), None)
    if chosen:
        return chosen
    sent = pick((metadata or {}).get(LANGUAGE_KEY))
    if sent and sent != pick((previous_metadata or {}).get(LANGUAGE_KEY)):
        return sent
    return code(current)
