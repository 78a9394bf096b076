"""How the simulated relative reacts: mood from the conversation so far, varied replies, hints."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Optional

from bot.content import Persona, Rehearsal
from bot.content.words import words
from bot.rehearsal.moves import ASIDE
from bot.scan import normalize

CONTACT_GAIN = 1
PITFALL_COST = 2
SURPRISE_WORDS = words().surprise  # bot/content/words.yml
# A turn is taken as a command to the assistant ("help", "stop") only when NLU is at least this
# sure of it (see said_to_assistant).
REQUEST_CONFIDENCE = 0.8
MOVE_CONFIDENCE = 0.6
TIP_REQUEST = "tip"


@dataclass(frozen=True)
class Turn:
    """One carer turn in a rehearsal and the relative's reply."""

    text: str
    moves: tuple[str, ...]
    reply: str


def said_to_assistant(request: Optional[str], confidence: float, scores: Mapping[str, float]) -> bool:
    """True when a turn in the role play is meant for the assistant, not for the relative.

    `request` is the request to the assistant that NLU recognised with `confidence` ("tip" for a
    tip question, another name for a command such as help or stop; None for none); `scores` are
    the move classifier's, ASIDE included. A tip question shares its subject with the role play,
    so it is an aside when it reads more like a question to the assistant than like any carer
    move, however sure NLU is (its confidence says little here). A command needs a sure NLU and
    is an aside when it reads like one or makes no clear move. In doubt the turn belongs to the
    role play.
    """
    aside = scores.get(ASIDE, 0.0)
    best_move = max((score for key, score in scores.items() if key != ASIDE), default=0.0)
    if request == TIP_REQUEST:
        return aside > best_move
    if request is None or confidence < REQUEST_CONFIDENCE:
        return False
    return aside > best_move or best_move < MOVE_CONFIDENCE


def is_pitfall(move: str, rehearsal: Rehearsal) -> bool:
    """True when the move is one of the pitfalls."""
    return any(m.key == move and not m.good for m in rehearsal.moves)


def rapport(turns: Sequence[Turn], rehearsal: Rehearsal) -> int:
    """Running score: good moves build trust, a pitfall costs more than one good move earns."""
    score = 0
    for turn in turns:
        if any(is_pitfall(m, rehearsal) for m in turn.moves):
            score = min(score, 0) - PITFALL_COST
        elif turn.moves:
            score += CONTACT_GAIN
    return score


def mood(turns: Sequence[Turn], rehearsal: Rehearsal) -> str:
    """Return "guarded" after a pitfall until enough real contact has been made, otherwise "open"."""
    return "guarded" if rapport(turns, rehearsal) < 0 else "open"


def _pick(lines: Sequence[str], used: set[str], chooser: random.Random) -> str:
    fresh = [line for line in lines if line not in used] or list(lines)
    return chooser.choice(fresh)


def reply(persona: Persona, rehearsal: Rehearsal, history: Sequence[Turn], moves: Sequence[str], seed: int) -> str:
    """The relative's in-character reply to a turn with these moves, given the history.

    A pitfall is answered first (the relative reacts to what hurt); otherwise the most likely
    move, followed by the second good move when the turn made two. Lines already used in this
    rehearsal are avoided, and `seed` (one per rehearsal) makes each rehearsal read differently.
    """
    chooser = random.Random(seed * 1000 + len(history))
    used = {turn.reply for turn in history}
    if not moves:
        return _pick(persona.unclear, used, chooser)
    pitfalls = [m for m in moves if is_pitfall(m, rehearsal)]
    current = mood(history, rehearsal)
    if pitfalls:
        return _pick(persona.replies[pitfalls[0]][current], used, chooser)
    first = _pick(persona.replies[moves[0]][current], used, chooser)
    if len(moves) > 1:
        used.add(first)
        return f"{first} {_pick(persona.replies[moves[1]][current], used, chooser)}"
    return first


def opening(persona: Persona, seed: int) -> str:
    """The relative's first words."""
    return random.Random(seed).choice(persona.opening)


def parse_persona(text: str, personas: dict[str, Persona], seed: int) -> Optional[str]:
    """The persona a carer picks by label, name or key; "verras me" picks one at random."""
    norm = normalize(text)
    if not norm:
        return None
    if any(word in norm for word in SURPRISE_WORDS):
        return random.Random(seed).choice(sorted(personas))
    for key, persona in personas.items():
        if norm in (normalize(persona.label), normalize(persona.name), normalize(key)):
            return key
    matches = [key for key, p in personas.items() if normalize(p.name) in norm.split()]
    return matches[0] if len(matches) == 1 else None


def hint(turns: Sequence[Turn], rehearsal: Rehearsal) -> str:
    """A coaching hint, out of character, for where the conversation is now."""
    made = {m for turn in turns for m in turn.moves}
    if turns and any(is_pitfall(m, rehearsal) for m in turns[-1].moves):
        return rehearsal.hints["after_pitfall"]
    if not made & {"introduce", "ask_wellbeing", "reflect_feelings"}:
        return rehearsal.hints["start"]
    if "ask_life_story" not in made:
        return rehearsal.hints["no_life_story"]
    if "make_agreements" not in made:
        return rehearsal.hints["no_agreements"]
    if "plan_follow_up" not in made:
        return rehearsal.hints["no_follow_up"]
    return rehearsal.hints["all_done"]
