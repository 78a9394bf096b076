"""The relatives' quick scan as a Rasa form: asking, validating and storing every answer."""

from __future__ import annotations

from typing import Any, Optional

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    FORGET_SLOT,
    extract_unless_interrupted,
    language_of,
    latest_intent,
    menu,
    page_metadata,
    scan_repository,
    text_buttons,
    unit_registry,
)
from bot.content import content, limit_texts
from bot.content.forms import interruptions
from bot.content.invitations import invitation_texts
from bot.content.replies import RELATIVE, replies
from bot.intake import CLIENT_KEY
from bot.invitations import LINK_PARAMETER, normalize_code
from bot.privacy import consent_messages, settings_text
from bot.scan import (
    RELATIONS,
    is_previous_command,
    item_by_id,
    looks_like_unit,
    match_unit,
    parse_answer_in,
    parse_desired_rung,
    parse_relation,
    parse_remark,
    parse_unit,
    previous_item,
    progress,
    remark_too_long,
)
from bot.scoring import build_result
from bot.storage.invitations import Claim, InvitationRepository
from bot.storage.repository import sender_key
from bot.storage.scan_starts import ScanStarts
from bot.web.result_copy import copy_path

Slots = dict[str, Any]
# Intents that interrupt the scan: answered by a rule, then the same question comes back.
INTERRUPTIONS = interruptions()["scan_form"]  # bot/content/forms.yml
# the unit slot's value when the scan ends before anything is stored: the relative does not know
# the unit, or too many new scans came from this client address in the last hour
NO_UNIT = "-"
RATE_LIMITED = "!"
# too many wrong invitation codes from this client address in the last hour
CODE_LIMITED = "#"
MAX_UNIT_BUTTONS = 8
# "Klaar op dit apparaat": a goodbye that also starts a fresh chat on this device (rule in data/)
DEVICE_DONE_PAYLOAD = '/goodbye{"device": "klaar"}'
PAGE_CHANNEL = "socketio"


def _say(lang: str, key: str, **values: object) -> str:
    """A scan text: the scan is for relatives, so always in their voice, in their language."""
    return replies(lang).message(key, RELATIVE, **values)


def claim_invitation(tracker: Tracker, dispatcher: CollectingDispatcher, code: str) -> Slots:
    """Start (or resume) the scan with an invitation code; the unit slot, or what went wrong said."""
    client = str(page_metadata(tracker, CLIENT_KEY) or "")
    result = InvitationRepository().claim(code, tracker.sender_id, client)
    texts = invitation_texts(language_of(tracker)).chat
    if result.outcome == Claim.LIMITED:
        # nothing stored; the scan ends with a kind message (ActionScanResult)
        return {"unit": CODE_LIMITED, "scan_consent": False}
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


def continue_button(lang: str) -> list[dict[str, str]]:
    """The button that resumes the scan where it was."""
    return [{"title": _say(lang, "scan_continue_button"), "payload": "/start_scan"}]


def resumed(tracker: Tracker) -> bool:
    """True when the relative pressed "Verder met de vragenlijst" inside the scan.

    E.g. after a service was away (addons/availability.py): it is not an answer, the current
    question comes back.
    """
    return latest_intent(tracker) == "start_scan"


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
            # the unit comes first: nothing is stored until the relative consented and named a
            # registered unit (the page address usually gives it)
            return ["scan_consent", "unit", "relation", "scan_answer", "desired_rung", "scan_remark"]
        if state.finished:
            return []
        needed = []
        if state.unit is None:
            needed.append("unit")
        if state.relation is None:
            needed.append("relation")
        scan = content(language_of(tracker)).relatives_scan
        redo = tracker.get_slot("scan_redo")
        if redo or progress(scan, state.answers).next_item is not None:
            needed.append("scan_answer")
        if state.desired_rung is None:
            needed.append("desired_rung")
        needed.append("scan_remark")
        return needed

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
            if claimed["unit"] == CODE_LIMITED:
                return claimed
            if claimed["unit"] is not None:
                dispatcher.utter_message(text=_say(language_of(tracker), "scan_start"))
            return {"scan_consent": True, **claimed}
        slots: Slots = {"scan_consent": True, "unit": None}
        page_unit = page_metadata(tracker, "afdeling")
        unit = unit_registry().get(str(page_unit)) if page_unit else None
        if unit is not None and unit.open_link:
            if not start_open_link(tracker, unit.code):
                # too many new scans from this client address in the last hour: nothing is stored
                return {"scan_consent": False, "unit": RATE_LIMITED}
            slots["unit"] = unit.code
        dispatcher.utter_message(text=_say(language_of(tracker), "scan_start"))
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
            return {"unit": NO_UNIT, "scan_consent": False}
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
                return {"unit": RATE_LIMITED, "scan_consent": False}
        else:
            repository.set_context(tracker.sender_id, unit=unit)
        return {"unit": unit}

    def validate_scan_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        scan = content(language_of(tracker)).relatives_scan
        repository = scan_repository()
        state = repository.state(tracker.sender_id)
        answers = state.answers if state else {}
        if latest_intent(tracker) == "previous_step" or is_previous_command(str(value)):
            before = previous_item(scan, answers)
            if before is None:
                dispatcher.utter_message(text=_say(language_of(tracker), "scan_no_previous"))
                return {"scan_answer": None, "scan_redo": None}
            return {"scan_answer": None, "scan_redo": before.id}
        redo = tracker.get_slot("scan_redo")
        item = item_by_id(scan, redo) if redo else progress(scan, answers).next_item
        if item is None:
            return {"scan_answer": None, "scan_redo": None}
        if resumed(tracker):
            return {"scan_answer": None}
        parsed = parse_answer_in(str(value), language_of(tracker))
        if not parsed.understood:
            dispatcher.utter_message(response="utter_scan_unclear_answer")
            return {"scan_answer": None}
        repository.save_answer(tracker.sender_id, item.id, item.rung, parsed.value)
        if redo:
            dispatcher.utter_message(text=_say(language_of(tracker), "scan_answer_changed"))
        return {"scan_answer": None, "scan_redo": None}

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
        return {"scan_remark": "klaar"}


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
                {"title": _say(language_of(tracker), "scan_consent_yes"), "payload": "/affirm"},
                {"title": _say(language_of(tracker), "scan_consent_no"), "payload": "/deny"},
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
            buttons=text_buttons(label for label, _ in RELATIONS.values()),
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
        scan = content(language_of(tracker)).relatives_scan
        state = scan_repository().state(tracker.sender_id)
        answers = state.answers if state else {}
        redo: Optional[str] = tracker.get_slot("scan_redo")
        step = progress(scan, answers, redo=redo)
        if step.next_item is None:
            return []
        lines = []
        if latest_intent(tracker) == "start_scan" and answers:
            lines.append(_say(language_of(tracker), "scan_welcome_back", number=step.next_number, total=step.total))
        elif redo:
            lines.append(_say(language_of(tracker), "scan_change_now"))
        question = _say(language_of(tracker), "scan_question", number=step.next_number, total=step.total)
        lines.append(f"{question}\n{step.next_item.text}")
        if step.next_item.explain:
            lines.append(f"({step.next_item.explain})")
        if step.next_number == 1 and not answers:
            lines.append(_say(language_of(tracker), "scan_first_question_note"))
        dispatcher.utter_message(text="\n".join(lines), buttons=text_buttons(option.label for option in scan.scale))
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
            buttons=[{"title": _say(language_of(tracker), "scan_no_remark_button"), "payload": "nee"}],
        )
        return []


