"""Loads and validates the Dutch content files in this folder (the one source of truth).

Every problem is reported as `ContentError("<file>: <field>: <what is wrong>")`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import yaml

CONTENT_DIR = Path(__file__).resolve().parent
SENSE_KEYS = ("security", "continuity", "belonging", "purpose", "achievement", "significance")
RUNGS = (1, 2, 3, 4, 5)


class ContentError(ValueError):
    """A content file is missing, unreadable or does not follow its schema."""


@dataclass(frozen=True)
class Rung:
    number: int
    name: str
    short: str
    explanation: str
    example: str
    source: str


@dataclass(frozen=True)
class Sense:
    key: str
    name: str
    explanation: str
    source: str


@dataclass(frozen=True)
class ScaleOption:
    value: Optional[int]
    label: str
    synonyms: tuple[str, ...]


@dataclass(frozen=True)
class ScanItem:
    id: str
    rung: int
    sense: Optional[str]
    text: str
    summary: str
    explain: Optional[str]
    source: str


@dataclass(frozen=True)
class RelativesScan:
    title: str
    intro: str
    consent_declined: str
    why: str
    paused: str
    relation_question: str
    unit_question: str
    scale: tuple[ScaleOption, ...]
    items: tuple[ScanItem, ...]
    desired_question: str
    stay_ok: str
    remark_question: str
    remark_shortened: str
    result_intro: str


@dataclass(frozen=True)
class Advice:
    current: int
    desired: int
    relative: str
    ask_team: str


@dataclass(frozen=True)
class Tip:
    key: str
    title: str
    text: str
    example: str
    source: str
    related: tuple[str, ...]
    walkthrough: bool


@dataclass(frozen=True)
class WalkthroughStep:
    key: str
    title: str
    tip: str
    example_question: str
    checklist: str
    source: str


@dataclass(frozen=True)
class Walkthrough:
    intro: str
    steps: tuple[WalkthroughStep, ...]


@dataclass(frozen=True)
class Move:
    key: str
    kind: str
    label: str
    rung: Optional[int]
    tip: str
    try_sentence: Optional[str]
    source: str

    @property
    def good(self) -> bool:
        return self.kind == "good"


@dataclass(frozen=True)
class Rehearsal:
    intro: str
    choose: str
    surprise: str
    moves: tuple[Move, ...]
    hints: dict[str, str]


@dataclass(frozen=True)
class Persona:
    key: str
    name: str
    label: str
    resident: str
    called: str
    background: str
    needs: str
    wary_of: str
    source: str
    opening: tuple[str, ...]
    replies: dict[str, dict[str, tuple[str, ...]]]
    unclear: tuple[str, ...]
    closing: tuple[str, ...]


@dataclass(frozen=True)
class Privacy:
    """What relatives are told about privacy; placeholders are filled from the settings (bot.privacy)."""

    consent: tuple[str, ...]
    unit: dict[str, str]
    erasure: dict[str, str]
    code: dict[str, str]
    device: dict[str, str]


class _Reader:
    """Typed access to one YAML mapping, naming file and field in every error."""

    def __init__(self, file: str, data: Any, where: str = "") -> None:
        if not isinstance(data, dict):
            raise ContentError(f"{file}: {where or 'top level'}: expected a mapping")
        self.file, self.data, self.where = file, data, where

    def _field(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def _fail(self, key: str, problem: str) -> ContentError:
        return ContentError(f"{self.file}: {self._field(key)}: {problem}")

    def text(self, key: str, optional: bool = False) -> Optional[str]:
        value = self.data.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self._fail(key, "missing or empty text")
        return " ".join(value.split())

    def required_text(self, key: str) -> str:
        value = self.text(key)
        assert value is not None
        return value

    def integer(self, key: str, allowed: tuple[int, ...]) -> int:
        value = self.data.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value not in allowed:
            raise self._fail(key, f"must be one of {list(allowed)}, got {value!r}")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self._fail(key, f"must be true or false, got {value!r}")
        return value

    def text_list(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self._fail(key, "must be a list of texts")
        return tuple(v.strip() for v in value)

    def records(self, key: str) -> list[_Reader]:
        value = self.data.get(key)
        if not isinstance(value, list) or not value:
            raise self._fail(key, "must be a non-empty list")
        return [_Reader(self.file, item, f"{self._field(key)}[{i}]") for i, item in enumerate(value)]

    def child(self, key: str) -> _Reader:
        return _Reader(self.file, self.data.get(key), self._field(key))


def _read(name: str, directory: Path) -> _Reader:
    path = directory / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ContentError(f"{name}: file not found in {directory}") from error
    except yaml.YAMLError as error:
        raise ContentError(f"{name}: not valid YAML: {error}") from error
    return _Reader(name, data)


def _unique(file: str, field: str, values: list[Any]) -> None:
    seen = set()
    for value in values:
        if value in seen:
            raise ContentError(f"{file}: {field}: {value!r} occurs more than once")
        seen.add(value)


def load_ladder(directory: Path = CONTENT_DIR) -> tuple[Rung, ...]:
    """The five rungs of the ladder of involvement, in order."""
    rungs = tuple(
        Rung(
            number=r.integer("number", RUNGS),
            name=r.required_text("name"),
            short=r.required_text("short"),
            explanation=r.required_text("explanation"),
            example=r.required_text("example"),
            source=r.required_text("source"),
        )
        for r in _read("ladder.yml", directory).records("rungs")
    )
    if tuple(r.number for r in rungs) != RUNGS:
        raise ContentError("ladder.yml: rungs: must be numbered 1 to 5 in order")
    return rungs


def load_senses(directory: Path = CONTENT_DIR) -> tuple[Sense, ...]:
    """The six senses of the Senses framework."""
    senses = tuple(
        Sense(
            key=r.required_text("key"),
            name=r.required_text("name"),
            explanation=r.required_text("explanation"),
            source=r.required_text("source"),
        )
        for r in _read("senses.yml", directory).records("senses")
    )
    if sorted(s.key for s in senses) != sorted(SENSE_KEYS):
        raise ContentError(f"senses.yml: senses: keys must be exactly {list(SENSE_KEYS)}")
    return senses


def load_relatives_scan(directory: Path = CONTENT_DIR) -> RelativesScan:
    """The quick scan for relatives: texts, answer scale and statements."""
    file = "scan_relatives.yml"
    root = _read(file, directory)
    scale = []
    for option in root.records("scale"):
        value = option.data.get("value")
        if value is not None:
            value = option.integer("value", (1, 2, 3, 4))
        scale.append(ScaleOption(value, option.required_text("label"), option.text_list("synonyms")))
    if sorted((o.value or 0) for o in scale) != [0, 1, 2, 3, 4]:
        raise ContentError(f"{file}: scale: needs the values 1, 2, 3, 4 and null (weet ik niet)")
    items = []
    for item in root.records("items"):
        sense = item.text("sense", optional=True)
        if sense is not None and sense not in SENSE_KEYS:
            raise ContentError(f"{file}: {item.where}.sense: unknown sense {sense!r}")
        items.append(
            ScanItem(
                id=item.required_text("id"),
                rung=item.integer("rung", RUNGS),
                sense=sense,
                text=item.required_text("text"),
                summary=item.required_text("summary"),
                explain=item.text("explain", optional=True),
                source=item.required_text("source"),
            )
        )
    _unique(file, "items.id", [i.id for i in items])
    missing = [r for r in RUNGS if not any(i.rung == r for i in items)]
    if missing:
        raise ContentError(f"{file}: items: no statement for rung(s) {missing}")
    if not 12 <= len(items) <= 20:
        raise ContentError(f"{file}: items: needs 12 to 20 statements, found {len(items)}")
    desired = root.child("desired")
    return RelativesScan(
        title=root.required_text("title"),
        intro=root.required_text("intro"),
        consent_declined=root.required_text("consent_declined"),
        why=root.required_text("why"),
        paused=root.required_text("paused"),
        relation_question=root.required_text("relation_question"),
        unit_question=root.required_text("unit_question"),
        scale=tuple(scale),
        items=tuple(items),
        desired_question=desired.required_text("question"),
        stay_ok=desired.required_text("stay_ok"),
        remark_question=root.required_text("remark_question"),
        remark_shortened=root.required_text("remark_shortened"),
        result_intro=root.required_text("result_intro"),
    )


def load_advice(directory: Path = CONTENT_DIR) -> dict[tuple[int, int], Advice]:
    """Next-step advice for every (current rung, desired rung) pair."""
    advice: dict[tuple[int, int], Advice] = {}
    for r in _read("advice.yml", directory).records("advice"):
        entry = Advice(
            current=r.integer("current", RUNGS),
            desired=r.integer("desired", RUNGS),
            relative=r.required_text("relative"),
            ask_team=r.required_text("ask_team"),
        )
        pair = (entry.current, entry.desired)
        if pair in advice:
            raise ContentError(f"advice.yml: {r.where}: pair {pair} occurs more than once")
        advice[pair] = entry
    missing = [(c, d) for c in RUNGS for d in RUNGS if (c, d) not in advice]
    if missing:
        raise ContentError(f"advice.yml: advice: missing pairs (current, desired) {missing}")
    return advice


def load_tips(directory: Path = CONTENT_DIR) -> dict[str, Tip]:
    """Tips for working with relatives, by key."""
    tips: dict[str, Tip] = {}
    for r in _read("tips.yml", directory).records("tips"):
        tip = Tip(
            key=r.required_text("key"),
            title=r.required_text("title"),
            text=r.required_text("text"),
            example=r.required_text("example"),
            source=r.required_text("source"),
            related=r.text_list("related"),
            walkthrough=r.boolean("walkthrough", False),
        )
        if tip.key in tips:
            raise ContentError(f"tips.yml: {r.where}.key: {tip.key!r} occurs more than once")
        tips[tip.key] = tip
    for tip in tips.values():
        unknown = [k for k in tip.related if k not in tips or k == tip.key]
        if unknown:
            raise ContentError(f"tips.yml: {tip.key}.related: unknown or self reference {unknown}")
    return tips


def load_walkthrough(directory: Path = CONTENT_DIR) -> Walkthrough:
    """The step-by-step guide through the start conversation."""
    root = _read("walkthrough.yml", directory)
    steps = tuple(
        WalkthroughStep(
            key=s.required_text("key"),
            title=s.required_text("title"),
            tip=s.required_text("tip"),
            example_question=s.required_text("example_question"),
            checklist=s.required_text("checklist"),
            source=s.required_text("source"),
        )
        for s in root.records("steps")
    )
    _unique("walkthrough.yml", "steps.key", [s.key for s in steps])
    return Walkthrough(intro=root.required_text("intro"), steps=steps)


RESIDENT_PLACEHOLDER = "{bewoner}"
HINT_KEYS = ("start", "after_pitfall", "no_life_story", "no_agreements", "no_follow_up", "all_done")
MOODS = ("open", "guarded")


def load_rehearsal(directory: Path = CONTENT_DIR, tips: Optional[dict[str, Tip]] = None) -> Rehearsal:
    """Carer moves recognised in a rehearsal, with feedback texts and coaching hints."""
    file = "rehearsal.yml"
    root = _read(file, directory)
    moves = []
    for m in root.records("moves"):
        kind = m.required_text("kind")
        if kind not in ("good", "pitfall"):
            raise ContentError(f"{file}: {m.where}.kind: must be good or pitfall")
        move = Move(
            key=m.required_text("key"),
            kind=kind,
            label=m.required_text("label"),
            rung=m.integer("rung", (2, 3, 4, 5)) if kind == "good" else None,
            tip=m.required_text("tip"),
            try_sentence=m.required_text("try") if kind == "good" else None,
            source=m.required_text("source"),
        )
        other_braces = (move.try_sentence or "").replace(RESIDENT_PLACEHOLDER, "")
        if "{" in other_braces or "}" in other_braces:
            raise ContentError(f"{file}: {m.where}.try: the only placeholder allowed is {RESIDENT_PLACEHOLDER}")
        if tips is not None and move.tip not in tips:
            raise ContentError(f"{file}: {m.where}.tip: unknown tip {move.tip!r}")
        moves.append(move)
    _unique(file, "moves.key", [m.key for m in moves])
    hints = root.child("hints")
    return Rehearsal(
        intro=root.required_text("intro"),
        choose=root.required_text("choose"),
        surprise=root.required_text("surprise"),
        moves=tuple(moves),
        hints={key: hints.required_text(key) for key in HINT_KEYS},
    )


def load_personas(directory: Path = CONTENT_DIR, move_keys: tuple[str, ...] = ()) -> dict[str, Persona]:
    """Simulated relatives for the rehearsal, each with in-character replies for every move."""
    file = "personas.yml"
    personas: dict[str, Persona] = {}
    for p in _read(file, directory).records("personas"):
        key = p.required_text("key")
        replies_reader = p.child("replies")
        replies: dict[str, dict[str, tuple[str, ...]]] = {}
        for move in move_keys:
            by_mood = replies_reader.child(move)
            replies[move] = {}
            for mood in MOODS:
                lines = by_mood.text_list(mood)
                if len(lines) < 2:
                    raise ContentError(f"{file}: {by_mood.where}.{mood}: needs at least 2 lines")
                replies[move][mood] = lines
        persona = Persona(
            key=key,
            name=p.required_text("name"),
            label=p.required_text("label"),
            resident=p.required_text("resident"),
            called=p.required_text("called"),
            background=p.required_text("background"),
            needs=p.required_text("needs"),
            wary_of=p.required_text("wary_of"),
            source=p.required_text("source"),
            opening=p.text_list("opening"),
            replies=replies,
            unclear=p.text_list("unclear"),
            closing=p.text_list("closing"),
        )
        for field in ("opening", "unclear", "closing"):
            if not getattr(persona, field):
                raise ContentError(f"{file}: {p.where}.{field}: needs at least one line")
        if key in personas:
            raise ContentError(f"{file}: {p.where}.key: {key!r} occurs more than once")
        personas[key] = persona
    if len(personas) < 4:
        raise ContentError(f"{file}: personas: needs at least 4 personas, found {len(personas)}")
    return personas


PRIVACY_PLACEHOLDERS = ("conversation_days", "answer_days", "group", "unit", "code")
PRIVACY_KEYS = {
    "unit": ("from_link_unknown", "unknown", "dont_know_button", "none"),
    "erasure": (
        "done", "answers", "remark", "rehearsals", "conversation", "earlier_conversation", "released",
        "nothing", "again", "ask_code", "code_unknown", "no_code", "no_code_button",
    ),
    "code": ("thanks", "shown", "given_before"),
    "device": ("button", "cleared"),
}


def _check_placeholders(file: str, field: str, text: str) -> None:
    try:
        text.format(**{name: "" for name in PRIVACY_PLACEHOLDERS})
    except (KeyError, IndexError, ValueError) as error:
        raise ContentError(
            f"{file}: {field}: unknown placeholder {error}; allowed: {list(PRIVACY_PLACEHOLDERS)}"
        ) from error


def load_privacy(directory: Path = CONTENT_DIR) -> Privacy:
    """The consent and the texts on units, erasure and the erasure code (with placeholders)."""
    file = "privacy.yml"
    root = _read(file, directory)
    messages = root.data.get("consent")
    if not isinstance(messages, list) or not messages:
        raise ContentError(f"{file}: consent: must be a list of messages, each a list of paragraphs")
    consent = []
    for number, paragraphs in enumerate(messages):
        if not isinstance(paragraphs, list) or not all(isinstance(p, str) and p.strip() for p in paragraphs):
            raise ContentError(f"{file}: consent[{number}]: must be a non-empty list of paragraphs")
        consent.append("\n".join(" ".join(p.split()) for p in paragraphs))
    sections = {}
    for section, keys in PRIVACY_KEYS.items():
        reader = root.child(section)
        sections[section] = {key: reader.required_text(key) for key in keys}
    for field, text in [(f"consent[{i}]", t) for i, t in enumerate(consent)] + [
        (f"{section}.{key}", text) for section, texts in sections.items() for key, text in texts.items()
    ]:
        _check_placeholders(file, field, text)
    return Privacy(consent=tuple(consent), **sections)


@dataclass(frozen=True)
class Content:
    """All content, validated."""

    ladder: tuple[Rung, ...]
    senses: tuple[Sense, ...]
    relatives_scan: RelativesScan
    advice: dict[tuple[int, int], Advice]
    tips: dict[str, Tip]
    walkthrough: Walkthrough
    rehearsal: Rehearsal
    personas: dict[str, Persona]
    privacy: Privacy

    def rung(self, number: int) -> Rung:
        """The rung with this number (1..5)."""
        return self.ladder[number - 1]


def load_content(directory: Path = CONTENT_DIR) -> Content:
    """Load every content file from `directory`, raising ContentError on the first problem."""
    ladder = load_ladder(directory)
    senses = load_senses(directory)
    relatives_scan = load_relatives_scan(directory)
    advice = load_advice(directory)
    tips = load_tips(directory)
    walkthrough = load_walkthrough(directory)
    rehearsal = load_rehearsal(directory, tips)
    return Content(
        ladder=ladder,
        senses=senses,
        relatives_scan=relatives_scan,
        advice=advice,
        tips=tips,
        walkthrough=walkthrough,
        rehearsal=rehearsal,
        personas=load_personas(directory, tuple(m.key for m in rehearsal.moves)),
        privacy=load_privacy(directory),
    )


@lru_cache(maxsize=1)
def content() -> Content:
    """The project's content, loaded once per process."""
    return load_content()


