"""What relatives are told about their data, filled from the settings, and the erasure code."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from typing import TYPE_CHECKING, Optional

from bot import languages
from bot.config import MINIMUM_GROUP, answer_retention_days, pseudonym_secret, retention_days
from bot.content import content
from bot.content.words import words
from bot.scan import normalize

if TYPE_CHECKING:  # the repository imports this module
    from bot.storage.repository import ErasedScan

# Letters and digits that cannot be mistaken for each other on paper: of 0/O/Q/D, 1/I/L/7, 5/S,
# 8/B, 2/Z, 6/G and U/V at most one is used.
CODE_ALPHABET = "ACDEFHJKMNPRTUWXY234579"
# 12 characters in three groups of four: 12 * log2(23) = 54.3 bits, typeable from paper
CODE_GROUPS = 3
CODE_GROUP_LENGTH = 4
CODE_LENGTH = CODE_GROUPS * CODE_GROUP_LENGTH
# Codes issued before 2026-12 (8 characters of this alphabet, SHA-256 re-keyed by migration 0007)
LEGACY_ALPHABET = "ACDEFGHJKMNPQRTUVWXYZ2345679"
LEGACY_LENGTH = 8
# What the tracker store keeps in place of an erasure code (addons/tracker_store.py)
CODE_PLACEHOLDER = "[wiscode]"
# A code as it may appear in a text: two or three groups of four, with or without dashes or spaces
_ANY = "".join(sorted(set(CODE_ALPHABET + LEGACY_ALPHABET)))
_CODE_IN_TEXT = re.compile(rf"(?<![0-9A-Z])(?:[{_ANY}]{{4}}[- ]?){{1,2}}[{_ANY}]{{4}}(?![0-9A-Z])", re.IGNORECASE)


def readable_days(days: int, lang: str = "nl") -> str:
    """A period in plain words of the language: '30 dagen', '1 day', '2 jaar' (whole years when it is one)."""
    return languages.readable_days(days, lang)


def settings_text(template: str, lang: str = "nl", **values: str) -> str:
    """A privacy text with the numbers from the settings (and any `values`) filled in, in `lang`."""
    return template.format(
        conversation_days=readable_days(retention_days(), lang),
        answer_days=readable_days(answer_retention_days(), lang),
        group=str(MINIMUM_GROUP),
        **{"unit": "", "code": "", **values},
    )


def consent_messages(lang: str = "nl") -> list[str]:
    """The consent, one text per chat message, saying what is stored, how long, who sees what."""
    return [settings_text(message, lang) for message in content(lang).privacy.consent]


def erasure_texts(reader: Optional[str], lang: str = "nl") -> dict[str, str]:
    """The erasure texts in the reader's voice: "je" for a carer (Dutch), "u" for anyone else in `lang`."""
    if reader == "medewerker":
        return {**content().privacy.erasure, **content().privacy.erasure_carer}
    return content(lang).privacy.erasure


def erasure_report(
    scan: Optional[ErasedScan],
    rehearsals: int = 0,
    earlier_conversation: bool = False,
    reader: Optional[str] = None,
    lang: str = "nl",
) -> str:
    """The truthful reply to an erasure: what was removed, or that nothing was found.

    A carer ("medewerker") whose conversation held no scan hears it in "je"; anyone else in "u".
    """
    # a scan found by its code is a relative's: that report is in "u"
    texts = erasure_texts(reader if scan is None and not earlier_conversation else None, lang)
    if scan is None and not rehearsals:
        return f"{texts['nothing']} {texts['again']}"
    removed = []
    if scan is not None:
        removed.append(texts["answers"])
        if scan.remark:
            removed.append(texts["remark"])
    if rehearsals:
        removed.append(texts["rehearsals"])
    if earlier_conversation:
        removed.append(texts["earlier_conversation"])
    removed.append(texts["conversation"])
    lines = [texts["done"], *(f"- {item}" for item in removed)]
    if scan is not None and scan.released:
        lines.append(texts["released"])
    lines.append(texts["again"])
    return "\n".join(lines)


def new_erasure_code() -> str:
    """A random erasure code such as 'K7UM-4XPA-R3TC' (shown once; only its HMAC is stored)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + CODE_GROUP_LENGTH] for i in range(0, CODE_LENGTH, CODE_GROUP_LENGTH))


def normalize_erasure_code(text: str) -> Optional[str]:
    """The code in capitals without dashes ('k7um 4xpa r3tc' -> 'K7UM4XPAR3TC'), or None.

    An 8-character code of the older alphabet is accepted too: codes given before 2026-12 still erase.
    """
    raw = "".join(c for c in (text or "").upper() if c.isalnum())
    if len(raw) == CODE_LENGTH and all(c in CODE_ALPHABET for c in raw):
        return raw
    if len(raw) == LEGACY_LENGTH and all(c in LEGACY_ALPHABET for c in raw):
        return raw
    return None


def legacy_rekey(sha256_hex: str) -> str:
    """What migration 0007 stores in place of an old unsalted SHA-256 of a code."""
    return hmac.new(pseudonym_secret(), f"erasure-legacy:{sha256_hex}".encode(), hashlib.sha256).hexdigest()


def erasure_code_hash(code: str) -> str:
    """HMAC-SHA256 of the normalized code with the server secret; the code itself is never stored.

    Without SAMENSPRAAK_SECRET (or var/secret) the stored values cannot be tested against guesses.
    An old 8-character code is matched through the re-keyed SHA-256 that migration 0007 left.
    """
    normalized = normalize_erasure_code(code)
    if normalized is None:
        raise ValueError("not an erasure code")
    if len(normalized) == LEGACY_LENGTH:
        return legacy_rekey(hashlib.sha256(normalized.encode()).hexdigest())
    return hmac.new(pseudonym_secret(), f"erasure:{normalized}".encode(), hashlib.sha256).hexdigest()


def _hide(match: re.Match[str]) -> str:
    found = match.group(0)
    # plain words such as "deze week" are left alone: a code has a dash or a digit (98% of codes), or
    # it is a whole current code (12 letters of the code alphabet, which lacks B, G, I, L, O, Q, S, V, Z)
    normalized = normalize_erasure_code(found)
    whole_code = normalized is not None and len(normalized) == CODE_LENGTH
    return CODE_PLACEHOLDER if "-" in found or any(c.isdigit() for c in found) or whole_code else found


def hide_erasure_codes(text: str) -> str:
    """The text with anything shaped like an erasure code (2 or 3 groups of 4) replaced by CODE_PLACEHOLDER."""
    return _CODE_IN_TEXT.sub(_hide, text)


def says_no_code(text: str, lang: str = "nl") -> bool:
    """True when the relative says they have no erasure code (or wants to stop), in `lang` or Dutch.

    The button "Ik heb geen code" sends its own title, so that counts in every language too.
    """
    said = normalize(text)
    languages = dict.fromkeys((lang, "nl"))
    typed = [*(w for code in languages for w in words(code).no_code)]
    typed += [content(code).privacy.erasure["no_code_button"] for code in languages]
    return said in {normalize(word) for word in typed}
