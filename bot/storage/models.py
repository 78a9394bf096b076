"""Database tables owned by Samenspraak (Rasa's own `events` table is not modelled here)."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
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
    # HMAC (server secret) of the erasure code shown once at the end of the scan (erases from any device)
    erasure_code_hash = Column(String(64), unique=True)
    # the release that first included this finished scan; NULL while not yet released
    released_in = Column(Integer, ForeignKey("releases.id", ondelete="SET NULL"), index=True)
    # the invitation that started this scan (NULL on an open-link unit) and its measurement round
    invitation_id = Column(Integer, ForeignKey("invitations.id", ondelete="SET NULL"), index=True)
    round = Column(String(10), nullable=False, default="T0", server_default="T0")
    # the language of the page the relative finished on (nl, en, tr, ar, pl); answers are language-neutral
    language = Column(String(5))

    answers = relationship("Answer", back_populates="respondent", cascade="all, delete-orphan", passive_deletes=True)


class Answer(Base):
    """One answer to one scan statement; a changed answer replaces the old one."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("respondent_id", "item_id", name="uq_answers_respondent_item"),)

    id = Column(Integer, primary_key=True)
    respondent_id = Column(String(32), ForeignKey("respondents.id", ondelete="CASCADE"), nullable=False, index=True)
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
        "RehearsalTurn",
        back_populates="rehearsal",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="RehearsalTurn.number",
    )


class RehearsalTurn(Base):
    """A carer's turn in a rehearsal, the moves recognised in it and the relative's reply."""

    __tablename__ = "rehearsal_turns"
    __table_args__ = (UniqueConstraint("rehearsal_id", "number", name="uq_rehearsal_turns_number"),)

    id = Column(Integer, primary_key=True)
    rehearsal_id = Column(String(32), ForeignKey("rehearsals.id", ondelete="CASCADE"), nullable=False, index=True)
    number = Column(SmallInteger, nullable=False)
    text = Column(Text, nullable=False)
    moves = Column(String(300), nullable=False, default="")
    reply = Column(Text, nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)

    rehearsal = relationship("Rehearsal", back_populates="turns")


class Unit(Base):
    """A unit (afdeling) registered by an operator; answers are stored only under these."""

    __tablename__ = "units"

    code = Column(String(40), primary_key=True)
    name = Column(String(200), nullable=False)
    # how relatives reach this unit (shown to relatives who want to talk to a person)
    contact = Column(Text)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    # True: anyone with the link /chat?afdeling=CODE may answer; False: only with an invitation code
    open_link = Column(Boolean, nullable=False, default=False, server_default=false())


class TeamToken(Base):
    """One person's access code to the dashboard of one unit; only its SHA-256 hash is stored."""

    __tablename__ = "team_tokens"

    id = Column(Integer, primary_key=True)
    token_hash = Column(String(64), nullable=False, unique=True)
    unit = Column(String(40), nullable=False, index=True)
    label = Column(String(100), nullable=False, default="")
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    expires_at = Column(DateTime(timezone=True))
    revoked_at = Column(DateTime(timezone=True))