@dataclass(frozen=True)
class LimitTexts:
    """What the chat says when one of its limits is reached (limits.yml)."""

    message_cut: str
    too_many_scans: str

    def cut_notice(self, limit: int) -> str:
        """The notice for a message cut to `limit` characters (written the Dutch way: 2.000)."""
        return self.message_cut.format(limit=f"{limit:,}".replace(",", "."))


def load_limit_texts(directory: Path = CONTENT_DIR) -> LimitTexts:
    """The texts for a message that was cut and for too many new scans from one address."""
    file = "limits.yml"
    root = _read(file, directory)
    message_cut = root.required_text("message_cut")
    try:
        filled = message_cut.format(limit="")
    except (KeyError, IndexError, ValueError) as error:
        raise ContentError(f"{file}: message_cut: only the placeholder {{limit}} is allowed ({error})") from error
    if filled == message_cut:
        raise ContentError(f"{file}: message_cut: must name the number of characters as {{limit}}")
    return LimitTexts(message_cut=message_cut, too_many_scans=root.required_text("too_many_scans"))


@lru_cache(maxsize=1)
def limit_texts() -> LimitTexts:
    """The limit texts, loaded once per process."""
    return load_limit_texts()


# --- the staff quick scan and the team's action plan (scan_staff.yml, action_plan.yml) ---------

