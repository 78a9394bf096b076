"""The purge, with the clock moved forward, on SQLite and PostgreSQL with Rasa's own events table."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import func, select

from bot.retention import purge
from bot.storage import db
from bot.storage.conversations import delete_events_of_key
from bot.storage.models import Rehearsal, RehearsalTurn, Respondent, ScanStart, TeamSession, TeamToken
from bot.storage.repository import ScanRepository, sender_key
from tests.cli import run_cli, run_cli_status

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=timezone.utc)


def save_conversation(store: SQLTrackerStore, sender: str, at: datetime) -> None:
    stamp = at.timestamp()
    events = [UserUttered("hallo", timestamp=stamp), ActionExecuted("utter_greet", timestamp=stamp + 1)]
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, events, slots=Domain.empty().slots)))


def event_senders(url: str) -> dict[str, int]:
    from bot.storage.conversations import events_table

    table = events_table(db.get_engine(url))
    assert table is not None
    with db.get_engine(url).connect() as connection:
        rows = connection.execute(select(table.c.sender_id, func.count()).group_by(table.c.sender_id)).all()
    return {str(sender): int(count) for sender, count in rows}


def seed(url: str) -> None:
    """Old and recent rows of every kind the purge looks at."""
    repo = ScanRepository(url)
    for sender in ("old-relative", "recent-relative", "old-start-recent-answer"):
        repo.give_consent(sender, unit="B2")
        repo.save_answer(sender, "r1_a", 1, 3)
    old = NOW - timedelta(days=800)
    with db.session_scope(url) as session:
        for respondent in session.query(Respondent):
            if respondent.sender_key in (sender_key("old-relative"), sender_key("old-start-recent-answer")):
                respondent.started_at = old
                respondent.consent_at = old
            for answer in respondent.answers:
                recent = respondent.sender_key != sender_key("old-relative")
                answer.answered_at = NOW - timedelta(days=10) if recent else old
            if respondent.sender_key == sender_key("recent-relative"):
                respondent.started_at = NOW - timedelta(days=10)
        old_rehearsal = Rehearsal(carer_key="a" * 64, persona="dochter", seed=1, started_at=old, finished_at=old)
        old_rehearsal.turns.append(RehearsalTurn(number=1, text="hallo", reply="dag", created_at=old))
        session.add(old_rehearsal)
        session.add(Rehearsal(carer_key="b" * 64, persona="dochter", seed=2, started_at=NOW - timedelta(days=3)))
        session.add(ScanStart(client_key="c" * 64, started_at=NOW - timedelta(hours=30)))
        session.add(ScanStart(client_key="c" * 64, started_at=NOW - timedelta(hours=2)))
        token = TeamToken(token_hash="d" * 64, unit="B2", label="test")
        session.add(token)
        session.flush()
        session.add(TeamSession(session_hash="e" * 64, token_id=token.id, expires_at=NOW - timedelta(hours=1)))
        session.add(
            TeamSession(
                session_hash="f" * 64,
                token_id=token.id,
                expires_at=NOW + timedelta(hours=5),
                ended_at=NOW - timedelta(minutes=5),
            )
        )
        session.add(TeamSession(session_hash="g" * 64, token_id=token.id, expires_at=NOW + timedelta(hours=5)))


def test_purge_with_the_clock_moved_forward(database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RETENTION_DAYS", raising=False)
    monkeypatch.delenv("ANSWER_RETENTION_DAYS", raising=False)
    store = SQLTrackerStore(Domain.empty(), host=database)
    save_conversation(store, "old-chat", NOW - timedelta(days=31))
    save_conversation(store, "recent-chat", NOW - timedelta(days=29))
    seed(database)

    counts = purge(database, now=NOW)

    assert event_senders(database) == {"recent-chat": 2}
    assert counts.events == 2
    repo = ScanRepository(database)
    assert repo.state("old-relative") is None
    assert repo.state("recent-relative") is not None
    assert repo.state("old-start-recent-answer") is not None, "a recent answer is recent activity"
    assert counts.respondents == 1
    with db.session_scope(database) as session:
        assert [r.carer_key for r in session.query(Rehearsal)] == ["b" * 64]
        assert session.query(RehearsalTurn).count() == 0
        assert session.query(ScanStart).count() == 1
        assert [s.session_hash for s in session.query(TeamSession)] == ["g" * 64]
    assert (counts.rehearsals, counts.scan_starts, counts.team_sessions) == (1, 1, 2)

    # a month later the rest of the conversations go too; a second purge finds nothing new
    later = purge(database, now=NOW + timedelta(days=31))
    assert event_senders(database) == {} and later.events == 2
    assert purge(database, now=NOW + timedelta(days=31)).events == 0


def test_purge_follows_the_retention_setting(sqlite_database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    store = SQLTrackerStore(Domain.empty(), host=sqlite_database)
    save_conversation(store, "chat", NOW - timedelta(days=8))
    monkeypatch.setenv("RETENTION_DAYS", "10")
    assert purge(sqlite_database, now=NOW).events == 0
    monkeypatch.setenv("RETENTION_DAYS", "7")
    assert purge(sqlite_database, now=NOW).events == 2


def test_purge_without_any_tables_does_nothing(sqlite_url: str) -> None:
    counts = purge(sqlite_url, now=NOW)
    assert (counts.events, counts.respondents) == (0, 0)


def test_purge_command_with_now(sqlite_database: str) -> None:
    store = SQLTrackerStore(Domain.empty(), host=sqlite_database)
    save_conversation(store, "chat", datetime.now(timezone.utc))
    assert "0 gespreksregels" in run_cli(sqlite_database, "purge") and event_senders(sqlite_database) == {"chat": 2}
    future = (datetime.now(timezone.utc) + timedelta(days=31)).isoformat()
    assert (
        "2 gespreksregels" in run_cli(sqlite_database, "purge", "--now", future)
        and event_senders(sqlite_database) == {}
    )
    wrong = run_cli_status(sqlite_database, "purge", "--now", "morgen")
    assert wrong.returncode == 2 and "geen tijdstip" in wrong.stderr


def test_events_of_a_respondent_are_found_by_their_key(database: str) -> None:
    store = SQLTrackerStore(Domain.empty(), host=database)
    save_conversation(store, "first-device", NOW)
    save_conversation(store, "other", NOW)
    assert delete_events_of_key(sender_key("first-device"), database) == 2
    assert event_senders(database) == {"other": 2}
    assert delete_events_of_key(sender_key("nobody"), database) == 0


def test_staff_answers_access_log_ended_codes_and_failed_attempts_are_purged(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.storage.models import DashboardAccess, FailedAttempt
    from bot.storage.teamscan import TeamAnswer, TeamMember, TeamRound

    monkeypatch.setenv("ANSWER_RETENTION_DAYS", "100")
    old, recent = NOW - timedelta(days=101), NOW - timedelta(days=99)
    with db.session_scope(database) as session:
        round_ = TeamRound(unit="B2", number=0, code="ABC234", opened_at=old, closed_at=old)
        session.add(round_)
        session.flush()
        for key, at in (("old", old), ("recent", recent), ("old-start", old)):
            finished = recent if key == "old-start" else at
            member = TeamMember(
                round_id=round_.id,
                member_key=key * 4,
                kind="alone",
                first_part="weten",
                created_at=at,
                finished_at=finished,
            )
            session.add(member)
            session.flush()
            session.add(TeamAnswer(member_id=member.id, item_id="s1", value=3, count=1))
        year = timedelta(days=365)
        for label, expires, revoked in (
            ("expired-long-ago", NOW - year - timedelta(days=1), None),
            ("revoked-long-ago", NOW + year, NOW - year - timedelta(days=1)),
            ("expired-recently", NOW - timedelta(days=10), None),
            ("valid", NOW + timedelta(days=30), None),
        ):
            token = TeamToken(
                token_hash=label.ljust(64, "x"), unit="B2", label=label, expires_at=expires, revoked_at=revoked
            )
            session.add(token)
            session.flush()
            session.add(
                TeamSession(session_hash=label.ljust(64, "s"), token_id=token.id, expires_at=NOW + timedelta(hours=1))
            )
        session.add(DashboardAccess(unit="B2", label="a", what="view", at=NOW - year - timedelta(days=1)))
        session.add(DashboardAccess(unit="B2", label="b", what="view", at=NOW - year + timedelta(days=1)))
        session.add(FailedAttempt(kind="erasure_code", key="k" * 64, at=NOW - timedelta(hours=25)))
        session.add(FailedAttempt(kind="team_login", key="k" * 64, at=NOW - timedelta(minutes=5)))

    counts = purge(database, now=NOW)

    assert (counts.staff_answer_sets, counts.access_log, counts.team_codes, counts.failed_attempts) == (1, 1, 2, 1)
    with db.session_scope(database) as session:
        assert sorted(m.member_key for m in session.query(TeamMember)) == [
            "old-startold-startold-startold-start",
            "recentrecentrecentrecent",
        ]
        assert session.query(TeamAnswer).count() == 2
        assert sorted(t.label for t in session.query(TeamToken)) == ["expired-recently", "valid"]
        assert [a.label for a in session.query(DashboardAccess)] == ["b"]
        assert [f.kind for f in session.query(FailedAttempt)] == ["team_login"]
        assert session.query(TeamRound).count() == 1, "the round itself stays"
