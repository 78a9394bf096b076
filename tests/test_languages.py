"""The languages of the relatives' path (bot/languages.py) and the strict translation overlay."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.commands import Reading, read_command, read_foreign_text
from bot.content import ContentError, load_content, load_limit_texts
from bot.content.replies import load_replies
from bot.languages import (
    DIRECTION,
    LANGUAGES,
    NATIVE_NAMES,
    format_number,
    from_accept_language,
    join_and,
    language_for,
    lower,
    pick,
    readable_days,
)
from bot.privacy import says_no_code
from bot.scan import parse_answer_in, parse_relation, parse_remark


def test_five_languages_with_their_own_names_and_arabic_right_to_left() -> None:
    assert LANGUAGES == ("nl", "en", "tr", "ar", "pl")
    assert NATIVE_NAMES == {"nl": "Nederlands", "en": "English", "tr": "Türkçe", "ar": "العربية", "pl": "Polski"}
    assert [code for code in LANGUAGES if DIRECTION[code] == "rtl"] == ["ar"]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("tr", "tr"),
        ("TR", "tr"),
        (" tr-TR ", "tr"),
        ("pl_PL", "pl"),
        ("ar-MA", "ar"),
        ("de", None),
        ("", None),
        (None, None),
        (3, None),
    ],
)
def test_pick_normalises_what_pages_and_clients_send(value: object, code: str | None) -> None:
    assert pick(value) == code


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("tr-TR,tr;q=0.9,en-US;q=0.8,en;q=0.7", "tr"),
        ("de-DE,de;q=0.9,pl;q=0.8,en;q=0.9", "en"),  # by q-weight, not by position
        ("fr, ar;q=0.5", "ar"),
        ("en;q=0, nl;q=0.1", "nl"),  # q=0 means: not this one
        ("de, fr", None),
        ("", None),
        (None, None),
    ],
)
def test_the_browser_language_by_q_weight(header: str | None, code: str | None) -> None:
    assert from_accept_language(header) == code


def test_a_language_button_beats_the_page_and_the_page_counts_only_when_it_changes() -> None:
    button = [{"entity": "taal", "value": "tr"}]
    assert language_for("nl", {"taal": "nl"}, {"taal": "nl"}, button) == "tr"
    # the page still says nl with the next message: the chat's choice stays
    assert language_for("tr", {"taal": "nl"}, {"taal": "nl"}) == "tr"
    # the page's switcher changed it
    assert language_for("tr", {"taal": "pl"}, {"taal": "nl"}) == "pl"
    assert language_for(None, {}, {}) == "nl"
    assert language_for("ar", {"taal": "xx"}, {}) == "ar"


def test_lower_case_as_each_language_writes_it() -> None:
    """A sense's name is lowered inside a sentence; Turkish has a dotted and a dotless i."""
    assert lower("İyi olmak", "tr") == "iyi olmak" and lower("Işık", "tr") == "ışık"
    assert lower("IJsselmeer") == "ijsselmeer" and lower("Iets", "en") == "iets"


def test_numbers_days_and_lists_in_each_language() -> None:
    assert [format_number(2000, lang) for lang in ("nl", "en", "pl")] == ["2.000", "2,000", "2\u00a0000"]
    assert readable_days(30, "nl") == "30 dagen" and readable_days(730, "nl") == "2 jaar"
    assert readable_days(1, "en") == "1 day" and readable_days(365, "en") == "1 year"
    assert readable_days(30, "tr") == "30 gün" and readable_days(730, "tr") == "2 yıl"
    assert [readable_days(d, "pl") for d in (1, 3, 30, 730, 1825)] == ["1 dzień", "3 dni", "30 dni", "2 lata", "5 lat"]
    assert readable_days(30, "ar") == "30 يومًا" and readable_days(5, "ar") == "5 أيام"
    assert join_and(["a", "b", "c"], "nl") == "a, b en c"
    assert join_and(["a", "b"], "en") == "a and b"
    assert join_and(["a", "b"], "pl") == "a i b"
    assert join_and(["أ", "ب"], "ar") == "أ وب"
    assert join_and(["a"], "tr") == "a"


def test_the_overlay_gives_the_translation_and_keeps_what_it_leaves_out() -> None:
    english = load_content(lang="en")
    dutch = load_content()
    assert english.relatives_scan.items[0].text != dutch.relatives_scan.items[0].text
    assert english.relatives_scan.items[0].id == dutch.relatives_scan.items[0].id
    assert [o.value for o in english.relatives_scan.scale] == [o.value for o in dutch.relatives_scan.scale]
    # carers' content stays Dutch
    assert english.tips == dutch.tips
    replies = load_replies(lang="en")
    assert (
        replies.responses["utter_greet"].voices["medewerker"]
        == load_replies().responses["utter_greet"].voices["medewerker"]
    )
    assert [b.payload for b in replies.menus["naaste"]] == [b.payload for b in load_replies().menus["naaste"]]


