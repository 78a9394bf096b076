"""The dashboard's POST actions and download for the staff quick scan and the action plan.

Open or close a round, record an activity, change its status, download the action plan as CSV.
Each needs a logged-in team session (SameSite=Strict cookie) and is logged for the operator.
"""

from __future__ import annotations

from typing import Optional

from bot.content import action_plan, staff_scan
from bot.storage.activities import ActivityRepository
from bot.storage.teamscan import TeamScanRepository
from bot.storage.tokens import TeamTokens
from bot.teamscan import activities_csv
from bot.web.site import Reply, _no_session, _session, redirect, render
from bot.web.teamscan_view import parse_activity_form


def _problem(status: int, problem: str) -> Reply:
    return Reply(
        status, render("team_staff_problem.html", title=staff_scan().texts["dashboard_problem"], problem=problem)
    )


def team_round(
    cookie: Optional[str], action: Optional[str], tokens: Optional[TeamTokens] = None, url: Optional[str] = None
) -> Reply:
    """POST /team/ronde: open the next round (action=open) or close the open one (action=close)."""
    tokens = tokens or TeamTokens(url)
    who = _session(cookie, tokens)
    if who is None:
        return _no_session(cookie)
    repository = TeamScanRepository(url)
    if action == "open":
        repository.open_round(who.unit)
    elif action == "close":
        if repository.close_round(who.unit) is None:
            return _problem(409, "no_open_round")
    else:
        return _problem(400, "unknown")
    tokens.log_access(who, f"round_{action}")
    return redirect("/team#teamscan")


def team_activity_add(
    cookie: Optional[str], form: dict[str, str], tokens: Optional[TeamTokens] = None, url: Optional[str] = None
) -> Reply:
    """POST /team/activiteit: record an activity of the action plan."""
    tokens = tokens or TeamTokens(url)
    who = _session(cookie, tokens)
    if who is None:
        return _no_session(cookie)
    fields = parse_activity_form(form, action_plan())
    if fields is None:
        return _problem(400, "activity")
    ActivityRepository(url).add_activity(who.unit, fields)
    tokens.log_access(who, "activity_add")
    return redirect("/team#actieplan")


def team_activity_status(
    cookie: Optional[str],
    number: Optional[str],
    status: Optional[str],
    tokens: Optional[TeamTokens] = None,
    url: Optional[str] = None,
) -> Reply:
    """POST /team/activiteit/status: change the status of one of the unit's activities."""
    tokens = tokens or TeamTokens(url)
    who = _session(cookie, tokens)
    if who is None:
        return _no_session(cookie)
    if not (number or "").isdigit() or status not in action_plan().statuses:
        return _problem(400, "status")
    if ActivityRepository(url).set_status(who.unit, int(number or 0), str(status)) is None:
        return _problem(404, "status")
    tokens.log_access(who, "activity_status")
    return redirect("/team#actieplan")


def team_actions_csv(cookie: Optional[str], tokens: Optional[TeamTokens] = None, url: Optional[str] = None) -> Reply:
    """GET /team/actieplan.csv: the unit's activities, the same CSV as `python -m bot actions export`."""
    tokens = tokens or TeamTokens(url)
    who = _session(cookie, tokens)
    if who is None:
        return _no_session(cookie)
    tokens.log_access(who, "actions_csv")
    safe_unit = "".join(c if c.isalnum() else "-" for c in who.unit)
    return Reply(
        200,
        activities_csv(ActivityRepository(url).activities(who.unit), action_plan()),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="samenspraak-actieplan-{safe_unit}.csv"'},
    )
