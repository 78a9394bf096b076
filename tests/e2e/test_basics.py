"""Talking to the real servers over the REST channel: welcome, fallback, bad input."""

from __future__ import annotations

import uuid

import pytest

from tests.servers import Assistant, buttons, texts

DUTCH_WORDS = {"u", "ik", "je", "niet", "kan", "wilt", "het", "een", "de", "dat", "welkom", "sorry"}


def new_sender() -> str:
    return f"e2e-{uuid.uuid4().hex[:12]}"


WHO_BUTTONS = ["Ik ben familie of naaste", "Ik werk hier"]


def test_greeting_gets_dutch_welcome_and_asks_who_reads(assistant: Assistant) -> None:
    sender = new_sender()
    replies = assistant.say(sender, "hallo")
    assert "Welkom bij Samenspraak" in texts(replies)
    assert "Bent u familie of naaste van een bewoner, of werkt u hier?" in texts(replies)
    assert buttons(replies) == WHO_BUTTONS
    # the answer sets who reads: from then on the carers' menu, in "je"
    replies = assistant.say(sender, '/greet{"reader": "medewerker"}')
    assert "Waar wil je mee beginnen?" in texts(replies)
    assert {"Tips voor medewerkers", "Gesprek oefenen", "Startgesprek stap voor stap"} <= set(buttons(replies))


def test_help_shows_the_menu(assistant: Assistant) -> None:
    replies = assistant.say(new_sender(), "wat kun je allemaal?")
    assert "Ik help naasten en medewerkers" in texts(replies)
    assert buttons(replies) == WHO_BUTTONS


def test_bot_challenge_says_it_is_digital(assistant: Assistant) -> None:
    replies = assistant.say(new_sender(), "ben jij een echt mens?")
    assert "digitale assistent" in texts(replies)


def test_nonsense_gets_fallback_not_a_guess(assistant: Assistant) -> None:
    replies = assistant.say(new_sender(), "qwx vlorp zzgrt")
    text = texts(replies)
    assert "begreep ik niet" in text or "niet mee helpen" in text
    assert buttons(replies) == WHO_BUTTONS


@pytest.mark.parametrize(
    "message",
    [
        "",
        "   ",
        "a" * 10_000,
        "🙂🙂🙂",
        "<script>alert('x')</script>",
        "'; DROP TABLE answers; --",
        "/unknown_intent",
        '/greet{"slot": ',
    ],
    ids=["empty", "spaces", "10k", "emoji", "script", "sql", "unknown-payload", "broken-payload"],
)
def test_bad_input_gets_a_dutch_answer(assistant: Assistant, message: str) -> None:
    replies = assistant.say(new_sender(), message)
    text = texts(replies)
    assert text, f"no answer to {message[:30]!r}"
    assert DUTCH_WORDS & set(text.lower().replace(".", " ").replace(",", " ").split()), text


def test_unknown_payload_gets_the_menu_not_a_guess(assistant: Assistant) -> None:
    replies = assistant.say(new_sender(), "/bestaat_niet")
    assert buttons(replies) == WHO_BUTTONS, texts(replies)
