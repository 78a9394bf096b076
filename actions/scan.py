"""The relatives' quick scan as a Rasa form: asking, validating and storing every answer."""

from __future__ import annotations

from typing import Any, Optional

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    MENU_BUTTONS,
    extract_unless_interrupted,
    latest_intent,
    page_metadata,
    scan_repository,
    text_buttons,
)
from bot.content import content
from bot.scan import (
    RELATIONS,
    is_previous_command,
    item_by_id,
    looks_like_unit,
    parse_answer,
    parse_desired_rung,
    parse_relation,
    parse_remark,
    parse_unit,
    previous_item,
    progress,
)
from bot.scoring import build_result

Slots = dict[str, Any]
# Intents that interrupt the scan: answered by a rule, then the same question comes back.
INTERRUPTIONS = frozenset(
    {"tip", "scan_why", "stop", "delete_my_data", "help", "bot_challenge", "start_rehearsal", "start_walkthrough"}
)
PAGE_CHANNEL = "socketio"
CONTINUE_BUTTON = [{"title": "Verder met de vragenlijst", "payload": "/start_scan"}]


class ValidateScanForm(FormValidationAction):
    """Decides what to ask next from what is stored, and stores each answer at once."""

    def name(self) -> str:
        return "validate_scan_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[str]:
        if tracker.get_slot("scan_consent") is False:
            return []
        state = scan_repository().state(tracker.sender_id)
        if state is None or not state.consented:
            return ["scan_consent", "relation", "unit", "scan_answer", "desired_rung", "scan_remark"]
        if state.finished:
            return []
        needed = []
        if state.relation is None:
            needed.append("relation")
        if state.unit is None:
            needed.append("unit")
        scan = content().relatives_scan
        redo = tracker.get_slot("scan_redo")
        if redo or progress(scan, state.answers).next_item is not None:
            needed.append("scan_answer")
        if state.desired_rung is None:
            needed.append("desired_rung")
        needed.append("scan_remark")
        return needed

    def extract_relation(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Slots:
        return extract_unless_interrupted(tracker, "relation", lambda t: parse_relation(t) is not None, INTERRUPTIONS)

    def extract_unit(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Slots:
        return extract_unless_interrupted(tracker, "unit", looks_like_unit, INTERRUPTIONS)

    def extract_scan_answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Slots:
        scan = content().relatives_scan
        return extract_unless_interrupted(
            tracker,
            "scan_answer",
            lambda t: parse_answer(t, scan).understood or is_previous_command(t),
            INTERRUPTIONS - {"previous_step"},
        )

    def extract_desired_rung(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Slots:
        ladder = content().ladder
        return extract_unless_interrupted(
            tracker, "desired_rung", lambda t: parse_desired_rung(t, ladder) is not None, INTERRUPTIONS
        )

    def extract_scan_remark(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Slots:
        return extract_unless_interrupted(
            tracker, "scan_remark", lambda t: False, frozenset({"stop", "delete_my_data"})
        )

    def validate_scan_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        if value is not True:
            return {"scan_consent": False}
        repository = scan_repository()
        repository.give_consent(tracker.sender_id)
        slots: Slots = {"scan_consent": True}
        unit = parse_unit(str(page_metadata(tracker, "afdeling") or ""))
        if unit:
            repository.set_context(tracker.sender_id, unit=unit)
            slots["unit"] = unit
        dispatcher.utter_message(text="Dank u wel. Dan beginnen we.")
        return slots

    def validate_relation(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        relation = parse_relation(str(value))
        if relation is None:
            dispatcher.utter_message(response="utter_scan_unclear_relation")
            return {"relation": None}
        scan_repository().set_context(tracker.sender_id, relation=relation)
        return {"relation": relation}

    def validate_unit(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        unit = parse_unit(str(value))
        if unit is None:
            dispatcher.utter_message(response="utter_scan_unclear_unit")
            return {"unit": None}
        scan_repository().set_context(tracker.sender_id, unit=unit)
        return {"unit": unit}

    def validate_scan_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        scan = content().relatives_scan
        repository = scan_repository()
        state = repository.state(tracker.sender_id)
        answers = state.answers if state else {}
        if latest_intent(tracker) == "previous_step" or is_previous_command(str(value)):
            before = previous_item(scan, answers)
            if before is None:
                dispatcher.utter_message(text="Dit is de eerste vraag; er is geen vorige vraag.")
                return {"scan_answer": None, "scan_redo": None}
            return {"scan_answer": None, "scan_redo": before.id}
        redo = tracker.get_slot("scan_redo")
        item = item_by_id(scan, redo) if redo else progress(scan, answers).next_item
        if item is None:
            return {"scan_answer": None, "scan_redo": None}
        parsed = parse_answer(str(value), scan)
        if not parsed.understood:
            dispatcher.utter_message(response="utter_scan_unclear_answer")
            return {"scan_answer": None}
        repository.save_answer(tracker.sender_id, item.id, item.rung, parsed.value)
        if redo:
            dispatcher.utter_message(text="Uw antwoord is aangepast.")
        return {"scan_answer": None, "scan_redo": None}

    def validate_desired_rung(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        rung = parse_desired_rung(str(value), content().ladder)
        if rung is None:
            dispatcher.utter_message(response="utter_scan_unclear_desired")
            return {"desired_rung": None}
        scan_repository().save_desired_rung(tracker.sender_id, rung)
        return {"desired_rung": str(rung)}

    def validate_scan_remark(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        scan_repository().finish(tracker.sender_id, parse_remark(str(value)))
        return {"scan_remark": "klaar"}


class ActionAskScanConsent(Action):
    """Explains the scan and asks for consent before anything is stored."""

    def name(self) -> str:
        return "action_ask_scan_consent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        scan = content().relatives_scan
        dispatcher.utter_message(text=scan.intro)
        dispatcher.utter_message(
            text=scan.consent,
            buttons=[
                {"title": "Ja, ik doe mee", "payload": "/affirm"},
                {"title": "Nee, liever niet", "payload": "/deny"},
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
            text=content().relatives_scan.relation_question,
            buttons=text_buttons(label for label, _ in RELATIONS.values()),
        )
        return []


class ActionAskUnit(Action):
    """Asks for the unit when the page address did not give it."""

    def name(self) -> str:
        return "action_ask_unit"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=content().relatives_scan.unit_question)
        return []


class ActionAskScanAnswer(Action):
    """Shows the next statement (or the one being changed) with the answer buttons."""

    def name(self) -> str:
        return "action_ask_scan_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        scan = content().relatives_scan
        state = scan_repository().state(tracker.sender_id)
        answers = state.answers if state else {}
        redo: Optional[str] = tracker.get_slot("scan_redo")
        step = progress(scan, answers, redo=redo)
        if step.next_item is None:
            return []
        lines = []
        if latest_intent(tracker) == "start_scan" and answers:
            lines.append(f"Welkom terug. We waren bij vraag {step.next_number} van {step.total}.")
        elif redo:
            lines.append("U kunt uw antwoord nu aanpassen.")
        lines.append(f"Vraag {step.next_number} van {step.total}:\n{step.next_item.text}")
        if step.next_item.explain:
            lines.append(f"({step.next_item.explain})")
        if step.next_number == 1 and not answers:
            lines.append("(Kies een knop of typ uw antwoord. Met 'vorige' past u uw vorige antwoord aan.)")
        dispatcher.utter_message(
            text="\n".join(lines), buttons=text_buttons(option.label for option in scan.scale)
        )
        return []


class ActionAskDesiredRung(Action):
    """Asks on which rung of the ladder the relative would like to be."""

    def name(self) -> str:
        return "action_ask_desired_rung"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        data = content()
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
            text=content().relatives_scan.remark_question,
            buttons=[{"title": "Nee, niets toe te voegen", "payload": "nee"}],
        )
        return []


class ActionScanResult(Action):
    """Ends the form: the ladder result and next step, or a kind goodbye without consent."""

    def name(self) -> str:
        return "action_scan_result"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        data = content()
        reset = [SlotSet(slot, None) for slot in ("scan_consent", "scan_answer", "scan_redo", "scan_remark")]
        state = scan_repository().state(tracker.sender_id)
        if state is None or not state.consented:
            dispatcher.utter_message(text=data.relatives_scan.consent_declined, buttons=MENU_BUTTONS)
            return reset
        if state.desired_rung is None:
            return reset
        result = build_result(data, state.answers, state.desired_rung)
        for index, message in enumerate(result.messages):
            dispatcher.utter_message(text=message)
            if index == result.profile_index and self._draws_pictures(tracker):
                # the relatives' page draws the profile as a small picture (chat.js)
                dispatcher.utter_message(json_message={"data": result.picture})
        dispatcher.utter_message(
            text="Bedankt voor het invullen! Wilt u uw antwoorden later laten wissen? "
            "Typ dan 'verwijder mijn gegevens'."
        )
        return reset


    @staticmethod
    def _draws_pictures(tracker: Tracker) -> bool:
        """Only the web page (socket.io) draws the picture; REST clients get the text alone."""
        return tracker.get_latest_input_channel() == PAGE_CHANNEL


class ActionScanWhy(Action):
    """Explains why the scan asks these questions."""

    def name(self) -> str:
        return "action_scan_why"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=content().relatives_scan.why)
        return []


class ActionScanPause(Action):
    """Says the answers are kept and how to continue later."""

    def name(self) -> str:
        return "action_scan_pause"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=content().relatives_scan.paused, buttons=CONTINUE_BUTTON)
        return []
