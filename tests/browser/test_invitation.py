"""A printed invitation in headless chromium: the QR code on the PDF letter opens the chat with
its code and the relative finishes the scan; the HTML letters print one per A4 page."""

from __future__ import annotations

import io
from datetime import datetime, timezone

import pytest
from pypdf import PdfReader

from bot.content.invitations import invitation_texts
from bot.invitation_letters import build_letters, letters_pdf
from bot.storage.invitations import InvitationRepository, IssuedInvitation
from bot.storage.repository import ScanRepository
from bot.storage.units import UnitRegistry
from bot.web.invitation_pages import letters_page
from tests.browser.conftest import Pages, screenshot
from tests.browser.test_chat import TOTAL, choose, session_id, wait_for_bot
from tests.servers import Assistant
from tests.test_invitations import decode_pdf_pages

UNIT, UNIT_NAME = "E5", "De Beuk"


def test_the_qr_code_opens_the_scan_and_the_code_works_once(
    pages: Pages, web: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAMENSPRAAK_SECRET", "test-secret")  # as the servers (tests/servers.py)
    UnitRegistry(web.database_url).add(UNIT, UNIT_NAME)
    issued = InvitationRepository(web.database_url).create(UNIT, 1, "T0")
    [(text, links)] = decode_pdf_pages(letters_pdf(build_letters(UNIT_NAME, issued, web.url)))
    assert UNIT_NAME in text and len(links) == 1 and links[0].endswith(issued[0].code)

    page = pages.new()
    page.goto(links[0])
    choose(page, "Ja, ik doe mee")
    choose(page, "Zoon of dochter")
    for number in range(1, TOTAL + 1):
        wait_for_bot(page, f"Vraag {number} van {TOTAL}")
        choose(page, "Meestal wel")
    wait_for_bot(page, "Op welke trede")
    choose(page, "5. Samen doen")
    choose(page, "Nee, niets toe te voegen")
    wait_for_bot(page, "Bedankt voor het invullen|wiscode")
    screenshot(page, "invitation-scan-finished")
    state = ScanRepository(web.database_url).state(session_id(page))
    assert state is not None and state.finished and state.unit == UNIT

    # the same link on another device: the code never starts a second scan
    other = pages.new()
    other.goto(links[0])
    choose(other, "Ja, ik doe mee")
    wait_for_bot(other, invitation_texts().chat["used"][:30])
    assert ScanRepository(web.database_url).state(session_id(other)) is None


def test_html_letters_print_one_per_a4_page(pages: Pages) -> None:
    # no database needed: letters for made-up codes
    invitations = [
        IssuedInvitation(code, UNIT, "T0", datetime(2027, 3, 1, 12, tzinfo=timezone.utc))
        for code in ("KQM-4XP-A7D", "RTW-93C-HJN", "AEF-67G-KMP")
    ]
    html = letters_page(UNIT_NAME, build_letters(UNIT_NAME, invitations, "https://samenspraak.zorg.example"))
    page = pages.new()
    page.set_content(html)
    screenshot(page, "invitation-letters-screen", full_page=True)
    printed = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
    assert len(printed.pages) == 3
    for number, invitation in enumerate(invitations):
        text = " ".join(printed.pages[number].extract_text().split())
        assert invitation.code in text and UNIT_NAME in text
