"""Printable invitation letters: one A4 page per code, as a PDF (fpdf2) and as data for the HTML page.

Each letter names the unit, says why the team asks, gives a QR code (segno) and the short link
with the code, the code to type, until when it is valid, what happens with the answers and how
to erase them. The link uses the organisation's public address (PUBLIC_BASE_URL).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import segno
from fpdf import FPDF

from bot.config import public_base_url
from bot.content.invitations import invitation_texts
from bot.invitations import LINK_PATH, invitation_link
from bot.privacy import settings_text
from bot.storage.invitations import IssuedInvitation

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
FONT = "Helvetica"  # a core PDF font: Latin-1, enough for Dutch


@dataclass(frozen=True)
class Letter:
    """One invitation letter with every text filled in."""

    code: str
    link: str
    qr_svg: str  # a data: URI for the HTML page
    title: str
    greeting: str
    why: tuple[str, ...]
    how_qr: str
    how_code: str
    code_label: str
    valid: str
    answers_title: str
    answers: tuple[str, ...]
    erase_title: str
    erase: str
    closing: str
    signature: str


def dutch_date(day: date) -> str:
    """'31 januari 2027'."""
    months = invitation_texts().letter_lists["months"]
    return f"{day.day} {months[day.month - 1]} {day.year}"


def _valid_until(moment: datetime) -> date:
    return moment.astimezone(LOCAL_TIME).date()


def qr(link: str) -> segno.QRCode:
    """The QR code of a link (error correction M: survives a fold or a smudge on paper)."""
    return segno.make_qr(link, error="m")


def build_letters(unit_name: str, invitations: list[IssuedInvitation], base_url: str = "") -> list[Letter]:
    """The letters for these new invitations of a unit."""
    base = base_url or public_base_url()
    texts = invitation_texts()
    letters = []
    for invitation in invitations:
        link = invitation_link(base, invitation.code)
        values = {
            "unit_name": unit_name,
            "code": invitation.code,
            "link": link,
            "chat": f"{base}{LINK_PATH}",
            "date": dutch_date(_valid_until(invitation.expires_at)),
        }
        filled = {key: settings_text(text, **values) for key, text in texts.letter.items()}
        lists = {
            key: tuple(settings_text(text, **values) for text in texts.letter_lists[key]) for key in ("why", "answers")
        }
        letters.append(
            Letter(
                code=invitation.code,
                link=link,
                qr_svg=qr(link).svg_data_uri(scale=4),
                title=filled["title"],
                greeting=filled["greeting"],
                why=lists["why"],
                how_qr=filled["how_qr"],
                how_code=filled["how_code"],
                code_label=filled["code_label"],
                valid=filled["valid"],
                answers_title=filled["answers_title"],
                answers=lists["answers"],
                erase_title=filled["erase_title"],
                erase=filled["erase"],
                closing=filled["closing"],
                signature=filled["signature"],
            )
        )
    return letters


class _LetterPDF(FPDF):
    def paragraph(self, text: str, size: float = 12, bold: bool = False, after: float = 3) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(after)


def letters_pdf(letters: list[Letter]) -> bytes:
    """All letters in one A4 PDF, one page each."""
    pdf = _LetterPDF(format="A4")
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(auto=True, margin=15)
    for letter in letters:
        pdf.add_page()
        pdf.paragraph(letter.title, size=18, bold=True, after=4)
        pdf.paragraph(letter.greeting)
        for text in letter.why:
            pdf.paragraph(text)
        pdf.paragraph(letter.how_qr)
        top = pdf.get_y()
        image = io.BytesIO()
        qr(letter.link).save(image, kind="png", scale=10, border=4)
        pdf.image(image, x=pdf.l_margin, y=top, w=45, h=45)
        pdf.set_xy(pdf.l_margin + 50, top + 4)
        pdf.set_font(FONT, "B", 12)
        pdf.multi_cell(0, 6, letter.link, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_xy(pdf.l_margin + 50, pdf.get_y() + 4)
        pdf.set_font(FONT, "", 12)
        pdf.multi_cell(0, 6, letter.how_code, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_xy(pdf.l_margin + 50, pdf.get_y() + 2)
        pdf.set_font(FONT, "B", 22)
        pdf.cell(0, 12, f"{letter.code_label}: {letter.code}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(max(pdf.get_y(), top + 45) + 4)
        pdf.paragraph(letter.valid, bold=True, after=5)
        pdf.paragraph(letter.answers_title, size=13, bold=True, after=1)
        for text in letter.answers:
            pdf.paragraph(text)
        pdf.paragraph(letter.erase_title, size=13, bold=True, after=1)
        pdf.paragraph(letter.erase, after=5)
        pdf.paragraph(letter.closing)
        pdf.paragraph(letter.signature)
    return bytes(pdf.output())
