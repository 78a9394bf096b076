"""Failed attempts (wrong erasure codes, invitation codes and team codes) per conversation or client in a window.

Only HMAC keys are stored (bot.intake.client_key, bot.storage.repository.sender_key), never a
code or an address. The purge (bot/retention.py) removes rows older than a day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import func, select

from bot.storage.db import session_scope
from bot.storage.models import FailedAttempt, utcnow

ERASURE_CODE = "erasure_code"
TEAM_LOGIN = "team_login"
INVITATION_CODE = "invitation_code"


class FailedAttempts:
    """At most `limit` failures of one kind per key within `window`."""

    def __init__(self, kind: str, limit: int, window: timedelta, url: Optional[str] = None) -> None:
        self.kind = kind
        self.limit = limit
        self.window = window
        self.url = url

    def blocked(self, keys: Iterable[Optional[str]], now: Optional[datetime] = None) -> bool:
        """True when any of these keys already failed `limit` times within the window."""
        wanted = sorted({key for key in keys if key})
        if not wanted:
            return False
        since = (now or utcnow()) - self.window
        with session_scope(self.url) as session:
            most = session.execute(
                select(func.count(FailedAttempt.id))
                .where(FailedAttempt.kind == self.kind, FailedAttempt.key.in_(wanted), FailedAttempt.at > since)
                .group_by(FailedAttempt.key)
            ).scalars()
            return max(most, default=0) >= self.limit

    def record(self, keys: Iterable[Optional[str]], now: Optional[datetime] = None) -> None:
        """Count one failure for each of these keys."""
        moment = now or utcnow()
        with session_scope(self.url) as session:
            for key in sorted({key for key in keys if key}):
                session.add(FailedAttempt(kind=self.kind, key=key, at=moment))
