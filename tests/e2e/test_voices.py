"""Over REST: a relative hears "u" and only relatives' options, a carer hears "je".

A relative is recognised by the unit in the message metadata (`afdeling`, as the relatives'
page sends it); a carer by the rehearsal page's metadata (`pagina: oefenen`) or by choosing a
carers' option (here: the menu button "Tips voor medewerkers", payload /tip).
"""

from __future__ import annotations

import re
import uuid
from typing import Any, Optional

import pytest

from tests.servers import Assistant, buttons, texts

INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)
FORMAL = re.compile(r"\b(u|uw|uzelf)\b", re.IGNORECASE)
CARERS_OPTIONS = {"/tip", "/start_rehearsal", "/start_walkthrough"}
# the shared replies, asked by payload so that the voice is tested, not the NLU model
SHARED = {
    "greeting": "/greet",
    "help": "/help",
    "thanks": "/thank",
    "goodbye": "/goodbye",
    "bot challenge": "/bot_challenge",
    "stop": "/stop",
    "out of scope": "/out_of_scope",
    "erasure": "/delete_my_data",
}


def payloads(replies: list[dict[str, Any]]) -> set[str]:
    return {b["payload"] for r in replies for b in r.get("buttons") or []}


def conversation(assistant: Assistant, metadata: Optional[dict[str, str]], first: Optional[str] = None) -> str:
    sender = f"e2e-voice-{uuid.uuid4().hex[:10]}"
    if first:
        assistant.say(sender, first, metadata)
    return sender


@pytest.mark.parametrize("name", SHARED)
def test_a_relative_hears_u_and_only_relatives_options(assistant: Assistant, name: str) -> None:
    metadata = {"afdeling": "B2"}
    sender = conversation(assistant, metadata)
    replies = assistant.say(sender, SHARED[name], metadata)
    text = texts(replies)
    assert text, name
    assert not INFORMAL.search(text), f"{name}: {text}"
    assert FORMAL.search(text) or name == "bot challenge" and "digitale assistent" in text, f"{name}: {text}"
    assert not payloads(replies) & CARERS_OPTIONS, f"{name}: carers' options for a relative: {buttons(replies)}"


def test_the_relatives_menu(assistant: Assistant) -> None:
    replies = assistant.say(conversation(assistant, None), "/greet", {"pagina": "naasten"})
    assert {"/start_scan", "/delete_my_data"} <= payloads(replies)
    assert not payloads(replies) & CARERS_OPTIONS


@pytest.mark.parametrize("how", ["rehearsal page", "chose tips"])
@pytest.mark.parametrize("name", SHARED)
def test_a_carer_hears_je(assistant: Assistant, name: str, how: str) -> None:
    if how == "rehearsal page":
        metadata: Optional[dict[str, str]] = {"pagina": "oefenen"}
        sender = conversation(assistant, metadata)
    else:
        metadata = None
        sender = conversation(assistant, metadata, first="/tip")
    replies = assistant.say(sender, SHARED[name], metadata)
    text = texts(replies)
    assert text, name
    assert not FORMAL.search(text), f"{name} ({how}): {text}"
    assert INFORMAL.search(text) or name == "goodbye" and "je tijd" in text, f"{name} ({how}): {text}"


def test_a_relative_who_started_the_scan_stays_a_relative(assistant: Assistant) -> None:
    sender = conversation(assistant, None, first="/start_scan")
    assistant.say(sender, "/stop")
    replies = assistant.say(sender, "/help")
    assert "Dit kan ik voor u doen" in texts(replies)
    assert not payloads(replies) & CARERS_OPTIONS
