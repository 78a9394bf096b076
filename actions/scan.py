"""The relatives' quick scan as a Rasa form: reading each answer and storing it at once.

Thin: what is asked next, going back and the end are decided by bot/questionnaire/relatives.py;
the questions are asked in actions/scan_questions.py, the result in actions/scan_result.py.
"""

from __future__ import annotations

from typing import Any, Optional

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    extract_unless_interrupted,
    language_of,
    latest_intent,
    page_metadata,
    scan_repository,
    unit_registry,
)
from bot.content import content
from bot.content.forms import interruptions
from bot.content.invitations import invitation_texts
from bot.content.replies import RELATIVE, replies
from bot.intake import CLIENT_KEY
from bot.invitations import LINK_PARAMETER, normalize_code
from bot.questionnaire.relatives import RelativesFlow, RelativesState, Stop
from bot.questionnaire.steps import Kind
from bot.scan import (
    is_previous_command,
    looks_like_unit,
    match_unit,
    parse_answer_in,
    parse_desired_rung,
    parse_relation,
    parse_remark,
    parse_unit,
    remark_too_long,
)
from bot.storage.invitations import Claim, InvitationRepository
from bot.storage.scan_starts import ScanStarts

Slots = dict[str, Any]
# the form's slot for each step of the relatives' scan
SLOTS = {
    Kind.CONSENT: "scan_consent",
    Kind.UNIT: "unit",
    Kind.RELATION: "relation",
    Kind.STATEMENT: "scan_answer",
    Kind.DESIRED_RUNG: "desired_rung",
    Kind.REMARK: "scan_remark",
}
# the statement whose answer the relative is changing ("vorige"), and why a scan ended early
REOPENED_SLOT = "scan_redo"
STOP_SLOT = "scan_stop"
# Intents that interrupt the scan: answered by a rule, then the same question comes back.
INTERRUPTIONS = interruptions()["scan_form"]  # bot/content/forms.yml


def scan_text(lang: str, key: str, **values: object) -> str:
    """A scan text: the scan is for relatives, so always in their voice, in their language."""
    return replies(lang).message(key, RELATIVE, **values)


def flow(lang: str) -> RelativesFlow:
    """The relatives' scan with the current content in the relative's language."""
    return RelativesFlow(content(lang).relatives_scan)


def scan_stop(tracker: Tracker) -> Optional[Stop]:
    """Why the scan ended before anything was stored, if it did."""
    value = tracker.get_slot(STOP_SLOT)
    return Stop(value) if value else None


def scan_state(tracker: Tracker) -> RelativesState:
    """Where this relative is: what is stored, plus the form's consent, reopened statement and stop."""
    return RelativesState.of(
        scan_repository().state(tracker.sender_id),
        consent=tracker.get_slot("scan_consent"),
        reopened=tracker.get_slot(REOPENED_SLOT),
        stop=scan_stop(tracker),
    )


def stopped(stop: Stop) -> Slots:
    """End the scan before anything is stored; the goodbye says why (actions/scan_result.py)."""
    return {STOP_SLOT: stop.value, "unit": None}


def claim_invitation(tracker: Tracker, dispatcher: CollectingDispatcher, code: str) -> Slots:
    """Start (or resume) the scan with an invitation code; the unit slot, or what went wrong said."""
    client = str(page_metadata(tracker, CLIENT_KEY) or "")
    result = InvitationRepository().claim(code, tracker.sender_id, client)
    texts = invitation_texts(language_of(tracker)).chat
    if result.outcome == Claim.LIMITED:
        return stopped(Stop.CODE_LIMITED)
    if result.outcome in (Claim.STARTED, Claim.RESUMED):
        scan_repository().set_language(tracker.sender_id, language_of(tracker))
        if result.outcome == Claim.RESUMED:
            dispatcher.utter_message(text=texts["resumed"])
        return {"unit": result.unit}
    dispatcher.utter_message(text=texts[result.outcome.value])
    return {"unit": None}


def start_open_link(tracker: Tracker, unit: str) -> bool:
    """Store consent under an open-link unit, unless this address started too many scans this hour."""
    if not ScanStarts().try_start(str(page_metadata(tracker, CLIENT_KEY) or "")):
        return False
    scan_repository().give_consent(tracker.sender_id, unit=unit, language=language_of(tracker))
    return True


def resumed(tracker: Tracker) -> bool:
    """True when the relative pressed "Verder met de vragenlijst" inside the scan.

    E.g. after a service was away (addons/availability.py): it is not an answer, the current
    question comes back.
    """
    return latest_intent(tracker) == "start_scan"


