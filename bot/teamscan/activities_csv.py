"""The unit's action plan (its activities) as CSV, the same for the command line and the dashboard."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from bot.content import ActionPlanContent
from bot.export import spreadsheet_safe

ACTIVITY_CSV_COLUMNS = [
    "nummer",
    "activiteit",
    "verantwoordelijk",
    "doen_mee",
    "gewenst_effect",
    "nodig",
    "meten",
    "datum_gereed",
    "status",
    "stap",
    "veranderopgave",
    "stellingen",
]


def activities_csv(activities: Sequence[Any], plan: ActionPlanContent) -> str:
    """The unit's activities as CSV (the same for the command line and the dashboard)."""
    steps = {step.number: f"{step.number}. {step.name}" for step in plan.route_steps}
    tasks = {task.key: task.title for task in plan.tasks}
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(ACTIVITY_CSV_COLUMNS)
    for a in activities:
        writer.writerow(
            [
                a.number,
                *(spreadsheet_safe(v) for v in (a.what, a.responsible, a.participants, a.effect, a.needed, a.measure)),
                a.done_by.isoformat() if a.done_by else "",
                plan.statuses.get(a.status, a.status),
                steps.get(a.route_step, ""),
                tasks.get(a.task_key or "", ""),
                " ".join(a.items),
            ]
        )
    return stream.getvalue()
