"""Releases: the dashboard shows a unit's figures only as frozen batches.

A release is made when at least MINIMUM_GROUP relatives of a unit finished the scan since the
previous release (the first at MINIMUM_GROUP). It freezes the figures of every finished relative
of the unit still stored, and their remarks in a shuffled order, masked here and only here
(bot/masking.py mask_remarks: own rules, deduce and spaCy), never per chat message. Between two releases
nothing the team sees changes, so no one relative's answers can be found by comparing moments.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Optional

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from bot.config import MINIMUM_GROUP
from bot.content import content
from bot.figures import RespondentData, compute_figures
from bot.masking import mask_remarks, prepare_masking
from bot.scan import MAX_REMARK_CHARS
from bot.storage.db import session_scope
from bot.storage.models import Release, ReleasedRemark, Respondent, utcnow


@dataclass(frozen=True)
class ReleasedFigures:
    """One release as the dashboard shows it."""

    unit: str
    number: int
    released_at: datetime
    respondents: int
    figures: dict[str, Any]
    remarks: tuple[str, ...]


def _finished_unreleased(unit: str) -> Any:
    return (
        Respondent.unit == unit,
        Respondent.consent_at.is_not(None),
        Respondent.finished_at.is_not(None),
        Respondent.released_in.is_(None),
    )


class ReleaseRepository:
    """Makes and reads the releases of each unit."""

    def __init__(self, url: Optional[str] = None) -> None:
        self.url = url

    def waiting(self, unit: str) -> int:
        """Finished scans of this unit not yet in a release."""
        with session_scope(self.url) as session:
            return self._waiting_in(session, unit)

    def release_if_due(self, unit: Optional[str]) -> Optional[int]:
        """Make a release when enough newly finished scans came in; its number, or None."""
        if not unit:
            return None
        if self.waiting(unit) >= MINIMUM_GROUP:
            prepare_masking()  # deduce and spaCy load outside the transaction (once per process)
        try:
            with session_scope(self.url) as session:
                if self._waiting_in(session, unit) < MINIMUM_GROUP:
                    return None
                return self._release(session, unit)
        except IntegrityError:
            # another process made this release at the same moment; the new scans wait for the next
            return None

    @staticmethod
    def _waiting_in(session: Session, unit: str) -> int:
        return int(session.execute(select(func.count(Respondent.id)).where(*_finished_unreleased(unit))).scalar())

    @staticmethod
    def _release(session: Session, unit: str) -> int:
        stored = (
            session.execute(
                select(Respondent)
                .where(Respondent.unit == unit, Respondent.consent_at.is_not(None))
                .options(selectinload(Respondent.answers))
            )
            .scalars()
            .all()
        )
        figures = compute_figures(
            content(),
            [
                RespondentData(
                    relation=r.relation,
                    desired=r.desired_rung,
                    answers={a.item_id: a.value for a in r.answers},
                    finished=r.finished_at is not None,
                )
                for r in stored
            ],
        )
        previous = session.execute(select(func.max(Release.number)).where(Release.unit == unit)).scalar()
        release = Release(
            unit=unit,
            number=(previous or 0) + 1,
            released_at=utcnow(),
            respondents=figures["respondents"],
            figures=json.dumps(figures, ensure_ascii=False, sort_keys=True),
        )
        session.add(release)
        session.flush()
        finished = [r for r in stored if r.finished_at is not None]
        for respondent in finished:
            if respondent.released_in is None:
                respondent.released_in = release.id
        written = [(r.id, r.remark.strip()[:MAX_REMARK_CHARS]) for r in finished if r.remark and r.remark.strip()]
        masked = mask_remarks([text for _, text in written])
        remarks = [(author, text) for (author, _), text in zip(written, masked, strict=True)]
        random.SystemRandom().shuffle(remarks)
        for position, (author, text) in enumerate(remarks):
            session.add(ReleasedRemark(release_id=release.id, respondent_id=author, position=position, text=text))
        return int(release.number)

    def current(self, unit: str) -> Optional[ReleasedFigures]:
        """The latest release of this unit, or None before the first."""
        with session_scope(self.url) as session:
            release = session.execute(
                select(Release).where(Release.unit == unit).order_by(Release.number.desc()).limit(1)
            ).scalar_one_or_none()
            if release is None:
                return None
            remarks = (
                session.execute(
                    select(ReleasedRemark.text)
                    .where(ReleasedRemark.release_id == release.id)
                    .order_by(ReleasedRemark.position)
                )
                .scalars()
                .all()
            )
            return ReleasedFigures(
                unit=unit,
                number=int(release.number),
                released_at=release.released_at,
                respondents=int(release.respondents),
                figures=json.loads(release.figures),
                remarks=tuple(remarks),
            )
