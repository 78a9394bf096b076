"""Reading and writing relatives' scan data. Every function is one transaction."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.config import pseudonym_secret
from bot.languages import DUTCH, LANGUAGES, pick
from bot.privacy import erasure_code_hash, new_erasure_code, normalize_erasure_code
from bot.scan import MAX_REMARK_CHARS
from bot.storage.db import session_scope
from bot.storage.models import Answer, ReleasedRemark, Respondent, utcnow


def sender_key(sender_id: str) -> str:
    """Pseudonymous key for a chat session id (HMAC-SHA256; the id itself is not stored)."""
    return hmac.new(pseudonym_secret(), sender_id.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class RespondentState:
    """What is stored about one relative, detached from the database session."""

    id: str
    unit: Optional[str]
    relation: Optional[str]
    consented: bool
    finished: bool
    desired_rung: Optional[int]
    answers: dict[str, Optional[int]]


@dataclass(frozen=True)
class FinishedScan:
    """A finished scan as its copy to take along needs it: no unit, relation, remark or dates."""

    id: str
    sender_key: str
    desired_rung: int
    answers: dict[str, Optional[int]]
    language: str = "nl"  # the language the relative last used (the copy is shown in it)


@dataclass(frozen=True)
class ErasedScan:
    """What an erasure removed of one relative's scan (counts only, never content)."""

    answers: int
    remark: bool
    released: bool  # the scan was already part of released figures (which stay, untraceable)


@dataclass(frozen=True)
class AnswerRow:
    """One row of the answers export."""

    respondent: str
    unit: Optional[str]
    relation: Optional[str]
    item_id: str
    rung: int
    value: Optional[int]
    answered_at: datetime


