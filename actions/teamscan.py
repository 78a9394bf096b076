"""The staff quick scan as a Rasa form (alone or as a group with voting cards), then the action plan.

Thin: the logic is in the bot/teamscan package and bot/storage/teamscan.py.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, Optional

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_intent, latest_text, text_buttons
from bot.config import MINIMUM_GROUP
from bot.content import action_plan, content, staff_scan
from bot.scan import is_previous_command
from bot.storage.releases import ReleaseRepository
from bot.storage.teamscan import RoundInfo, TeamScanRepository, looks_like_close_code, looks_like_round_code
from bot.teamscan import (
    MAX_GROUP_SIZE,
    asks_to_stop,
    build_mirror,
    ordered_items,
    own_answers_message,
    parse_cards,
    parse_first_part,
    parse_group_size,
    parse_mode,
    parse_staff_answer,
    plan_message,
    propose_tasks,
    same_card_buttons,
    score_messages,
    statement_message,
)

Slots = dict[str, Any]
FORM_SLOTS = ("team_round", "team_mode", "team_group_size", "team_first_part", "team_answer", "team_position")
DONE = "klaar"
# team_mode after the team lead typed the round's close code: the form ends, the result shows the figures
CLOSE = "close"
PLAN_BUTTON = {"payload": "/team_action_plan"}


@lru_cache(maxsize=1)
def repository() -> TeamScanRepository:
    """The staff scan storage in the configured database (DATABASE_URL)."""
    return TeamScanRepository()


def _round(tracker: Tracker) -> Optional[RoundInfo]:
    value = tracker.get_slot("team_round")
    return repository().round_by_id(int(value)) if value and str(value).isdigit() else None


def _kind(tracker: Tracker) -> str:
    return "group" if tracker.get_slot("team_mode") == "group" else "alone"


def _position(tracker: Tracker) -> int:
    try:
        return int(tracker.get_slot("team_position") or 0)
    except (TypeError, ValueError):
        return 0


def _size(tracker: Tracker) -> Optional[int]:
    value = tracker.get_slot("team_group_size")
    return int(value) if value and str(value).isdigit() else None


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


def _resume(round_id: int, sender_id: str, kind: str) -> Slots:
    """Order and position of an existing entry: at the first open statement, or from the start to change."""
    state = repository().member(round_id, sender_id, kind)
    if state is None:
        return {}
    items = ordered_items(staff_scan(), state.first_part)
    position = next((n for n, item in enumerate(items) if item.id not in state.answers), 0)
    return {"team_first_part": state.first_part, "team_position": position}


class ValidateTeamScanForm(FormValidationAction):
    """Asks the round, the way of taking part and the order, then stores every answer at once."""

    def name(self) -> str:
        return "validate_team_scan_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[str]:
        # Filled slots stay in the list: rasa_sdk asks this again after extraction and validates
        # only the slots listed; the form asks the first one still empty.
        if tracker.get_slot("team_mode") == CLOSE:
            return ["team_round"]
        needed = ["team_round", "team_mode"]
        if tracker.get_slot("team_mode") == "group":
            needed.append("team_group_size")
        needed.append("team_first_part")
        if tracker.get_slot("team_answer") != DONE:
            needed.append("team_answer")
        return needed

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
        scan, size = staff_scan(), _size(tracker)

        def understood(text: str) -> bool:
            if is_previous_command(text):
                return True
            if _kind(tracker) == "group" and size:
                return parse_cards(text, size).problem != "unclear"
            return parse_staff_answer(text, scan)[0]

        return _extract(tracker, "team_answer", understood)

    def validate_team_round(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        texts = staff_scan().texts
        closed = repository().close_by_code(str(value))
        if closed is not None:
            dispatcher.utter_message(text=texts["round_closed_now"].format(round=closed.label, unit=closed.unit))
            return {"team_round": str(closed.id), "team_mode": CLOSE}
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
        round_ = _round(tracker)
        if mode is None or round_ is None:
            dispatcher.utter_message(text=staff_scan().texts["mode_unclear"])
            return {"team_mode": None}
        slots: Slots = {"team_mode": mode, "team_group_size": None, "team_first_part": None, "team_position": 0}
        if mode == "alone":
            slots.update(_resume(round_.id, tracker.sender_id, "alone"))
        return slots

    def validate_team_group_size(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        size = parse_group_size(str(value))
        round_ = _round(tracker)
        if size is None or round_ is None:
            dispatcher.utter_message(text=staff_scan().texts["group_size_unclear"].format(max=MAX_GROUP_SIZE))
            return {"team_group_size": None}
        slots: Slots = {"team_group_size": str(size)}
        existing = repository().member(round_.id, tracker.sender_id, "group")
        if existing is not None:
            # the same scribe again: same order; other group size means the earlier cards are cleared
            repository().start_member(round_.id, tracker.sender_id, "group", existing.first_part, size)
            slots.update(_resume(round_.id, tracker.sender_id, "group"))
        return slots

    def validate_team_first_part(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        part = parse_first_part(str(value))
        round_ = _round(tracker)
        if part is None or round_ is None:
            dispatcher.utter_message(text=staff_scan().texts["part_unclear"])
            return {"team_first_part": None}
        if not repository().start_member(round_.id, tracker.sender_id, _kind(tracker), part, _size(tracker) or 1):
            dispatcher.utter_message(text=staff_scan().texts["round_closed"])
            return {"team_first_part": part, "team_answer": DONE}
        return {"team_first_part": part, "team_position": 0}

    def validate_team_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        scan, texts, text = staff_scan(), staff_scan().texts, str(value)
        round_, position, kind = _round(tracker), _position(tracker), _kind(tracker)
        items = ordered_items(scan, tracker.get_slot("team_first_part") or "doen")
        if round_ is None or position >= len(items):
            return {"team_answer": DONE}
        if latest_intent(tracker) == "previous_step" or is_previous_command(text):
            if position == 0:
                dispatcher.utter_message(text=texts["first_statement"])
            return {"team_answer": None, "team_position": max(position - 1, 0)}
        if kind == "group":
            size = _size(tracker) or 0
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
        if not repository().save_answer(round_.id, tracker.sender_id, kind, items[position].id, tally, scan):
            dispatcher.utter_message(text=texts["closed_meanwhile"])
            return {"team_answer": DONE}
        if position + 1 >= len(items):
            return {"team_answer": DONE, "team_position": len(items)}
        return {"team_answer": None, "team_position": position + 1}


class ActionTeamScanStart(Action):
    """Starts the staff quick scan afresh: the intro, then the form asks the round code."""

    def name(self) -> str:
        return "action_team_scan_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        dispatcher.utter_message(text=staff_scan().texts["intro"].format(minimum=MINIMUM_GROUP))
        return [SlotSet(slot, None) for slot in FORM_SLOTS]


class ActionAskTeamRound(Action):
    def name(self) -> str:
        return "action_ask_team_round"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        dispatcher.utter_message(text=staff_scan().texts["ask_round"])
        return []


class ActionAskTeamMode(Action):
    def name(self) -> str:
        return "action_ask_team_mode"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        texts = staff_scan().texts
        round_ = _round(tracker)
        state = repository().member(round_.id, tracker.sender_id, "alone") if round_ else None
        alone = texts["mode_alone"]
        if state is not None and state.finished:
            dispatcher.utter_message(text=texts["already_done"])
            alone = texts["mode_alone_again"]
        dispatcher.utter_message(text=texts["ask_mode"], buttons=text_buttons([alone, texts["mode_group"]]))
        return []


class ActionAskTeamGroupSize(Action):
    def name(self) -> str:
        return "action_ask_team_group_size"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        dispatcher.utter_message(text=staff_scan().texts["ask_group_size"].format(max=MAX_GROUP_SIZE))
        return []


class ActionAskTeamFirstPart(Action):
    def name(self) -> str:
        return "action_ask_team_first_part"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        texts = staff_scan().texts
        dispatcher.utter_message(text=texts["ask_part"], buttons=text_buttons([texts["part_doen"], texts["part_wwkm"]]))
        return []


class ActionAskTeamAnswer(Action):
    """'Stelling X van 12' with four answer buttons and 'weet ik niet' (a group types its cards)."""

    def name(self) -> str:
        return "action_ask_team_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        scan = staff_scan()
        first_part = tracker.get_slot("team_first_part") or "doen"
        position = min(_position(tracker), len(scan.items) - 1)
        if _kind(tracker) == "group":
            size = _size(tracker) or 0
            dispatcher.utter_message(
                text=statement_message(scan, first_part, position, size), buttons=same_card_buttons(scan, size)
            )
            return []
        text = statement_message(scan, first_part, position)
        round_ = _round(tracker)
        state = repository().member(round_.id, tracker.sender_id, "alone") if round_ else None
        item = ordered_items(scan, first_part)[position]
        if state is not None and item.id in state.answers:
            value = next(iter(state.answers[item.id]))
            label = next(o.label for o in scan.scale if o.value == value)
            text += "\n" + scan.texts["previous_answer"].format(label=label)
        dispatcher.utter_message(text=text, buttons=text_buttons(o.label for o in scan.scale))
        return []


class ActionTeamScanResult(Action):
    """After the last statement: the member's own answers, a group session's own score, or a closed round's figures.

    The team's figures come only from a closed round: the chat never shows an open round's score.
    """

    def name(self) -> str:
        return "action_team_scan_result"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        scan = staff_scan()
        round_ = _round(tracker)
        events: list[Any] = [SlotSet(slot, None) for slot in FORM_SLOTS if slot != "team_round"]
        if round_ is None:
            return events
        if tracker.get_slot("team_position") == len(scan.items):
            dispatcher.utter_message(text=scan.texts["done"])
        if not round_.open:
            score = repository().score(round_.id, scan)
            _show(dispatcher, score_messages(scan, score, round_.label), with_plan=score.enough)
            return events
        if _kind(tracker) == "group":
            own = repository().group_entry_score(round_.id, tracker.sender_id, scan)
            if own is not None and own.enough:
                *first, last = score_messages(scan, own, round_.label, own_group=True)
                _show(dispatcher, [*first, f"{last}\n\n{scan.texts['close_hint']}"], with_plan=True)
                return events
        else:
            state = repository().member(round_.id, tracker.sender_id, "alone")
            if state is not None and state.finished:
                dispatcher.utter_message(text=own_answers_message(scan, state.first_part, state.answers))
        dispatcher.utter_message(text=scan.texts["team_later"], buttons=list(scan.next_buttons))
        return events


def _show(dispatcher: CollectingDispatcher, messages: list[str], with_plan: bool) -> None:
    """Score messages, the last with the action plan button (when there are figures) or the carers' buttons."""
    scan = staff_scan()
    for message in messages[:-1]:
        dispatcher.utter_message(text=message)
    buttons = [{"title": scan.texts["plan_button"], **PLAN_BUTTON}] if with_plan else list(scan.next_buttons)
    dispatcher.utter_message(text=messages[-1], buttons=buttons)