def _break(content_copy: Path, lang: str, file: str, old: str, new: str) -> None:
    path = content_copy / "translations" / lang / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_key_the_dutch_file_lacks_is_an_error(content_copy: Path) -> None:
    path = content_copy / "translations" / "en" / "limits.yml"
    path.write_text(path.read_text(encoding="utf-8") + '\nextra_text: "Hello"\n', encoding="utf-8")
    with pytest.raises(ContentError, match=r"translations/en/limits\.yml\.extra_text: not a key of the Dutch file"):
        load_limit_texts(content_copy, lang="en")


def test_another_placeholder_is_an_error(content_copy: Path) -> None:
    _break(content_copy, "pl", "limits.yml", "{limit}", "{limiet}")
    with pytest.raises(ContentError, match=r"translations/pl/limits\.yml\.message_cut: placeholders \['limiet'\]"):
        load_limit_texts(content_copy, lang="pl")


def test_a_list_of_records_of_another_length_is_an_error(content_copy: Path) -> None:
    path = content_copy / "translations" / "en" / "replies.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('    - title: "Delete my data"\n', "", 1), encoding="utf-8")
    with pytest.raises(ContentError, match=r"translations/en/replies\.yml\.menus\.naaste: needs 4 records"):
        load_replies(content_copy, lang="en")


def test_a_translated_payload_is_an_error(content_copy: Path) -> None:
    _break(
        content_copy,
        "en",
        "replies.yml",
        '    - title: "Ask a question"\n',
        '    - title: "Ask a question"\n      payload: /ask\n',
    )
    with pytest.raises(ContentError, match=r"menus\.naaste\[1\]\.payload: is not translated"):
        load_replies(content_copy, lang="en")


def test_typed_answers_in_each_language_are_the_same_values() -> None:
    for lang, yes, no in [("en", "yes", "no"), ("tr", "evet", "hayır"), ("pl", "tak", "nie"), ("ar", "نعم", "لا")]:
        assert parse_answer_in(yes, lang).understood and parse_answer_in(yes, lang).value == 4, (lang, yes)
        assert parse_answer_in(no, lang).understood and parse_answer_in(no, lang).value == 1, (lang, no)
    assert parse_answer_in("sometimes", "en").value == 2
    # Arabic-Indic digits, and Dutch still understood in another language
    assert parse_answer_in("٣", "ar").value == 3
    assert parse_answer_in("soms", "tr").value == 2
    assert parse_relation("my daughter", "en") == "kind"
    assert parse_remark("no thanks", "en") is None
    assert says_no_code("hayır", "tr") and says_no_code("geen code", "tr") and not says_no_code("hayır")
    assert says_no_code(load_content(lang="pl").privacy.erasure["no_code_button"], "pl")


def test_commands_in_each_language_and_dutch_left_to_the_classifier() -> None:
    assert read_command("pomoc") is not None and read_command("pomoc").intent == "help"  # type: ignore[union-attr]
    assert read_command("Türkçe") == read_command("turkce")
    assert read_command("Türkçe").intent == "choose_language" and read_command("Türkçe").language == "tr"  # type: ignore[union-attr]
    assert read_command("stop") is None and read_command("hallo") is None  # Dutch: the classifier decides
    assert read_command("/start_scan") is None


@pytest.mark.parametrize(
    ("typed", "intent", "lang"),
    [
        ("yes", "affirm", "en"),
        ("Evet", "affirm", "tr"),
        ("kabul ediyorum", "affirm", "tr"),
        ("نعم", "affirm", "ar"),
        ("Tak", "affirm", "pl"),
        ("no thanks", "deny", "en"),
        ("hayır", "deny", "tr"),
        ("لا", "deny", "ar"),
        ("nie", "deny", "pl"),
    ],
)
def test_yes_and_no_are_typed_in_each_language(typed: str, intent: str, lang: str) -> None:
    """The consent and "erase everything?" take a typed yes or no as their buttons do."""
    assert read_command(typed) == Reading(intent, lang)


def test_a_dutch_yes_or_ok_never_switches_the_language() -> None:
    for typed in ("ja", "ok", "oké", "nee", "prima"):
        assert read_command(typed) is None, typed


def test_free_text_in_another_language_is_a_question_in_it() -> None:
    turkish = read_foreign_text("Annemi hafta sonu ziyaret edebilir miyim?")
    assert turkish is not None and (turkish.intent, turkish.language) == ("vraag_naaste", "tr")
    assert read_foreign_text("Mag ik mijn moeder in het weekend bezoeken?") is None
    assert read_foreign_text("Merhaba") is None  # too short to judge
