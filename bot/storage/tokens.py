"""Team codes (one per person, with a label and an expiry), dashboard sessions and the access log.

A code is a random string shown once; only its SHA-256 hash is stored. Logging in with a code
starts a server-side session: the browser's cookie holds only a random session id, stored as its
SHA-256 too. A session ends at logout, after TEAM_SESSION_HOURS, or when its code expires or is
revoked. Every login, dashboard view, download and logout is logged per unit and label.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import TEAM_SESSION_HOURS
from bot.storage.db import session_scope
from bot.storage.models import DashboardAccess, TeamSession, TeamToken, utcnow
from bot.storage.units import UnitRegistry
from bot.storage.units import clean_unit_code as clean_unit

TOKEN_BYTES = 32
SESSION_BYTES = 32
DEFAULT_DAYS = 90
MAX_LABEL_LENGTH = 100
# A real token is 43 characters; anything much longer is refused before touching the database.
MAX_TOKEN_LENGTH = 100
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]+")
ACCESS_KINDS = (
    "login",
    "view",
    "csv",
    "logout",
    # a login with an expired or revoked code of this unit (unknown codes have no unit: server log only)
    "login_failed",
    # the staff quick scan and the action plan (bot/web/teamscan_pages.py)
    "round_open",
    "round_close",
    "activity_add",
    "activity_status",
    "actions_csv",
    # invitation letters made on the dashboard (bot/web/invitation_pages.py)
    "invitations",
)


def hash_token(token: str) -> str:
    """SHA-256 of a code or session id (both long random strings, so no slow hash is needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def well_formed(token: str) -> bool:
    """True when the code or session id could be one of ours (length and characters), without a lookup."""
    return 0 < len(token) <= MAX_TOKEN_LENGTH and TOKEN_PATTERN.fullmatch(token) is not None


def _aware(moment: Optional[datetime]) -> Optional[datetime]:
    """SQLite returns naive datetimes; they are stored as UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=timezone.utc)


def _usable(token: TeamToken, now: datetime) -> bool:
    expires = _aware(token.expires_at)
    return token.revoked_at is None and (expires is None or expires > now)


@dataclass(frozen=True)
class TokenInfo:
    """A code as the operator sees it: never the code itself or its hash."""

    id: int
    unit: str
    label: str
    created_at: datetime
    expires_at: Optional[datetime]
    revoked_at: Optional[datetime]


@dataclass(frozen=True)
class TeamLogin:
    """A started session: the id for the cookie (shown once), the unit and the code's label."""

    session_id: str
    unit: str
    label: str


@dataclass(frozen=True)
class SessionInfo:
    """Whose session this is."""

    unit: str
    label: str


@dataclass(frozen=True)
class AccessEntry:
    """One line of the access log."""

    unit: str
    label: str
    what: str
    at: datetime


def _info(row: TeamToken) -> TokenInfo:
    return TokenInfo(
        id=int(row.id),
        unit=str(row.unit),
        label=str(row.label or ""),
        created_at=_aware(row.created_at) or row.created_at,
        expires_at=_aware(row.expires_at),
        revoked_at=_aware(row.revoked_at),
    )


def _by_hash(session: Session, token: str) -> Optional[TeamToken]:
    found: Optional[TeamToken] = session.execute(
        select(TeamToken).where(TeamToken.token_hash == hash_token(token))
    ).scalar_one_or_none()
    return found


class TeamTokens:
    """Creates, checks and revokes team codes and their sessions in the configured database."""

    def __init__(self, url: Optional[str] = None) -> None:
        self.url = url

    # --- codes ---------------------------------------------------------------------------

    def create(self, unit: str, days: int = DEFAULT_DAYS, label: str = "") -> str:
        """A new code for this unit, valid for `days` days; returned once, only its hash is stored.

        A unit that is not registered yet is registered under the name "Afdeling CODE".
        """
        code = clean_unit(unit)
        if code is None:
            raise ValueError(f"geen geldige afdelingscode: {unit!r}")
        if days < 1:
            raise ValueError("een teamcode is minstens 1 dag geldig")
        units = UnitRegistry(self.url)
        if not units.is_registered(code):
            units.add(code, f"Afdeling {code}")
        token = secrets.token_urlsafe(TOKEN_BYTES)
        now = utcnow()
        with session_scope(self.url) as session:
            session.add(
                TeamToken(
                    token_hash=hash_token(token),
                    unit=code,
                    label=" ".join(label.split())[:MAX_LABEL_LENGTH],
                    created_at=now,
                    expires_at=now + timedelta(days=days),
                )
            )
        return token

    def unit_for(self, token: Optional[str]) -> Optional[str]:
        """The unit this code opens, or None for an unknown, expired, revoked or malformed code."""
        token = (token or "").strip()
        if not well_formed(token):
            return None
        with session_scope(self.url) as session:
            row = _by_hash(session, token)
            return str(row.unit) if row is not None and _usable(row, utcnow()) else None

    def codes(self, unit: str) -> list[TokenInfo]:
        """Every code of this unit, oldest first (without the code or its hash)."""
        with session_scope(self.url) as session:
            rows = (
                session.execute(select(TeamToken).where(TeamToken.unit == clean_unit(unit)).order_by(TeamToken.id))
                .scalars()
                .all()
            )
            return [_info(row) for row in rows]

    def revoke_one(self, token_id: int) -> Optional[TokenInfo]:
        """Revoke one code (its sessions stop working); the code as it is now, or None if unknown."""
        with session_scope(self.url) as session:
            row = session.get(TeamToken, token_id)
            if row is None:
                return None
            row.revoked_at = row.revoked_at or utcnow()
            session.flush()
            return _info(row)

    def revoke(self, unit: str) -> int:
        """Revoke every code of this unit; returns how many were revoked."""
        code = clean_unit(unit)
        with session_scope(self.url) as session:
            rows = (
                session.execute(select(TeamToken).where(TeamToken.unit == code, TeamToken.revoked_at.is_(None)))
                .scalars()
                .all()
            )
            for row in rows:
                row.revoked_at = utcnow()
            return len(rows)

    # --- sessions ------------------------------------------------------------------------

    def login(self, token: Optional[str]) -> Optional[TeamLogin]:
        """Start a session with this code (logged), or None when the code does not work."""
        token = (token or "").strip()
        if not well_formed(token):
            return None
        now = utcnow()
        session_id = secrets.token_urlsafe(SESSION_BYTES)
        with session_scope(self.url) as session:
            row = _by_hash(session, token)
            if row is None or not _usable(row, now):
                return None
            session.add(
                TeamSession(
                    session_hash=hash_token(session_id),
                    token_id=row.id,
                    created_at=now,
                    expires_at=now + timedelta(hours=TEAM_SESSION_HOURS),
                )
            )
            session.add(DashboardAccess(unit=row.unit, label=row.label or "", what="login", at=now))
            return TeamLogin(session_id=session_id, unit=str(row.unit), label=str(row.label or ""))

    def failed_login(self, token: Optional[str]) -> Optional[str]:
        """After a failed login: the label of the code when it exists (logged for its unit), else None."""
        token = (token or "").strip()
        if not well_formed(token):
            return None
        with session_scope(self.url) as session:
            row = _by_hash(session, token)
            if row is None:
                return None
            session.add(DashboardAccess(unit=row.unit, label=row.label or "", what="login_failed", at=utcnow()))
            return str(row.label or "")

    def session(self, session_id: Optional[str]) -> Optional[SessionInfo]:
        """Whose session this is, or None when it ended, expired or its code no longer works."""
        session_id = (session_id or "").strip()
        if not well_formed(session_id):
            return None
        now = utcnow()
        with session_scope(self.url) as session:
            found = session.execute(
                select(TeamSession, TeamToken)
                .join(TeamToken, TeamSession.token_id == TeamToken.id)
                .where(TeamSession.session_hash == hash_token(session_id))
            ).first()
            if found is None:
                return None
            team_session, token = found
            expires = _aware(team_session.expires_at)
            if team_session.ended_at is not None or expires is None or expires <= now or not _usable(token, now):
                return None
            return SessionInfo(unit=str(token.unit), label=str(token.label or ""))

    def logout(self, session_id: Optional[str]) -> bool:
        """End this session on the server (logged). True when a running session was ended."""
        session_id = (session_id or "").strip()
        if not well_formed(session_id):
            return False
        with session_scope(self.url) as session:
            found = session.execute(
                select(TeamSession, TeamToken)
                .join(TeamToken, TeamSession.token_id == TeamToken.id)
                .where(TeamSession.session_hash == hash_token(session_id), TeamSession.ended_at.is_(None))
            ).first()
            if found is None:
                return False
            team_session, token = found
            team_session.ended_at = utcnow()
            session.add(DashboardAccess(unit=token.unit, label=token.label or "", what="logout", at=utcnow()))
            return True

    # --- access log ----------------------------------------------------------------------

    def log_access(self, who: SessionInfo, what: str) -> None:
        """Record a dashboard view or download by this session's code label."""
        if what not in ACCESS_KINDS:
            raise ValueError(f"unknown access kind {what!r}")
        with session_scope(self.url) as session:
            session.add(DashboardAccess(unit=who.unit, label=who.label, what=what, at=utcnow()))

    def access_log(self, unit: str) -> list[AccessEntry]:
        """The access log of this unit, oldest first."""
        with session_scope(self.url) as session:
            rows = (
                session.execute(
                    select(DashboardAccess)
                    .where(DashboardAccess.unit == clean_unit(unit))
                    .order_by(DashboardAccess.at, DashboardAccess.id)
                )
                .scalars()
                .all()
            )
            return [AccessEntry(str(r.unit), str(r.label), str(r.what), _aware(r.at) or r.at) for r in rows]
