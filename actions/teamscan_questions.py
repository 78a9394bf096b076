"""The questions of the staff quick scan: its start and one Rasa action per step (the form asks the step it needs)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import text_buttons
from actions.teamscan import FORM_SLOTS, flow, repository, staff_state
from bot.config import MINIMUM_GROUP
from bot.content import staff_scan
from bot.questionnaire.staff import ALONE, GROUP
from bot.teamscan import MAX_GROUP_SIZE, same_card_buttons, statement_message


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
        round_id = staff_state(tracker).round_id
        member = repository().member(round_id, tracker.sender_id, ALONE) if round_id is not None else None
        alone = texts["mode_alone"]
        if member is not None and member.finished:
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
        scan, state = staff_scan(), staff_state(tracker)
        step = flow().statement(state)
        first_part, position = state.first_part or "doen", step.number - 1
        if state.mode == GROUP:
            size = state.group_size or 0
            dispatcher.utter_message(
                text=statement_message(scan, first_part, position, size), buttons=same_card_buttons(scan, size)
            )
            return []
        text = statement_message(scan, first_part, position)
        member = repository().member(state.round_id, tracker.sender_id, ALONE) if state.round_id is not None else None
        if member is not None and step.item in member.answers:
            value = next(iter(member.answers[step.item]))
            label = next(o.label for o in scan.scale if o.value == value)
            text += "\n" + scan.texts["previous_answer"].format(label=label)
        dispatcher.utter_message(text=text, buttons=text_buttons(o.label for o in scan.scale))
        return []
