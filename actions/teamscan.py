"""The staff quick scan as a Rasa form (alone or as a group with voting cards): reading and storing each answer.

Thin: what is asked next, going back and the end are decided by bot/questionnaire/staff.py, the
reading of answers by the bot/teamscan package, the storage by bot/storage/teamscan.py. The
questions are asked in actions/teamscan_questions.py, the result in actions/teamscan_result.py.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, Optional

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_intent, latest_text
from bot.content import staff_scan
from bot.questionnaire.staff import GROUP, StaffFlow, StaffState
from bot.questionnaire.steps import Kind
from bot.scan import is_previous_command
from bot.storage.teamscan import RoundInfo, TeamScanRepository, looks_like_close_code, looks_like_round_code
from bot.teamscan import (
    MAX_GROUP_SIZE,
    asks_to_stop,
    parse_cards,
    parse_first_part,
    parse_group_size,
    parse_mode,
    parse_staff_answer,
)

Slots = dict[str, Any]
# the form's slot for each step of the staff scan
SLOTS = {
    Kind.ROUND: "team_round",
    Kind.MODE: "team_mode",
    Kind.GROUP_SIZE: "team_group_size",
    Kind.FIRST_PART: "team_first_part",
    Kind.STATEMENT: "team_answer",
}
# the index of the statement asked now, and whether the round closed in this conversation
POSITION_SLOT = "team_position"
CLOSED_SLOT = "team_round_closed"
FORM_SLOTS = (*SLOTS.values(), POSITION_SLOT, CLOSED_SLOT)


@lru_cache(maxsize=1)
def repository() -> TeamScanRepository:
    """The staff scan storage in the configured database (DATABASE_URL)."""
    return TeamScanRepository()


def flow() -> StaffFlow:
    """The staff scan with the current content."""
    return StaffFlow(staff_scan())


def _number(value: Any) -> Optional[int]:
    return int(value) if value is not None and str(value).isdigit() else None


def staff_state(tracker: Tracker) -> StaffState:
    """Where this member is, from the form's slots."""
    mode = tracker.get_slot("team_mode")
    return StaffState(
        round_id=_number(tracker.get_slot("team_round")),
        round_closed=tracker.get_slot(CLOSED_SLOT) is True,
        mode=mode if mode in ("alone", GROUP) else None,
        group_size=_number(tracker.get_slot("team_group_size")),
        first_part=tracker.get_slot("team_first_part"),
        position=_number(tracker.get_slot(POSITION_SLOT)) or 0,
    )


def slots_of(state: StaffState) -> Slots:
    """The form's slots for a state (the statement's own slot stays empty: it is asked again)."""
    return {
        "team_round": None if state.round_id is None else str(state.round_id),
        CLOSED_SLOT: state.round_closed or None,
        "team_mode": state.mode,
        "team_group_size": None if state.group_size is None else str(state.group_size),
        "team_first_part": state.first_part,
        POSITION_SLOT: state.position,
        "team_answer": None,
    }


def current_round(tracker: Tracker) -> Optional[RoundInfo]:
    """The round this member named, if any."""
    round_id = staff_state(tracker).round_id
    return repository().round_by_id(round_id) if round_id is not None else None


def _extract(tracker: Tracker, slot: str, understood: Callable[[str], bool]) -> Slots:
    """The user's text for the requested slot, unless it is a real request to stop."""
    if tracker.get_slot("requested_slot") != slot:
        return {}
    text = latest_text(tracker)
    # Only "stop" interrupts the team scan (a rule pauses it), and only when the words say so;
    # everything else goes to the form, whose own "not understood" message explains what to type.
    if not understood(text) and latest_intent(tracker) == "stop" and asks_to_stop(text):
        return {}
    return {slot: text}


