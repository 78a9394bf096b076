"""The flow of both questionnaires (bot/questionnaire) without Rasa or a database.

Next step, going back, changing an answer, resuming after a break, the end and an early stop, for
the relatives' scan and the staff scan; hypothesis walks random sequences of answers and "vorige".
"""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

from hypothesis import given
from hypothesis import strategies as st

from bot.content import content, staff_scan
from bot.questionnaire.relatives import STEPS, RelativesFlow, RelativesState, Stop
from bot.questionnaire.staff import ALONE, GROUP, StaffFlow, StaffState
from bot.questionnaire.steps import Kind, Step
from bot.storage.repository import RespondentState
from bot.storage.teamscan import MemberState
from bot.teamscan import ordered_items

RELATIVES = RelativesFlow(content().relatives_scan)
ITEMS = [item.id for item in content().relatives_scan.items]
STAFF = StaffFlow(staff_scan())
STAFF_ITEMS = [item.id for item in ordered_items(staff_scan(), "doen")]


def stored(**fields: object) -> RelativesState:
    """A relative who consented under unit B2, with more stored as given."""
    return replace(RelativesState(consent=True, consented=True, unit="B2"), **fields)  # type: ignore[arg-type]


# --- the relatives' scan ------------------------------------------------------------------------


def test_a_new_relative_is_asked_consent_then_the_unit_and_every_step_stays_open() -> None:
    fresh = RelativesState()
    assert RELATIVES.next_step(fresh) == Step(Kind.CONSENT)
    assert RELATIVES.remaining(fresh) == list(STEPS), "nothing is stored before consent and a unit"
    said_yes = RelativesState(consent=True)
    assert RELATIVES.next_step(said_yes) == Step(Kind.UNIT)
    assert RELATIVES.remaining(said_yes) == list(STEPS), "consent stays open until it is stored"


def test_the_steps_come_in_order_and_the_remark_ends_the_scan() -> None:
    state = stored()
    assert RELATIVES.next_step(state) == Step(Kind.RELATION)
    state = replace(state, relation="kind")
    assert RELATIVES.next_step(state) == Step(Kind.STATEMENT, ITEMS[0], 1, len(ITEMS))
    for item in ITEMS:
        state = RELATIVES.answer(state, item, 3)
    assert RELATIVES.next_step(state) == Step(Kind.DESIRED_RUNG)
    state = replace(state, desired_rung=4)
    assert RELATIVES.next_step(state) == Step(Kind.REMARK)
    assert RELATIVES.remaining(state) == [Kind.REMARK]
    assert not RELATIVES.is_finished(state)
    finished = replace(state, finished=True)
    assert (
        RELATIVES.is_finished(finished)
        and RELATIVES.remaining(finished) == []
        and RELATIVES.next_step(finished) is None
    )


def test_going_back_reopens_the_answer_before_and_a_new_answer_replaces_it() -> None:
    state = stored(relation="kind", answers={ITEMS[0]: 2, ITEMS[1]: 1})
    assert RELATIVES.back(stored(relation="kind")) is None, "nothing before the first statement"
    before = RELATIVES.back(state)
    assert before is not None and before.reopened == ITEMS[1]
    assert RELATIVES.statement(before) == Step(Kind.STATEMENT, ITEMS[1], 2, len(ITEMS))
    changed = RELATIVES.answer(before, ITEMS[1], 4)
    assert changed.answers == {ITEMS[0]: 2, ITEMS[1]: 4} and changed.reopened is None
    assert RELATIVES.statement(changed) == Step(Kind.STATEMENT, ITEMS[2], 3, len(ITEMS))
    # after the last statement "vorige" reopens the last one, and the desired rung waits
    everything = stored(relation="kind", answers=dict.fromkeys(ITEMS, 3))
    last = RELATIVES.back(everything)
    assert last is not None and last.reopened == ITEMS[-1]
    assert RELATIVES.next_step(last) == Step(Kind.STATEMENT, ITEMS[-1], len(ITEMS), len(ITEMS))


def test_weet_ik_niet_counts_as_an_answer() -> None:
    state = RELATIVES.answer(stored(relation="kind"), ITEMS[0], None)
    assert RELATIVES.statement(state) == Step(Kind.STATEMENT, ITEMS[1], 2, len(ITEMS))


def test_a_relative_resumes_from_what_is_stored() -> None:
    respondent = RespondentState(
        id="r1",
        unit="B2",
        relation="partner",
        consented=True,
        finished=False,
        desired_rung=None,
        answers={item: 3 for item in ITEMS[:6]},
    )
    state = RelativesState.of(respondent)
    assert RELATIVES.resumes(state)
    assert RELATIVES.next_step(state) == Step(Kind.STATEMENT, ITEMS[6], 7, len(ITEMS))
    assert RELATIVES.remaining(state) == [Kind.STATEMENT, Kind.DESIRED_RUNG, Kind.REMARK]
    assert not RELATIVES.resumes(RelativesState.of(None)), "nothing answered: a fresh start"


def test_declining_or_an_early_stop_ends_the_scan_without_a_step() -> None:
    for state in (RelativesState(consent=False), *(RelativesState(consent=True, stop=stop) for stop in Stop)):
        assert RELATIVES.is_finished(state) and RELATIVES.remaining(state) == [] and RELATIVES.next_step(state) is None
    assert {stop.value for stop in Stop} == {"no_unit", "rate_limited", "code_limited"}