STAFF_PARTS = ("doen", "weten", "willen", "kunnen", "mogen")
STAFF_ITEMS = 12
STAFF_TEXT_KEYS = (
    "intro", "ask_round", "round_unknown", "round_closed", "round_found", "ask_mode", "mode_alone",
    "mode_alone_again", "mode_group", "mode_unclear", "already_done", "ask_group_size", "group_size_unclear",
    "ask_part", "part_doen", "part_wwkm", "part_unclear", "statement", "previous_answer", "answer_unclear",
    "first_statement", "group_statement", "all_cards", "cards_unclear", "cards_wrong_total", "closed_meanwhile",
    "paused",
    "done", "too_few", "score_intro", "score_part", "score_part_none", "divided_intro", "divided_item",
    "all_agree", "team_question", "plan_button", "plan_intro", "plan_with_relatives", "plan_task", "plan_outro",
    "plan_no_round", "plan_too_few",
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


def load_staff_scan(directory: Path = CONTENT_DIR, tips: Optional[dict[str, Tip]] = None) -> StaffScan:
    """The staff quick scan: six Doen statements (one or more per rung) and six on Weten to Mogen."""
    file = "scan_staff.yml"
    root = _read(file, directory)
    parts = tuple(
        StaffPart(p.required_text("key"), p.required_text("name"), p.required_text("explanation"),
                  p.required_text("source"))
        for p in root.records("parts")
    )
    if tuple(p.key for p in parts) != STAFF_PARTS:
        raise ContentError(f"{file}: parts: keys must be {list(STAFF_PARTS)} in this order")
    scale = []
    for option in root.records("scale"):
        value = option.data.get("value")
        if value is not None:
            value = option.integer("value", (1, 2, 3, 4))
        scale.append(ScaleOption(value, option.required_text("label"), option.text_list("synonyms")))
    if sorted((o.value or 0) for o in scale) != [0, 1, 2, 3, 4]:
        raise ContentError(f"{file}: scale: needs the values 1, 2, 3, 4 and null (weet ik niet)")
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
        items.append(StaffItem(item.required_text("id"), part, rung, item_tips, item.required_text("text"),
                               item.required_text("source")))
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
        title=root.required_text("title"), own_wording=True, parts=parts, scale=tuple(scale), items=tuple(items),
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
            key=t.required_text("key"), focus=focus, title=t.required_text("title"),
            activity=t.required_text("activity"), effect=t.required_text("effect"),
            measure=t.required_text("measure"), route_step=t.integer("route_step", tuple(range(1, 8))),
            tips=t.text_list("tips"), items=tuple(t.data.get("items") or ()), source=t.required_text("source"),
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
    return load_staff_scan(tips=content().tips)


@lru_cache(maxsize=1)
def action_plan() -> ActionPlanContent:
    """The action plan content, loaded once per process."""
    return load_action_plan(tips=content().tips, items=tuple(i.id for i in staff_scan().items))