class TeamSession(Base):
    """A server-side dashboard session after a login; the browser holds only a random id."""

    __tablename__ = "team_sessions"

    id = Column(Integer, primary_key=True)
    session_hash = Column(String(64), nullable=False, unique=True)
    token_id = Column(Integer, ForeignKey("team_tokens.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    expires_at = Column(DateTime(timezone=True), nullable=False)
    ended_at = Column(DateTime(timezone=True))


class DashboardAccess(Base):
    """Who (by the label of their code) viewed or downloaded what, for the operator."""

    __tablename__ = "dashboard_access"

    id = Column(Integer, primary_key=True)
    unit = Column(String(40), nullable=False, index=True)
    label = Column(String(100), nullable=False)
    what = Column(String(20), nullable=False)  # login, view, csv, logout
    at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class Release(Base):
    """A frozen set of dashboard figures of one unit; the dashboard shows only releases."""

    __tablename__ = "releases"
    __table_args__ = (UniqueConstraint("unit", "number", name="uq_releases_unit_number"),)

    id = Column(Integer, primary_key=True)
    unit = Column(String(40), nullable=False, index=True)
    number = Column(Integer, nullable=False)
    round = Column(String(10), nullable=False, default="T0", server_default="T0")  # measurement round
    released_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    respondents = Column(Integer, nullable=False)
    figures = Column(Text, nullable=False)  # JSON, computed once at release time


class ReleasedRemark(Base):
    """A masked remark as released with a release; erased with its author's data."""

    __tablename__ = "released_remarks"

    id = Column(Integer, primary_key=True)
    release_id = Column(Integer, ForeignKey("releases.id", ondelete="CASCADE"), nullable=False, index=True)
    respondent_id = Column(String(32), ForeignKey("respondents.id", ondelete="CASCADE"), nullable=False, index=True)
    position = Column(Integer, nullable=False)  # shuffled order
    text = Column(Text, nullable=False)
    # the page language shown with the remark (None: Dutch, or too few in that language to show it)
    language = Column(String(5), nullable=True)


class ScanStart(Base):
    """A consent given from one client address (keyed by HMAC), to limit new scans per hour."""

    __tablename__ = "scan_starts"

    id = Column(Integer, primary_key=True)
    client_key = Column(String(64), nullable=False, index=True)
    started_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)


# --- the staff quick scan and the action plan (repository: bot/storage/teamscan.py) ---


class TeamRound(Base):
    """One measurement of a unit's team (T0, T1, ...); closed rounds are frozen."""

    __tablename__ = "team_rounds"
    __table_args__ = (UniqueConstraint("unit", "number", name="uq_team_rounds_unit_number"),)

    id = Column(Integer, primary_key=True)
    unit = Column(String(40), nullable=False, index=True)
    number = Column(Integer, nullable=False)
    code = Column(String(12), nullable=False, unique=True)
    opened_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    closed_at = Column(DateTime(timezone=True))


class TeamMember(Base):
    """One person's answer set, or one group's cards, in a round (pseudonymous key only)."""

    __tablename__ = "team_members"
    __table_args__ = (UniqueConstraint("round_id", "member_key", "kind", name="uq_team_members_round_key_kind"),)

    id = Column(Integer, primary_key=True)
    round_id = Column(Integer, ForeignKey("team_rounds.id", ondelete="CASCADE"), nullable=False, index=True)
    member_key = Column(String(64), nullable=False)
    kind = Column(String(10), nullable=False)  # alone or group
    size = Column(SmallInteger, nullable=False, default=1)
    first_part = Column(String(10), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    finished_at = Column(DateTime(timezone=True))


class TeamAnswer(Base):
    """How many people of a member entry gave one value to one statement (1 for a person)."""

    __tablename__ = "team_answers"

    id = Column(Integer, primary_key=True)
    member_id = Column(Integer, ForeignKey("team_members.id", ondelete="CASCADE"), nullable=False, index=True)
    item_id = Column(String(60), nullable=False)
    value = Column(SmallInteger)  # 1..4; NULL is "weet ik niet"
    count = Column(SmallInteger, nullable=False, default=1)


class TeamActivity(Base):
    """One activity of a unit's action plan."""

    __tablename__ = "team_activities"

    id = Column(Integer, primary_key=True)
    unit = Column(String(40), nullable=False, index=True)
    number = Column(Integer, nullable=False)
    what = Column(Text, nullable=False)
    responsible = Column(Text, nullable=False, default="")
    participants = Column(Text, nullable=False, default="")
    effect = Column(Text, nullable=False, default="")
    needed = Column(Text, nullable=False, default="")
    measure = Column(Text, nullable=False, default="")
    done_by = Column(Date)
    status = Column(String(20), nullable=False, default="gepland")
    route_step = Column(SmallInteger, nullable=False, default=5)
    task_key = Column(String(40))
    items = Column(Text, nullable=False, default="")  # statement ids it should move, space-separated
    baseline_round = Column(Integer)  # number of the latest closed round when it was recorded
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class FailedAttempt(Base):
    """A wrong erasure code or team code, keyed by HMAC (conversation or client), to slow down guessing."""

    __tablename__ = "failed_attempts"

    id = Column(Integer, primary_key=True)
    kind = Column(String(20), nullable=False)  # erasure_code, invitation_code, team_login
    key = Column(String(64), nullable=False, index=True)
    at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)


class Invitation(Base):
    """A one-time invitation code of one unit and round; only its HMAC is stored."""

    __tablename__ = "invitations"

    id = Column(Integer, primary_key=True)
    code_hash = Column(String(64), nullable=False, unique=True)
    unit = Column(String(40), nullable=False, index=True)
    round = Column(String(10), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    expires_at = Column(DateTime(timezone=True), nullable=False)
    used_at = Column(DateTime(timezone=True))