class ActionScanResult(Action):
    """Ends the form: the ladder result and next step, or a kind goodbye without consent."""

    def name(self) -> str:
        return "action_scan_result"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        data = content(language_of(tracker))
        reset = [SlotSet(slot, None) for slot in ("scan_consent", "scan_answer", "scan_redo", "scan_remark")]
        repository = scan_repository()
        state = repository.state(tracker.sender_id)
        if state is None or not state.consented:
            # declined, or no registered unit: nothing stored, and the conversation is forgotten
            ended = tracker.get_slot("unit")
            if ended == NO_UNIT:
                text = data.privacy.unit["none"]
            elif ended == RATE_LIMITED:
                text = limit_texts(language_of(tracker)).too_many_scans
            elif ended == CODE_LIMITED:
                text = invitation_texts(language_of(tracker)).chat["limited"]
            else:
                text = data.relatives_scan.consent_declined
            dispatcher.utter_message(text=text, buttons=menu(tracker))
            return [*reset, SlotSet("unit", None), SlotSet(FORGET_SLOT, True)]
        if state.desired_rung is None:
            return reset
        result = build_result(data, state.answers, state.desired_rung)
        for index, message in enumerate(result.messages):
            dispatcher.utter_message(text=message)
            if index == result.profile_index and self._draws_pictures(tracker):
                # the relatives' page draws the profile as a small picture (chat.js)
                dispatcher.utter_message(json_message={"data": result.picture})
        self._offer_copy(dispatcher, tracker, state.id)
        code = repository.issue_erasure_code(tracker.sender_id)
        device_button = [{"title": data.privacy.device["button"], "payload": DEVICE_DONE_PAYLOAD}]
        texts = data.privacy.code
        dispatcher.utter_message(text=texts["thanks"])
        if code is not None:
            dispatcher.utter_message(
                text=settings_text(texts["shown"], language_of(tracker), code=code), buttons=device_button
            )
        else:
            dispatcher.utter_message(text=texts["given_before"], buttons=device_button)
        return reset

    def _offer_copy(self, dispatcher: CollectingDispatcher, tracker: Tracker, respondent_id: str) -> None:
        """The link to the copy to take along: a link on the page, a web_url button over REST."""
        texts = content(language_of(tracker)).relatives_scan.result
        link = copy_path(respondent_id, sender_key(tracker.sender_id))
        if self._draws_pictures(tracker):
            dispatcher.utter_message(text=texts.copy_offer)
            # the page draws it as a link that opens in a new tab (chat.js)
            dispatcher.utter_message(
                json_message={"data": {"samenspraak": "copy", "href": link, "label": texts.copy_button}}
            )
        else:
            button = {"title": texts.copy_button, "type": "web_url", "url": link, "payload": link}
            dispatcher.utter_message(text=texts.copy_offer, buttons=[button])

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
        dispatcher.utter_message(text=content(language_of(tracker)).relatives_scan.why)
        return []


class ActionScanPause(Action):
    """Says the answers are kept and how to continue later."""

    def name(self) -> str:
        return "action_scan_pause"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            text=content(language_of(tracker)).relatives_scan.paused, buttons=continue_button(language_of(tracker))
        )
        return []
