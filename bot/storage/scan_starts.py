"""New scans per client address: at most scans_per_client_per_hour() in any hour.

Each consent is logged with the client's key (an HMAC of its address, bot.intake.client_key),
never the address. The purge (bot/retention.py) removes rows older than a day.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import func, select

from bot.config import scans_per_client_per_hour
from bot.storage.db import session_scope
from bot.storage.models import ScanStart, utcnow

WINDOW = timedelta(hours=1)


class ScanStarts:
    """The log of scan starts per client key."""

    def __init__(self, url: Optional[str] = None) -> None:
        self.url = url

    def try_start(self, client_key: str, now: Optional[datetime] = None) -> bool:
        """Record a new scan for this client unless it already started the maximum this hour."""
        now = now or utcnow()
        with session_scope(self.url) as session:
            recent = session.scalar(
                select(func.count(ScanStart.id)).where(
                    ScanStart.client_key == client_key, ScanStart.started_at > now - WINDOW
                )
            )
            if (recent or 0) >= scans_per_client_per_hour():
                return False
            session.add(ScanStart(client_key=client_key, started_at=now))
            return True
