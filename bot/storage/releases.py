"""Releases: the dashboard shows a unit's figures only as frozen batches, per measurement round.

A release of a round (T0, T1, ...) is made when at least MINIMUM_GROUP relatives of that unit
and round finished the scan since the round's previous release. It freezes the figures of every
finished relative of the unit and round still stored, the invitations of the round made so far,
and their remarks in a shuffled order, masked here and only here (bot/masking.py mask_remarks:
own rules, deduce and spaCy; for a remark on another language's page
bot/masking_languages.py), never per chat message, with that language where the release shows
its count. Releases are made only by `release_due`: the daily
job at RELEASE_HOUR (bot/retention.py) and the operator's `python -m bot release --unit CODE`,
never by a finished scan or a page view, so nobody can time a release to one relative.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Optional
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from bot.config import MINIMUM_GROUP, release_hour
from bot.content import content
from bot.figures import RespondentData, compute_figures
from bot.invitations import round_order
from bot.masking import mask_remarks, prepare_masking
from bot.scan import MAX_REMARK_CHARS
from bot.storage.db import session_scope
from bot.storage.models import Invitation, Release, ReleasedRemark, Respondent, utcnow

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class ReleasedFigures:
    """One release as the dashboard shows it."""

    unit: str
    number: int
    released_at: datetime
    respondents: int
    figures: dict[str, Any]
    remarks: tuple[str, ...]
    round: str = "T0"
    # per remark its page language when the team may see it (not Dutch, and at least
    # MINIMUM_GROUP finished in that language in this release), else None
    remark_languages: tuple[Optional[str], ...] = ()


def next_release_time(now: Optional[datetime] = None) -> datetime:
    """The next moment (UTC) a release can be made: the next RELEASE_HOUR o'clock, Dutch time."""
    now = (now or utcnow()).astimezone(LOCAL_TIME)
    moment = now.replace(hour=release_hour(), minute=0, second=0, microsecond=0)
    while moment <= now:
        # add a calendar day in local time (a day around a clock change is 23 or 25 hours)
        moment = (moment + timedelta(days=1)).replace(hour=release_hour(), tzinfo=LOCAL_TIME)
    return moment.astimezone(timezone.utc)


def _finished(unit: str, round_: Optional[str] = None) -> tuple[Any, ...]:
    conditions = (Respondent.unit == unit, Respondent.consent_at.is_not(None), Respondent.finished_at.is_not(None))
    return conditions if round_ is None else (*conditions, Respondent.round == round_)


def shown_languages(figures: dict[str, Any]) -> frozenset[str]:
    """The languages other than Dutch whose count the release shows: only these label a remark.

    A label on one remark tells the team that someone finished in that language; where that
    count is hidden (fewer than MINIMUM_GROUP), the label would tell what the table hides.
    """
    return frozenset(
        language["code"]
        for language in figures.get("languages", [])
        if language["code"] != "nl" and language["count"] is not None
    )


