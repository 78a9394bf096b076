"""The relatives' page in another language, in headless chromium at 360 px.

- Arabic: the page is right to left (layout, bubbles, buttons, the result's ladder picture), never
  wider than the phone, and a whole scan can be finished on it.
- Turkish: switching to Dutch and back in the middle of the scan loses no answer; the messages
  carry the language of the moment as metadata `taal`.
Buttons are chosen by their place in the newest message, so the tests do not depend on the
words. Screenshots: tests/artifacts/chat-ar-*.png and chat-tr-*.png.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import expect

from bot.content import content
from bot.content.pages import pages as page_texts
from bot.languages import LANGUAGES
from bot.storage.repository import ScanRepository
from bot.storage.units import UnitRegistry
from tests.browser.conftest import PHONE, Pages, screenshot, settled_boxes
from tests.servers import Assistant

SCAN = content().relatives_scan
TIMEOUT = 60_000
NEWEST_BUTTONS = ".rw-group-message.rw-from-response:last-of-type .rw-reply"


@pytest.fixture(scope="module")
def unit(web: Assistant) -> str:
    UnitRegistry(web.database_url).add("T7", "De Tulp", open_link=True)
    return "T7"


def session_id(page: Any) -> str:
    return str(json.loads(page.evaluate("window.localStorage.getItem('chat_session')"))["session_id"])


def replies_of_newest(page: Any) -> Any:
    """The buttons of the newest bot message, once they are there."""
    buttons = page.locator(".rw-group-message.rw-from-response").last.locator(".rw-reply")
    expect(buttons.first).to_be_visible(timeout=TIMEOUT)
    return buttons


def click_button(page: Any, position: int) -> None:
    """Click the button at `position` in the newest bot message; wait for the assistant's whole answer.

    The widget shows a reply's messages one by one, with a pause between them; a reply is
    complete when its newest message has buttons again (only the last message shows them).
    Waiting only for its first message lets the next click overtake the reply's question.
    """
    groups = page.locator(".rw-group-message.rw-from-response")
    before = groups.count()
    replies_of_newest(page).nth(position).click()
    expect(groups).not_to_have_count(before, timeout=TIMEOUT)
    replies_of_newest(page)


def no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def stored_answers(web: Assistant, page: Any) -> dict[str, Any]:
    state = ScanRepository(web.database_url).state(session_id(page))
    assert state is not None
    return state.answers


def test_the_arabic_page_is_right_to_left_and_finishes_a_scan_at_360_px(
    pages: Pages, web: Assistant, unit: str
) -> None:
    page = pages.new()
    page.goto(f"{web.url}/chat?afdeling={unit}&taal=ar")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    assert page.locator("#chat").evaluate("e => getComputedStyle(e).direction") == "rtl"
    expect(page.locator("#languages a[aria-current]")).to_have_text("العربية")
    expect(page.locator("#chat-heading")).to_have_text(page_texts("ar")["chat_relatives"]["heading"])
    replies_of_newest(page)
    no_sideways_scroll(page)
    # the assistant's bubbles start on the right; the language buttons fit on the phone
    bubble = page.locator(".rw-response").first.bounding_box()
    assert bubble and bubble["x"] + bubble["width"] > PHONE["width"] - 40
    for link in page.locator("#languages a").all():
        box = link.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    screenshot(page, "chat-ar-start")

    click_button(page, 0)  # consent
    click_button(page, 0)  # relation
    for number in range(len(SCAN.items)):
        click_button(page, number % 4)
        if number == 0:
            no_sideways_scroll(page)
            screenshot(page, "chat-ar-question")
            # the relative's own bubble is on the left
            mine = page.locator(".rw-client").last.bounding_box()
            assert mine and mine["x"] < 40
    click_button(page, 3)  # the desired rung
    replies_of_newest(page).first.click()  # nothing to add
    picture = page.locator(".ladder-picture")
    expect(picture).to_be_visible(timeout=TIMEOUT)
    # the widget draws the picture again as the rest of the reply arrives: a retrying check
    expect(picture).to_have_css("direction", "rtl", timeout=TIMEOUT)
    # the rung's number on the right, its bar to its left, filled from the right
    row = picture.locator(".ladder-rung").last
    number_box, bar_box, fill_box = settled_boxes(
        page, [row.locator(".rung-number"), row.locator(".rung-bar"), row.locator(".rung-fill")]
    )
    assert number_box["x"] > bar_box["x"]
    assert abs((fill_box["x"] + fill_box["width"]) - (bar_box["x"] + bar_box["width"])) <= 2
    picture.scroll_into_view_if_needed()
    no_sideways_scroll(page)
    screenshot(page, "chat-ar-result")

    state = ScanRepository(web.database_url).state(session_id(page))
    assert state is not None and state.finished and state.unit == unit
    scale = [option.value for option in SCAN.scale]
    assert state.answers == {item.id: scale[n % 4] for n, item in enumerate(SCAN.items)}


def test_the_turkish_page_switches_to_dutch_and_back_without_losing_an_answer(
    pages: Pages, web: Assistant, unit: str
) -> None:
    page = pages.new()
    page.goto(f"{web.url}/chat?afdeling={unit}&taal=tr")
    assert page.evaluate("document.documentElement.lang") == "tr"
    click_button(page, 0)  # consent
    click_button(page, 0)  # relation
    clicked = []
    for position in (0, 1, 2):
        click_button(page, position)
        clicked.append(position)
    screenshot(page, "chat-tr-before-switch")

    said = page.locator(".rw-response")
    before = said.count()
    page.locator("#languages a[data-taal=nl]").click()
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["nl", "ltr"]
    dutch = page_texts("nl")["chat_relatives"]
    expect(page.locator("#chat-heading")).to_have_text(dutch["heading"])
    assert page.locator(".rw-new-message").get_attribute("aria-label") == dutch["input_label"]
    assert "taal=nl" in page.url and f"afdeling={unit}" in page.url
    # the assistant answers the switch (it asks the current question again) and its buttons are there
    expect(said).not_to_have_count(before, timeout=TIMEOUT)
    groups = page.locator(".rw-group-message.rw-from-response")
    expect(groups.last.locator(".rw-reply").first).to_be_visible(timeout=TIMEOUT)
    screenshot(page, "chat-tr-switched-to-dutch")
    for position in (3, 0):
        click_button(page, position)
        clicked.append(position)

    before = said.count()
    page.locator("#languages a[data-taal=tr]").click()
    assert page.evaluate("document.documentElement.lang") == "tr"
    expect(said).not_to_have_count(before, timeout=TIMEOUT)
    expect(groups.last.locator(".rw-reply").first).to_be_visible(timeout=TIMEOUT)
    for position in (1, 2):
        click_button(page, position)
        clicked.append(position)
    screenshot(page, "chat-tr-back-in-turkish")

    scale = [option.value for option in SCAN.scale]
    expected = {item.id: scale[position] for item, position in zip(SCAN.items, clicked, strict=False)}
    assert stored_answers(web, page) == expected, "every answer kept, none given twice"
    # every message carried the language of its moment; a reload keeps the last one
    events = web.tracker(session_id(page))["events"]
    languages = [(e.get("metadata") or {}).get("taal") for e in events if e.get("event") == "user"]
    assert languages[0] == "tr" and "nl" in languages and languages[-1] == "tr"
    assert any('/choose_language{"taal":"nl"}' in str(e.get("text")) for e in events if e.get("event") == "user")
    page.goto(f"{web.url}/chat?afdeling={unit}")
    assert page.evaluate("document.documentElement.lang") == "tr"
    no_sideways_scroll(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_reads_at_360_px_without_sideways_scrolling(
    pages: Pages, web: Assistant, unit: str, language: str
) -> None:
    page = pages.new()
    page.goto(f"{web.url}/chat?afdeling={unit}&taal={language}")
    replies_of_newest(page)
    expect(page.locator("#chat-heading")).to_have_text(page_texts(language)["chat_relatives"]["heading"])
    assert page.locator("#chat-status").is_hidden()
    no_sideways_scroll(page)
    box = page.locator(".rw-new-message").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    screenshot(page, f"chat-{language}-phone")
