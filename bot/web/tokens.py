"""Team tokens: random access codes to the dashboard of one unit, stored only as a hash."""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import Optional

from sqlalchemy import select

from bot.scan import parse_unit
from bot.storage.db import session_scope
from bot.storage.models import TeamToken, utcnow

TOKEN_BYTES = 32
# A real token is 43 characters; anything much longer is refused before touching the database.
MAX_TOKEN_LENGTH = 100
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]+")


def hash_token(token: str) -> str:
    """SHA-256 of the token (the tokens are long random strings, so no slow hash is needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def clean_unit(code: str) -> Optional[str]:
    """The unit code as stored ("b2" -> "B2"), or None when it is no usable code."""
    unit = parse_unit(code)
    return None if unit is None or unit == "ONBEKEND" else unit


def well_formed(token: str) -> bool:
    """True when the token could be one of ours (length and characters), without a lookup."""
    return 0 < len(token) <= MAX_TOKEN_LENGTH and TOKEN_PATTERN.fullmatch(token) is not None


class TeamTokens:
    """Creates and checks team tokens in the configured database."""

    def __init__(self, url: Optional[str] = None) -> None:
        self.url = url

    def create(self, unit: str) -> str:
        """A new token for this unit; returned once, only its hash is stored."""
        code = clean_unit(unit)
        if code is None:
            raise ValueError(f"geen geldige afdelingscode: {unit!r}")
        token = secrets.token_urlsafe(TOKEN_BYTES)
        with session_scope(self.url) as session:
            session.add(TeamToken(token_hash=hash_token(token), unit=code, created_at=utcnow()))
        return token

    def unit_for(self, token: Optional[str]) -> Optional[str]:
        """The unit this token opens, or None for an unknown, revoked or malformed token."""
        token = (token or "").strip()
        if not well_formed(token):
            return None
        with session_scope(self.url) as session:
            row = session.execute(
                select(TeamToken).where(TeamToken.token_hash == hash_token(token), TeamToken.revoked_at.is_(None))
            ).scalar_one_or_none()
            return None if row is None else str(row.unit)

    def revoke(self, unit: str) -> int:
        """Revoke every token of this unit; returns how many were revoked."""
        code = clean_unit(unit)
        with session_scope(self.url) as session:
            rows = session.execute(
                select(TeamToken).where(TeamToken.unit == code, TeamToken.revoked_at.is_(None))
            ).scalars().all()
            for row in rows:
                row.revoked_at = utcnow()
            return len(rows)

    def is_known_unit(self, unit: str) -> bool:
        """True when a team has a (not revoked) token for this unit: the unit takes part."""
        with session_scope(self.url) as session:
            found = session.execute(
                select(TeamToken.id).where(TeamToken.unit == unit, TeamToken.revoked_at.is_(None)).limit(1)
            ).first()
            return found is not None
