"""The staff quick scan as a flow: the round, alone or as a group, the group's size, the first half, the statements.

A member walks through the twelve statements in the order of the chosen half and can go back one
at a time; whoever comes back to a round continues at the first statement without an answer (or,
with all answered, from the start to change them). The scan ends after the last statement, or
when the round turns out to be closed (the team lead's close code, or closed meanwhile).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional

from bot.content import StaffScan
from bot.questionnaire.steps import Kind, Step, first_open, statement_step
from bot.storage.teamscan import MemberState
from bot.teamscan import ordered_items

ALONE = "alone"
GROUP = "group"


@dataclass(frozen=True)
class StaffState:
    """Where a member (or a group's scribe) is in one round."""

    round_id: Optional[int] = None
    round_closed: bool = False  # the round closed in this conversation: nothing more is asked
    mode: Optional[str] = None  # ALONE or GROUP
    group_size: Optional[int] = None
    first_part: Optional[str] = None  # "doen" or "wwkm"
    position: int = 0  # index of the statement asked now, in the member's order


class StaffFlow:
    """Decides what the staff scan asks next; knows nothing of Rasa or the database."""

    def __init__(self, scan: StaffScan) -> None:
        self.scan = scan

    def order(self, state: StaffState) -> tuple[str, ...]:
        """The statement ids in the order this member answers them."""
        return tuple(item.id for item in ordered_items(self.scan, state.first_part or "doen"))

    def is_finished(self, state: StaffState) -> bool:
        """True after the last statement, or when the round closed."""
        return state.round_closed or state.position >= len(self.scan.items)

    def remaining(self, state: StaffState) -> list[Kind]:
        """The steps the form still validates, in order (it asks the first unanswered)."""
        if state.round_closed:
            return []
        steps = [Kind.ROUND, Kind.MODE]
        if state.mode == GROUP:
            steps.append(Kind.GROUP_SIZE)
        steps.append(Kind.FIRST_PART)
        if not self.is_finished(state):
            steps.append(Kind.STATEMENT)
        return steps

    def next_step(self, state: StaffState) -> Optional[Step]:
        """The question asked now, or None at the end."""
        answered = {
            Kind.ROUND: state.round_id is not None,
            Kind.MODE: state.mode is not None,
            Kind.GROUP_SIZE: state.group_size is not None,
            Kind.FIRST_PART: state.first_part is not None,
            Kind.STATEMENT: False,
        }
        for kind in self.remaining(state):
            if not answered[kind]:
                return self.statement(state) if kind is Kind.STATEMENT else Step(kind)
        return None

    def statement(self, state: StaffState) -> Step:
        """The statement at the member's position."""
        order = self.order(state)
        return statement_step(order, min(state.position, len(order) - 1))

    def choose_mode(self, state: StaffState, mode: str, member: Optional[MemberState]) -> StaffState:
        """Alone or as a group: size and order are asked again, unless a member alone resumes an earlier entry."""
        chosen = replace(state, mode=mode, group_size=None, first_part=None, position=0)
        return self.resume(chosen, member) if mode == ALONE else chosen

    def resume(self, state: StaffState, member: Optional[MemberState]) -> StaffState:
        """Back in a round: the stored order, at the first open statement (or from the start to change)."""
        if member is None:
            return state
        resumed = replace(state, first_part=member.first_part)
        return replace(resumed, position=first_open(self.order(resumed), member.answers) or 0)

    def back(self, state: StaffState) -> Optional[StaffState]:
        """Going back ("vorige"): the state at the statement before, or None at the first."""
        return replace(state, position=state.position - 1) if state.position > 0 else None

    def answer(self, state: StaffState) -> StaffState:
        """The state after the statement at the member's position was answered: the next one (or the end)."""
        return replace(state, position=state.position + 1)

    def close(self, state: StaffState) -> StaffState:
        """The round closed (the close code, or closed meanwhile): the scan ends."""
        return replace(state, round_closed=True)
