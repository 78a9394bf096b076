"""Remarks written on the English, Turkish, Polish and Arabic pages are masked like Dutch ones.

A table of 40 remarks (tests/masking/remarks_other_languages.yml) goes through `mask_remarks`
with its page language, as a release does (deduce's name lists load once, about 8 s); the rules
of bot/masking_languages.py are checked one by one without deduce.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.masking import mask_remarks
from bot.masking_languages import ADDRESS_MASK, DATE_MASK, mask_other_language

TABLE = Path(__file__).resolve().parent / "masking" / "remarks_other_languages.yml"
NAMES_MASKED_FLOOR = 1.0
WORDS_KEPT_FLOOR = 0.95


def _present(word: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE) is not None


@pytest.fixture(scope="module")
def table() -> list[tuple[dict[str, object], str]]:
    remarks = yaml.safe_load(TABLE.read_text(encoding="utf-8"))["remarks"]
    masked = mask_remarks([str(r["text"]) for r in remarks], [str(r["lang"]) for r in remarks])
    return list(zip(remarks, masked, strict=True))


def test_every_language_has_real_looking_remarks(table: list[tuple[dict[str, object], str]]) -> None:
    languages = [str(remark["lang"]) for remark, _ in table]
    assert {language: languages.count(language) for language in set(languages)} == {
        "en": 10,
        "tr": 10,
        "pl": 10,
        "ar": 10,
    }


def test_names_and_details_are_masked_and_ordinary_words_kept(table: list[tuple[dict[str, object], str]]) -> None:
    secret = [
        (str(value), masked)
        for remark, masked in table
        for key in ("names", "details")
        for value in remark.get(key, [])  # type: ignore[attr-defined]
    ]
    words = [(str(w), masked) for remark, masked in table for w in remark.get("keep", [])]  # type: ignore[attr-defined]
    leaked = [f"{value}: {masked}" for value, masked in secret if _present(value, masked)]
    lost = [f"{word}: {masked}" for word, masked in words if not _present(word, masked)]
    kept = 1 - len(lost) / len(words)
    print(f"\nOther languages, {len(table)} remarks: {len(secret)} details, {len(leaked)} left; words kept {kept:.1%}")
    print("leaked:\n  " + "\n  ".join(leaked) + "\nlost:\n  " + "\n  ".join(lost))
    assert 1 - len(leaked) / len(secret) >= NAMES_MASKED_FLOOR
    assert kept >= WORDS_KEPT_FLOOR


def test_dutch_remarks_still_go_through_the_dutch_pipeline() -> None:
    # the Dutch masking (deduce and spaCy) finds a lower-case name the rules for other languages leave
    remark = "ik vind dat bram te weinig tijd heeft"
    assert mask_other_language(remark) == remark
    assert mask_remarks([remark], ["nl"]) == ["ik vind dat [naam] te weinig tijd heeft"]
    assert mask_remarks([remark]) == mask_remarks([remark], ["nl"])
    # written in Dutch on the Turkish page: both
    assert mask_remarks([remark + " op 12 maart"], ["tr"]) == ["ik vind dat [naam] te weinig tijd heeft op [datum]"]
    # English is not read by the Dutch pipeline ("The staff" stays)
    english = "The staff are kind, but nobody told me about the fall on Monday."
    assert mask_remarks([english], ["en"]) == [english]


@pytest.mark.parametrize(
    ("remark", "expected"),
    [
        ("We came on 3 March 2024.", f"We came on {DATE_MASK}."),
        ("Geldi 12 Mart 2024 günü", f"Geldi {DATE_MASK} günü"),
        ("przyjadę 5 maja", f"przyjadę {DATE_MASK}"),
        ("يوم ١٢ مارس.", f"يوم {DATE_MASK}."),
        ("on 2024-03-12 and 12.03.24", f"on {DATE_MASK} and {DATE_MASK}"),
        ("I live at 12 Baker Street.", f"I live at {ADDRESS_MASK}."),
        ("Gül Sokak 3 numarada", f"{ADDRESS_MASK} numarada"),
        ("na ul. Polna 3/5 mieszkam", f"na {ADDRESS_MASK} mieszkam"),
        ("عنواني شارع النصر 14", f"عنواني {ADDRESS_MASK}"),
        ("Kerkstraat 12, 3011 AB", f"{ADDRESS_MASK}, {ADDRESS_MASK}"),
        ("room 4b is cold", "room [nummer] is cold"),
        ("mrs jones helps", "mrs [naam] helps"),
        ("fatma teyze geldi", "[naam] teyze geldi"),
        ("Thanks to Anna Maria and me", "Thanks to [naam] and me"),
    ],
)
def test_each_rule(remark: str, expected: str) -> None:
    assert mask_other_language(remark) == expected


@pytest.mark.parametrize(
    "remark",
    [
        "The staff are kind, I visit on Monday and at Christmas.",
        "I'm happy. My mother too.",
        "Personel çok nazik. Annem mutlu, Türkçe konuşuyor.",
        "Tak, dziękuję. Mama jest zadowolona w maju.",
        "أمي في الحديقة كل يوم.",
        "We pay 1250 euro a month, 3 staff for 24 residents.",
    ],
)
def test_ordinary_text_stays(remark: str) -> None:
    assert mask_other_language(remark) == remark


def test_a_sentence_may_start_with_a_known_name() -> None:
    assert mask_other_language("Sarah is lovely. Will is a word.", {"sarah", "will"}) == (
        "[naam] is lovely. Will is a word."
    )
