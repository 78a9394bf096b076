"""Storage of the staff quick scan: rounds per unit, anonymous answer sets and group entries.

The action plan's activities are stored by bot/storage/activities.py.

A member is known only by a pseudonymous key (the HMAC of the chat session id, as for relatives),
one answer set per person per round (and one group entry per scribe), changeable until the round
closes. A group entry stores per statement how many cards the group held up for each value and
counts as that many members. Only complete sets (all twelve statements) count.

The team's figures come from closed rounds only (`score`); an open round has none, not even a
member count. A group session may see the score of its own cards at once (`group_entry_score`).
Each round has a close code besides its round code: derived from the server secret, shown only
on the dashboard (and to the operator), so the team lead can close the round from the chat.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.config import MINIMUM_GROUP, pseudonym_secret
from bot.content import StaffScan, staff_scan
from bot.storage.db import session_scope
from bot.storage.models import TeamAnswer, TeamMember, TeamRound, utcnow
from bot.storage.repository import sender_key
from bot.storage.units import UnitRegistry, clean_unit_code
from bot.teamscan.score import GroupScore, entry_part_people, group_score

# Round codes: easy to read aloud and type (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
# The team lead's close code: 8 characters of the same alphabet (about 40 bits).
CLOSE_CODE_LENGTH = 8
MEMBER_KINDS = ("alone", "group")


@dataclass(frozen=True)
class RoundInfo:
    id: int
    unit: str
    number: int
    code: str
    opened_at: datetime
    closed_at: Optional[datetime]

    @property
    def label(self) -> str:
        return f"T{self.number}"

    @property
    def open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class MemberState:
    kind: str
    size: int
    first_part: str
    answers: dict[str, dict[Optional[int], int]]
    finished: bool


def _round(row: TeamRound) -> RoundInfo:
    return RoundInfo(int(row.id), str(row.unit), int(row.number), str(row.code), row.opened_at, row.closed_at)


def clean_round_code(text: str) -> str:
    """A typed round code as stored: upper case, without spaces or dashes."""
    return "".join(c for c in text.upper() if c.isalnum())


def looks_like_round_code(text: str) -> bool:
    code = clean_round_code(text)
    return len(code) == CODE_LENGTH and all(c in CODE_ALPHABET for c in code) and len(text.strip()) <= 20


def looks_like_close_code(text: str) -> bool:
    code = clean_round_code(text)
    return len(code) == CLOSE_CODE_LENGTH and all(c in CODE_ALPHABET for c in code) and len(text.strip()) <= 24


def close_code(round_: RoundInfo) -> str:
    """The team lead's code that closes this round from the chat (HMAC of the round code with the server secret)."""
    digest = hmac.new(pseudonym_secret(), f"close:{round_.code}".encode(), hashlib.sha256).digest()
    return "".join(CODE_ALPHABET[b % len(CODE_ALPHABET)] for b in digest[:CLOSE_CODE_LENGTH])


