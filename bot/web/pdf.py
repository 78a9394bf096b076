"""Small helpers for A4 PDFs with fpdf2, in every language the relatives' path speaks.

The text is set in DejaVu Sans (Debian's fonts-dejavu-core, else matplotlib's copy): it has the
Turkish, Polish and Arabic letters. fpdf2 lays text out left to right as given, so each line is
broken here, word by word, and an Arabic line is joined and put in drawing order by
bot/web/arabic_pdf.py and set against the right margin.
"""

from __future__ import annotations

import importlib.util
from datetime import datetime, timezone
from pathlib import Path

from fpdf import FPDF

from bot.web.arabic_pdf import is_arabic, shape, visual_line

FONT = "DejaVu"
SYSTEM_FONTS = Path("/usr/share/fonts/truetype/dejavu")
MARGIN_MM = 18
LINE_HEIGHT = 0.48  # mm of line per point of font size
BRAND_RGB = (27, 84, 112)  # #1b5470, as on the web pages
INK_RGB = (26, 26, 26)
LINE_RGB = (91, 103, 112)
# a fixed date in the file's information: the real moment could help tell whose copy it is
FIXED_DATE = datetime(2000, 1, 1, tzinfo=timezone.utc)


def font_folder() -> Path:
    """Where DejaVu Sans is: the system's fonts, else the copy that comes with matplotlib."""
    if (SYSTEM_FONTS / "DejaVuSans.ttf").is_file():
        return SYSTEM_FONTS
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("DejaVuSans.ttf: install fonts-dejavu-core")
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


def add_font(pdf: FPDF) -> None:
    """Make DejaVu Sans (regular and bold) available to the document as FONT."""
    folder = font_folder()
    pdf.add_font(FONT, "", str(folder / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(folder / "DejaVuSans-Bold.ttf"))


def a4(title: str) -> FPDF:
    """A new A4 portrait document with one page, the font and margins set and a fixed date."""
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    add_font(pdf)
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(auto=True, margin=MARGIN_MM)
    pdf.set_title(title)
    pdf.set_creator("Samenspraak")
    pdf.set_creation_date(FIXED_DATE)
    pdf.add_page()
    pdf.set_text_color(*INK_RGB)
    return pdf


def wrapped(pdf: FPDF, text: str, width: float) -> list[str]:
    """The text broken into lines of at most `width` mm in the current font, word by word."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while pdf.get_string_width(word) > width:  # a long link: cut it
            cut = max(1, int(len(word) * width / pdf.get_string_width(word)) - 1)
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{line} {word}" if line else word
        if line and pdf.get_string_width(candidate) > width:
            lines.append(line)
            candidate = word
        line = candidate
    return [*lines, line] if line else lines


def drawn_lines(pdf: FPDF, text: str, width: float) -> tuple[list[str], str]:
    """The text's lines of at most `width` mm as they are drawn, and their alignment ("L" or "R").

    Arabic is broken on its joined letters, each line put in drawing order and set on the right.
    """
    if is_arabic(text):
        return [visual_line(line) for line in wrapped(pdf, shape(text), width)], "R"
    return wrapped(pdf, text, width), "L"


def one_line(text: str) -> str:
    """A line as it is drawn: Arabic joined and in visual order, other text as it is."""
    return visual_line(shape(text)) if is_arabic(text) else text


def write(pdf: FPDF, text: str, size: float, bold: bool = False, x: float | None = None) -> None:
    """Running text from the current line, across the page from `x` (the left margin) to the right one."""
    pdf.set_font(FONT, "B" if bold else "", size)
    left = pdf.l_margin if x is None else x
    width = pdf.w - pdf.r_margin - left
    lines, align = drawn_lines(pdf, text, width)
    for line in lines:
        pdf.set_x(left)
        pdf.cell(width, size * LINE_HEIGHT, line, align=align, new_x="LMARGIN", new_y="NEXT")


def heading(pdf: FPDF, text: str, size: float = 12) -> None:
    """A bold heading on its own line."""
    write(pdf, text, size, bold=True)
    pdf.ln(1)


def paragraph(pdf: FPDF, text: str, size: float = 10.5, after: float = 3) -> None:
    """A paragraph of running text."""
    write(pdf, text, size)
    pdf.ln(after)


def bullets(pdf: FPDF, lines: list[str], size: float = 10.5) -> None:
    """A list with a dash before every line (after it, on the right, in Arabic)."""
    indent = 5.0
    for line in lines:
        y = pdf.get_y()
        right_to_left = is_arabic(line)
        pdf.set_font(FONT, "", size)
        pdf.set_xy(pdf.w - pdf.r_margin - indent if right_to_left else pdf.l_margin, y)
        pdf.cell(indent, size * LINE_HEIGHT, "-", align="R" if right_to_left else "L")
        pdf.set_xy(pdf.l_margin, y)
        if right_to_left:
            pdf.set_right_margin(pdf.r_margin + indent)
            write(pdf, line, size)
            pdf.set_right_margin(pdf.r_margin - indent)
        else:
            write(pdf, line, size, x=pdf.l_margin + indent)
    pdf.ln(3)


def output(pdf: FPDF) -> bytes:
    """The finished document as bytes."""
    return bytes(pdf.output())
