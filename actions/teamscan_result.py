"""The end of the staff quick scan: own answers, a group's own score or a closed round's figures; the plan.

The team's figures come only from a closed round: the chat never shows an open round's score.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.teamscan import FORM_SLOTS, current_round, flow, repository, staff_state
from bot.config import MINIMUM_GROUP
from bot.content import action_plan, content, staff_scan
from bot.questionnaire.staff import ALONE, GROUP
from bot.storage.releases import ReleaseRepository
from bot.teamscan import build_mirror, own_answers_message, plan_message, propose_tasks, score_messages

PLAN_BUTTON = {"payload": "/team_action_plan"}


class ActionTeamScanResult(Action):
    """After the last statement: the member's own answers, a group session's own score, or a closed round's figures."""

    def name(self) -> str:
        return "action_team_scan_result"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        scan, state = staff_scan(), staff_state(tracker)
        round_ = current_round(tracker)
        # the round stays known for the action plan
        events: list[Any] = [SlotSet(slot, None) for slot in FORM_SLOTS if slot != "team_round"]
        if round_ is None:
            return events
        if not state.round_closed and flow().is_finished(state):
            dispatcher.utter_message(text=scan.texts["done"])
        if not round_.open:
            score = repository().score(round_.id, scan)
            _show(dispatcher, score_messages(scan, score, round_.label), with_plan=score.enough)
            return events
        if state.mode == GROUP:
            own = repository().group_entry_score(round_.id, tracker.sender_id, scan)
            if own is not None and own.enough:
                *first, last = score_messages(scan, own, round_.label, own_group=True)
                _show(dispatcher, [*first, f"{last}\n\n{scan.texts['close_hint']}"], with_plan=True)
                return events
        else:
            member = repository().member(round_.id, tracker.sender_id, ALONE)
            if member is not None and member.finished:
                dispatcher.utter_message(text=own_answers_message(scan, member.first_part, member.answers))
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
        round_ = current_round(tracker)
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
