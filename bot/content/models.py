"""The typed records of the content files (frozen dataclasses) and the keys they must have."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

SENSE_KEYS = ("security", "continuity", "belonging", "purpose", "achievement", "significance")
RUNGS = (1, 2, 3, 4, 5)


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
    about: str  # what the sense is about, as a question ("of ..."): never states it as a fact


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
    lacking: str  # the result's sentence when the answer was "nooit" or "soms" (true for both)
    explain: Optional[str]
    source: str


STATUS_KEYS = ("goed", "deels", "nog_niet", "onbekend")


@dataclass(frozen=True)
class ResultTexts:
    """The sentences of the scan result; `{placeholders}` are filled in by bot/scoring.py."""

    intro: str
    rung: str
    meaning: str
    rung_partly: str
    weak_base: str
    no_rung_yet: str
    too_few: str
    too_few_base: str
    base_r1_unknown: str
    base_r1_not: str
    base_end: str
    too_few_relative: str
    too_few_ask_team: str
    profile_title: str
    unknown_note: str
    statuses: dict[str, str]
    desired: str
    weakest: str
    all_good: str
    weak_intro: str
    weak_more: str
    weak_more_one: str
    sense: str
    next_step: str
    ask_team: str
    strengths: str
    picture: str
    picture_now: str
    picture_desired: str
    copy_offer: str
    copy_button: str


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
    result: ResultTexts


@dataclass(frozen=True)
class Advice:
    current: Optional[int]  # None: the first step when the result gives no rung yet
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
    ladder_note: str
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
    erasure_carer: dict[str, str]
    code: dict[str, str]
    device: dict[str, str]