class ValidateScanForm(FormValidationAction):
    """Asks what the flow says is next, and stores each answer at once."""

    def name(self) -> str:
        return "validate_scan_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[str]:
        return [SLOTS[kind] for kind in flow(language_of(tracker)).remaining(scan_state(tracker))]

    def extract_scan_consent(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Slots:
        # the domain maps yes and no; "Verder met de vragenlijst" must not be rejected either
        if tracker.get_slot("requested_slot") == "scan_consent" and resumed(tracker):
            return {"scan_consent": None}
        return {}

    def extract_relation(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Slots:
        return extract_unless_interrupted(
            tracker, "relation", lambda t: parse_relation(t, language_of(tracker)) is not None, INTERRUPTIONS
        )

    def extract_unit(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Slots:
        units = [(u.code, u.name) for u in unit_registry().all()]
        return extract_unless_interrupted(
            tracker,
            "unit",
            lambda t: looks_like_unit(t)
            or parse_unit(t, language_of(tracker)) == "ONBEKEND"
            or match_unit(t, units) is not None
            or normalize_code(t) is not None,
            INTERRUPTIONS,
        )

    def extract_scan_answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Slots:
        return extract_unless_interrupted(
            tracker,
            "scan_answer",
            lambda t: parse_answer_in(t, language_of(tracker)).understood
            or is_previous_command(t, language_of(tracker)),
            INTERRUPTIONS - {"previous_step"},
        )

    def extract_desired_rung(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Slots:
        ladder = content(language_of(tracker)).ladder
        return extract_unless_interrupted(
            tracker,
            "desired_rung",
            lambda t: parse_desired_rung(t, ladder, language_of(tracker)) is not None,
            INTERRUPTIONS,
        )

    def extract_scan_remark(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Slots:
        return extract_unless_interrupted(
            tracker, "scan_remark", lambda t: False, frozenset({"stop", "delete_my_data"})
        )

    def validate_scan_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        if resumed(tracker):
            return {"scan_consent": None}
        if value is not True:
            return {"scan_consent": False}
        # the respondent is stored only with a registered unit: from the invitation code or the
        # page address (message metadata), otherwise once the relative types a code or names an
        # open-link unit (validate_unit)
        code = page_metadata(tracker, LINK_PARAMETER)
        if code:
            claimed = claim_invitation(tracker, dispatcher, str(code))
            if STOP_SLOT not in claimed and claimed["unit"] is not None:
                dispatcher.utter_message(text=scan_text(language_of(tracker), "scan_start"))
            return {"scan_consent": True, **claimed}
        slots: Slots = {"scan_consent": True, "unit": None}
        page_unit = page_metadata(tracker, "afdeling")
        unit = unit_registry().get(str(page_unit)) if page_unit else None
        if unit is not None and unit.open_link:
            if not start_open_link(tracker, unit.code):
                return {"scan_consent": True, **stopped(Stop.RATE_LIMITED)}
            slots["unit"] = unit.code
        dispatcher.utter_message(text=scan_text(language_of(tracker), "scan_start"))
        if page_unit and unit is None:
            dispatcher.utter_message(text=content(language_of(tracker)).privacy.unit["from_link_unknown"])
        elif unit is not None and not unit.open_link:
            dispatcher.utter_message(text=invitation_texts(language_of(tracker)).chat["needs_invitation"])
        return slots

    def validate_relation(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        if resumed(tracker):
            return {"relation": None}
        relation = parse_relation(str(value), language_of(tracker))
        if relation is None:
            dispatcher.utter_message(response="utter_scan_unclear_relation")
            return {"relation": None}
        scan_repository().set_context(tracker.sender_id, relation=relation)
        return {"relation": relation}

    def validate_unit(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        if resumed(tracker):
            return {"unit": None}
        text = str(value)
        if normalize_code(text) is not None:
            return claim_invitation(tracker, dispatcher, text)
        if parse_unit(text, language_of(tracker)) == "ONBEKEND":
            # without a unit no team can use the answers: end without storing anything
            return stopped(Stop.NO_UNIT)
        unit = match_unit(text, [(u.code, u.name) for u in unit_registry().all()])
        if unit is None:
            if parse_unit(text, language_of(tracker)) is None:
                dispatcher.utter_message(response="utter_scan_unclear_unit")
            else:
                dispatcher.utter_message(text=content(language_of(tracker)).privacy.unit["unknown"])
            return {"unit": None}
        info = unit_registry().get(unit)
        if info is None or not info.open_link:
            dispatcher.utter_message(text=invitation_texts(language_of(tracker)).chat["needs_invitation"])
            return {"unit": None}
        repository = scan_repository()
        state = repository.state(tracker.sender_id)
        if state is None or not state.consented:
            if not start_open_link(tracker, unit):
                return stopped(Stop.RATE_LIMITED)
        else:
            repository.set_context(tracker.sender_id, unit=unit)
        return {"unit": unit}

    def validate_scan_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        questionnaire, state = flow(language_of(tracker)), scan_state(tracker)
        if latest_intent(tracker) == "previous_step" or is_previous_command(str(value), language_of(tracker)):
            before = questionnaire.back(state)
            if before is None:
                dispatcher.utter_message(text=scan_text(language_of(tracker), "scan_no_previous"))
            return {"scan_answer": None, REOPENED_SLOT: before.reopened if before else None}
        step = questionnaire.statement(state)
        if step is None:
            return {"scan_answer": None, REOPENED_SLOT: None}
        if resumed(tracker):
            return {"scan_answer": None}
        parsed = parse_answer_in(str(value), language_of(tracker))
        if not parsed.understood:
            dispatcher.utter_message(response="utter_scan_unclear_answer")
            return {"scan_answer": None}
        item = questionnaire.item(step)
        scan_repository().save_answer(tracker.sender_id, item.id, item.rung, parsed.value)
        if state.reopened:
            dispatcher.utter_message(text=scan_text(language_of(tracker), "scan_answer_changed"))
        after = questionnaire.answer(state, item.id, parsed.value)
        return {"scan_answer": None, REOPENED_SLOT: after.reopened}

    def validate_desired_rung(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        if resumed(tracker):
            return {"desired_rung": None}
        rung = parse_desired_rung(str(value), content(language_of(tracker)).ladder, language_of(tracker))
        if rung is None:
            dispatcher.utter_message(response="utter_scan_unclear_desired")
            return {"desired_rung": None}
        scan_repository().save_desired_rung(tracker.sender_id, rung)
        return {"desired_rung": str(rung)}

    def validate_scan_remark(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        if resumed(tracker):
            return {"scan_remark": None}
        if remark_too_long(str(value)):
            dispatcher.utter_message(text=content(language_of(tracker)).relatives_scan.remark_shortened)
        scan_repository().finish(tracker.sender_id, parse_remark(str(value), language_of(tracker)))
        # stored: the flow has nothing more to ask, so the form ends
        return {"scan_remark": None}