class TeamScanRepository:
    """Rounds and answer sets of the staff quick scan."""

    def __init__(self, url: Optional[str] = None) -> None:
        self.url = url

    # --- rounds ---

    def open_round(self, unit: str) -> tuple[RoundInfo, bool]:
        """Open the next round (T0, T1, ...) of a registered unit; (round, True when it was already open)."""
        code = clean_unit_code(unit)
        if code is None or not UnitRegistry(self.url).is_registered(code):
            raise ValueError(f"afdeling {unit!r} is niet geregistreerd")
        with session_scope(self.url) as session:
            current = self._open_row(session, code)
            if current is not None:
                return _round(current), True
            previous = session.execute(select(func.max(TeamRound.number)).where(TeamRound.unit == code)).scalar()
            row = TeamRound(
                unit=code,
                number=0 if previous is None else previous + 1,
                code=self._new_code(session),
                opened_at=utcnow(),
            )
            session.add(row)
            session.flush()
            return _round(row), False

    @staticmethod
    def _new_code(session: Session) -> str:
        while True:
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if session.execute(select(TeamRound.id).where(TeamRound.code == code)).first() is None:
                return code

    @staticmethod
    def _open_row(session: Session, unit: str) -> Optional[TeamRound]:
        return session.execute(
            select(TeamRound).where(TeamRound.unit == unit, TeamRound.closed_at.is_(None))
        ).scalar_one_or_none()

    def close_round(self, unit: str) -> Optional[RoundInfo]:
        """Close (freeze) the open round of a unit; None when no round is open."""
        with session_scope(self.url) as session:
            row = self._open_row(session, clean_unit_code(unit) or "")
            if row is None:
                return None
            row.closed_at = utcnow()
            session.flush()
            return _round(row)

    def close_by_code(self, text: str) -> Optional[RoundInfo]:
        """Close the open round whose close code this is; None (nothing closed) for any other text."""
        if not looks_like_close_code(text):
            return None
        typed = clean_round_code(text)
        with session_scope(self.url) as session:
            rows = session.execute(select(TeamRound).where(TeamRound.closed_at.is_(None))).scalars().all()
            row = next((r for r in rows if hmac.compare_digest(close_code(_round(r)), typed)), None)
            if row is None:
                return None
            row.closed_at = utcnow()
            session.flush()
            return _round(row)

    def rounds(self, unit: str) -> list[RoundInfo]:
        with session_scope(self.url) as session:
            rows = session.execute(select(TeamRound).where(TeamRound.unit == unit).order_by(TeamRound.number))
            return [_round(row) for row in rows.scalars()]

    def round_by_code(self, text: str) -> Optional[RoundInfo]:
        with session_scope(self.url) as session:
            query = select(TeamRound).where(TeamRound.code == clean_round_code(text))
            row = session.execute(query).scalar_one_or_none()
            return None if row is None else _round(row)

    def round_by_id(self, round_id: int) -> Optional[RoundInfo]:
        with session_scope(self.url) as session:
            row = session.get(TeamRound, round_id)
            return None if row is None else _round(row)

    # --- members and answers ---

    @staticmethod
    def _member(session: Session, round_id: int, sender_id: str, kind: str) -> Optional[TeamMember]:
        return session.execute(
            select(TeamMember).where(
                TeamMember.round_id == round_id,
                TeamMember.member_key == sender_key(sender_id),
                TeamMember.kind == kind,
            )
        ).scalar_one_or_none()

    def member(self, round_id: int, sender_id: str, kind: str) -> Optional[MemberState]:
        """What this person (or this scribe's group) entered in the round."""
        with session_scope(self.url) as session:
            row = self._member(session, round_id, sender_id, kind)
            if row is None:
                return None
            answers: dict[str, dict[Optional[int], int]] = {}
            for answer in session.execute(select(TeamAnswer).where(TeamAnswer.member_id == row.id)).scalars():
                answers.setdefault(answer.item_id, {})[answer.value] = int(answer.count)
            return MemberState(str(row.kind), int(row.size), str(row.first_part), answers, row.finished_at is not None)

    def start_member(self, round_id: int, sender_id: str, kind: str, first_part: str, size: int = 1) -> bool:
        """Start (or change the order and group size of) this person's entry; False when the round is closed."""
        if kind not in MEMBER_KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        with session_scope(self.url) as session:
            if not self._is_open(session, round_id):
                return False
            row = self._member(session, round_id, sender_id, kind)
            if row is None:
                session.add(
                    TeamMember(
                        round_id=round_id,
                        member_key=sender_key(sender_id),
                        kind=kind,
                        size=size if kind == "group" else 1,
                        first_part=first_part,
                        created_at=utcnow(),
                    )
                )
            else:
                row.first_part = first_part
                if kind == "group" and row.size != size:
                    # other group, other cards: the earlier counts no longer add up
                    row.size = size
                    row.finished_at = None
                    session.execute(delete(TeamAnswer).where(TeamAnswer.member_id == row.id))
            return True

    @staticmethod
    def _is_open(session: Session, round_id: int) -> bool:
        row = session.get(TeamRound, round_id)
        return row is not None and row.closed_at is None

    def save_answer(
        self,
        round_id: int,
        sender_id: str,
        kind: str,
        item_id: str,
        tally: dict[Optional[int], int],
        scan: Optional[StaffScan] = None,
    ) -> bool:
        """Store (replace) one statement's answer; False (nothing stored) when the round is closed."""
        scan = scan or staff_scan()
        with session_scope(self.url) as session:
            if not self._is_open(session, round_id):
                return False
            row = self._member(session, round_id, sender_id, kind)
            if row is None:
                raise ValueError("start_member first")
            session.execute(delete(TeamAnswer).where(TeamAnswer.member_id == row.id, TeamAnswer.item_id == item_id))
            for value, count in tally.items():
                if count > 0:
                    session.add(TeamAnswer(member_id=row.id, item_id=item_id, value=value, count=count))
            session.flush()
            answered = set(session.execute(select(TeamAnswer.item_id).where(TeamAnswer.member_id == row.id)).scalars())
            if row.finished_at is None and all(item.id in answered for item in scan.items):
                row.finished_at = utcnow()
            return True

    def tallies(self, round_id: int) -> tuple[int, dict[str, dict[Optional[int], int]]]:
        """(members, per statement the number of people per value) over the complete entries."""
        with session_scope(self.url) as session:
            finished = select(TeamMember.id).where(TeamMember.round_id == round_id, TeamMember.finished_at.is_not(None))
            members = session.execute(
                select(func.coalesce(func.sum(TeamMember.size), 0)).where(TeamMember.id.in_(finished))
            ).scalar()
            tallies: dict[str, dict[Optional[int], int]] = {}
            rows = session.execute(
                select(TeamAnswer.item_id, TeamAnswer.value, func.sum(TeamAnswer.count))
                .where(TeamAnswer.member_id.in_(finished))
                .group_by(TeamAnswer.item_id, TeamAnswer.value)
            )
            for item_id, value, count in rows:
                tallies.setdefault(item_id, {})[value] = int(count)
            return int(members or 0), tallies

    def part_people(self, round_id: int, scan: Optional[StaffScan] = None) -> dict[str, int]:
        """Per part the people of the complete entries who answered it other than 'weet ik niet'."""
        scan = scan or staff_scan()
        entries: dict[int, dict[str, dict[Optional[int], int]]] = {}
        with session_scope(self.url) as session:
            rows = session.execute(
                select(TeamAnswer.member_id, TeamAnswer.item_id, TeamAnswer.value, TeamAnswer.count)
                .join(TeamMember, TeamMember.id == TeamAnswer.member_id)
                .where(TeamMember.round_id == round_id, TeamMember.finished_at.is_not(None))
            )
            for member_id, item_id, value, count in rows:
                entries.setdefault(member_id, {}).setdefault(item_id, {})[value] = int(count)
        people = {part.key: 0 for part in scan.parts}
        for answers in entries.values():
            for key, count in entry_part_people(scan, answers).items():
                people[key] += count
        return people

    def score(self, round_id: int, scan: Optional[StaffScan] = None) -> GroupScore:
        """The team's figures of a closed round; an open round's score is empty (no figures, no count)."""
        scan = scan or staff_scan()
        found = self.round_by_id(round_id)
        if found is None or found.open:
            return GroupScore(members=0, minimum=MINIMUM_GROUP, open=True)
        members, tallies = self.tallies(round_id)
        return group_score(scan, tallies, members, self.part_people(round_id, scan))

    def group_entry_score(
        self, round_id: int, sender_id: str, scan: Optional[StaffScan] = None
    ) -> Optional[GroupScore]:
        """The score of the cards a group session held up itself (this scribe's complete entry), or None.

        The people around the table saw every card, so the small-cell check of the team's figures
        is not needed; the group itself must have at least the minimum of people, as any group figure.
        """
        scan = scan or staff_scan()
        state = self.member(round_id, sender_id, "group")
        if state is None or not state.finished:
            return None
        people = entry_part_people(scan, state.answers)
        return group_score(scan, state.answers, state.size, people, check_counts=False)
