"""The relatives' chat page /chat?afdeling=CODE in headless chromium."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from pypdf import PdfReader

from bot.content import content
from bot.content.pages import pages as content_pages
from bot.storage.repository import ScanRepository
from bot.storage.units import UnitRegistry
from tests.browser.conftest import DESKTOP, Pages, screenshot, settled_boxes
from tests.servers import Assistant

SCAN = content().relatives_scan
TOTAL = len(SCAN.items)
TIMEOUT = 60_000
BUTTON_HINT = "Kies een knop hierboven of typ uw antwoord"


def newest_bot_text(page: Any) -> str:
    return str(page.locator(".rw-group-message.rw-from-response").last.inner_text())


def wait_for_bot(page: Any, pattern: str) -> None:
    """Wait until the newest bot message group contains `pattern` (a regular expression)."""
    newest = page.locator(".rw-group-message.rw-from-response").last
    expect(newest).to_contain_text(re.compile(pattern), timeout=TIMEOUT)


def choose(page: Any, title: str) -> None:
    """Click the quick reply with this title in the newest bot message."""
    button = page.locator(".rw-reply", has_text=title).last
    button.wait_for(state="visible", timeout=TIMEOUT)
    button.click()


def session_id(page: Any) -> str:
    stored = page.evaluate("window.localStorage.getItem('chat_session')")
    assert stored, "the widget keeps its session in localStorage"
    return str(json.loads(stored)["session_id"])


@pytest.fixture(scope="module")
def unit(web: Assistant) -> str:
    UnitRegistry(web.database_url).add("B2", "Het Anker", open_link=True)
    return "B2"


def test_relative_answers_by_buttons_and_continues_after_reload(pages: Pages, web: Assistant, unit: str) -> None:
    page = pages.new()
    page.goto(f"{web.url}/chat?afdeling={unit}")
    assert "width=device-width" in page.locator("meta[name=viewport]").get_attribute("content")
    choose(page, "Ja, ik doe mee")
    choose(page, "Zoon of dochter")
    for number, answer in zip((1, 2, 3), ("Ja, (bijna) altijd", "Soms", "Meestal wel"), strict=False):
        wait_for_bot(page, f"Vraag {number} van {TOTAL}")
        assert page.locator(".rw-new-message").get_attribute("placeholder") == BUTTON_HINT
        if number == 1:
            screenshot(page, "chat-phone-question")
        choose(page, answer)
    wait_for_bot(page, f"Vraag 4 van {TOTAL}")
    before = session_id(page)

    page.reload()
    wait_for_bot(page, f"Vraag 4 van {TOTAL}")
    assert session_id(page) == before, "a reload keeps the same conversation"
    assert "Vraag 1 van" in page.locator(".rw-messages-container").inner_text(), "the history is still shown"
    screenshot(page, "chat-phone-after-reload")
    choose(page, "Nee, (bijna) nooit")
    wait_for_bot(page, f"Vraag 5 van {TOTAL}")

    stored = list(ScanRepository(web.database_url).export(unit=unit))
    by_item = {row.item_id: row.value for row in stored}
    assert [by_item.get(item.id) for item in SCAN.items[:4]] == [4, 2, 3, 1]
    assert {row.relation for row in stored} == {"kind"}
    # the page never shows the session id
    assert before not in page.content()


def test_result_shows_the_profile_as_a_small_picture(pages: Pages, web: Assistant, unit: str) -> None:
    page = pages.new()
    page.goto(f"{web.url}/chat?afdeling={unit}")
    choose(page, "Ja, ik doe mee")
    choose(page, "Andere familie")
    # rungs 1-3 always, rung 4 sometimes, rung 5 never: the collaboration stands on rung 4 (partly)
    answer = {
        1: "Ja, (bijna) altijd",
        2: "Ja, (bijna) altijd",
        3: "Ja, (bijna) altijd",
        4: "Soms",
        5: "Nee, (bijna) nooit",
    }
    for number, item in enumerate(SCAN.items, start=1):
        wait_for_bot(page, f"Vraag {number} van {TOTAL}")
        choose(page, answer[item.rung])
    wait_for_bot(page, "Op welke trede")
    choose(page, "5. Samen doen")
    choose(page, "Nee, niets toe te voegen")
    # the widget draws a custom message again with every new message: wait for the last one
    wait_for_bot(page, "Bedankt voor het invullen")
    picture = page.locator(".ladder-picture")
    picture.wait_for(state="visible", timeout=TIMEOUT)
    assert picture.get_attribute("role") == "img"
    alt = picture.get_attribute("aria-label") or ""
    assert "4. Samen overleggen en afstemmen: deels (nu)" in alt
    assert "5. Samen doen: nog niet (gewenst)" in alt and "1. Elkaar informeren: gaat goed" in alt
    rows = picture.locator(".ladder-rung")
    assert rows.count() == 5
    assert [rows.nth(i).locator(".rung-number").inner_text() for i in range(5)] == ["5", "4", "3", "2", "1"]
    assert picture.locator(".is-now .rung-number").inner_text() == "4"
    assert picture.locator(".is-desired .rung-number").inner_text() == "5"
    # the bars show the status: full for "gaat goed", shorter for "deels", almost empty for "nog niet"
    widths = [box["width"] for box in settled_boxes(page, [rows.nth(i).locator(".rung-fill") for i in range(5)])]
    assert widths[0] < widths[1] < widths[2] == widths[3] == widths[4]
    # the empty part of a bar stays visible (the widget's reset removes borders from spans)
    track = rows.nth(0).locator(".rung-bar").evaluate("e => getComputedStyle(e).borderTopWidth")
    assert track == "1px"
    log = page.locator(".rw-messages-container")
    expect(log).to_contain_text("De samenwerking tussen u en het team staat op trede 4")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    picture.scroll_into_view_if_needed()
    screenshot(page, "chat-phone-result-picture")
    # the page keeps the conversation: after a reload the picture is drawn again
    page.reload()
    wait_for_bot(page, "Bedankt voor het invullen")
    expect(page.locator(".ladder-picture")).to_have_attribute("aria-label", alt, timeout=TIMEOUT)
    assert not pages.errors, pages.errors


def test_erasure_also_clears_the_conversation_in_the_browser(pages: Pages, web: Assistant, unit: str) -> None:
    page = pages.new()
    page.goto(f"{web.url}/chat?afdeling={unit}")
    choose(page, "Ja, ik doe mee")
    choose(page, "Partner")
    wait_for_bot(page, f"Vraag 1 van {TOTAL}")
    choose(page, "Soms")
    wait_for_bot(page, f"Vraag 2 van {TOTAL}")
    sender = session_id(page)
    assert ScanRepository(web.database_url).state(sender) is not None

    page.locator(".rw-new-message").fill("verwijder mijn gegevens")
    page.keyboard.press("Enter")
    choose(page, "Ja, verwijder alles")
    wait_for_bot(page, "Dit is verwijderd")
    log = page.locator(".rw-messages-container")
    expect(log).not_to_contain_text("Vraag 1 van", timeout=TIMEOUT)
    assert ScanRepository(web.database_url).state(sender) is None
    stored = page.evaluate("window.localStorage.getItem('chat_session')") or ""
    assert "Vraag 1 van" not in stored and "Soms" not in stored

    page.reload()
    wait_for_bot(page, "Dit is verwijderd")
    expect(log).not_to_contain_text("Vraag 1 van")
    screenshot(page, "chat-phone-after-erasure")


def wait_for_new_session(page: Any, old: str) -> None:
    """Wait until the page runs a conversation with another session id than `old`."""
    deadline = time.monotonic() + TIMEOUT / 1000
    while time.monotonic() < deadline:
        try:
            stored = page.evaluate("window.localStorage.getItem('chat_session')")
        except PlaywrightError:  # the page is reloading
            stored = None
        if stored and json.loads(stored).get("session_id") not in (None, old):
            return
        page.wait_for_timeout(250)
    pytest.fail("the page did not start a new conversation")


def test_done_on_this_device_leaves_a_fresh_chat(pages: Pages, web: Assistant, unit: str) -> None:
    page = pages.new()
    page.goto(f"{web.url}/chat?afdeling={unit}")
    choose(page, "Ja, ik doe mee")
    choose(page, "Vriend of kennis")
    for number in range(1, TOTAL + 1):
        wait_for_bot(page, f"Vraag {number} van {TOTAL}")
        choose(page, "Soms")
    rung = content().ladder[2]
    choose(page, f"{rung.number}. {rung.name}")
    choose(page, "Nee, niets toe te voegen")
    wait_for_bot(page, "Uw wiscode is")
    sender = session_id(page)
    screenshot(page, "chat-phone-erasure-code")

    choose(page, "Klaar op dit apparaat")
    # the page reloads itself into a new, empty conversation
    wait_for_new_session(page, sender)
    wait_for_bot(page, "Gaat u hiermee akkoord")
    log = page.locator(".rw-messages-container")
    assert "Uw wiscode is" not in log.inner_text() and "Vraag 1 van" not in log.inner_text()
    page.reload()
    wait_for_bot(page, "Gaat u hiermee akkoord")
    assert "Uw wiscode is" not in log.inner_text() and session_id(page) != sender
    stored = page.evaluate("window.localStorage.getItem('chat_session')") or ""
    assert "Uw wiscode is" not in stored and sender not in stored
    state = ScanRepository(web.database_url).state(sender)
    assert state is not None and state.finished, "the answers stay stored"
    screenshot(page, "chat-phone-fresh-after-done")


def test_the_browser_copy_lapses_after_12_hours_without_use(pages: Pages, web: Assistant, unit: str) -> None:
    page = pages.new()
    page.goto(f"{web.url}/chat?afdeling={unit}")
    choose(page, "Ja, ik doe mee")
    choose(page, "Partner")
    wait_for_bot(page, f"Vraag 1 van {TOTAL}")
    sender = session_id(page)
    page.reload()
    wait_for_bot(page, f"Vraag 1 van {TOTAL}")
    assert session_id(page) == sender, "within 12 hours a reload continues"
    page.evaluate("window.localStorage.setItem('samenspraak_last_used', String(Date.now() - 13 * 3600 * 1000))")
    page.reload()
    wait_for_bot(page, "Gaat u hiermee akkoord")
    assert session_id(page) != sender
    assert "Vraag 1 van" not in page.locator(".rw-messages-container").inner_text()


def test_keyboard_only_with_labels_and_focus(pages: Pages, web: Assistant, unit: str) -> None:
    page = pages.new(viewport=DESKTOP)
    page.goto(f"{web.url}/chat?afdeling={unit}")
    wait_for_bot(page, "Gaat u hiermee akkoord")
    log = page.locator(".rw-messages-container")
    assert log.get_attribute("role") == "log" and log.get_attribute("aria-live") == "polite"
    assert page.locator(".rw-new-message").get_attribute("aria-label") == "Uw bericht"
    assert page.locator(".rw-send").get_attribute("aria-label") == "Versturen"
    assert page.locator(".rw-new-message").get_attribute("placeholder") == BUTTON_HINT
    for reply in page.locator(".rw-reply").all():
        assert reply.get_attribute("role") == "button" and reply.get_attribute("tabindex") == "0"
        assert reply.inner_text().strip()

    # Tab from the input back to the buttons, then choose with Enter and with Space
    page.locator(".rw-new-message").focus()
    for _ in range(10):
        page.keyboard.press("Shift+Tab")
        if "Ja, ik doe mee" in page.evaluate("document.activeElement.innerText || ''"):
            break
    else:
        pytest.fail("the quick reply 'Ja, ik doe mee' cannot be reached with the keyboard")
    page.keyboard.press("Enter")
    wait_for_bot(page, "Zoon of dochter")
    expect(page.locator(".rw-reply", has_text="Partner")).to_be_focused(timeout=TIMEOUT)
    page.keyboard.press(" ")
    wait_for_bot(page, f"Vraag 1 van {TOTAL}")
    expect(page.locator(".rw-reply").first).to_be_focused(timeout=TIMEOUT)
    screenshot(page, "chat-desktop-keyboard")

    # typing works too
    page.locator(".rw-new-message").fill("soms")
    page.keyboard.press("Enter")
    wait_for_bot(page, f"Vraag 2 van {TOTAL}")


def contrast(page: Any, selector: str) -> float:
    """WCAG contrast ratio between an element's text colour and its background."""
    return float(
        page.evaluate(
            """selector => {
            const element = document.querySelector(selector);
            const parse = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
            const luminance = rgb => {
              const [r, g, b] = rgb.map(v => {
                v /= 255;
                return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
              });
              return 0.2126 * r + 0.7152 * g + 0.0722 * b;
            };
            let node = element, background = 'rgba(0, 0, 0, 0)';
            while (node && /rgba\\(.*, 0\\)$/.test(background)) {
              background = getComputedStyle(node).backgroundColor;
              node = node.parentElement;
            }
            if (/rgba\\(.*, 0\\)$/.test(background)) background = 'rgb(255, 255, 255)';
            const [a, b] = [luminance(parse(getComputedStyle(element).color)), luminance(parse(background))];
            return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        }""",
            selector,
        )
    )


