"""The step-by-step guide through the start conversation: navigation, texts, checklist."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from bot.content import Walkthrough
from bot.scan import normalize

NEXT_WORDS = ("volgende", "verder", "door", "ga door", "ok", "oke", "okay", "next", "en dan", "ja")
BACK_WORDS = ("terug", "vorige", "ga terug", "vorige stap", "back")
SKIP_WORDS = ("overslaan", "nee", "geen", "niets", "niks", "skip", "sla over", "nee dank je", "-")
MAX_SITUATION_LENGTH = 300


@dataclass(frozen=True)
class Move:
    """Result of a navigation command: the new step, or done, or not understood."""

    understood: bool
    step: int = 0
    done: bool = False
    at_start: bool = False


def navigate(guide: Walkthrough, step: int, command: str, intent: Optional[str] = None) -> Move:
    """Apply "volgende" / "terug" (typed or as intent) to the current step index."""
    norm = normalize(command)
    if intent == "next_step" or norm in NEXT_WORDS:
        if step + 1 >= len(guide.steps):
            return Move(True, step, done=True)
        return Move(True, step + 1)
    if intent == "previous_step" or norm in BACK_WORDS:
        return Move(True, max(step - 1, 0), at_start=step == 0)
    return Move(False, step)


def situation_note(text: str) -> Optional[str]:
    """The carer's short note on the resident's situation, or None when skipped."""
    clean = " ".join((text or "").split())
    if not clean or normalize(clean) in SKIP_WORDS:
        return None
    return clean[:MAX_SITUATION_LENGTH]


def step_message(guide: Walkthrough, step: int) -> str:
    """One step: title, what to do, and a sentence the carer can use."""
    current = guide.steps[step]
    return (
        f"Stap {step + 1} van {len(guide.steps)}: {current.title}\n"
        f"{current.tip}\n"
        f"Wat je kunt zeggen: \"{current.example_question}\""
    )


def checklist(guide: Walkthrough, situation: Optional[str]) -> str:
    """The carer's personal checklist for this conversation, as plain text to copy."""
    lines = ["Checklist voor het startgesprek"]
    if situation:
        lines.append(f"Situatie: {situation}")
    lines += [f"[ ] {s.title}: {s.checklist}" for s in guide.steps]
    return "\n".join(lines)
