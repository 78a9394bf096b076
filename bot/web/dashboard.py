"""What the team dashboard shows for one unit: only released figures, per measurement round.

The figures are computed and frozen when a release is made (bot/storage/releases.py); nothing
here reads answers or counts unreleased scans, so nothing on the page moves when one relative
finishes. Shown: the latest release of the newest released round, the released rounds side by
side per rung, when the next release can come, the invitations made per round (live: they are
the team's own letters) and whether the unit's figures rest on an open link.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select

from bot.config import MINIMUM_GROUP
from bot.export import spreadsheet_safe
from bot.storage.db import session_scope
from bot.storage.invitations import InvitationRepository
from bot.storage.models import Rehearsal
from bot.storage.releases import ReleasedFigures, ReleaseRepository, next_release_time
from bot.storage.units import UnitRegistry

FIGURES_CSV_COLUMNS = ["part", "number", "text", "answer", "relatives"]
SMALL_CELL = "minder dan 5"


def _local_date(moment: datetime) -> date:
    """The calendar date of a stored (UTC) moment in the Netherlands."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    try:
        return aware.astimezone(ZoneInfo("Europe/Amsterdam")).date()
    except ZoneInfoNotFoundError:  # pragma: no cover - tzdata is part of the system
        return aware.date()


@dataclass(frozen=True)
class Dashboard:
    """The released rounds of a unit (the newest shown in full) and when the next release can come."""

    unit: str
    minimum: int
    release: Optional[ReleasedFigures]
    rehearsals_finished: int = 0
    rounds: tuple[ReleasedFigures, ...] = ()
    open_link: bool = False
    sent: Optional[dict[str, int]] = None  # invitations made per round
    next_release: Optional[datetime] = None

    @property
    def enough(self) -> bool:
        return self.release is not None

    @property
    def released_on(self) -> Optional[date]:
        return None if self.release is None else _local_date(self.release.released_at)

    @property
    def next_release_local(self) -> Optional[datetime]:
        """When the next release can come, Dutch time."""
        return None if self.next_release is None else self.next_release.astimezone(ZoneInfo("Europe/Amsterdam"))

    @property
    def comparison(self) -> list[dict[str, Any]]:
        """Per rung the counts now and desired of each released round (two rounds or more)."""
        if len(self.rounds) < 2:
            return []
        first = self.rounds[0].figures["rungs"]
        return [
            {
                "number": rung["number"],
                "name": rung["name"],
                "rounds": [
                    (
                        release.round,
                        release.figures["rungs"][index]["current"],
                        release.figures["rungs"][index]["desired"],
                    )
                    for release in self.rounds
                ],
            }
            for index, rung in enumerate(first)
        ]

    @property
    def labelled_remarks(self) -> list[tuple[str, Optional[str]]]:
        """The remarks of the release, each with its language when that may be shown (else None)."""
        if self.release is None:
            return []
        labels = self.release.remark_languages or (None,) * len(self.release.remarks)
        return list(zip(self.release.remarks, labels, strict=True))

    @property
    def figures(self) -> dict[str, Any]:
        return {} if self.release is None else self.release.figures


def finished_rehearsals(url: Optional[str] = None) -> int:
    """Rehearsals finished by any carer (rehearsals are not tied to a unit)."""
    with session_scope(url) as session:
        return int(session.execute(select(func.count(Rehearsal.id)).where(Rehearsal.finished_at.is_not(None))).scalar())


def build_dashboard(unit: str, url: Optional[str] = None, now: Optional[datetime] = None) -> Dashboard:
    """The dashboard of one unit from the latest release of each of its rounds."""
    rounds = tuple(ReleaseRepository(url).latest_per_round(unit))
    info = UnitRegistry(url).get(unit)
    return Dashboard(
        unit=unit,
        minimum=MINIMUM_GROUP,
        release=rounds[-1] if rounds else None,
        rehearsals_finished=finished_rehearsals(url),
        rounds=rounds,
        open_link=bool(info and info.open_link),
        sent=InvitationRepository(url).sent(unit),
        next_release=next_release_time(now),
    )


def chart_data(dashboard: Dashboard) -> dict[str, Any]:
    """The rung counts for Chart.js; hidden (small) cells are null and drawn as no bar."""
    rungs = dashboard.figures.get("rungs", [])
    return {
        "labels": [f"{r['number']}. {r['name']}" for r in rungs],
        "current": [r["current"] for r in rungs],
        "desired": [r["desired"] for r in rungs],
    }


def _count(cell: Optional[int]) -> str:
    return SMALL_CELL if cell is None else str(cell)


def figures_csv(release: ReleasedFigures) -> str:
    """The released figures as CSV: per statement the relatives per answer, per rung now and desired.

    Aggregates only: no row per person, no ids, no times.
    """
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(FIGURES_CSV_COLUMNS)
    figures = release.figures
    for item in figures["items"]:
        for answer, cell in item["counts"].items():
            writer.writerow(["statement", item["number"], spreadsheet_safe(item["text"]), answer, _count(cell)])
    for part in ("current", "desired"):
        for rung in figures["rungs"]:
            writer.writerow([f"rung_{part}", rung["number"], spreadsheet_safe(rung["name"]), "", _count(rung[part])])
    for language in figures.get("languages", []):
        writer.writerow(["language", "", language["code"], "", _count(language["count"])])
    return stream.getvalue()
