"""Arabic in a PDF without a shaping engine: joined letter forms and right-to-left lines."""

from __future__ import annotations

import unicodedata

import pytest

from bot.web.arabic_pdf import is_arabic, shape, visual_line


def test_letters_take_their_joined_forms() -> None:
    # "salam": seen initial, lam-alef final ligature, meem isolated (the alef does not join on)
    assert shape("سلام") == "\ufeb3\ufefc\ufee1"
    # "baab": beh initial, alef final, beh isolated
    assert shape("باب") == "\ufe91\ufe8e\ufe8f"
    # a letter between two joining letters takes its medial form: "yaktub"
    assert shape("يكتب") == "\ufef3\ufedc\ufe98\ufe90"
    # the forms are the same letters: compatibility normalisation gives the word back
    for word in ("سلام", "مرحبا", "شكرا جزيلا على مساعدتكم", "لا"):
        assert unicodedata.normalize("NFKC", shape(word)) == word


def test_vowel_marks_are_left_out_and_latin_stays() -> None:
    assert shape("وجّهوا") == shape("وجهوا")
    assert shape("Het Anker 12") == "Het Anker 12"


@pytest.mark.parametrize(
    ("line", "drawn"),
    [
        ("abc", "abc"),
        ("دعوة من", "نم ةوعد"),
        # Latin words and numbers keep their order and sit where a reader of Arabic expects them
        ("قسم Het Anker", "Het Anker مسق"),
        ("حتى 3 فبراير 2027.", ".2027 رياربف 3 ىتح"),
        ("الرمز: KQM-4XP-A7D", "KQM-4XP-A7D :زمرلا"),
        ("«احذف بياناتي»", "«يتانايب فذحا»"),
    ],
)
def test_lines_are_drawn_from_right_to_left(line: str, drawn: str) -> None:
    assert visual_line(line) == drawn


def test_is_arabic() -> None:
    assert is_arabic("رمزكم") and is_arabic(shape("رمزكم")) and not is_arabic("Türkçe, Polski")
