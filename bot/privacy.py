"""What relatives are told about their data, filled from the settings, and the erasure code."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING, Optional

from bot.config import MINIMUM_GROUP, answer_retention_days, retention_days
from bot.content import content
from bot.content.words import words
from bot.scan import normalize

if TYPE_CHECKING:  # the repository imports this module
    from bot.storage.repository import ErasedScan

# Letters and digits that cannot be mistaken for each other (no 0/O, 1/I/L, 5/S, 8/B).
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXYZ2345679"
CODE_LENGTH = 8
NO_CODE_WORDS = words().no_code  # bot/content/words.yml


def readable_days(days: int) -> str:
    """A period in plain Dutch: '30 dagen', '1 dag', '2 jaar' (whole years when it is one)."""
    if days % 365 == 0:
        return f"{days // 365} jaar"
    return "1 dag" if days == 1 else f"{days} dagen"


def settings_text(template: str, **values: str) -> str:
    """A privacy text with the numbers from the settings (and any `values`) filled in."""
    return template.format(
        conversation_days=readable_days(retention_days()),
        answer_days=readable_days(answer_retention_days()),
        group=str(MINIMUM_GROUP),
        **{"unit": "", "code": "", **values},
    )


def consent_messages() -> list[str]:
    """The consent, one text per chat message, saying what is stored, how long, who sees what."""
    return [settings_text(message) for message in content().privacy.consent]


def erasure_texts(reader: Optional[str]) -> dict[str, str]:
    """The erasure texts in the reader's voice: "je" for a carer, "u" for anyone else."""
    texts = content().privacy.erasure
    return {**texts, **content().privacy.erasure_carer} if reader == "medewerker" else texts


def erasure_report(
    scan: Optional[ErasedScan],
    rehearsals: int = 0,
    earlier_conversation: bool = False,
    reader: Optional[str] = None,
) -> str:
    """The truthful reply to an erasure: what was removed, or that nothing was found.

    A carer ("medewerker") whose conversation held no scan hears it in "je"; anyone else in "u".
    """
    # a scan found by its code is a relative's: that report is in "u"
    texts = erasure_texts(reader if scan is None and not earlier_conversation else None)
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
    """A random erasure code such as 'K7QM-4XPA' (shown once; only its hash is stored)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalize_erasure_code(text: str) -> Optional[str]:
    """The code as 8 capitals without the dash ('k7qm 4xpa' -> 'K7QM4XPA'), or None."""
    raw = "".join(c for c in (text or "").upper() if c.isalnum())
    if len(raw) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in raw):
        return None
    return raw


def erasure_code_hash(code: str) -> str:
    """SHA-256 of the normalized code; the code itself is never stored."""
    normalized = normalize_erasure_code(code)
    if normalized is None:
        raise ValueError("not an erasure code")
    return hashlib.sha256(normalized.encode()).hexdigest()


def says_no_code(text: str) -> bool:
    """True when the relative says they have no erasure code (or want to stop)."""
    return normalize(text) in NO_CODE_WORDS
