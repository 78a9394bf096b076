"""One loader per content file: reads it strictly and returns its typed records."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from bot.content.models import (
    RUNGS,
    SENSE_KEYS,
    STATUS_KEYS,
    Advice,
    Move,
    Persona,
    Privacy,
    Rehearsal,
    RelativesScan,
    ResultTexts,
    Rung,
    ScanItem,
    Sense,
    Tip,
    Walkthrough,
    WalkthroughStep,
)
from bot.content.reader import CONTENT_DIR, ContentError, _read, _Reader, _unique, read_scale, strict


@strict
def load_ladder(directory: Path = CONTENT_DIR, lang: str = "nl") -> tuple[Rung, ...]:
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
        for r in _read("ladder.yml", directory, lang).records("rungs")
    )
    if tuple(r.number for r in rungs) != RUNGS:
        raise ContentError("ladder.yml: rungs: must be numbered 1 to 5 in order")
    return rungs


@strict
def load_senses(directory: Path = CONTENT_DIR, lang: str = "nl") -> tuple[Sense, ...]:
    """The six senses of the Senses framework."""
    senses = tuple(
        Sense(
            key=r.required_text("key"),
            name=r.required_text("name"),
            explanation=r.required_text("explanation"),
            source=r.required_text("source"),
            about=r.required_text("about"),
        )
        for r in _read("senses.yml", directory, lang).records("senses")
    )
    if sorted(s.key for s in senses) != sorted(SENSE_KEYS):
        raise ContentError(f"senses.yml: senses: keys must be exactly {list(SENSE_KEYS)}")
    return senses


@strict
def load_relatives_scan(directory: Path = CONTENT_DIR, lang: str = "nl") -> RelativesScan:
    """The quick scan for relatives: texts, answer scale and statements."""
    file = "scan_relatives.yml"
    root = _read(file, directory, lang)
    scale = read_scale(file, root)
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
                lacking=item.required_text("lacking"),
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
        result=_result_texts(root.child("result")),
    )


def _result_texts(result: _Reader) -> ResultTexts:
    statuses = result.child("statuses")
    too_few_step = result.child("too_few_step")
    plain = (
        "intro",
        "rung",
        "meaning",
        "rung_partly",
        "weak_base",
        "no_rung_yet",
        "too_few",
        "too_few_base",
        "base_r1_unknown",
        "base_r1_not",
        "base_end",
        "profile_title",
        "unknown_note",
        "desired",
        "weakest",
        "all_good",
        "weak_intro",
        "weak_more",
        "weak_more_one",
        "sense",
        "next_step",
        "ask_team",
        "strengths",
        "picture",
        "picture_now",
        "picture_desired",
        "copy_offer",
        "copy_button",
    )
    return ResultTexts(
        **{key: result.required_text(key) for key in plain},
        too_few_relative=too_few_step.required_text("relative"),
        too_few_ask_team=too_few_step.required_text("ask_team"),
        statuses={key: statuses.required_text(key) for key in STATUS_KEYS},
    )


@strict
def load_advice(directory: Path = CONTENT_DIR, lang: str = "nl") -> dict[tuple[int, int], Advice]:
    """Next-step advice for every (current rung, desired rung) pair."""
    advice: dict[tuple[int, int], Advice] = {}
    root = _read("advice.yml", directory, lang)
    root.read_elsewhere("first_steps")
    for r in root.records("advice"):
        current = r.integer("current", RUNGS)
        entry = Advice(
            current=current,
            desired=r.integer("desired", RUNGS),
            relative=r.required_text("relative"),
            ask_team=r.required_text("ask_team"),
        )
        pair = (current, entry.desired)
        if pair in advice:
            raise ContentError(f"advice.yml: {r.where}: pair {pair} occurs more than once")
        advice[pair] = entry
    missing = [(c, d) for c in RUNGS for d in RUNGS if (c, d) not in advice]
    if missing:
        raise ContentError(f"advice.yml: advice: missing pairs (current, desired) {missing}")
    return advice


@strict
def load_first_steps(directory: Path = CONTENT_DIR, lang: str = "nl") -> dict[int, Advice]:
    """A kind first step per desired rung, for a result that gives no rung yet ("nog geen trede")."""
    steps: dict[int, Advice] = {}
    root = _read("advice.yml", directory, lang)
    root.read_elsewhere("advice")
    for r in root.records("first_steps"):
        entry = Advice(
            current=None,
            desired=r.integer("desired", RUNGS),
            relative=r.required_text("relative"),
            ask_team=r.required_text("ask_team"),
        )
        if entry.desired in steps:
            raise ContentError(f"advice.yml: {r.where}: desired rung {entry.desired} occurs more than once")
        steps[entry.desired] = entry
    missing = [d for d in RUNGS if d not in steps]
    if missing:
        raise ContentError(f"advice.yml: first_steps: missing desired rungs {missing}")
    return steps


@strict
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


@strict
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
FIRST_CONVERSATION_RUNGS = (1, 2, 3)
HINT_KEYS = ("start", "after_pitfall", "no_life_story", "no_agreements", "no_follow_up", "all_done")
MOODS = ("open", "guarded")


@strict
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
            # a first conversation reaches at most rung 3 (see rehearsal.yml)
            rung=m.integer("rung", FIRST_CONVERSATION_RUNGS) if kind == "good" else None,
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
        ladder_note=root.required_text("ladder_note"),
        hints={key: hints.required_text(key) for key in HINT_KEYS},
    )


@strict
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
        "done",
        "answers",
        "remark",
        "rehearsals",
        "conversation",
        "earlier_conversation",
        "released",
        "nothing",
        "again",
        "ask_code",
        "code_unknown",
        "no_code",
        "no_code_button",
        "too_many_codes",
        "confirm_code",
        "confirm_yes_button",
        "confirm_no_button",
        "confirm_again",
        "kept",
    ),
    # the same erasure reply for a carer, in "je" (a carer's conversation holds only rehearsals)
    "erasure_carer": (
        "done",
        "rehearsals",
        "conversation",
        "nothing",
        "again",
        "ask_code",
        "code_unknown",
        "no_code",
        "too_many_codes",
        "confirm_code",
        "confirm_again",
        "kept",
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


@strict
def load_privacy(directory: Path = CONTENT_DIR, lang: str = "nl") -> Privacy:
    """The consent and the texts on units, erasure and the erasure code (with placeholders)."""
    file = "privacy.yml"
    root = _read(file, directory, lang)
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
