"""The Dutch content files in this folder (the one source of truth), loaded and validated.

`models` holds the typed records, `reader` the strict YAML reader, `loaders` one loader per
file, `replies` the shared replies and menus in both voices. Every problem is reported as
`ContentError("<file>: <record>.<key>: <what is wrong>")`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bot.content.loaders import (
    RESIDENT_PLACEHOLDER,
    load_advice,
    load_first_steps,
    load_ladder,
    load_personas,
    load_privacy,
    load_rehearsal,
    load_relatives_scan,
    load_senses,
    load_tips,
    load_walkthrough,
)
from bot.content.models import (
    RUNGS,
    SENSE_KEYS,
    Advice,
    Persona,
    Privacy,
    Rehearsal,
    RelativesScan,
    Rung,
    ScanItem,
    Sense,
    Tip,
    Walkthrough,
)
from bot.content.reader import CONTENT_DIR, ContentError, _read, strict
from bot.content.staff import (
    ACTIVITY_STATUSES,
    TASK_FOCUSES,
    ActionPlanContent,
    ChangeTask,
    StaffItem,
    StaffScan,
    action_plan,
    load_action_plan,
    load_staff_scan,
    staff_scan,
)
from bot.languages import format_number

__all__ = [
    "CONTENT_DIR",
    "RESIDENT_PLACEHOLDER",
    "RUNGS",
    "SENSE_KEYS",
    "Advice",
    "Content",
    "ContentError",
    "Persona",
    "Rehearsal",
    "RelativesScan",
    "Rung",
    "ScanItem",
    "Tip",
    "Walkthrough",
    "content",
    "limit_texts",
    "load_advice",
    "load_content",
    "load_ladder",
    "load_limit_texts",
    "load_relatives_scan",
    "load_tips",
    # the staff quick scan and the action plan (bot/content/staff.py)
    "ACTIVITY_STATUSES",
    "TASK_FOCUSES",
    "ActionPlanContent",
    "ChangeTask",
    "StaffItem",
    "StaffScan",
    "action_plan",
    "load_action_plan",
    "load_staff_scan",
    "staff_scan",
]


@dataclass(frozen=True)
class Content:
    """All content, validated."""

    ladder: tuple[Rung, ...]
    senses: tuple[Sense, ...]
    relatives_scan: RelativesScan
    advice: dict[tuple[int, int], Advice]
    first_steps: dict[int, Advice]
    tips: dict[str, Tip]
    walkthrough: Walkthrough
    rehearsal: Rehearsal
    personas: dict[str, Persona]
    privacy: Privacy
    lang: str = "nl"  # the language of the relatives' content (bot/languages.py)

    def rung(self, number: int) -> Rung:
        """The rung with this number (1..5)."""
        return self.ladder[number - 1]


def load_content(directory: Path = CONTENT_DIR, lang: str = "nl") -> Content:
    """Load every content file from `directory`, raising ContentError on the first problem.

    The relatives' content (ladder, senses, scan, advice, privacy) in `lang`, laid over the Dutch
    (bot/content/overlay.py); the carers' content (tips, walkthrough, rehearsal) stays Dutch.
    """
    ladder = load_ladder(directory, lang)
    senses = load_senses(directory, lang)
    relatives_scan = load_relatives_scan(directory, lang)
    advice = load_advice(directory, lang)
    tips = load_tips(directory)
    walkthrough = load_walkthrough(directory)
    rehearsal = load_rehearsal(directory, tips)
    return Content(
        ladder=ladder,
        senses=senses,
        relatives_scan=relatives_scan,
        advice=advice,
        first_steps=load_first_steps(directory, lang),
        tips=tips,
        walkthrough=walkthrough,
        rehearsal=rehearsal,
        personas=load_personas(directory, tuple(m.key for m in rehearsal.moves)),
        privacy=load_privacy(directory, lang),
        lang=lang,
    )


@cache
def content(lang: str = "nl") -> Content:
    """The project's content in `lang`, loaded once per process and language."""
    return load_content(lang=lang)


@dataclass(frozen=True)
class LimitTexts:
    """What the chat says when one of its limits is reached (limits.yml)."""

    message_cut: str
    too_many_scans: str
    lang: str = "nl"

    def cut_notice(self, limit: int) -> str:
        """The notice for a message cut to `limit` characters (written the language's way: 2.000)."""
        return self.message_cut.format(limit=format_number(limit, self.lang))


@strict
def load_limit_texts(directory: Path = CONTENT_DIR, lang: str = "nl") -> LimitTexts:
    """The texts for a message that was cut and for too many new scans from one address."""
    file = "limits.yml"
    root = _read(file, directory, lang)
    message_cut = root.required_text("message_cut")
    try:
        filled = message_cut.format(limit="")
    except (KeyError, IndexError, ValueError) as error:
        raise ContentError(f"{file}: message_cut: only the placeholder {{limit}} is allowed ({error})") from error
    if filled == message_cut:
        raise ContentError(f"{file}: message_cut: must name the number of characters as {{limit}}")
    return LimitTexts(message_cut=message_cut, too_many_scans=root.required_text("too_many_scans"), lang=lang)


@cache
def limit_texts(lang: str = "nl") -> LimitTexts:
    """The limit texts in `lang`, loaded once per process and language."""
    return load_limit_texts(lang=lang)
