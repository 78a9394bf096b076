"""Over REST: on the relatives' page a relative stays on the relatives' path (issue 21).

Typed requests for the rehearsal, the walkthrough, the staff scan, the action plan or a carers' tip
never start them: the reply is a relatives' answer (or the closest relatives' questions) in "u",
without carers' options, and none of the carers' flows runs. A question about the first
conversation or about the result gets its relatives' answer, and the scan does not start again.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from bot.content import content
from bot.content.relatives_questions import answer_text, relatives_questions
from tests.servers import Assistant, texts

QUESTIONS = relatives_questions().questions
TIP_TEXTS = [tip.text for tip in content().tips.values()]
CARER_WORDS = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)
# the metadata the relatives' page sends with every message (bot/web/site.py, static/chat.js)
RELATIVES_PAGE = {"pagina": "naasten", "afdeling": "B2"}
CARERS_PAYLOADS = {"/tip", "/start_rehearsal", "/start_walkthrough", "/start_team_scan", "/team_action_plan"}
CARERS_ACTIONS = {
    "rehearsal_form",
    "walkthrough_form",
    "team_scan_form",
    "action_team_scan_start",
    "action_team_action_plan",
    "action_walkthrough_done",
    "action_rehearsal_feedback",
}
# typed as a carer would ask; each is read as a carers' request without the page (data/nlu)
STAFF_REQUESTS = [
    "ik wil een gesprek oefenen",
    "start het oefengesprek",
    "kan ik het startgesprek oefenen met een familielid",
    "loop het startgesprek met me door",
    "checklist kennismakingsgesprek",
    "stap voor stap door het kennismakingsgesprek",
    "teamscan",
    "ik wil de quick scan voor medewerkers invullen",
    "maak een actieplan voor ons team",
    "geef me een tip voor het gesprek met een boze dochter",
    "hoe betrek ik de familie bij het zorgoverleg",
    "wat is een eerste gesprek met de familie eigenlijk, moet ik me voorbereiden?",
]


def new_sender() -> str:
    return f"e2e-path-{uuid.uuid4().hex[:12]}"


def _words_and_payloads(replies: list[dict[str, Any]]) -> tuple[str, set[str]]:
    titles = "\n".join(b.get("title", "") for r in replies for b in r.get("buttons") or [])
    payloads = {str(b.get("payload", "")).split("{")[0] for r in replies for b in r.get("buttons") or []}
    return texts(replies) + "\n" + titles, payloads


def _actions(tracker: dict[str, Any]) -> set[str]:
    return {str(e.get("name")) for e in tracker.get("events") or [] if e.get("event") == "action"}


def _assert_on_relatives_path(assistant: Assistant, sender: str, message: str, replies: list[dict[str, Any]]) -> None:
    said, payloads = _words_and_payloads(replies)
    assert said.strip(), message
    assert not CARER_WORDS.search(said), (message, said[:300])
    assert not [tip for tip in TIP_TEXTS if tip in said], (message, said[:300])
    assert not payloads & CARERS_PAYLOADS, (message, payloads)
    tracker = assistant.tracker(sender)
    assert not _actions(tracker) & CARERS_ACTIONS, (message, _actions(tracker) & CARERS_ACTIONS)
    assert (tracker.get("active_loop") or {}).get("name") in (None, "scan_form"), message
    assert tracker["slots"].get("reader") == "naaste", message


@pytest.mark.parametrize("message", STAFF_REQUESTS)
def test_a_typed_carers_request_on_the_relatives_page_starts_nothing(assistant: Assistant, message: str) -> None:
    sender = new_sender()
    replies = assistant.say(sender, message, metadata=RELATIVES_PAGE)
    _assert_on_relatives_path(assistant, sender, message, replies)
    # the next message is still read on the relatives' path
    replies = assistant.say(sender, "ja graag", metadata=RELATIVES_PAGE)
    _assert_on_relatives_path(assistant, sender, "ja graag", replies)


def test_the_first_conversation_gets_the_relatives_answer(assistant: Assistant) -> None:
    sender = new_sender()
    message = "wat is een eerste gesprek met de familie eigenlijk, moet ik me voorbereiden?"
    replies = assistant.say(sender, message, metadata=RELATIVES_PAGE)
    assert answer_text(QUESTIONS["kennismakingsgesprek"]) in texts(replies), texts(replies)[:300]


def test_the_meaning_of_the_result_gets_the_relatives_answer_not_the_scan(assistant: Assistant) -> None:
    sender = new_sender()
    replies = assistant.say(sender, "wat betekent de uitslag van mijn vragenlijst", metadata=RELATIVES_PAGE)
    assert answer_text(QUESTIONS["uitslag"]) in texts(replies), texts(replies)[:300]
    assert "scan_form" not in _actions(assistant.tracker(sender))


def test_mid_scan_a_carers_request_brings_back_the_same_question(assistant: Assistant) -> None:
    sender = new_sender()
    first = texts(assistant.say(sender, "/start_scan", metadata=RELATIVES_PAGE))
    assert first
    for message in ("ik wil een gesprek oefenen", "teamscan", "loop het startgesprek met me door"):
        replies = assistant.say(sender, message, metadata=RELATIVES_PAGE)
        _assert_on_relatives_path(assistant, sender, message, replies)
        assert (assistant.tracker(sender).get("active_loop") or {}).get("name") == "scan_form", message


def test_the_same_requests_without_the_page_still_reach_a_carer(assistant: Assistant) -> None:
    """The guard is the page: on the rehearsal page the walkthrough and the staff scan still start."""
    for message, action in (
        ("loop het startgesprek met me door", "walkthrough_form"),
        ("teamscan", "action_team_scan_start"),
    ):
        sender = new_sender()
        assistant.say(sender, message, metadata={"pagina": "oefenen"})
        assert action in _actions(assistant.tracker(sender)), message
