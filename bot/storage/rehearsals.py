"""Reading and writing rehearsals, per pseudonymous carer session."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import delete, func, select, update

from bot.rehearsal.conversation import Turn
from bot.storage.db import session_scope
from bot.storage.models import Rehearsal, RehearsalTurn, utcnow
from bot.storage.repository import sender_key


@dataclass(frozen=True)
class RehearsalState:
    """A rehearsal with its turns, detached from the database session."""

    id: str
    persona: str
    seed: int
    turns: tuple[Turn, ...]


class RehearsalRepository:
    """Stores rehearsals so a carer can continue and compare attempts."""

    def __init__(self, url: Optional[str] = None) -> None:
        self.url = url

    def start(self, sender_id: str, persona: str) -> RehearsalState:
        """Begin a new rehearsal with this persona (a fresh random seed for varied replies)."""
        with session_scope(self.url) as session:
            rehearsal = Rehearsal(carer_key=sender_key(sender_id), persona=persona, seed=secrets.randbelow(10**6))
            session.add(rehearsal)
            session.flush()
            return RehearsalState(rehearsal.id, persona, rehearsal.seed, ())

    def current(self, sender_id: str) -> Optional[RehearsalState]:
        """The newest unfinished rehearsal of this carer session, if any."""
        with session_scope(self.url) as session:
            rehearsal = session.execute(
                select(Rehearsal)
                .where(Rehearsal.carer_key == sender_key(sender_id), Rehearsal.finished_at.is_(None))
                .order_by(Rehearsal.started_at.desc())
                .limit(1)
            ).scalar_one_or_none()
            if rehearsal is None:
                return None
            turns = tuple(Turn(t.text, tuple(filter(None, t.moves.split(","))), t.reply) for t in rehearsal.turns)
            return RehearsalState(rehearsal.id, rehearsal.persona, rehearsal.seed, turns)

    def add_turn(self, rehearsal_id: str, turn: Turn) -> None:
        """Store a carer turn with its moves and the reply."""
        with session_scope(self.url) as session:
            number = session.execute(
                select(func.count()).select_from(RehearsalTurn).where(RehearsalTurn.rehearsal_id == rehearsal_id)
            ).scalar_one()
            session.add(
                RehearsalTurn(
                    rehearsal_id=rehearsal_id,
                    number=number + 1,
                    text=turn.text,
                    moves=",".join(turn.moves),
                    reply=turn.reply,
                )
            )

    def abandon(self, sender_id: str) -> int:
        """Close this carer's unfinished rehearsals without a score (a new one is starting)."""
        with session_scope(self.url) as session:
            result = session.execute(
                update(Rehearsal)
                .where(Rehearsal.carer_key == sender_key(sender_id), Rehearsal.finished_at.is_(None))
                .values(finished_at=utcnow())
            )
            return int(result.rowcount or 0)

    def finish(self, rehearsal_id: str, applied: int, total: int) -> None:
        """Close a rehearsal with its score."""
        with session_scope(self.url) as session:
            rehearsal = session.get(Rehearsal, rehearsal_id)
            if rehearsal is not None:
                rehearsal.finished_at = utcnow()
                rehearsal.applied, rehearsal.total = applied, total

    def previous_score(self, sender_id: str, before: str) -> Optional[int]:
        """Score of this carer's last rehearsal with feedback, other than `before`."""
        with session_scope(self.url) as session:
            return session.execute(
                select(Rehearsal.applied)
                .where(
                    Rehearsal.carer_key == sender_key(sender_id),
                    Rehearsal.applied.is_not(None),
                    Rehearsal.id != before,
                )
                .order_by(Rehearsal.finished_at.desc())
                .limit(1)
            ).scalar_one_or_none()

    def has_any(self, sender_id: str) -> bool:
        """True when any rehearsal of this carer session is stored."""
        with session_scope(self.url) as session:
            found = session.execute(
                select(Rehearsal.id).where(Rehearsal.carer_key == sender_key(sender_id)).limit(1)
            ).first()
            return found is not None

    def delete(self, sender_id: str) -> int:
        """Erase every rehearsal of this carer session (turns go with them). Returns the count."""
        with session_scope(self.url) as session:
            result = session.execute(delete(Rehearsal).where(Rehearsal.carer_key == sender_key(sender_id)))
            return int(result.rowcount or 0)