class ActionTeamScanPause(Action):
    def name(self) -> str:
        return "action_team_scan_pause"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        dispatcher.utter_message(text=staff_scan().texts["paused"])
        return [SlotSet(slot, None) for slot in FORM_SLOTS]


class ActionTeamActionPlan(Action):
    """Two or three change tasks from a closed round's figures (or a group's own cards) and the relatives' release."""

    def name(self) -> str:
        return "action_team_action_plan"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        scan = staff_scan()
        round_ = _round(tracker)
        if round_ is None:
            dispatcher.utter_message(text=scan.texts["plan_no_round"], buttons=[scan.start_button])
            return []
        if round_.open:
            own = repository().group_entry_score(round_.id, tracker.sender_id, scan)
            if own is None or not own.enough:
                dispatcher.utter_message(text=scan.texts["plan_round_open"].format(minimum=MINIMUM_GROUP))
                return []
            score = own
        else:
            score = repository().score(round_.id, scan)
            if not score.enough:
                dispatcher.utter_message(
                    text=scan.texts["plan_too_few"].format(minimum=score.minimum, round=round_.label)
                )
                return []
        release = ReleaseRepository().current(round_.unit)
        ladder = content().ladder
        mirror = build_mirror(ladder, score, release.figures if release else None)
        proposals = propose_tasks(action_plan(), ladder, score, mirror)
        titles = {key: tip.title for key, tip in content().tips.items()}
        dispatcher.utter_message(
            text=plan_message(scan, proposals, titles, release is not None), buttons=list(scan.next_buttons)
        )
        return []
