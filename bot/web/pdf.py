"""Small helpers for one-page A4 PDFs with fpdf2 (the result copy; usable by other printed pages).

The core font Helvetica needs no font file on the machine; it covers Latin-1 (ë, ï, é), so
typographic quotes and dashes are mapped to plain ones first.
"""

from __future__ import annotations

from datetime import datetime, timezone

from fpdf import FPDF

FONT = "Helvetica"
MARGIN_MM = 18
BRAND_RGB = (27, 84, 112)  # #1b5470, as on the web pages
INK_RGB = (26, 26, 26)
LINE_RGB = (91, 103, 112)
# a fixed date in the file's information: the real moment could help tell whose copy it is
FIXED_DATE = datetime(2000, 1, 1, tzinfo=timezone.utc)
_PLAIN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "\u00a0": " "})


def latin1(text: str) -> str:
    """The text as the core font can show it (unknown characters become '?')."""
    return text.translate(_PLAIN).encode("latin-1", errors="replace").decode("latin-1")


def a4(title: str) -> FPDF:
    """A new A4 portrait document with one page, the margins set and a fixed date in its information."""
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(auto=True, margin=MARGIN_MM)
    pdf.set_title(latin1(title))
    pdf.set_creator("Samenspraak")
    pdf.set_creation_date(FIXED_DATE)
    pdf.add_page()
    pdf.set_text_color(*INK_RGB)
    return pdf


def heading(pdf: FPDF, text: str, size: float = 12) -> None:
    """A bold heading on its own line."""
    pdf.set_font(FONT, "B", size)
    pdf.multi_cell(0, size * 0.5, latin1(text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def paragraph(pdf: FPDF, text: str, size: float = 10.5, after: float = 3) -> None:
    """A paragraph of running text."""
    pdf.set_font(FONT, "", size)
    pdf.multi_cell(0, size * 0.48, latin1(text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(after)


def bullets(pdf: FPDF, lines: list[str], size: float = 10.5) -> None:
    """A list with a dash before every line."""
    pdf.set_font(FONT, "", size)
    for line in lines:
        pdf.cell(5, size * 0.48, "-")
        pdf.multi_cell(0, size * 0.48, latin1(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def output(pdf: FPDF) -> bytes:
    """The finished document as bytes."""
    return bytes(pdf.output())
