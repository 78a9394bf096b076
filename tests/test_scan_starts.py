"""The per-address limit on new scans, against real SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.storage import db
from bot.storage.models import ScanStart, utcnow
from bot.storage.scan_starts import ScanStarts


def test_at_most_the_setting_per_client_per_hour(database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCANS_PER_CLIENT_PER_HOUR", "3")
    starts = ScanStarts(database)
    now = utcnow()
    assert [starts.try_start("a", now + timedelta(minutes=i)) for i in range(4)] == [True, True, True, False]
    # another address is not affected
    assert starts.try_start("b", now)
    # a refused start is not logged, so it does not extend the wait
    with db.session_scope(database) as session:
        assert len(session.scalars(select(ScanStart).where(ScanStart.client_key == "a")).all()) == 3
    # an hour after the first start, one new scan fits again
    assert starts.try_start("a", now + timedelta(minutes=60, seconds=1))
    assert not starts.try_start("a", now + timedelta(minutes=60, seconds=2))


def test_the_default_is_ten_per_hour(database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCANS_PER_CLIENT_PER_HOUR", raising=False)
    starts = ScanStarts(database)
    now = utcnow()
    assert sum(starts.try_start("c", now) for _ in range(12)) == 10
