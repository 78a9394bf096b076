"""Two or three change tasks for the action plan, from the group score and the mirror."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Optional

from bot.content import TASK_FOCUSES, ActionPlanContent, ChangeTask, Rung
from bot.teamscan.mirror import Mirror
from bot.teamscan.score import GroupScore, dutch_number, rung_means

# A part or rung with a mean below this has room to gain and can become a change task.
GAIN_BELOW = 3.0
# At most this many change tasks are proposed (at least two).
MAX_PROPOSALS = 3


@dataclass(frozen=True)
class Proposal:
    task: ChangeTask
    reason: str
    kind: str  # mirror, relatives, rung, part or keep


def propose_tasks(
    plan: ActionPlanContent,
    ladder: Sequence[Rung],
    score: GroupScore,
    mirror: Optional[Mirror] = None,
) -> list[Proposal]:
    """Two or three change tasks, weakest first: a mirror gap, then low parts and rungs.

    A part or rung counts as weak below GAIN_BELOW; where the relatives' released figures show a
    rung the team rates clearly higher, that rung comes first. When fewer than two are weak, the
    task to keep what works is added, then the lowest of the rest.
    """
    tasks = {task.focus: task for task in plan.tasks}
    reasons = plan.reasons
    names = {rung.number: rung.name for rung in ladder}
    # (priority, value, focus, kind, reason)
    candidates: list[tuple[int, float, str, str, str]] = []
    mirror = mirror or Mirror(())
    for row in mirror.rows:
        if row.team_higher and row.team is not None and row.relatives is not None:
            candidates.append(
                (
                    0,
                    row.relatives,
                    f"rung_{row.rung}",
                    "mirror",
                    reasons["mirror"].format(
                        rung=row.rung, name=row.name, team=dutch_number(row.team), relatives=dutch_number(row.relatives)
                    ),
                )
            )
        elif row.relatives is not None and row.relatives < GAIN_BELOW - 0.5 and row.team is None:
            candidates.append(
                (
                    1,
                    row.relatives,
                    f"rung_{row.rung}",
                    "relatives",
                    reasons["relatives"].format(rung=row.rung, name=row.name, relatives=dutch_number(row.relatives)),
                )
            )
    for rung, mean in rung_means(score).items():
        candidates.append(
            (
                1,
                mean,
                f"rung_{rung}",
                "rung",
                reasons["rung"].format(rung=rung, name=names[rung], mean=dutch_number(mean)),
            )
        )
    for part in score.parts:
        if part.key != "doen" and part.mean is not None:
            candidates.append(
                (1, part.mean, part.key, "part", reasons["part"].format(name=part.name, mean=dutch_number(part.mean)))
            )
    # ties: Doen's rungs from the bottom of the ladder first, then Weten to Mogen in order
    candidates.sort(key=lambda c: (c[0], c[1], TASK_FOCUSES.index(c[2])))
    chosen: list[Proposal] = []

    def add(focus: str, kind: str, reason: str) -> None:
        if focus in tasks and all(p.task.focus != focus for p in chosen) and len(chosen) < MAX_PROPOSALS:
            chosen.append(Proposal(tasks[focus], reason, kind))

    for priority, value, focus, kind, reason in candidates:
        if priority == 0 or value < GAIN_BELOW:
            add(focus, kind, reason)
    if len(chosen) < 2:
        add("keep", "keep", reasons["keep"])
        for _, _, focus, kind, reason in candidates:
            if len(chosen) >= 2:
                break
            add(focus, kind, reason)
    return chosen
