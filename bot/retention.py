"""Nothing outlives its purpose: deletes conversations, answers and logs after their retention.

- Rasa's conversation events: after `retention_days()` (RETENTION_DAYS, default 30).
- Relatives' scans (with answers and released remarks), carers' rehearsals (with turns) and
  staff answer sets of the staff quick scan (with their answers): after `answer_retention_days()`
  (ANSWER_RETENTION_DAYS, default 730) without activity.
- The scan-start log for the per-address limit and the failed-attempt log: after one day.
- Dashboard sessions: once ended or expired.
- The dashboard access log, and team codes that expired or were revoked: after a year.

Runs at start and then daily at RELEASE_HOUR (Dutch time) in the Rasa server (started by
addons/tracker_store.py), where the same daily run makes the releases that are due
(bot/storage/releases.py); by hand as `python -m bot purge`. Logs counts only.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Optional

from sqlalchemy import delete, exists, inspect, or_, select
from sqlalchemy.engine import Connection

from bot.config import answer_retention_days, retention_days
from bot.storage.conversations import delete_events_before
from bot.storage.db import get_engine
from bot.storage.models import (
    Answer,
    DashboardAccess,
    FailedAttempt,
    Rehearsal,
    RehearsalTurn,
    ReleasedRemark,
    Respondent,
    ScanStart,
    TeamSession,
    TeamToken,
)
from bot.storage.releases import ReleaseRepository, next_release_time
from bot.storage.teamscan import TeamAnswer, TeamMember

logger = logging.getLogger(__name__)
SCAN_START_KEEP = timedelta(days=1)
FAILED_ATTEMPT_KEEP = timedelta(days=1)
ACCESS_LOG_KEEP = timedelta(days=365)
ENDED_CODE_KEEP = timedelta(days=365)


@dataclass(frozen=True)
class PurgeCounts:
    """How many rows of each kind one purge deleted."""

    events: int
    respondents: int
    rehearsals: int
    scan_starts: int
    team_sessions: int
    staff_answer_sets: int = 0
    access_log: int = 0
    team_codes: int = 0
    failed_attempts: int = 0


def _delete_old_respondents(connection: Connection, cutoff: datetime) -> int:
    recent_answer = exists().where(Answer.respondent_id == Respondent.id, Answer.answered_at >= cutoff)
    old = select(Respondent.id).where(
        Respondent.started_at < cutoff,
        or_(Respondent.finished_at.is_(None), Respondent.finished_at < cutoff),
        ~recent_answer,
    )
    ids = list(connection.execute(old).scalars())
    if not ids:
        return 0
    connection.execute(delete(Answer).where(Answer.respondent_id.in_(ids)))
    connection.execute(delete(ReleasedRemark).where(ReleasedRemark.respondent_id.in_(ids)))
    return int(connection.execute(delete(Respondent).where(Respondent.id.in_(ids))).rowcount or 0)


def _delete_old_rehearsals(connection: Connection, cutoff: datetime) -> int:
    recent_turn = exists().where(RehearsalTurn.rehearsal_id == Rehearsal.id, RehearsalTurn.created_at >= cutoff)
    old = select(Rehearsal.id).where(
        Rehearsal.started_at < cutoff,
        or_(Rehearsal.finished_at.is_(None), Rehearsal.finished_at < cutoff),
        ~recent_turn,
    )
    ids = list(connection.execute(old).scalars())
    if not ids:
        return 0
    connection.execute(delete(RehearsalTurn).where(RehearsalTurn.rehearsal_id.in_(ids)))
    return int(connection.execute(delete(Rehearsal).where(Rehearsal.id.in_(ids))).rowcount or 0)


def _delete_old_staff_answers(connection: Connection, cutoff: datetime) -> int:
    old = select(TeamMember.id).where(
        TeamMember.created_at < cutoff, or_(TeamMember.finished_at.is_(None), TeamMember.finished_at < cutoff)
    )
    ids = list(connection.execute(old).scalars())
    if not ids:
        return 0
    connection.execute(delete(TeamAnswer).where(TeamAnswer.member_id.in_(ids)))
    return int(connection.execute(delete(TeamMember).where(TeamMember.id.in_(ids))).rowcount or 0)


def _delete_ended_codes(connection: Connection, cutoff: datetime) -> int:
    ended = select(TeamToken.id).where(or_(TeamToken.expires_at < cutoff, TeamToken.revoked_at < cutoff))
    ids = list(connection.execute(ended).scalars())
    if not ids:
        return 0
    connection.execute(delete(TeamSession).where(TeamSession.token_id.in_(ids)))
    return int(connection.execute(delete(TeamToken).where(TeamToken.id.in_(ids))).rowcount or 0)


def _count(connection: Connection, statement: Any) -> int:
    return int(connection.execute(statement).rowcount or 0)


def purge(url: Optional[str] = None, now: Optional[datetime] = None) -> PurgeCounts:
    """Delete everything past its retention at `now` (default: the current time); the counts."""
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    events = delete_events_before((now - timedelta(days=retention_days())).timestamp(), url)
    engine = get_engine(url)
    if not inspect(engine).has_table(Respondent.__tablename__):
        counts = PurgeCounts(events, 0, 0, 0, 0)
    else:
        answers_cutoff = now - timedelta(days=answer_retention_days())
        with engine.begin() as connection:
            counts = PurgeCounts(
                events=events,
                respondents=_delete_old_respondents(connection, answers_cutoff),
                rehearsals=_delete_old_rehearsals(connection, answers_cutoff),
                scan_starts=int(
                    connection.execute(delete(ScanStart).where(ScanStart.started_at < now - SCAN_START_KEEP)).rowcount
                    or 0
                ),
                team_sessions=int(
                    connection.execute(
                        delete(TeamSession).where(or_(TeamSession.ended_at.is_not(None), TeamSession.expires_at < now))
                    ).rowcount
                    or 0
                ),
                staff_answer_sets=_delete_old_staff_answers(connection, answers_cutoff),
                access_log=_count(
                    connection, delete(DashboardAccess).where(DashboardAccess.at < now - ACCESS_LOG_KEEP)
                ),
                team_codes=_delete_ended_codes(connection, now - ENDED_CODE_KEEP),
                failed_attempts=_count(
                    connection, delete(FailedAttempt).where(FailedAttempt.at < now - FAILED_ATTEMPT_KEEP)
                ),
            )
    logger.info("purge: deleted %s", ", ".join(f"{k} {v}" for k, v in asdict(counts).items()))
    return counts


_started: set[str] = set()
_started_lock = threading.Lock()


def daily_run(url: str) -> None:
    """The daily job: purge, then make every release that is due (at most once a day, at a fixed hour)."""
    purge(url)
    made = ReleaseRepository(url).release_all_due()
    logger.info("releases: %s", sum(len(numbers) for numbers in made.values()))


def start_daily_purge(url: str) -> bool:
    """Purge now, then run `daily_run` every day at RELEASE_HOUR in a daemon thread (once per database)."""
    with _started_lock:
        if url in _started:
            return False
        _started.add(url)

    def run() -> None:
        stop = threading.Event()
        job: Callable[[str], object] = purge
        while True:
            try:
                job(url)
            except Exception as error:  # keep the server running; the next day tries again
                logger.error("daily job failed: %s", type(error).__name__)
            job = daily_run
            stop.wait(max((next_release_time() - datetime.now(timezone.utc)).total_seconds(), 60))

    threading.Thread(target=run, name="samenspraak-purge", daemon=True).start()
    return True
