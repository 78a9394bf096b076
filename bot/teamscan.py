"""The staff quick scan without storage: answers, group cards, group score, the mirror, proposals.

Everything here is pure: it takes counts and content and returns plain values, so it can be
tested with tables of score patterns. The chat texts come from bot/content/scan_staff.yml.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from math import sqrt
from typing import Any, Optional, cast

from bot.config import MINIMUM_GROUP
from bot.content import TASK_FOCUSES, ActionPlanContent, ChangeTask, RelativesScan, Rung, StaffItem, StaffScan
from bot.export import spreadsheet_safe
from bot.figures import one_decimal
from bot.scan import normalize, parse_answer

# A group session (the paper version) has at most this many people around the table.
MAX_GROUP_SIZE = 30
# The team scores a rung "clearly higher" than relatives experience it from this difference on
# (both on a 1-4 scale): half a step on the scale.
MIRROR_MARGIN = 0.5
# A part or rung with a mean below this has room to gain and can become a change task.
GAIN_BELOW = 3.0
# At most this many change tasks are proposed (at least two).
MAX_PROPOSALS = 3
# The Weten-Mogen half: everything but Doen.
WWKM = "wwkm"
Tally = Mapping[Optional[int], int]  # answer value (None: weet ik niet) -> number of people


def round_label(number: int) -> str:
    """T0, T1, ... for the first, second, ... round of a unit."""
    return f"T{number}"


def dutch_number(value: float) -> str:
    """One decimal with a comma, the Dutch way (3,2)."""
    return f"{value:.1f}".replace(".", ",")


# --- answers --------------------------------------------------------------------------------


def parse_staff_answer(text: str, scan: StaffScan) -> tuple[bool, Optional[int]]:
    """(understood, value) for a typed or clicked answer; value None is 'weet ik niet'."""
    # parse_answer reads only the scale, which the staff scan has in the same form
    parsed = parse_answer(text, cast(RelativesScan, scan))
    return parsed.understood, parsed.value


def ordered_items(scan: StaffScan, first_part: str) -> tuple[StaffItem, ...]:
    """The twelve statements in the order a member answers them: the chosen half first."""
    doen = tuple(i for i in scan.items if i.part == "doen")
    rest = tuple(i for i in scan.items if i.part != "doen")
    return rest + doen if first_part == WWKM else doen + rest


def parse_first_part(text: str) -> Optional[str]:
    """'doen' or 'wwkm' from a button or a typed answer ("bij doen", "weten", "blz 2")."""
    norm = normalize(text)
    doen = bool(re.search(r"\bdoen\b|\b(blz|bladzijde|pagina)\s*1\b|^1$", norm))
    rest = bool(re.search(r"\b(weten|willen|kunnen|mogen)\b|\b(blz|bladzijde|pagina)\s*2\b|^2$", norm))
    if doen == rest:
        return None
    return "doen" if doen else WWKM


def parse_mode(text: str) -> Optional[str]:
    """'alone' or 'group' ("alleen", "als groep met stemkaarten", "groepje")."""
    norm = normalize(text)
    group = bool(re.search(r"\bgroep|\bstemkaart|\bkaarten\b|\bsamen\b|\bscores? op", norm))
    alone = bool(re.search(r"\balleen\b|\bzelf\b|\bik\b|\baanpassen\b|\bindividueel\b", norm))
    if group == alone:
        return None
    return "group" if group else "alone"


def parse_group_size(text: str) -> Optional[int]:
    """The number of people in a group session (2 to MAX_GROUP_SIZE), or None."""
    numbers = re.findall(r"\d+", text)
    if len(numbers) != 1 or re.sub(r"[\d\s]|mensen|personen|we zijn|met|wij zijn", "", normalize(text)):
        return None
    size = int(numbers[0])
    return size if 2 <= size <= MAX_GROUP_SIZE else None


@dataclass(frozen=True)
class CardInput:
    """What a scribe typed for one statement: the cards per value, or why it must be asked again."""

    tally: Optional[dict[Optional[int], int]]
    problem: Optional[str] = None  # "unclear" or "wrong_total"
    total: int = 0


def same_card_buttons(scan: StaffScan, size: int) -> list[dict[str, str]]:
    """Buttons for a group where everyone held up the same card ("0 0 0 6" for all 4s)."""
    return [
        {
            "title": scan.texts["all_cards"].format(value=value),
            "payload": " ".join(str(size if v == value else 0) for v in (1, 2, 3, 4)),
        }
        for value in (1, 2, 3, 4)
    ]


def parse_cards(text: str, size: int) -> CardInput:
    """'0 1 3 2' (cards for 1, 2, 3 and 4; a fifth number for 'weet ik niet') for a group of `size`.

    Anything but numbers and separators is a typo; four or five numbers are needed; they must
    add up to the group size. Otherwise the scribe is asked again and nothing is stored.
    """
    if re.sub(r"[\d\s,;/|.-]", "", text) or not text.strip():
        return CardInput(None, "unclear")
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    if len(numbers) not in (4, 5) or any(n > MAX_GROUP_SIZE for n in numbers):
        return CardInput(None, "unclear")
    total = sum(numbers)
    if total != size:
        return CardInput(None, "wrong_total", total)
    values: list[Optional[int]] = [1, 2, 3, 4, None]
    return CardInput({value: count for value, count in zip(values, numbers, strict=False) if count}, total=total)


# --- the group score ------------------------------------------------------------------------


def _mean_and_spread(tally: Tally) -> tuple[int, Optional[float], Optional[float]]:
    """(answers other than 'weet ik niet', mean, standard deviation) of a tally."""
    pairs = [(value, count) for value, count in tally.items() if value is not None and count > 0]
    n = sum(count for _, count in pairs)
    if n == 0:
        return 0, None, None
    mean = sum(value * count for value, count in pairs) / n
    variance = sum(count * (value - mean) ** 2 for value, count in pairs) / n
    return n, mean, sqrt(variance)


@dataclass(frozen=True)
class ItemScore:
    id: str
    number: int  # position on the paper form: Doen first
    part: str
    rung: Optional[int]
    text: str
    answered: int
    mean: Optional[float]  # one decimal; None below MINIMUM_GROUP answers
    spread: Optional[float]


@dataclass(frozen=True)
class PartScore:
    key: str
    name: str
    answered: int
    mean: Optional[float]
    spread: Optional[float]


@dataclass(frozen=True)
class GroupScore:
    """The group score of one round; empty (items, parts) while fewer than `minimum` took part."""

    members: int
    minimum: int
    items: tuple[ItemScore, ...] = ()
    parts: tuple[PartScore, ...] = ()
    divided: tuple[ItemScore, ...] = ()

    @property
    def enough(self) -> bool:
        return self.members >= self.minimum

    @property
    def needed(self) -> int:
        return max(self.minimum - self.members, 0)

    def item(self, item_id: str) -> Optional[ItemScore]:
        return next((i for i in self.items if i.id == item_id), None)

    def part(self, key: str) -> Optional[PartScore]:
        return next((p for p in self.parts if p.key == key), None)


def _pooled(tallies: Sequence[Tally]) -> dict[Optional[int], int]:
    pooled: dict[Optional[int], int] = {}
    for tally in tallies:
        for value, count in tally.items():
            pooled[value] = pooled.get(value, 0) + count
    return pooled


def group_score(
    scan: StaffScan, tallies: Mapping[str, Tally], members: int, minimum: int = MINIMUM_GROUP, max_divided: int = 3
) -> GroupScore:
    """Mean and spread per statement and per part, once `minimum` members took part.

    A mean needs `minimum` answers other than 'weet ik niet' (per statement, or pooled per part).
    The most divided statements are those with a spread from the first "not agreed" level up.
    """
    if members < minimum:
        return GroupScore(members=members, minimum=minimum)

    def shown(n: int, value: Optional[float]) -> Optional[float]:
        return one_decimal(value) if value is not None and n >= minimum else None

    items = []
    for number, item in enumerate(scan.items, start=1):
        n, mean, spread = _mean_and_spread(tallies.get(item.id, {}))
        items.append(ItemScore(item.id, number, item.part, item.rung, item.text, n, shown(n, mean), shown(n, spread)))
    parts = []
    for part in scan.parts:
        n, mean, spread = _mean_and_spread(_pooled([tallies.get(i.id, {}) for i in scan.items if i.part == part.key]))
        parts.append(PartScore(part.key, part.name, n, shown(n, mean), shown(n, spread)))
    divided_from = scan.agreement[0][0]
    divided = sorted(
        (i for i in items if i.spread is not None and i.spread >= divided_from),
        key=lambda i: (-(i.spread or 0), i.number),
    )[:max_divided]
    return GroupScore(members, minimum, tuple(items), tuple(parts), tuple(divided))


def rung_means(score: GroupScore) -> dict[int, float]:
    """The team's mean per rung: the mean of its Doen statements' means (those shown)."""
    by_rung: dict[int, list[float]] = {}
    for item in score.items:
        if item.part == "doen" and item.rung is not None and item.mean is not None:
            by_rung.setdefault(item.rung, []).append(item.mean)
    return {rung: one_decimal(sum(values) / len(values)) for rung, values in by_rung.items()}


def relatives_rung_means(figures: Optional[Mapping[str, Any]]) -> dict[int, float]:
    """The relatives' mean per rung from released figures: the mean of the statement means shown.

    A statement mean is in a release only when at least MINIMUM_GROUP relatives answered it.
    """
    by_rung: dict[int, list[float]] = {}
    for item in (figures or {}).get("items", []):
        if item.get("mean") is not None:
            by_rung.setdefault(int(item["rung"]), []).append(float(item["mean"]))
    return {rung: one_decimal(sum(values) / len(values)) for rung, values in by_rung.items()}


# --- the mirror -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MirrorRow:
    rung: int
    name: str
    team: Optional[float]
    relatives: Optional[float]

    @property
    def gap(self) -> Optional[float]:
        if self.team is None or self.relatives is None:
            return None
        return one_decimal(self.team - self.relatives)

    @property
    def team_higher(self) -> bool:
        """The team rates itself clearly higher than relatives experience this rung."""
        return self.gap is not None and self.gap >= MIRROR_MARGIN


@dataclass(frozen=True)
class Mirror:
    rows: tuple[MirrorRow, ...]

    @property
    def first_to_discuss(self) -> Optional[MirrorRow]:
        """The rung where the team rates itself most clearly above the relatives' experience."""
        higher = [row for row in self.rows if row.team_higher]
        return max(higher, key=lambda row: (row.gap or 0, -row.rung)) if higher else None

    @property
    def compared(self) -> bool:
        return any(row.gap is not None for row in self.rows)