@given(
    st.lists(
        st.one_of(st.just("back"), st.sampled_from([1, 2, 3, 4, None])),
        max_size=3 * len(ITEMS),
    )
)
def test_no_statement_is_ever_skipped_and_the_statements_end_exactly_when_all_are_answered(
    moves: list[Optional[int] | str],
) -> None:
    state = stored(relation="kind")
    for move in moves:
        step = RELATIVES.statement(state)
        if move == "back":
            state = RELATIVES.back(state) or replace(state, reopened=None)
            continue
        if step is None:
            break
        # the step asked is the reopened one, or the first without an answer: never one further on
        first_open = (
            next(item for item in ITEMS if item not in state.answers) if len(state.answers) < len(ITEMS) else None
        )
        assert step.item == (state.reopened or first_open)
        assert step.item in ITEMS[: len(state.answers) + 1]
        state = RELATIVES.answer(state, step.item or "", move if isinstance(move, int) else None)
    done = RELATIVES.statement(state) is None
    assert done == (set(state.answers) == set(ITEMS) and state.reopened is None)
    assert (Kind.STATEMENT in RELATIVES.remaining(state)) == (not done)
    assert (RELATIVES.next_step(state) == Step(Kind.DESIRED_RUNG)) == done


# --- the staff scan ------------------------------------------------------------------------------


def test_a_member_is_asked_the_round_the_way_the_half_then_the_statements() -> None:
    state = StaffState()
    assert STAFF.next_step(state) == Step(Kind.ROUND)
    state = replace(state, round_id=1)
    assert STAFF.next_step(state) == Step(Kind.MODE)
    alone = STAFF.choose_mode(state, ALONE, None)
    assert STAFF.next_step(alone) == Step(Kind.FIRST_PART)
    assert STAFF.remaining(alone) == [Kind.ROUND, Kind.MODE, Kind.FIRST_PART, Kind.STATEMENT]
    group = STAFF.choose_mode(state, GROUP, None)
    assert STAFF.next_step(group) == Step(Kind.GROUP_SIZE)
    assert STAFF.remaining(group) == [Kind.ROUND, Kind.MODE, Kind.GROUP_SIZE, Kind.FIRST_PART, Kind.STATEMENT]
    wwkm = replace(alone, first_part="wwkm")
    first = STAFF.next_step(wwkm)
    assert first is not None and first.number == 1 and first.item == ordered_items(staff_scan(), "wwkm")[0].id


def test_a_member_walks_forward_and_back_and_ends_after_the_last() -> None:
    state = StaffState(round_id=1, mode=ALONE, first_part="doen")
    assert STAFF.back(state) is None, "nothing before the first statement"
    for number in range(1, len(STAFF_ITEMS) + 1):
        assert STAFF.statement(state) == Step(Kind.STATEMENT, STAFF_ITEMS[number - 1], number, len(STAFF_ITEMS))
        state = STAFF.answer(state)
    assert STAFF.is_finished(state) and Kind.STATEMENT not in STAFF.remaining(state) and STAFF.next_step(state) is None
    back = STAFF.back(state)
    assert back is not None and STAFF.statement(back).item == STAFF_ITEMS[-1] and not STAFF.is_finished(back)


def test_a_member_resumes_at_the_first_open_statement_or_from_the_start() -> None:
    state = StaffState(round_id=1)
    half = MemberState(ALONE, 1, "doen", {item: {3: 1} for item in STAFF_ITEMS[:5]}, finished=False)
    resumed = STAFF.choose_mode(state, ALONE, half)
    assert resumed.first_part == "doen" and STAFF.statement(resumed).number == 6
    done = MemberState(ALONE, 1, "wwkm", {item: {3: 1} for item in STAFF_ITEMS}, finished=True)
    again = STAFF.choose_mode(state, ALONE, done)
    assert again.first_part == "wwkm" and again.position == 0 and not STAFF.is_finished(again)
    # a group chooses its size and order again
    assert STAFF.choose_mode(resumed, GROUP, half) == StaffState(round_id=1, mode=GROUP)


def test_a_closed_round_ends_the_staff_scan() -> None:
    state = STAFF.close(StaffState(round_id=1, mode=ALONE, first_part="doen", position=3))
    assert STAFF.is_finished(state) and STAFF.remaining(state) == [] and STAFF.next_step(state) is None


@given(st.lists(st.sampled_from(["answer", "back"]), max_size=40))
def test_the_staff_scan_never_skips_a_statement_and_ends_exactly_after_the_last(moves: list[str]) -> None:
    state = StaffState(round_id=1, mode=ALONE, first_part="doen")
    answered: set[str] = set()
    for move in moves:
        if STAFF.is_finished(state):
            break
        step = STAFF.statement(state)
        assert set(STAFF_ITEMS[: step.number - 1]) <= answered, "every statement before this one was answered"
        if move == "answer":
            answered.add(step.item or "")
            state = STAFF.answer(state)
        else:
            state = STAFF.back(state) or state
    assert STAFF.is_finished(state) == (state.position == len(STAFF_ITEMS))
    assert STAFF.is_finished(state) <= (answered == set(STAFF_ITEMS))
