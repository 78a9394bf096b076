"""Invitation codes in the database: made per unit and round, claimed once by a relative's scan.

Only an HMAC of each code is stored (bot/invitations.py), so a code is shown once: on the
letters printed when it is made. Wrong codes are logged per client key (an HMAC of the address)
and limited per hour; past the limit a code is refused without looking it up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.config import invitation_days, pseudonym_secret, wrong_codes_per_client_per_hour
from bot.invitations import FIRST_ROUND, code_hash, new_code, normalize_code, round_order
from bot.storage.attempts import INVITATION_CODE, FailedAttempts
from bot.storage.db import session_scope
from bot.storage.models import Invitation, Respondent, utcnow
from bot.storage.repository import sender_key

WINDOW = timedelta(hours=1)
MAX_COUNT = 500


class Claim(Enum):
    """What a code did for a conversation."""

    STARTED = "started"  # a new scan, stored under the code's unit and round
    RESUMED = "resumed"  # the unfinished scan of this code continues in this conversation
    USED = "used"  # the code already belongs to a finished (or erased) scan
    EXPIRED = "expired"
    WRONG = "wrong"  # no such code (or no code at all)
    LIMITED = "limited"  # too many wrong codes from this client this hour: not looked up


@dataclass(frozen=True)
class ClaimResult:
    outcome: Claim
    unit: Optional[str] = None
    round: Optional[str] = None


@dataclass(frozen=True)
class IssuedInvitation:
    """A new invitation, with its code (shown on the letter only; never stored)."""

    code: str
    unit: str
    round: str
    expires_at: datetime


class InvitationRepository:
    """Makes invitation codes and lets a conversation claim one."""

    def __init__(self, url: Optional[str] = None) -> None:
        self.url = url

    def create(
        self, unit: str, count: int, round_: Optional[str] = None, now: Optional[datetime] = None
    ) -> list[IssuedInvitation]:
        """`count` new codes for this (registered) unit and round (default: its latest round, or T0)."""
        if not 1 <= count <= MAX_COUNT:
            raise ValueError(f"count must be 1..{MAX_COUNT}")
        now = now or utcnow()
        expires = now + timedelta(days=invitation_days())
        secret = pseudonym_secret()
        with session_scope(self.url) as session:
            name = round_ or self._latest_round(session, unit) or FIRST_ROUND
            issued = []
            for _ in range(count):
                code = new_code()
                session.add(
                    Invitation(
                        code_hash=code_hash(code, secret), unit=unit, round=name, created_at=now, expires_at=expires
                    )
                )
                issued.append(IssuedInvitation(code=code, unit=unit, round=name, expires_at=expires))
            return issued

    @staticmethod
    def _latest_round(session: Session, unit: str) -> Optional[str]:
        names = session.execute(select(Invitation.round).where(Invitation.unit == unit).distinct()).scalars().all()
        return max(names, key=round_order) if names else None

    def sent(self, unit: str) -> dict[str, int]:
        """Invitations made per round of this unit, in round order."""
        with session_scope(self.url) as session:
            return self._sent_in(session, unit)

    @staticmethod
    def _sent_in(session: Session, unit: str) -> dict[str, int]:
        rows = session.execute(
            select(Invitation.round, func.count(Invitation.id))
            .where(Invitation.unit == unit)
            .group_by(Invitation.round)
        ).all()
        return {name: int(count) for name, count in sorted(rows, key=lambda row: round_order(row[0]))}

    def claim(
        self, code: Optional[str], sender_id: str, client_key: str, now: Optional[datetime] = None
    ) -> ClaimResult:
        """Start (or resume) this conversation's scan with this code, with consent given."""
        now = now or utcnow()
        wrong_codes = FailedAttempts(INVITATION_CODE, wrong_codes_per_client_per_hour(), WINDOW, self.url)
        if wrong_codes.blocked([client_key], now):
            return ClaimResult(Claim.LIMITED)
        result = self._claim(code, sender_id, now)
        if result.outcome == Claim.WRONG:
            wrong_codes.record([client_key], now)
        return result

    def _claim(self, code: Optional[str], sender_id: str, now: datetime) -> ClaimResult:
        with session_scope(self.url) as session:
            normalized = normalize_code(code)
            invitation = None
            if normalized is not None:
                invitation = session.execute(
                    select(Invitation).where(Invitation.code_hash == code_hash(normalized, pseudonym_secret()))
                ).scalar_one_or_none()
            if invitation is None:
                return ClaimResult(Claim.WRONG)
            found = ClaimResult(Claim.STARTED, unit=str(invitation.unit), round=str(invitation.round))
            key = sender_key(sender_id)
            if invitation.used_at is not None:
                return ClaimResult(self._reuse(session, invitation, key), found.unit, found.round)
            expires = (
                invitation.expires_at
                if invitation.expires_at.tzinfo
                else invitation.expires_at.replace(tzinfo=now.tzinfo)
            )
            if expires < now:
                return ClaimResult(Claim.EXPIRED, found.unit, found.round)
            mine = session.execute(select(Respondent).where(Respondent.sender_key == key)).scalar_one_or_none()
            if mine is not None and (mine.finished_at is not None or mine.invitation_id is not None):
                # this conversation already has a scan of its own: a second code never starts another
                return ClaimResult(Claim.USED, found.unit, found.round)
            if mine is None:
                mine = Respondent(sender_key=key, started_at=now)
                session.add(mine)
            mine.consent_at = mine.consent_at or now
            mine.unit = invitation.unit
            mine.round = invitation.round
            invitation.used_at = now
            session.flush()
            mine.invitation_id = invitation.id
            return found

    @staticmethod
    def _reuse(session: Session, invitation: Invitation, key: str) -> Claim:
        """A used code: its own unfinished scan continues here; anything else is refused."""
        scan = session.execute(select(Respondent).where(Respondent.invitation_id == invitation.id)).scalar_one_or_none()
        if scan is None or scan.finished_at is not None:
            return Claim.USED
        if scan.sender_key != key:
            if session.execute(select(Respondent.id).where(Respondent.sender_key == key)).first() is not None:
                return Claim.USED
            scan.sender_key = key  # the same relative on another device
        return Claim.RESUMED