def test_contrast_and_layout_at_360_px(pages: Pages, web: Assistant, unit: str) -> None:
    page = pages.new()
    page.goto(f"{web.url}/chat?afdeling={unit}")
    wait_for_bot(page, "Gaat u hiermee akkoord")
    for selector in (".top h1", ".rw-response", ".rw-reply", ".rw-new-message"):
        assert contrast(page, selector) >= 4.5, selector
    # nothing sticks out sideways, the input stays on screen, buttons are big enough to tap
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box = page.locator(".rw-new-message").bounding_box()
    assert box and box["y"] + box["height"] <= 740 and box["x"] >= 0
    for reply in page.locator(".rw-reply").all():
        reply_box = reply.bounding_box()
        assert reply_box and reply_box["height"] >= 44 and reply_box["x"] + reply_box["width"] <= 360
    screenshot(page, "chat-phone-start")
    # a phone keyboard takes about half the screen: the input and the newest message stay visible
    page.set_viewport_size({"width": 360, "height": 400})
    page.wait_for_timeout(300)
    box = page.locator(".rw-new-message").bounding_box()
    assert box and box["y"] + box["height"] <= 400
    newest = page.locator(".rw-reply").last.bounding_box()
    assert newest and newest["y"] >= 0 and newest["y"] + newest["height"] <= box["y"], "newest buttons in view"
    screenshot(page, "chat-phone-keyboard-open")


