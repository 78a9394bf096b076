"""Storage of the unit's action plan: its activities, numbered per unit, with status and route step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Optional

from sqlalchemy import func, select

from bot.content import ACTIVITY_STATUSES
from bot.storage.db import session_scope
from bot.storage.models import TeamActivity, TeamRound, utcnow

ACTIVITY_TEXT_FIELDS = ("what", "responsible", "participants", "effect", "needed", "measure")
MAX_FIELD_CHARS = 500


@dataclass(frozen=True)
class Activity:
    id: int
    unit: str
    number: int
    what: str
    responsible: str
    participants: str
    effect: str
    needed: str
    measure: str
    done_by: Optional[date]
    status: str
    route_step: int
    task_key: Optional[str]
    items: tuple[str, ...]
    baseline_round: Optional[int]


def _activity(row: TeamActivity) -> Activity:
    return Activity(
        id=int(row.id),
        unit=str(row.unit),
        number=int(row.number),
        what=row.what,
        responsible=row.responsible,
        participants=row.participants,
        effect=row.effect,
        needed=row.needed,
        measure=row.measure,
        done_by=row.done_by,
        status=row.status,
        route_step=int(row.route_step),
        task_key=row.task_key,
        items=tuple((row.items or "").split()),
        baseline_round=row.baseline_round,
    )


class ActivityRepository:
    """The activities of the units' action plans."""

    def __init__(self, url: Optional[str] = None) -> None:
        self.url = url

    def add_activity(self, unit: str, fields: dict[str, Any]) -> Activity:
        """Record an activity of the unit's action plan (texts cut to MAX_FIELD_CHARS)."""
        what = " ".join(str(fields.get("what") or "").split())[:MAX_FIELD_CHARS]
        if not what:
            raise ValueError("what")
        status = fields.get("status") or "gepland"
        step = int(fields.get("route_step") or 5)
        if status not in ACTIVITY_STATUSES or not 1 <= step <= 7:
            raise ValueError("status or route_step")
        with session_scope(self.url) as session:
            number = session.execute(select(func.max(TeamActivity.number)).where(TeamActivity.unit == unit)).scalar()
            baseline = session.execute(
                select(func.max(TeamRound.number)).where(TeamRound.unit == unit, TeamRound.closed_at.is_not(None))
            ).scalar()
            row = TeamActivity(
                unit=unit,
                number=(number or 0) + 1,
                what=what,
                status=status,
                route_step=step,
                task_key=fields.get("task_key") or None,
                items=" ".join(fields.get("items") or ()),
                done_by=fields.get("done_by"),
                baseline_round=baseline,
                created_at=utcnow(),
                updated_at=utcnow(),
                **{
                    key: " ".join(str(fields.get(key) or "").split())[:MAX_FIELD_CHARS]
                    for key in ACTIVITY_TEXT_FIELDS
                    if key != "what"
                },
            )
            session.add(row)
            session.flush()
            return _activity(row)

    def set_status(self, unit: str, number: int, status: str) -> Optional[Activity]:
        """Change an activity's status; None when the unit has no such activity."""
        if status not in ACTIVITY_STATUSES:
            raise ValueError("status")
        with session_scope(self.url) as session:
            row = session.execute(
                select(TeamActivity).where(TeamActivity.unit == unit, TeamActivity.number == number)
            ).scalar_one_or_none()
            if row is None:
                return None
            row.status = status
            row.updated_at = utcnow()
            return _activity(row)

    def activities(self, unit: str) -> list[Activity]:
        with session_scope(self.url) as session:
            rows = session.execute(select(TeamActivity).where(TeamActivity.unit == unit).order_by(TeamActivity.number))
            return [_activity(row) for row in rows.scalars()]
