"""Invitation codes for relatives: one code starts one scan of one unit and measurement round.

A code is nine characters in three groups ("KQM-4XP-A7D"), letters and digits that cannot be
mistaken for each other on paper (no 0/O, 1/I/L, 2/Z, 5/S, 8/B), always with a digit, so a typed
word is never taken for a code. About 42 bits; wrong codes are limited per client
(bot/storage/invitations.py). Only an HMAC of the code with the server secret is stored.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from typing import Optional
from urllib.parse import urlencode

CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 9
GROUP = 3
ROUND_PATTERN = re.compile(r"T(\d{1,2})")
FIRST_ROUND = "T0"
# the page address that starts the scan with a code (bot/web/site.py chat_page)
LINK_PATH = "/chat"
LINK_PARAMETER = "uitnodiging"


def format_code(raw: str) -> str:
    """'KQM4XPA7D' -> 'KQM-4XP-A7D' (as printed and shown)."""
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def new_code() -> str:
    """A new random code, formatted; it always holds a letter and a digit."""
    while True:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if any(c.isdigit() for c in raw) and any(c.isalpha() for c in raw):
            return format_code(raw)


def normalize_code(text: Optional[str]) -> Optional[str]:
    """The code as nine capitals without dashes or spaces ('kqm 4xp-a7d' -> 'KQM4XPA7D'), or None."""
    raw = "".join(c for c in (text or "").upper() if c.isalnum())
    if len(raw) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in raw):
        return None
    if not any(c.isdigit() for c in raw):
        return None
    return raw


def code_hash(code: str, secret: bytes) -> str:
    """HMAC-SHA256 of the normalized code with the server secret (the code itself is never stored)."""
    normalized = normalize_code(code)
    if normalized is None:
        raise ValueError("not an invitation code")
    return hmac.new(secret, b"invitation:" + normalized.encode(), hashlib.sha256).hexdigest()


def invitation_link(base_url: str, code: str) -> str:
    """The short link on the letter: PUBLIC_BASE_URL + /chat?uitnodiging=KQM-4XP-A7D."""
    return f"{base_url.rstrip('/')}{LINK_PATH}?{urlencode({LINK_PARAMETER: code})}"


def parse_round(text: Optional[str]) -> Optional[str]:
    """A measurement round as stored ('t1' -> 'T1'), or None when it is not of the form T0..T99."""
    match = ROUND_PATTERN.fullmatch((text or "").strip().upper())
    return None if match is None else f"T{int(match.group(1))}"


def round_order(name: str) -> int:
    """Sort key of a round: T0 before T1 before T10."""
    match = ROUND_PATTERN.fullmatch(name)
    return int(match.group(1)) if match else 0
