"""Database tables owned by Samenspraak (Rasa's own `events` table is not modelled here)."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base, relationship

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)
Base: Any = declarative_base(metadata=metadata)


def utcnow() -> datetime:
    """Timezone-aware current time, stored as UTC."""
    return datetime.now(timezone.utc)


def new_id() -> str:
    """A random public identifier (no link to the chat session)."""
    return uuid.uuid4().hex


class Respondent(Base):
    """A relative answering the quick scan, known only by a pseudonymous key."""

    __tablename__ = "respondents"

    id = Column(String(32), primary_key=True, default=new_id)
    sender_key = Column(String(64), nullable=False, unique=True)
    unit = Column(String(40))
    relation = Column(String(20))
    consent_at = Column(DateTime(timezone=True))
    started_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    finished_at = Column(DateTime(timezone=True))
    desired_rung = Column(SmallInteger)
    remark = Column(Text)

    answers = relationship(
        "Answer", back_populates="respondent", cascade="all, delete-orphan", passive_deletes=True
    )


class Answer(Base):
    """One answer to one scan statement; a changed answer replaces the old one."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("respondent_id", "item_id", name="uq_answers_respondent_item"),)

    id = Column(Integer, primary_key=True)
    respondent_id = Column(
        String(32), ForeignKey("respondents.id", ondelete="CASCADE"), nullable=False, index=True
    )
    item_id = Column(String(60), nullable=False)
    rung = Column(SmallInteger, nullable=False)
    value = Column(SmallInteger)  # 1..4; NULL means "weet ik niet"
    answered_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)

    respondent = relationship("Respondent", back_populates="answers")


class Rehearsal(Base):
    """One rehearsal by a carer (known only by a pseudonymous key) with one persona."""

    __tablename__ = "rehearsals"

    id = Column(String(32), primary_key=True, default=new_id)
    carer_key = Column(String(64), nullable=False, index=True)
    persona = Column(String(40), nullable=False)
    seed = Column(Integer, nullable=False)
    started_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    finished_at = Column(DateTime(timezone=True))
    applied = Column(SmallInteger)
    total = Column(SmallInteger)

    turns = relationship(
        "RehearsalTurn", back_populates="rehearsal", cascade="all, delete-orphan", passive_deletes=True,
        order_by="RehearsalTurn.number",
    )


class RehearsalTurn(Base):
    """A carer's turn in a rehearsal, the moves recognised in it and the relative's reply."""

    __tablename__ = "rehearsal_turns"
    __table_args__ = (UniqueConstraint("rehearsal_id", "number", name="uq_rehearsal_turns_number"),)

    id = Column(Integer, primary_key=True)
    rehearsal_id = Column(
        String(32), ForeignKey("rehearsals.id", ondelete="CASCADE"), nullable=False, index=True
    )
    number = Column(SmallInteger, nullable=False)
    text = Column(Text, nullable=False)
    moves = Column(String(300), nullable=False, default="")
    reply = Column(Text, nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)

    rehearsal = relationship("Rehearsal", back_populates="turns")


class TeamToken(Base):
    """A team's access code to the dashboard of one unit; only its SHA-256 hash is stored."""

    __tablename__ = "team_tokens"

    id = Column(Integer, primary_key=True)
    token_hash = Column(String(64), nullable=False, unique=True)
    unit = Column(String(40), nullable=False, index=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    revoked_at = Column(DateTime(timezone=True))
