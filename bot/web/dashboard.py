"""What the team dashboard shows for one unit: only the latest release of its figures.

The figures are computed and frozen when a release is made (bot/storage/releases.py); nothing
here reads answers. Between two releases the page and the download stay the same byte for byte,
except the line that says how many finished scans the next release needs.
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
from bot.storage.models import Rehearsal
from bot.storage.releases import ReleasedFigures, ReleaseRepository

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
    """The latest release of a unit (None before the first) and what the next one needs."""

    unit: str
    minimum: int
    release: Optional[ReleasedFigures]
    waiting: int
    rehearsals_finished: int = 0

    @property
    def enough(self) -> bool:
        return self.release is not None

    @property
    def needed(self) -> int:
        """Finished scans still needed for the next release."""
        return max(self.minimum - self.waiting, 0)

    @property
    def released_on(self) -> Optional[date]:
        return None if self.release is None else _local_date(self.release.released_at)

    @property
    def figures(self) -> dict[str, Any]:
        return {} if self.release is None else self.release.figures


def finished_rehearsals(url: Optional[str] = None) -> int:
    """Rehearsals finished by any carer (rehearsals are not tied to a unit)."""
    with session_scope(url) as session:
        return int(session.execute(select(func.count(Rehearsal.id)).where(Rehearsal.finished_at.is_not(None))).scalar())


def build_dashboard(unit: str, url: Optional[str] = None) -> Dashboard:
    """The dashboard of one unit from its latest release."""
    releases = ReleaseRepository(url)
    return Dashboard(
        unit=unit,
        minimum=MINIMUM_GROUP,
        release=releases.current(unit),
        waiting=releases.waiting(unit),
        rehearsals_finished=finished_rehearsals(url),
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
    return stream.getvalue()