def build_mirror(ladder: Sequence[Rung], score: GroupScore, relatives_figures: Optional[Mapping[str, Any]]) -> Mirror:
    """Per rung the team's Doen score beside the relatives' experience (each only when shown)."""
    team = rung_means(score) if score.enough else {}
    relatives = relatives_rung_means(relatives_figures)
    return Mirror(
        tuple(MirrorRow(rung.number, rung.name, team.get(rung.number), relatives.get(rung.number)) for rung in ladder)
    )


# --- change tasks ---------------------------------------------------------------------------


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


# --- chat messages --------------------------------------------------------------------------


def statement_message(scan: StaffScan, first_part: str, position: int, group_size: Optional[int] = None) -> str:
    """'Stelling X van 12 (Doen): ...' for the statement at `position` in the member's order."""
    items = ordered_items(scan, first_part)
    item = items[position]
    values = {"number": position + 1, "total": len(items), "part": scan.part(item.part).name, "text": item.text}
    if group_size is not None:
        return scan.texts["group_statement"].format(size=group_size, **values)
    return scan.texts["statement"].format(**values)


def score_messages(scan: StaffScan, score: GroupScore, label: str) -> list[str]:
    """The group score in the chat, or only how many more members are needed."""
    texts = scan.texts
    if not score.enough:
        return [texts["too_few"].format(members=score.members, minimum=score.minimum, needed=score.needed)]
    lines = [texts["score_intro"].format(round=label, members=score.members)]
    for part in score.parts:
        if part.mean is None or part.spread is None:
            lines.append(texts["score_part_none"].format(part=part.name))
        else:
            lines.append(
                texts["score_part"].format(
                    part=part.name, mean=dutch_number(part.mean), agreement=scan.agreement_label(part.spread)
                )
            )
    if score.divided:
        divided = [texts["divided_intro"]] + [
            texts["divided_item"].format(
                number=i.number, text=i.text, mean=dutch_number(i.mean or 0), spread=dutch_number(i.spread or 0)
            )
            for i in score.divided
        ]
    else:
        divided = [texts["all_agree"]]
    return ["\n".join(lines), "\n".join(divided), texts["team_question"]]


def plan_message(
    scan: StaffScan, proposals: Sequence[Proposal], tip_titles: Mapping[str, str], with_relatives: bool
) -> str:
    """The proposed change tasks with their first activity and tips, as one chat message."""
    texts = scan.texts
    parts = [texts["plan_intro"].format(relatives=texts["plan_with_relatives"] if with_relatives else "")]
    for number, proposal in enumerate(proposals, start=1):
        parts.append(
            texts["plan_task"].format(
                number=number,
                title=proposal.task.title,
                reason=proposal.reason,
                activity=proposal.task.activity,
                tips=", ".join(tip_titles.get(key, key) for key in proposal.task.tips),
            )
        )
    parts.append(texts["plan_outro"])
    return "\n\n".join(parts)


# --- the action plan as CSV -----------------------------------------------------------------

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