class ScanRepository:
    """Stores the quick scan of relatives, keyed by a pseudonymous respondent key."""

    def __init__(self, url: Optional[str] = None) -> None:
        self.url = url

    def _find(self, session: Session, sender_id: str) -> Optional[Respondent]:
        return session.execute(
            select(Respondent).where(Respondent.sender_key == sender_key(sender_id))
        ).scalar_one_or_none()

    def _find_or_create(self, session: Session, sender_id: str) -> Respondent:
        respondent = self._find(session, sender_id)
        if respondent is None:
            respondent = Respondent(sender_key=sender_key(sender_id), started_at=utcnow())
            session.add(respondent)
            session.flush()
        return respondent

    def state(self, sender_id: str) -> Optional[RespondentState]:
        """The stored state of this relative, or None when nothing is stored."""
        with session_scope(self.url) as session:
            respondent = self._find(session, sender_id)
            if respondent is None:
                return None
            return RespondentState(
                id=respondent.id,
                unit=respondent.unit,
                relation=respondent.relation,
                consented=respondent.consent_at is not None,
                finished=respondent.finished_at is not None,
                desired_rung=respondent.desired_rung,
                answers={a.item_id: a.value for a in respondent.answers},
            )

    def give_consent(self, sender_id: str, unit: Optional[str] = None, language: Optional[str] = None) -> None:
        """Record consent (with the unit and the chat's language, when known); nothing is stored before this."""
        with session_scope(self.url) as session:
            respondent = self._find_or_create(session, sender_id)
            respondent.consent_at = respondent.consent_at or utcnow()
            if unit is not None:
                respondent.unit = unit
            if language is not None:
                respondent.language = language

    def set_language(self, sender_id: str, language: str) -> None:
        """The relative switched language: a stored scan remembers it (nothing is made for it)."""
        with session_scope(self.url) as session:
            respondent = self._find(session, sender_id)
            if respondent is not None:
                respondent.language = language

    def finished_by_language(self, unit: str) -> dict[str, int]:
        """How many relatives of `unit` finished the scan in each language (none stored: Dutch).

        Raw counts: the dashboard shows them only by the small-cell rules (bot/figures.py).
        """
        with session_scope(self.url) as session:
            rows = session.execute(
                select(Respondent.language, func.count())
                .where(Respondent.unit == unit, Respondent.finished_at.is_not(None))
                .group_by(Respondent.language)
            ).all()
        counts = dict.fromkeys(LANGUAGES, 0)
        for language, count in rows:
            counts[language if language in counts else DUTCH] += count
        return counts

    def set_context(self, sender_id: str, relation: Optional[str] = None, unit: Optional[str] = None) -> None:
        """Store the relation to the resident and/or the unit (never a name)."""
        with session_scope(self.url) as session:
            respondent = self._require_consent(session, sender_id)
            if relation is not None:
                respondent.relation = relation
            if unit is not None:
                respondent.unit = unit

    def save_answer(self, sender_id: str, item_id: str, rung: int, value: Optional[int]) -> None:
        """Store one answer at once; an earlier answer to the same item is replaced."""
        with session_scope(self.url) as session:
            respondent = self._require_consent(session, sender_id)
            answer = session.execute(
                select(Answer).where(Answer.respondent_id == respondent.id, Answer.item_id == item_id)
            ).scalar_one_or_none()
            if answer is None:
                session.add(Answer(respondent_id=respondent.id, item_id=item_id, rung=rung, value=value))
            else:
                answer.value = value
                answer.rung = rung
                answer.answered_at = utcnow()

    def save_desired_rung(self, sender_id: str, rung: int) -> None:
        """Store the rung the relative would like to be on."""
        with session_scope(self.url) as session:
            self._require_consent(session, sender_id).desired_rung = rung

    def finish(self, sender_id: str, remark: Optional[str]) -> None:
        """Mark the scan as finished and keep the optional remark (at most MAX_REMARK_CHARS).

        No release is made here: releases come from the daily job (bot/storage/releases.py).
        """
        with session_scope(self.url) as session:
            respondent = self._require_consent(session, sender_id)
            respondent.remark = remark[:MAX_REMARK_CHARS] if remark else remark
            respondent.finished_at = utcnow()

    def erase(self, sender_id: str) -> Optional[ErasedScan]:
        """Erase everything stored for this relative; what was erased, or None when nothing was."""
        with session_scope(self.url) as session:
            respondent = self._find(session, sender_id)
            return None if respondent is None else self._erase(session, respondent)

    def issue_erasure_code(self, sender_id: str) -> Optional[str]:
        """A new erasure code for a finished scan (only its HMAC is stored); None if one was issued."""
        with session_scope(self.url) as session:
            respondent = self._find(session, sender_id)
            if respondent is None or respondent.finished_at is None or respondent.erasure_code_hash:
                return None
            code = new_erasure_code()
            respondent.erasure_code_hash = erasure_code_hash(code)
            return code

    def find_erasure_code(self, code: str) -> Optional[str]:
        """The stored HMAC of this erasure code when a stored scan belongs to it, else None."""
        if normalize_erasure_code(code) is None:
            return None
        digest = erasure_code_hash(code)
        with session_scope(self.url) as session:
            return digest if self._by_digest(session, digest) is not None else None

    def erase_by_code(self, code: str) -> Optional[tuple[ErasedScan, str]]:
        """Erase the scan this erasure code belongs to: what was erased and its sender key, or None."""
        if normalize_erasure_code(code) is None:
            return None
        return self.erase_by_digest(erasure_code_hash(code))

    def erase_by_digest(self, digest: str) -> Optional[tuple[ErasedScan, str]]:
        """Erase the scan whose erasure code has this stored HMAC (see find_erasure_code)."""
        with session_scope(self.url) as session:
            respondent = self._by_digest(session, digest)
            if respondent is None:
                return None
            key = str(respondent.sender_key)
            return self._erase(session, respondent), key

    @staticmethod
    def _by_digest(session: Session, digest: str) -> Optional[Respondent]:
        return session.execute(select(Respondent).where(Respondent.erasure_code_hash == digest)).scalar_one_or_none()

    @staticmethod
    def _erase(session: Session, respondent: Respondent) -> ErasedScan:
        erased = ErasedScan(
            answers=len(respondent.answers),
            remark=bool(respondent.remark),
            released=respondent.released_in is not None,
        )
        session.execute(delete(Answer).where(Answer.respondent_id == respondent.id))
        session.execute(delete(ReleasedRemark).where(ReleasedRemark.respondent_id == respondent.id))
        session.execute(delete(Respondent).where(Respondent.id == respondent.id))
        return erased

    def export(self, unit: Optional[str] = None) -> Iterator[AnswerRow]:
        """All stored answers, oldest respondent first, optionally for one unit."""
        query = (
            select(Answer, Respondent)
            .join(Respondent, Answer.respondent_id == Respondent.id)
            .order_by(Respondent.started_at, Respondent.id, Answer.item_id)
        )
        if unit is not None:
            query = query.where(Respondent.unit == unit)
        with session_scope(self.url) as session:
            rows = session.execute(query).all()
        for answer, respondent in rows:
            yield AnswerRow(
                respondent=respondent.id,
                unit=respondent.unit,
                relation=respondent.relation,
                item_id=answer.item_id,
                rung=answer.rung,
                value=answer.value,
                answered_at=answer.answered_at,
            )

    # --- the copy of a result to take along (bot/web/result_copy.py) -----------------------

    def finished_scan(self, respondent_id: str) -> Optional[FinishedScan]:
        """The finished scan with this public id, or None (unknown, erased or not finished)."""
        with session_scope(self.url) as session:
            return self._finished(session.get(Respondent, respondent_id))

    def finished_scan_by_code(self, code: str) -> Optional[FinishedScan]:
        """The finished scan this erasure code belongs to (the same lookup as erasing), or None."""
        if normalize_erasure_code(code) is None:
            return None
        with session_scope(self.url) as session:
            return self._finished(self._by_digest(session, erasure_code_hash(code)))

    @staticmethod
    def _finished(respondent: Optional[Respondent]) -> Optional[FinishedScan]:
        if respondent is None or respondent.finished_at is None or respondent.desired_rung is None:
            return None
        return FinishedScan(
            id=str(respondent.id),
            sender_key=str(respondent.sender_key),
            desired_rung=int(respondent.desired_rung),
            answers={a.item_id: a.value for a in respondent.answers},
            language=pick(respondent.language) or DUTCH,
        )

    def _require_consent(self, session: Session, sender_id: str) -> Respondent:
        respondent = self._find(session, sender_id)
        if respondent is None or respondent.consent_at is None:
            raise PermissionError("no consent recorded for this conversation")
        return respondent