@pytest.mark.parametrize(
    ("code", "status", "heading"),
    [("ZZ99", 404, "Afdeling niet gevonden"), ("<script>alert(1)</script>", 400, "Dit adres klopt niet")],
)
def test_unknown_or_invalid_unit_is_explained(
    pages: Pages, web: Assistant, code: str, status: int, heading: str
) -> None:
    page = pages.new()
    response = page.goto(f"{web.url}/chat?afdeling={code}")
    assert response.status == status
    assert page.locator("h1").inner_text() == heading
    assert page.locator(".rw-widget-embedded").count() == 0
    link = page.locator("a", has_text="Begin zonder afdeling")
    assert link.get_attribute("href") == "/chat"
    if status == 404:
        assert re.search(r"afdeling 'ZZ99' niet", page.locator("main").inner_text())
        screenshot(page, "chat-phone-unknown-unit")


@pytest.fixture
def own_web(web: Assistant, unit: str) -> Any:
    """The shared assistant, whose Rasa server this test kills and starts again (one restart, not a
    server of its own and a restart); it is up again for the next tests also when the test fails."""
    yield web
    if web.rasa is None or web.rasa.poll() is not None:
        web.start_rasa()


def test_lost_connection_is_explained_and_the_scan_goes_on(pages: Pages, own_web: Assistant) -> None:
    page = pages.new()
    pages.origin = own_web.url
    page.goto(f"{own_web.url}/chat?afdeling=B2")
    choose(page, "Ja, ik doe mee")
    choose(page, "Partner")
    wait_for_bot(page, f"Vraag 1 van {TOTAL}")

    own_web.kill_rasa()
    expect(page.locator("#chat-status")).to_contain_text("De verbinding is even weg", timeout=TIMEOUT)
    screenshot(page, "chat-phone-connection-lost")
    own_web.start_rasa()
    expect(page.locator("#chat-status")).to_be_hidden(timeout=TIMEOUT)
    choose(page, "Soms")
    wait_for_bot(page, f"Vraag 2 van {TOTAL}")


