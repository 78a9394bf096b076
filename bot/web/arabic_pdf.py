"""Arabic text for a PDF drawn without a shaping engine: joined letter forms, lines in visual order.

fpdf2 shapes text only with uharfbuzz, which is not installed. A PDF shows glyphs left to right
as given, so for Arabic this module does the two steps a shaping engine would:
- `shape`: each letter in its joined form (isolated, final, initial, medial) from Unicode's Arabic
  Presentation Forms-B, and lam-alef as its ligature; the DejaVu Sans font has all of them. Short
  vowel marks are left out (the translations are written without them, as Arabic usually is).
- `visual_line`: one line of a right-to-left paragraph in the order it is drawn: Arabic from
  right to left, and runs of Latin words and numbers (a link, a code, the unit's name, a date)
  kept in their own order.
Line breaking is the caller's (bot/web/pdf.py), on the logical text, word by word.
"""

from __future__ import annotations

import re

# letter: (isolated, final, initial, medial); two forms for letters that join on the right only
FORMS: dict[str, tuple[int, ...]] = {
    "ء": (0xFE80,),
    "آ": (0xFE81, 0xFE82),
    "أ": (0xFE83, 0xFE84),
    "ؤ": (0xFE85, 0xFE86),
    "إ": (0xFE87, 0xFE88),
    "ئ": (0xFE89, 0xFE8A, 0xFE8B, 0xFE8C),
    "ا": (0xFE8D, 0xFE8E),
    "ب": (0xFE8F, 0xFE90, 0xFE91, 0xFE92),
    "ة": (0xFE93, 0xFE94),
    "ت": (0xFE95, 0xFE96, 0xFE97, 0xFE98),
    "ث": (0xFE99, 0xFE9A, 0xFE9B, 0xFE9C),
    "ج": (0xFE9D, 0xFE9E, 0xFE9F, 0xFEA0),
    "ح": (0xFEA1, 0xFEA2, 0xFEA3, 0xFEA4),
    "خ": (0xFEA5, 0xFEA6, 0xFEA7, 0xFEA8),
    "د": (0xFEA9, 0xFEAA),
    "ذ": (0xFEAB, 0xFEAC),
    "ر": (0xFEAD, 0xFEAE),
    "ز": (0xFEAF, 0xFEB0),
    "س": (0xFEB1, 0xFEB2, 0xFEB3, 0xFEB4),
    "ش": (0xFEB5, 0xFEB6, 0xFEB7, 0xFEB8),
    "ص": (0xFEB9, 0xFEBA, 0xFEBB, 0xFEBC),
    "ض": (0xFEBD, 0xFEBE, 0xFEBF, 0xFEC0),
    "ط": (0xFEC1, 0xFEC2, 0xFEC3, 0xFEC4),
    "ظ": (0xFEC5, 0xFEC6, 0xFEC7, 0xFEC8),
    "ع": (0xFEC9, 0xFECA, 0xFECB, 0xFECC),
    "غ": (0xFECD, 0xFECE, 0xFECF, 0xFED0),
    "ف": (0xFED1, 0xFED2, 0xFED3, 0xFED4),
    "ق": (0xFED5, 0xFED6, 0xFED7, 0xFED8),
    "ك": (0xFED9, 0xFEDA, 0xFEDB, 0xFEDC),
    "ل": (0xFEDD, 0xFEDE, 0xFEDF, 0xFEE0),
    "م": (0xFEE1, 0xFEE2, 0xFEE3, 0xFEE4),
    "ن": (0xFEE5, 0xFEE6, 0xFEE7, 0xFEE8),
    "ه": (0xFEE9, 0xFEEA, 0xFEEB, 0xFEEC),
    "و": (0xFEED, 0xFEEE),
    "ى": (0xFEEF, 0xFEF0),
    "ي": (0xFEF1, 0xFEF2, 0xFEF3, 0xFEF4),
}
# lam followed by an alef: one ligature (isolated, final)
LAM_ALEF = {"آ": (0xFEF5, 0xFEF6), "أ": (0xFEF7, 0xFEF8), "إ": (0xFEF9, 0xFEFA), "ا": (0xFEFB, 0xFEFC)}
TATWEEL = "ـ"
MARKS = re.compile("[\u064b-\u065f\u0670]")
ARABIC = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
LEFT_TO_RIGHT = re.compile("[A-Za-z0-9\u00c0-\u024f]")


def _joins_left(letter: str) -> bool:
    """The letter connects to the one after it (it has an initial and a medial form)."""
    return letter == TATWEEL or len(FORMS.get(letter, ())) == 4


def _joins(letter: str) -> bool:
    return letter == TATWEEL or letter in FORMS and letter != "ء"


def shape(text: str) -> str:
    """The text with Arabic letters in their joined presentation forms (logical order kept)."""
    letters = MARKS.sub("", text)
    shaped = []
    index = 0
    while index < len(letters):
        letter = letters[index]
        if letter not in FORMS:
            shaped.append(letter)
            index += 1
            continue
        before = letters[index - 1] if index else ""
        joined_before = _joins_left(before)
        after = letters[index + 1] if index + 1 < len(letters) else ""
        if letter == "ل" and after in LAM_ALEF:
            shaped.append(chr(LAM_ALEF[after][1 if joined_before else 0]))
            index += 2
            continue
        forms = FORMS[letter]
        joined_after = len(forms) == 4 and _joins(after)
        if len(forms) == 1:
            shaped.append(chr(forms[0]))
        elif joined_before and joined_after:
            shaped.append(chr(forms[3]))
        elif joined_before:
            shaped.append(chr(forms[1]))
        elif joined_after:
            shaped.append(chr(forms[2]))
        else:
            shaped.append(chr(forms[0]))
        index += 1
    return "".join(shaped)


MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")


def _direction(char: str) -> str:
    if LEFT_TO_RIGHT.match(char):
        return "ltr"
    return "rtl" if ARABIC.match(char) else ""


def visual_line(line: str) -> str:
    """One line of a right-to-left paragraph (already shaped) in drawing order, left to right.

    A simple form of the Unicode bidirectional algorithm for one right-to-left line: Latin letters
    and digits are left to right, Arabic right to left; a space or punctuation between two left to
    right characters goes with them, otherwise with the paragraph. The runs are drawn from right to
    left, a right to left run reversed (with its brackets and quotes mirrored).
    """
    strong = [_direction(char) for char in line]
    resolved = []
    for index, kind in enumerate(strong):
        if not kind:
            before = next((k for k in reversed(strong[:index]) if k), "rtl")
            after = next((k for k in strong[index + 1 :] if k), "rtl")
            kind = "ltr" if before == after == "ltr" else "rtl"
        resolved.append(kind)
    runs: list[list[str]] = []
    for char, kind in zip(line, resolved, strict=True):
        if runs and runs[-1][0] == kind:
            runs[-1][1] += char
        else:
            runs.append([kind, char])
    return "".join(text if kind == "ltr" else text[::-1].translate(MIRRORED) for kind, text in reversed(runs))


def is_arabic(text: str) -> bool:
    return ARABIC.search(text) is not None
