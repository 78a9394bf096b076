"""Talking to the real servers over the REST channel: welcome, fallback, bad input."""

from __future__ import annotations

import uuid

import pytest

from tests.servers import Assistant, buttons, texts

pytestmark = pytest.mark.e2e
DUTCH_WORDS = {"u", "ik", "je", "niet", "kan", "wilt", "het", "een", "de", "dat", "welkom", "sorry"}


def new_sender() -> str:
    return f"e2e-{uuid.uuid4().hex[:12]}"


def test_greeting_gets_dutch_welcome_with_menu(assistant: Assistant) -> None:
    replies = assistant.say(new_sender(), "hallo")
    assert "Welkom bij Samenspraak" in texts(replies)
    assert {"Vragenlijst voor naasten", "Gesprek oefenen", "Startgesprek stap voor stap"} <= set(buttons(replies))


def test_help_shows_the_menu(assistant: Assistant) -> None:
    replies = assistant.say(new_sender(), "wat kun je allemaal?")
    assert "Dit kan ik voor u doen" in texts(replies)
    assert "Vragenlijst voor naasten" in buttons(replies)


def test_bot_challenge_says_it_is_digital(assistant: Assistant) -> None:
    replies = assistant.say(new_sender(), "ben jij een echt mens?")
    assert "digitale assistent" in texts(replies)


def test_nonsense_gets_fallback_not_a_guess(assistant: Assistant) -> None:
    replies = assistant.say(new_sender(), "qwx vlorp zzgrt")
    text = texts(replies)
    assert "begreep ik niet" in text or "niet mee helpen" in text
    assert "Vragenlijst voor naasten" in buttons(replies)


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
    assert "Vragenlijst voor naasten" in buttons(replies), texts(replies)