def test_the_relatives_page_says_who_reads(pages: Pages, web: Assistant, unit: str) -> None:
    """The page sends `pagina: naasten` and the unit with every message: the reader is a relative."""
    page = pages.new()
    page.goto(f"{web.url}/chat?afdeling={unit}")
    choose(page, "Ja, ik doe mee")
    wait_for_bot(page, "Zoon of dochter|familielid|bewoner")
    tracker = web.tracker(session_id(page))
    metadata = [e.get("metadata") or {} for e in tracker["events"] if e.get("event") == "user"]
    assert metadata and all(m.get("pagina") == "naasten" and m.get("afdeling") == unit for m in metadata)
    assert tracker["slots"]["reader"] == "naaste"


def test_the_result_is_saved_from_the_end_of_the_scan(pages: Pages, web: Assistant, unit: str) -> None:
    """At 360 px: the link at the end of the scan opens the copy, which saves as a one-page PDF."""
    page = pages.new()
    page.goto(f"{web.url}/chat?afdeling={unit}")
    choose(page, "Ja, ik doe mee")
    choose(page, "Partner")
    for number, item in enumerate(SCAN.items, start=1):
        wait_for_bot(page, f"Vraag {number} van {TOTAL}")
        choose(page, "Nee, (bijna) nooit" if item.id == "r1_hoogte_dagelijks" else "Ja, (bijna) altijd")
    wait_for_bot(page, "Op welke trede")
    choose(page, "4. Samen overleggen en afstemmen")
    choose(page, "Nee, niets toe te voegen")
    wait_for_bot(page, "Uw wiscode is")
    link = page.locator("a.copy-link")
    link.wait_for(state="visible", timeout=TIMEOUT)
    result = SCAN.result
    assert link.inner_text() == result.copy_button
    assert link.get_attribute("target") == "_blank"
    screenshot(page, "chat-phone-result-copy-link")
    with page.expect_popup() as opened:
        link.click()
    copy = opened.value
    copy.wait_for_load_state()
    texts = content_pages()["result_copy"]
    expect(copy.locator("main")).to_contain_text(texts["purpose"])
    expect(copy.locator(".ladder-picture")).to_have_attribute(
        "aria-label", re.compile(r"1\. Elkaar informeren: deels.*5\. Samen doen: gaat goed \(nu\)")
    )
    assert copy.evaluate("document.documentElement.scrollWidth") <= 360, "no sideways scrolling on a phone"
    sender = session_id(page)
    assert sender not in copy.content() and unit not in copy.locator("main").inner_text()
    screenshot(copy, "result-copy-phone", full_page=True)
    with copy.expect_download() as saved:
        copy.get_by_text(texts["pdf"]).click()
    download = saved.value
    assert download.suggested_filename == texts["pdf_file"]
    reader = PdfReader(download.path())
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert len(reader.pages) == 1
    assert "Samen doen: gaat goed (nu)" in text and "Samen overleggen en afstemmen: gaat goed (gewenst)" in text
    assert content().advice[(5, 4)].ask_team.split(".")[0] in text
    assert sender not in text and unit not in text
