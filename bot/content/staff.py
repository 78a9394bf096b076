"""The staff quick scan (scan_staff.yml) and the team's action plan (action_plan.yml).

The twelve statements are this project's own wording (`own_wording: true`), each naming the seed
fact it rests on; the change tasks link to tips and to the statements they should move.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from bot.content.models import RUNGS, ScaleOption, Tip
from bot.content.reader import CONTENT_DIR, ContentError, _read, _Reader, _unique, read_scale, strict

STAFF_PARTS = ("doen", "weten", "willen", "kunnen", "mogen")
STAFF_ITEMS = 12
STAFF_TEXT_KEYS = (
    "intro",
    "ask_round",
    "round_unknown",
    "round_closed",
    "round_found",
    "round_closed_now",
    "ask_mode",
    "mode_alone",
    "mode_alone_again",
    "mode_group",
    "mode_unclear",
    "already_done",
    "ask_group_size",
    "group_size_unclear",
    "ask_part",
    "part_doen",
    "part_wwkm",
    "part_unclear",
    "statement",
    "previous_answer",
    "answer_unclear",
    "first_statement",
    "group_statement",
    "all_cards",
    "cards_unclear",
    "cards_wrong_total",
    "closed_meanwhile",
    "paused",
    "done",
    "own_answers_intro",
    "own_answer",
    "team_later",
    "too_few_closed",
    "own_group_intro",
    "score_intro",
    "score_part",
    "score_part_none",
    "divided_intro",
    "divided_item",
    "all_agree",
    "items_hidden",
    "close_hint",
    "team_question",
    "plan_button",
    "plan_intro",
    "plan_with_relatives",
    "plan_task",
    "plan_outro",
    "plan_no_round",
    "plan_too_few",
    "plan_round_open",
    "dashboard_problem",
)
TASK_FOCUSES = (*(f"rung_{rung}" for rung in RUNGS), "weten", "willen", "kunnen", "mogen", "keep")
ACTIVITY_STATUSES = ("gepland", "bezig", "klaar", "geevalueerd")
REASON_KEYS = ("part", "rung", "mirror", "relatives", "keep")


@dataclass(frozen=True)
class StaffPart:
    key: str
    name: str
    explanation: str
    source: str


@dataclass(frozen=True)
class StaffItem:
    id: str
    part: str
    rung: Optional[int]  # Doen statements only: the rung of the ladder they belong to
    tips: tuple[str, ...]
    text: str
    source: str


@dataclass(frozen=True)
class StaffScan:
    """The staff quick scan: twelve statements written for this project (own wording)."""

    title: str
    own_wording: bool
    parts: tuple[StaffPart, ...]
    scale: tuple[ScaleOption, ...]
    items: tuple[StaffItem, ...]
    texts: dict[str, str]
    agreement: tuple[tuple[float, str], ...]  # (spread below, label), ascending
    start_button: dict[str, str]
    next_buttons: tuple[dict[str, str], ...]

    def part(self, key: str) -> StaffPart:
        return next(p for p in self.parts if p.key == key)

    def agreement_label(self, spread: float) -> str:
        """'Zijn we het eens?' in words for a spread (standard deviation)."""
        return next(label for below, label in self.agreement if spread < below)


@dataclass(frozen=True)
class RouteStep:
    number: int
    name: str
    source: str


@dataclass(frozen=True)
class ChangeTask:
    key: str
    focus: str
    title: str
    activity: str
    effect: str
    measure: str
    route_step: int
    tips: tuple[str, ...]
    items: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class ActionPlanContent:
    route_steps: tuple[RouteStep, ...]
    statuses: dict[str, str]
    reasons: dict[str, str]
    tasks: tuple[ChangeTask, ...]


@strict
def load_staff_scan(directory: Path = CONTENT_DIR, tips: Optional[dict[str, Tip]] = None) -> StaffScan:
    """The staff quick scan: six Doen statements (one or more per rung) and six on Weten to Mogen."""
    file = "scan_staff.yml"
    root = _read(file, directory)
    parts = tuple(
        StaffPart(
            p.required_text("key"), p.required_text("name"), p.required_text("explanation"), p.required_text("source")
        )
        for p in root.records("parts")
    )
    if tuple(p.key for p in parts) != STAFF_PARTS:
        raise ContentError(f"{file}: parts: keys must be {list(STAFF_PARTS)} in this order")
    scale = read_scale(file, root)
    items = []
    for item in root.records("items"):
        part = item.required_text("part")
        if part not in STAFF_PARTS:
            raise ContentError(f"{file}: {item.where}.part: unknown part {part!r}")
        rung = item.integer("rung", RUNGS) if part == "doen" else None
        if part != "doen" and "rung" in item.data:
            raise ContentError(f"{file}: {item.where}.rung: only Doen statements belong to a rung")
        item_tips = item.text_list("tips")
        if not item_tips or (tips is not None and any(t not in tips for t in item_tips)):
            raise ContentError(f"{file}: {item.where}.tips: needs known tip keys, got {list(item_tips)}")
        items.append(
            StaffItem(
                item.required_text("id"),
                part,
                rung,
                item_tips,
                item.required_text("text"),
                item.required_text("source"),
            )
        )
    _unique(file, "items.id", [i.id for i in items])
    doen = [i for i in items if i.part == "doen"]
    if len(items) != STAFF_ITEMS or len(doen) != STAFF_ITEMS // 2:
        raise ContentError(f"{file}: items: needs {STAFF_ITEMS} statements, half of them Doen")
    if sorted({i.rung or 0 for i in doen}) != list(RUNGS):
        raise ContentError(f"{file}: items: the Doen statements must cover every rung")
    if any(not any(i.part == p for i in items) for p in STAFF_PARTS):
        raise ContentError(f"{file}: items: every part needs at least one statement")
    if root.data.get("own_wording") is not True:
        raise ContentError(f"{file}: own_wording: must be true (the statements are this project's own)")
    texts = root.child("texts")
    agreement = []
    for level in root.records("agreement"):
        below = level.data.get("below")
        if not isinstance(below, int | float) or isinstance(below, bool):
            raise ContentError(f"{file}: {level.where}.below: must be a number")
        agreement.append((float(below), level.required_text("label")))
    if [b for b, _ in agreement] != sorted(b for b, _ in agreement):
        raise ContentError(f"{file}: agreement: must be in ascending order")
    return StaffScan(
        title=root.required_text("title"),
        own_wording=True,
        parts=parts,
        scale=tuple(scale),
        items=tuple(items),
        # line breaks matter in the chat texts: keep them (only trailing space is removed)
        texts={key: _multiline(texts, key) for key in STAFF_TEXT_KEYS},
        agreement=tuple(agreement),
        start_button=_button(root.child("start_button")),
        next_buttons=tuple(_button(b) for b in root.records("next_buttons")),
    )


def _button(reader: _Reader) -> dict[str, str]:
    payload = reader.required_text("payload")
    if not payload.startswith("/"):
        raise reader._fail("payload", "must be an intent payload such as /tip")
    return {"title": reader.required_text("title"), "payload": payload}


def _multiline(reader: _Reader, key: str) -> str:
    value = reader.data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise reader._fail(key, "missing or empty text")
    return "\n".join(" ".join(line.split()) for line in value.strip().split("\n"))


@strict
def load_action_plan(
    directory: Path = CONTENT_DIR, tips: Optional[dict[str, Tip]] = None, items: tuple[str, ...] = ()
) -> ActionPlanContent:
    """The seven steps of the improvement route, activity statuses and the change tasks."""
    file = "action_plan.yml"
    root = _read(file, directory)
    steps = tuple(
        RouteStep(s.integer("number", tuple(range(1, 8))), s.required_text("name"), s.required_text("source"))
        for s in root.records("route_steps")
    )
    if tuple(s.number for s in steps) != tuple(range(1, 8)):
        raise ContentError(f"{file}: route_steps: must be the seven steps numbered 1 to 7 in order")
    statuses = {s.required_text("key"): s.required_text("label") for s in root.records("statuses")}
    if tuple(statuses) != ACTIVITY_STATUSES:
        raise ContentError(f"{file}: statuses: keys must be {list(ACTIVITY_STATUSES)} in this order")
    reasons_reader = root.child("reasons")
    reasons = {key: reasons_reader.required_text(key) for key in REASON_KEYS}
    tasks = []
    for t in root.records("tasks"):
        focus = t.required_text("focus")
        if focus not in TASK_FOCUSES:
            raise ContentError(f"{file}: {t.where}.focus: must be one of {list(TASK_FOCUSES)}")
        task = ChangeTask(
            key=t.required_text("key"),
            focus=focus,
            title=t.required_text("title"),
            activity=t.required_text("activity"),
            effect=t.required_text("effect"),
            measure=t.required_text("measure"),
            route_step=t.integer("route_step", tuple(range(1, 8))),
            tips=t.text_list("tips"),
            items=tuple(t.data.get("items") or ()),
            source=t.required_text("source"),
        )
        if not task.tips or (tips is not None and any(k not in tips for k in task.tips)):
            raise ContentError(f"{file}: {t.where}.tips: needs known tip keys, got {list(task.tips)}")
        if items and any(i not in items for i in task.items):
            raise ContentError(f"{file}: {t.where}.items: unknown statement in {list(task.items)}")
        tasks.append(task)
    _unique(file, "tasks.key", [t.key for t in tasks])
    _unique(file, "tasks.focus", [t.focus for t in tasks])
    missing = [f for f in TASK_FOCUSES if not any(t.focus == f for t in tasks)]
    if missing:
        raise ContentError(f"{file}: tasks: no task for focus {missing}")
    return ActionPlanContent(route_steps=steps, statuses=statuses, reasons=reasons, tasks=tuple(tasks))


@lru_cache(maxsize=1)
def staff_scan() -> StaffScan:
    """The staff quick scan, loaded once per process."""
    from bot.content import content

    return load_staff_scan(tips=content().tips)


@lru_cache(maxsize=1)
def action_plan() -> ActionPlanContent:
    """The action plan content, loaded once per process."""
    from bot.content import content

    return load_action_plan(tips=content().tips, items=tuple(i.id for i in staff_scan().items))
