"""Feedback after a rehearsal: tips applied with the carer's own words, tips missed, pitfalls."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Optional

from bot.content import RESIDENT_PLACEHOLDER, Content, Persona
from bot.content.replies import CARER, replies
from bot.rehearsal.conversation import Turn


@dataclass(frozen=True)
class Feedback:
    """What the carer did, with evidence, and the rung the conversation reached."""

    applied: tuple[tuple[str, str], ...]  # (move label, the carer's own sentence)
    missed: tuple[tuple[str, str], ...]  # (move label, a sentence to try)
    pitfalls: tuple[tuple[str, str], ...]  # (pitfall label, the carer's sentence)
    total: int
    rung: int

    @property
    def score(self) -> int:
        return len(self.applied)


def _evidence(move: str, turns: Sequence[Turn]) -> Optional[str]:
    """The carer's sentence that shows a move best.

    That is the first turn where it was the main move, otherwise the first turn that made it at
    all (a turn's moves are stored most likely first).
    """
    main = next((turn.text for turn in turns if turn.moves[:1] == (move,)), None)
    return main or next((turn.text for turn in turns if move in turn.moves), None)


def conversation_rung(reached: set[int]) -> int:
    """The rung a first conversation reached, counting up from rung 1 (one-way information).

    Rung 2 (getting acquainted) needs a move of rung 2, rung 3 (consulting each other) a move of
    rung 3 on top of that. Moves go up to rung 3 only (rehearsal.yml explains why).
    """
    rung = 1
    for candidate in (2, 3):
        if candidate not in reached:
            break
        rung = candidate
    return rung


def evaluate(content: Content, turns: Sequence[Turn], persona: Persona) -> Feedback:
    """Score a rehearsal from its turns (each turn's recognised moves)."""
    applied, missed, pitfalls = [], [], []
    reached_rungs: set[int] = set()
    for move in content.rehearsal.moves:
        evidence = _evidence(move.key, turns)
        if move.good:
            if evidence is None:
                missed.append((move.label, (move.try_sentence or "").replace(RESIDENT_PLACEHOLDER, persona.called)))
            else:
                applied.append((move.label, evidence))
                if move.rung is not None:
                    reached_rungs.add(move.rung)
        elif evidence is not None:
            pitfalls.append((move.label, evidence))
    rung = conversation_rung(reached_rungs)
    total = sum(1 for m in content.rehearsal.moves if m.good)
    return Feedback(tuple(applied), tuple(missed), tuple(pitfalls), total, rung)


def feedback_messages(content: Content, feedback: Feedback, previous: Optional[int] = None) -> list[str]:
    """The feedback as chat messages, in the carer's language ("je")."""

    def say(key: str, **values: object) -> str:
        return replies().message(key, CARER, **values)

    messages = [say("feedback_score", score=feedback.score, total=feedback.total)]
    if previous is not None:
        messages[0] += " " + say("feedback_previous", previous=previous)
    sections = (
        ("feedback_applied", "feedback_applied_line", "quote", feedback.applied),
        ("feedback_pitfalls", "feedback_pitfall_line", "quote", feedback.pitfalls),
        ("feedback_missed", "feedback_missed_line", "sentence", feedback.missed),
    )
    for heading, line, field, items in sections:
        if items:
            messages.append("\n".join([say(heading)] + [say(line, label=label, **{field: x}) for label, x in items]))
    rung = content.rung(feedback.rung)
    reached = say("feedback_rung", number=rung.number, name=rung.name)
    messages.append(f"{reached} {content.rehearsal.ladder_note}")
    return messages
