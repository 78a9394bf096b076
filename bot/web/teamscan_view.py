"""The dashboard's staff quick scan, action plan and mirror for one unit (no web framework here).

Rounds side by side (T0 against T1), the mirror between the team's Doen statements and the
relatives' released figures, proposed change tasks and the recorded activities, with before and
after of the statements an activity was meant to move once a later round is closed. Only closed
rounds have figures (the repository gives an open round an empty score), so every table, the
chart, the mirror, the proposals and before-and-after follow the same rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Optional

from bot.config import MINIMUM_GROUP
from bot.content import ActionPlanContent, ChangeTask, action_plan, content, staff_scan
from bot.storage.activities import Activity, ActivityRepository
from bot.storage.releases import ReleasedFigures
from bot.storage.teamscan import RoundInfo, TeamScanRepository, close_code
from bot.teamscan import GroupScore, Mirror, Proposal, build_mirror, propose_tasks

FINISHED_STATUSES = ("klaar", "geevalueerd")


@dataclass(frozen=True)
class RoundScore:
    round: RoundInfo
    score: GroupScore


@dataclass(frozen=True)
class BeforeAfter:
    before: str
    after: str
    rows: list[dict[str, Any]]  # number, text, before, after (means or None)


@dataclass(frozen=True)
class ActivityView:
    activity: Activity
    task: Optional[ChangeTask]
    before_after: Optional[BeforeAfter]


@dataclass(frozen=True)
class StaffView:
    unit: str
    minimum: int
    rounds: list[RoundScore]
    open_round: Optional[RoundInfo]
    close_code: Optional[str]  # the open round's close code, for the team lead
    latest: Optional[RoundScore]  # the latest closed round with a group score
    mirror: Mirror
    proposals: list[Proposal]
    activities: list[ActivityView]
    plan: ActionPlanContent
    parts: list[dict[str, str]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    tip_titles: dict[str, str] = field(default_factory=dict)

    def chart(self) -> dict[str, Any]:
        """Mean per part per round for Chart.js; rounds below the minimum have no bars (null)."""

        def mean(score: GroupScore, key: str) -> Optional[float]:
            part = score.part(key)
            return None if part is None else part.mean

        return {
            "labels": [part["name"] for part in self.parts],
            "rounds": [
                {"label": r.round.label, "means": [mean(r.score, part["key"]) for part in self.parts]}
                for r in self.rounds
            ],
        }


def _before_after(
    activity: Activity, scores: dict[int, RoundScore], items: list[dict[str, Any]], task: Optional[ChangeTask]
) -> Optional[BeforeAfter]:
    """Before (the round closed when the activity was recorded) and after (the latest closed round since)."""
    if activity.status not in FINISHED_STATUSES or activity.baseline_round is None:
        return None
    before = scores.get(activity.baseline_round)
    later = [r for number, r in scores.items() if number > activity.baseline_round and r.round.closed_at]
    if before is None or not later:
        return None
    after = max(later, key=lambda r: r.round.number)
    wanted = activity.items or (task.items if task else ())
    rows = []
    for item in items:
        if item["id"] in wanted:
            b, a = before.score.item(item["id"]), after.score.item(item["id"])
            rows.append(
                {
                    "number": item["number"],
                    "text": item["text"],
                    "before": b.mean if b else None,
                    "after": a.mean if a else None,
                }
            )
    return BeforeAfter(before.round.label, after.round.label, rows)


def build_staff_view(unit: str, release: Optional[ReleasedFigures], url: Optional[str] = None) -> StaffView:
    """Everything the dashboard shows of the staff scan of one unit."""
    scan, plan, ladder = staff_scan(), action_plan(), content().ladder
    repository = TeamScanRepository(url)
    rounds = [RoundScore(r, repository.score(r.id, scan)) for r in repository.rounds(unit)]
    scored = [r for r in rounds if r.score.enough]
    latest = scored[-1] if scored else None
    empty = GroupScore(members=0, minimum=MINIMUM_GROUP)
    mirror = build_mirror(ladder, latest.score if latest else empty, release.figures if release else None)
    proposals = propose_tasks(plan, ladder, latest.score, mirror) if latest else []
    items = [
        {"id": i.id, "number": n, "text": i.text, "part": scan.part(i.part).name}
        for n, i in enumerate(scan.items, start=1)
    ]
    by_number = {r.round.number: r for r in rounds}
    tasks = {task.key: task for task in plan.tasks}
    activities = []
    for activity in ActivityRepository(url).activities(unit):
        task = tasks.get(activity.task_key or "")
        activities.append(ActivityView(activity, task, _before_after(activity, by_number, items, task)))
    open_round = next((r.round for r in rounds if r.round.open), None)
    return StaffView(
        unit=unit,
        minimum=MINIMUM_GROUP,
        rounds=rounds,
        open_round=open_round,
        close_code=close_code(open_round) if open_round else None,
        latest=latest,
        mirror=mirror,
        proposals=proposals,
        activities=activities,
        plan=plan,
        parts=[{"key": p.key, "name": p.name} for p in scan.parts],
        items=items,
        tip_titles={key: tip.title for key, tip in content().tips.items()},
    )


def parse_activity_form(form: dict[str, str], plan: ActionPlanContent) -> Optional[dict[str, Any]]:
    """The fields of a new activity from the dashboard form, or None when 'what' is missing or a value is wrong."""
    what = (form.get("what") or "").strip()
    if not what:
        return None
    status = form.get("status") or "gepland"
    step = form.get("route_step") or "5"
    task_key = form.get("task_key") or ""
    tasks = {task.key: task for task in plan.tasks}
    if status not in plan.statuses or not step.isdigit() or not 1 <= int(step) <= 7:
        return None
    if task_key and task_key not in tasks:
        return None
    done_by: Optional[date] = None
    if form.get("done_by"):
        try:
            done_by = date.fromisoformat(str(form["done_by"]))
        except ValueError:
            return None
    return {
        "what": what,
        "responsible": form.get("responsible", ""),
        "participants": form.get("participants", ""),
        "effect": form.get("effect", ""),
        "needed": form.get("needed", ""),
        "measure": form.get("measure", ""),
        "done_by": done_by,
        "status": status,
        "route_step": int(step),
        "task_key": task_key or None,
        "items": list(tasks[task_key].items) if task_key else [],
    }