class ValidateTeamScanForm(FormValidationAction):
    """Asks the round, the way of taking part and the order, then stores every answer at once."""

    def name(self) -> str:
        return "validate_team_scan_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[str]:
        # Filled slots stay in the list: rasa_sdk asks this again after extraction and validates
        # only the slots listed; the form asks the first one still empty.
        return [SLOTS[kind] for kind in flow().remaining(staff_state(tracker))]

    def extract_team_round(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Slots:
        return _extract(tracker, "team_round", lambda t: looks_like_round_code(t) or looks_like_close_code(t))

    def extract_team_mode(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Slots:
        return _extract(tracker, "team_mode", lambda t: parse_mode(t) is not None)

    def extract_team_group_size(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        return _extract(tracker, "team_group_size", lambda t: parse_group_size(t) is not None)

    def extract_team_first_part(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        return _extract(tracker, "team_first_part", lambda t: parse_first_part(t) is not None)

    def extract_team_answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Slots:
        scan, state = staff_scan(), staff_state(tracker)

        def understood(text: str) -> bool:
            if is_previous_command(text):
                return True
            if state.mode == GROUP and state.group_size:
                return parse_cards(text, state.group_size).problem != "unclear"
            return parse_staff_answer(text, scan)[0]

        return _extract(tracker, "team_answer", understood)

    def validate_team_round(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        texts = staff_scan().texts
        closed = repository().close_by_code(str(value))
        if closed is not None:
            # the team lead's close code: the round closes and the form ends with its figures
            dispatcher.utter_message(text=texts["round_closed_now"].format(round=closed.label, unit=closed.unit))
            return {"team_round": str(closed.id), CLOSED_SLOT: True}
        found = repository().round_by_code(str(value)) if looks_like_round_code(str(value)) else None
        if found is None:
            dispatcher.utter_message(text=texts["round_unknown"])
            return {"team_round": None}
        if not found.open:
            dispatcher.utter_message(text=texts["round_closed"])
            return {"team_round": None}
        dispatcher.utter_message(text=texts["round_found"].format(round=found.label, unit=found.unit))
        return {"team_round": str(found.id)}

    def validate_team_mode(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        mode = parse_mode(str(value))
        state = staff_state(tracker)
        if mode is None or state.round_id is None:
            dispatcher.utter_message(text=staff_scan().texts["mode_unclear"])
            return {"team_mode": None}
        member = repository().member(state.round_id, tracker.sender_id, mode)
        return slots_of(flow().choose_mode(state, mode, member))

    def validate_team_group_size(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        size = parse_group_size(str(value))
        state = staff_state(tracker)
        if size is None or state.round_id is None:
            dispatcher.utter_message(text=staff_scan().texts["group_size_unclear"].format(max=MAX_GROUP_SIZE))
            return {"team_group_size": None}
        existing = repository().member(state.round_id, tracker.sender_id, GROUP)
        if existing is None:
            return {"team_group_size": str(size)}
        # the same scribe again: same order; other group size means the earlier cards are cleared
        repository().start_member(state.round_id, tracker.sender_id, GROUP, existing.first_part, size)
        member = repository().member(state.round_id, tracker.sender_id, GROUP)
        return slots_of(flow().resume(StaffState(state.round_id, mode=GROUP, group_size=size), member))

    def validate_team_first_part(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        part = parse_first_part(str(value))
        state = staff_state(tracker)
        if part is None or state.round_id is None or state.mode is None:
            dispatcher.utter_message(text=staff_scan().texts["part_unclear"])
            return {"team_first_part": None}
        if not repository().start_member(state.round_id, tracker.sender_id, state.mode, part, state.group_size or 1):
            dispatcher.utter_message(text=staff_scan().texts["round_closed"])
            return {"team_first_part": part, CLOSED_SLOT: True}
        return {"team_first_part": part, POSITION_SLOT: 0}

    def validate_team_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        scan, texts, text = staff_scan(), staff_scan().texts, str(value)
        questionnaire, state = flow(), staff_state(tracker)
        if state.round_id is None or state.mode is None or questionnaire.is_finished(state):
            return {"team_answer": None}
        if latest_intent(tracker) == "previous_step" or is_previous_command(text):
            before = questionnaire.back(state)
            if before is None:
                dispatcher.utter_message(text=texts["first_statement"])
            return {"team_answer": None, POSITION_SLOT: (before or state).position}
        if state.mode == GROUP:
            size = state.group_size or 0
            cards = parse_cards(text, size)
            if cards.tally is None:
                problem = texts["cards_wrong_total"] if cards.problem == "wrong_total" else texts["cards_unclear"]
                dispatcher.utter_message(text=problem.format(total=cards.total, size=size))
                return {"team_answer": None}
            tally = cards.tally
        else:
            understood, answer = parse_staff_answer(text, scan)
            if not understood:
                dispatcher.utter_message(text=texts["answer_unclear"])
                return {"team_answer": None}
            tally = {answer: 1}
        item = questionnaire.statement(state).item or ""
        if not repository().save_answer(state.round_id, tracker.sender_id, state.mode, item, tally, scan):
            dispatcher.utter_message(text=texts["closed_meanwhile"])
            return {"team_answer": None, CLOSED_SLOT: True}
        return {"team_answer": None, POSITION_SLOT: questionnaire.answer(state).position}
