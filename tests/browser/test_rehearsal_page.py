"""The carers' rehearsal page /oefenen in headless chromium."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from bot.content import content
from tests.browser.conftest import DESKTOP, Pages, screenshot
from tests.servers import Assistant

TIMEOUT = 60_000
PERSONA = next(iter(content().personas.values())).label


def newest_bot(page: Any) -> Any:
    return page.locator(".rw-group-message.rw-from-response").last


def settle(page: Any) -> None:
    """Wait until the relative has answered: newest message from the bot, no "typing" left."""
    expect(page.locator(".rw-group-message").last).to_have_class(re.compile("rw-from-response"), timeout=TIMEOUT)
    for _ in range(2):  # the widget shows queued bot messages one by one
        expect(page.locator(".rw-typing-indication")).to_have_count(0, timeout=TIMEOUT)
        page.wait_for_timeout(1500)


def say(page: Any, text: str) -> None:
    """Type a turn in the input and send it with Enter, as a carer would."""
    field = page.locator(".rw-new-message")
    field.fill(text)
    field.press("Enter")
    expect(page.locator(".rw-group-message.rw-from-client").last).to_contain_text(text[:40], timeout=TIMEOUT)


def start(page: Any, web: Assistant) -> None:
    page.goto(f"{web.url}/oefenen")
    expect(page.locator(".rw-reply", has_text=PERSONA)).to_be_visible(timeout=TIMEOUT)
    assert page.locator(".rw-new-message").get_attribute("aria-label") == "Jouw bericht"


def test_carer_chooses_persona_talks_and_gets_feedback(pages: Pages, web: Assistant) -> None:
    page = pages.new(viewport=DESKTOP)
    start(page, web)
    page.locator(".rw-reply", has_text=PERSONA).click()
    settle(page)
    say(page, "Goedemiddag, ik ben Sanne, de vaste verzorgende van uw moeder hier op de afdeling.")
    settle(page)
    say(page, "Hoe gaat het eigenlijk met u, nu uw moeder hier woont?")
    settle(page)
    say(page, "afronden")
    expect(page.locator(".rw-messages-container")).to_contain_text(
        re.compile(r"Je hebt \d+ van de \d+ tips toegepast"), timeout=TIMEOUT
    )
    # the reading of the turns follows the score on the page too (bot/rehearsal/feedback.py)
    expect(page.locator(".rw-messages-container")).to_contain_text("Je stelde 1 vraag, 1 open.", timeout=TIMEOUT)
    expect(page.locator(".rw-messages-container")).to_contain_text(re.compile(r"Jij sprak \d+ % van de woorden"))
    settle(page)
    screenshot(page, "rehearsal-desktop-feedback")
    # the rehearsal lives in sessionStorage, apart from a relative's conversation in localStorage
    assert page.evaluate("window.sessionStorage.getItem('chat_session')")
    assert page.evaluate("window.localStorage.getItem('chat_session')") is None


def test_very_long_turn_is_answered(pages: Pages, web: Assistant) -> None:
    page = pages.new()
    start(page, web)
    page.locator(".rw-reply", has_text=PERSONA).click()
    settle(page)
    say(page, "Ik wil u graag leren kennen. " * 150)
    settle(page)
    expect(newest_bot(page)).to_contain_text(re.compile(r"\w"))
    if page.locator(".rw-reply", has_text="Afronden").count():
        hint = page.locator(".rw-new-message").get_attribute("placeholder")
        assert hint == "Typ wat je zegt, of kies een knop hierboven"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "rehearsal-phone-long-turn")
