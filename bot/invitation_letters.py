"""Printable invitation letters: one A4 page per code, as a PDF (fpdf2) and as data for the HTML page.

Each letter names the unit, says why the team asks, gives a QR code (segno) and the short link
with the code, the code to type, until when it is valid, what happens with the answers and how
to erase them. The link uses the organisation's public address (PUBLIC_BASE_URL).

With a second language (`taal`: en, tr, ar, pl) each page holds the Dutch letter and its
translation side by side, in two columns around one QR code, and the link carries `&taal=xx` so
the chat opens in that language. That PDF uses DejaVu Sans (Turkish, Polish and Arabic letters);
Arabic is joined and ordered right to left by the helpers of bot/web/pdf.py.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Optional
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import segno
from fpdf import FPDF

from bot.config import public_base_url
from bot.content.invitations import invitation_texts
from bot.invitations import LINK_PATH, invitation_link
from bot.privacy import settings_text
from bot.storage.invitations import IssuedInvitation
from bot.web.pdf import FONT as UNICODE_FONT
from bot.web.pdf import add_font, drawn_lines, one_line

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
FONT = "Helvetica"  # a core PDF font: Latin-1, enough for Dutch
# two-language page (mm): margins, the gap between the columns, the QR code's side
PAGE_MARGIN = 14
COLUMN_GAP = 8
QR_SIDE = 38
FONT_SIZES = (10.5, 10, 9.5, 9, 8.5, 8, 7.5)  # the largest that fits one page is used


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
    language: str = "nl"
    translation: Optional[Letter] = None  # the same letter in the second language


def letter_date(day: date, language: str = "nl") -> str:
    """'31 januari 2027' (in the letter's language: '31 January 2027', '31 Ocak 2027')."""
    months = invitation_texts(language).letter_lists["months"]
    return f"{day.day} {months[day.month - 1]} {day.year}"


def _valid_until(moment: datetime) -> date:
    return moment.astimezone(LOCAL_TIME).date()


def qr(link: str) -> segno.QRCode:
    """The QR code of a link (error correction M: survives a fold or a smudge on paper)."""
    return segno.make_qr(link, error="m")


def letter_link(base: str, code: str, taal: Optional[str] = None) -> str:
    """The letter's link; with a second language it opens the chat in that language (&taal=tr)."""
    link = invitation_link(base, code)
    return f"{link}&{urlencode({'taal': taal})}" if taal else link


def _letter(unit_name: str, invitation: IssuedInvitation, base: str, link: str, language: str) -> Letter:
    texts = invitation_texts(language)
    values = {
        "unit_name": unit_name,
        "code": invitation.code,
        "link": link,
        "chat": f"{base}{LINK_PATH}",
        "date": letter_date(_valid_until(invitation.expires_at), language),
    }
    filled = {key: settings_text(text, language, **values) for key, text in texts.letter.items()}
    lists = {
        key: tuple(settings_text(text, language, **values) for text in texts.letter_lists[key])
        for key in ("why", "answers")
    }
    return Letter(
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
        language=language,
    )


def build_letters(
    unit_name: str, invitations: list[IssuedInvitation], base_url: str = "", taal: Optional[str] = None
) -> list[Letter]:
    """The letters for these new invitations of a unit; with `taal` (not nl) in Dutch and that language."""
    base = base_url or public_base_url()
    second = taal if taal and taal != "nl" else None
    letters = []
    for invitation in invitations:
        link = letter_link(base, invitation.code, second)
        letter = _letter(unit_name, invitation, base, link, "nl")
        if second:
            letter = replace(letter, translation=_letter(unit_name, invitation, base, link, second))
        letters.append(letter)
    return letters


class _LetterPDF(FPDF):
    def paragraph(self, text: str, size: float = 12, bold: bool = False, after: float = 3) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(after)


def letters_pdf(letters: list[Letter]) -> bytes:
    """All letters in one A4 PDF, one page each (in two languages side by side when translated)."""
    if any(letter.translation for letter in letters):
        return _two_language_pdf(letters)
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


# --- a letter in Dutch and a second language on one page ----------------------------------------

Block = tuple[str, str]  # (kind: title, heading, bold or text; the text)


def _opening(letter: Letter) -> list[Block]:
    return [
        ("title", letter.title),
        ("text", letter.greeting),
        *(("text", text) for text in letter.why),
        ("text", letter.how_qr),
        ("text", letter.how_code),
    ]


def _ending(letter: Letter) -> list[Block]:
    return [
        ("bold", letter.valid),
        ("heading", letter.answers_title),
        *(("text", text) for text in letter.answers),
        ("heading", letter.erase_title),
        ("text", letter.erase),
        ("text", letter.closing),
        ("text", letter.signature),
    ]


STYLES = {"title": ("B", 1.3), "heading": ("B", 1.1), "bold": ("B", 1.0), "text": ("", 1.0)}


def _column(pdf: FPDF, blocks: list[Block], x: float, y: float, width: float, size: float, draw: bool) -> float:
    """Draw (or only measure) blocks in a column from y; where the column ends."""
    for kind, text in blocks:
        style, scale = STYLES[kind]
        pdf.set_font(UNICODE_FONT, style, size * scale)
        height = size * scale * 0.45
        lines, align = drawn_lines(pdf, text, width)
        for line in lines:
            if draw:
                pdf.set_xy(x, y)
                pdf.cell(width, height, line, align=align)
            y += height
        y += size * 0.4
    return y


def _code_lines(letter: Letter) -> list[str]:
    lines = [f"{letter.code_label}: {letter.code}"]
    if letter.translation:
        lines.append(f"{letter.translation.code_label}: {letter.code}")
    return lines


def _two_language_page(pdf: FPDF, letter: Letter, size: float, draw: bool) -> float:
    """One letter: Dutch on the left, the translation on the right; where the page's text ends."""
    assert letter.translation is not None
    width = (pdf.w - 2 * PAGE_MARGIN - COLUMN_GAP) / 2
    left, right = PAGE_MARGIN, PAGE_MARGIN + width + COLUMN_GAP
    top = PAGE_MARGIN
    end = max(
        _column(pdf, _opening(letter), left, top, width, size, draw),
        _column(pdf, _opening(letter.translation), right, top, width, size, draw),
    )
    middle = end + 1
    if draw:
        image = io.BytesIO()
        qr(letter.link).save(image, kind="png", scale=10, border=4)
        pdf.image(image, x=left, y=middle, w=QR_SIDE, h=QR_SIDE)
        pdf.set_xy(left + QR_SIDE + 5, middle + 3)
        pdf.set_font(UNICODE_FONT, "B", 11)
        pdf.multi_cell(0, 5.5, letter.link, align="L", new_x="LMARGIN", new_y="NEXT")
        y = pdf.get_y() + 3
        for line in _code_lines(letter):
            pdf.set_font(UNICODE_FONT, "B", 16)
            text = one_line(line)
            pdf.set_xy(left + QR_SIDE + 5, y)
            pdf.cell(0, 9, text)
            y += 9
    bottom = middle + QR_SIDE + 4
    return max(
        _column(pdf, _ending(letter), left, bottom, width, size, draw),
        _column(pdf, _ending(letter.translation), right, bottom, width, size, draw),
    )


def _two_language_pdf(letters: list[Letter]) -> bytes:
    pdf = FPDF(format="A4")
    add_font(pdf)
    pdf.set_auto_page_break(auto=False)
    for letter in letters:
        pdf.add_page()
        fits = [s for s in FONT_SIZES if _two_language_page(pdf, letter, s, draw=False) <= pdf.h - PAGE_MARGIN]
        _two_language_page(pdf, letter, fits[0] if fits else FONT_SIZES[-1], draw=True)
    return bytes(pdf.output())
