"""Feedback after a rehearsal: tips applied, missed, pitfalls, and what the reading shows.

The reading of the turns: questions, follow-up, summaries, jargon and the talking share.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Optional

from bot.content import RESIDENT_PLACEHOLDER, Content, Persona
from bot.content.replies import CARER, replies
from bot.rehearsal.conversation import Turn
from bot.rehearsal.reading import Question, Reading, read_turn, word_count

# Moves that go to rules or a solution; too soon when the relative had not been heard yet.
JUMP_MOVES = ("pitfall_rules", "pitfall_solutions")
# Above this share of the words the carer did most of the talking (the relative should talk most).
TALK_SHARE_HIGH = 50


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


@dataclass(frozen=True)
class ConversationReading:
    """What the reading of all carer turns shows, with at most one quote per finding."""

    questions: int
    open_questions: int
    best_follow_up: Optional[str]
    summary: Optional[str]
    too_soon: Optional[tuple[int, str]]  # (turn number, the carer's turn)
    jargon: tuple[str, ...]
    jargon_quote: Optional[str]
    informal: Optional[str]
    share: int  # the carer's share of all words, in percent


def _best_follow_up(questions: Sequence[Question]) -> Optional[str]:
    """An open follow-up question before a closed one, then the one sharing most words, then the first."""
    ranked = sorted(
        enumerate(q for q in questions if q.follow_up),
        key=lambda pair: (not pair[1].open, -len(pair[1].shared), pair[0]),
    )
    return ranked[0][1].text if ranked else None


def read_rehearsal(turns: Sequence[Turn], opening: str) -> ConversationReading:
    """Read every carer turn against the relative's lines before it (`opening` came first)."""
    heard = [opening]
    readings: list[Reading] = []
    too_soon = None
    for number, turn in enumerate(turns, start=1):
        reading = read_turn(turn.text, heard)
        if too_soon is None and set(turn.moves) & set(JUMP_MOVES) and not any(r.listened for r in readings):
            too_soon = (number, turn.text)
        readings.append(reading)
        heard.append(turn.reply)
    questions = [q for r in readings for q in r.questions]
    jargon = tuple(dict.fromkeys(word for r in readings for word in r.jargon))
    carer = sum(r.words for r in readings)
    everyone = carer + sum(word_count(line) for line in heard)
    return ConversationReading(
        questions=len(questions),
        open_questions=sum(1 for q in questions if q.open),
        best_follow_up=_best_follow_up(questions),
        summary=next((s for r in readings for s in r.summaries), None),
        too_soon=too_soon,
        jargon=jargon,
        jargon_quote=next((t.text for t, r in zip(turns, readings, strict=True) if r.jargon), None),
        informal=next((t.text for t, r in zip(turns, readings, strict=True) if r.informal), None),
        share=round(100 * carer / everyone) if everyone else 0,
    )


def reading_messages(reading: ConversationReading) -> list[str]:
    """The reading as short lines in the carer's language, each quoting the carer at most once."""

    def say(key: str, **values: object) -> str:
        return replies().message(key, CARER, **values)

    if reading.questions == 0:
        lines = [say("feedback_reading_no_questions")]
    elif reading.questions == 1:
        lines = [say("feedback_reading_one_question", open=reading.open_questions)]
    else:
        lines = [say("feedback_reading_questions", count=reading.questions, open=reading.open_questions)]
    if reading.best_follow_up:
        lines.append(say("feedback_reading_follow_up", quote=reading.best_follow_up))
    else:
        lines.append(say("feedback_reading_no_follow_up"))
    if reading.summary:
        lines.append(say("feedback_reading_summary", quote=reading.summary))
    if reading.too_soon:
        number, quote = reading.too_soon
        lines.append(say("feedback_reading_too_soon", number=number, quote=quote))
    if reading.jargon:
        lines.append(say("feedback_reading_jargon", words=", ".join(reading.jargon), quote=reading.jargon_quote))
    if reading.informal:
        lines.append(say("feedback_reading_informal", quote=reading.informal))
    share_key = "feedback_reading_share_high" if reading.share > TALK_SHARE_HIGH else "feedback_reading_share"
    lines.append(say(share_key, share=reading.share, other=100 - reading.share))
    return lines


def feedback_messages(
    content: Content, feedback: Feedback, previous: Optional[int] = None, reading: Optional[ConversationReading] = None
) -> list[str]:
    """The feedback as chat messages, in the carer's language ("je"); the reading right after the score."""

    def say(key: str, **values: object) -> str:
        return replies().message(key, CARER, **values)

    messages = [say("feedback_score", score=feedback.score, total=feedback.total)]
    if previous is not None:
        messages[0] += " " + say("feedback_previous", previous=previous)
    if reading is not None:
        messages.append("\n".join(reading_messages(reading)))
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
