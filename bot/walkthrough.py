"""The step-by-step guide through the start conversation: navigation, texts, checklist."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from bot.content import Walkthrough
from bot.content.replies import CARER, replies
from bot.content.words import words
from bot.scan import normalize

# the word lists live in bot/content/words.yml
NEXT_WORDS = words().next
BACK_WORDS = words().back
SKIP_WORDS = words().skip
MAX_SITUATION_LENGTH = 300


def _say(key: str, **values: object) -> str:
    return replies().message(key, CARER, **values)


@dataclass(frozen=True)
class Move:
    """Result of a navigation command: the new step (one past the last when done), or not understood."""

    understood: bool
    step: int = 0
    at_start: bool = False


def navigate(guide: Walkthrough, step: int, command: str, intent: Optional[str] = None) -> Move:
    """Apply "volgende" / "terug" (typed or as intent) to the current step index."""
    norm = normalize(command)
    if intent == "next_step" or norm in NEXT_WORDS:
        return Move(True, min(step + 1, len(guide.steps)))
    if intent == "previous_step" or norm in BACK_WORDS:
        return Move(True, max(step - 1, 0), at_start=step == 0)
    return Move(False, step)


def finished(guide: Walkthrough, step: int) -> bool:
    """True once the carer has gone past the last step."""
    return step >= len(guide.steps)


def situation_note(text: str) -> Optional[str]:
    """The carer's short note on the resident's situation, or None when skipped."""
    clean = " ".join((text or "").split())
    if not clean or normalize(clean) in SKIP_WORDS:
        return None
    return clean[:MAX_SITUATION_LENGTH]


def step_message(guide: Walkthrough, step: int) -> str:
    """One step: title, what to do, and a sentence the carer can use."""
    current = guide.steps[step]
    return "\n".join(
        [
            _say("walkthrough_step", number=step + 1, total=len(guide.steps), title=current.title),
            current.tip,
            _say("walkthrough_say", sentence=current.example_question),
        ]
    )


def checklist(guide: Walkthrough, situation: Optional[str]) -> str:
    """The carer's personal checklist for this conversation, as plain text to copy."""
    lines = [_say("walkthrough_checklist_title")]
    if situation:
        lines.append(_say("walkthrough_checklist_situation", situation=situation))
    lines += [f"[ ] {s.title}: {s.checklist}" for s in guide.steps]
    return "\n".join(lines)