class ReleaseRepository:
    """Makes and reads the releases of each unit."""

    def __init__(self, url: Optional[str] = None) -> None:
        self.url = url

    def waiting(self, unit: str) -> int:
        """Finished scans of this unit (all rounds) not yet in a release (for the operator only)."""
        with session_scope(self.url) as session:
            return int(
                session.execute(
                    select(func.count(Respondent.id)).where(*_finished(unit), Respondent.released_in.is_(None))
                ).scalar()
            )

    def release_due(self, unit: Optional[str]) -> list[int]:
        """Release every round of this unit with enough newly finished scans; the new release numbers."""
        if not unit:
            return []
        with session_scope(self.url) as session:
            if not self._due_rounds(session, unit):
                return []
        prepare_masking()  # deduce and spaCy load outside the transaction (once per process)
        made = []
        try:
            with session_scope(self.url) as session:
                for name in self._due_rounds(session, unit):
                    made.append(self._release(session, unit, name))
        except IntegrityError:
            # another process made this release at the same moment; the scans wait for the next day
            return []
        return made

    @staticmethod
    def _due_rounds(session: Session, unit: str) -> list[str]:
        """The rounds of this unit with at least MINIMUM_GROUP finished scans not yet released, in order."""
        waiting = session.execute(
            select(Respondent.round, func.count(Respondent.id))
            .where(*_finished(unit), Respondent.released_in.is_(None))
            .group_by(Respondent.round)
        ).all()
        return [
            str(name) for name, count in sorted(waiting, key=lambda row: round_order(row[0])) if count >= MINIMUM_GROUP
        ]

    def release_all_due(self) -> dict[str, list[int]]:
        """Release what is due in every unit (the daily job); per unit the new release numbers."""
        with session_scope(self.url) as session:
            units = session.execute(
                select(Respondent.unit)
                .where(Respondent.finished_at.is_not(None), Respondent.released_in.is_(None))
                .distinct()
            ).scalars()
            names = [str(unit) for unit in units if unit]
        made = {unit: self.release_due(unit) for unit in names}
        return {unit: numbers for unit, numbers in made.items() if numbers}

    @staticmethod
    def _release(session: Session, unit: str, round_: str) -> int:
        finished = (
            session.execute(
                select(Respondent).where(*_finished(unit, round_)).options(selectinload(Respondent.answers))
            )
            .scalars()
            .all()
        )
        invited = session.execute(
            select(func.count(Invitation.id)).where(Invitation.unit == unit, Invitation.round == round_)
        ).scalar()
        figures = compute_figures(
            content(),
            [
                RespondentData(
                    relation=r.relation,
                    desired=r.desired_rung,
                    answers={a.item_id: a.value for a in r.answers},
                    finished=True,
                    language=r.language or "nl",
                )
                for r in finished
            ],
            invited=int(invited) if invited else None,
        )
        previous = session.execute(select(func.max(Release.number)).where(Release.unit == unit)).scalar()
        release = Release(
            unit=unit,
            number=(previous or 0) + 1,
            round=round_,
            released_at=utcnow(),
            respondents=figures["respondents"],
            figures=json.dumps(figures, ensure_ascii=False, sort_keys=True),
        )
        session.add(release)
        session.flush()
        for respondent in finished:
            if respondent.released_in is None:
                respondent.released_in = release.id
        written = [
            (r.id, r.remark.strip()[:MAX_REMARK_CHARS], r.language or "nl")
            for r in finished
            if r.remark and r.remark.strip()
        ]
        masked = mask_remarks([text for _, text, _ in written], [language for _, _, language in written])
        shown = shown_languages(figures)
        remarks = [
            (author, text, language if language in shown else None)
            for (author, _, language), text in zip(written, masked, strict=True)
        ]
        random.SystemRandom().shuffle(remarks)
        for position, (author, text, language) in enumerate(remarks):
            session.add(
                ReleasedRemark(
                    release_id=release.id, respondent_id=author, position=position, text=text, language=language
                )
            )
        return int(release.number)

    def current(self, unit: str) -> Optional[ReleasedFigures]:
        """The latest release of this unit (any round), or None before the first."""
        with session_scope(self.url) as session:
            release = session.execute(
                select(Release).where(Release.unit == unit).order_by(Release.number.desc()).limit(1)
            ).scalar_one_or_none()
            return None if release is None else self._figures(session, release)

    def latest_per_round(self, unit: str) -> list[ReleasedFigures]:
        """The latest release of each released round of this unit, in round order (T0, T1, ...)."""
        with session_scope(self.url) as session:
            latest = (
                select(Release.round, func.max(Release.number).label("number"))
                .where(Release.unit == unit)
                .group_by(Release.round)
                .subquery()
            )
            releases = session.execute(
                select(Release)
                .join(latest, (Release.round == latest.c.round) & (Release.number == latest.c.number))
                .where(Release.unit == unit)
            ).scalars()
            found = [self._figures(session, release) for release in releases]
        return sorted(found, key=lambda release: round_order(release.round))

    @staticmethod
    def _figures(session: Session, release: Release) -> ReleasedFigures:
        remarks = session.execute(
            select(ReleasedRemark.text, ReleasedRemark.language)
            .where(ReleasedRemark.release_id == release.id)
            .order_by(ReleasedRemark.position)
        ).all()
        return ReleasedFigures(
            unit=str(release.unit),
            number=int(release.number),
            released_at=release.released_at,
            respondents=int(release.respondents),
            figures=json.loads(release.figures),
            remarks=tuple(str(text) for text, _ in remarks),
            round=str(release.round),
            remark_languages=tuple(language for _, language in remarks),
        )
