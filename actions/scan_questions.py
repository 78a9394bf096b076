"""The questions of the relatives' quick scan: one Rasa action per step (the form asks the step it needs)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import language_of, text_buttons, unit_registry
from actions.scan import flow, resumed, scan_state, scan_text
from bot.content import content
from bot.content.invitations import invitation_texts
from bot.content.words import words
from bot.privacy import consent_messages

MAX_UNIT_BUTTONS = 8


class ActionAskScanConsent(Action):
    """Explains the scan and asks for consent before anything is stored."""

    def name(self) -> str:
        return "action_ask_scan_consent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=content(language_of(tracker)).relatives_scan.intro)
        *before, last = consent_messages(language_of(tracker))
        for message in before:
            dispatcher.utter_message(text=message)
        dispatcher.utter_message(
            text=last,
            buttons=[
                {"title": scan_text(language_of(tracker), "scan_consent_yes"), "payload": "/affirm"},
                {"title": scan_text(language_of(tracker), "scan_consent_no"), "payload": "/deny"},
            ],
        )
        return []


class ActionAskRelation(Action):
    """Asks how the relative is related to the resident (no names)."""

    def name(self) -> str:
        return "action_ask_relation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            text=content(language_of(tracker)).relatives_scan.relation_question,
            buttons=text_buttons(label for label, _ in words(language_of(tracker)).relations.values()),
        )
        return []


class ActionAskUnit(Action):
    """Asks for the unit when the page address did not give a registered one."""

    def name(self) -> str:
        return "action_ask_unit"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        units = unit_registry().all()
        # only open-link units can be chosen; the others need the code from their letter
        open_units = [u for u in units if u.open_link]
        buttons = []
        if len(open_units) <= MAX_UNIT_BUTTONS:
            buttons = [{"title": u.name, "payload": u.code} for u in open_units]
            dont_know = content(language_of(tracker)).privacy.unit["dont_know_button"]
            buttons.append({"title": dont_know, "payload": dont_know})
        text = content(language_of(tracker)).relatives_scan.unit_question
        if len(open_units) < len(units):
            text = f"{invitation_texts(language_of(tracker)).chat['code_hint']}\n{text}"
        dispatcher.utter_message(text=text, buttons=buttons)
        return []


class ActionAskScanAnswer(Action):
    """Shows the next statement (or the one being changed) with the answer buttons."""

    def name(self) -> str:
        return "action_ask_scan_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        questionnaire, state = flow(language_of(tracker)), scan_state(tracker)
        step = questionnaire.statement(state)
        if step is None:
            return []
        item = questionnaire.item(step)
        lines = []
        if resumed(tracker) and questionnaire.resumes(state):
            lines.append(scan_text(language_of(tracker), "scan_welcome_back", number=step.number, total=step.total))
        elif state.reopened:
            lines.append(scan_text(language_of(tracker), "scan_change_now"))
        question = scan_text(language_of(tracker), "scan_question", number=step.number, total=step.total)
        lines.append(f"{question}\n{item.text}")
        if item.explain:
            lines.append(f"({item.explain})")
        if step.number == 1 and not state.answers:
            lines.append(scan_text(language_of(tracker), "scan_first_question_note"))
        buttons = text_buttons(option.label for option in questionnaire.scan.scale)
        dispatcher.utter_message(text="\n".join(lines), buttons=buttons)
        return []


class ActionAskDesiredRung(Action):
    """Asks on which rung of the ladder the relative would like to be."""

    def name(self) -> str:
        return "action_ask_desired_rung"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        data = content(language_of(tracker))
        ladder = "\n".join(f"{r.number}. {r.name}: {r.short}" for r in data.ladder)
        dispatcher.utter_message(
            text=f"{data.relatives_scan.desired_question}\n{ladder}",
            buttons=[{"title": f"{r.number}. {r.name}", "payload": f"trede {r.number}"} for r in data.ladder],
        )
        return []


class ActionAskScanRemark(Action):
    """Offers room for an optional free-text remark."""

    def name(self) -> str:
        return "action_ask_scan_remark"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            text=content(language_of(tracker)).relatives_scan.remark_question,
            buttons=[{"title": scan_text(language_of(tracker), "scan_no_remark_button"), "payload": "nee"}],
        )
        return []
