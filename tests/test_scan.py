"""Understanding relatives' typed answers (no Rasa, no model); the flow: tests/test_questionnaire.py."""

from __future__ import annotations

import pytest

from bot.content import load_ladder, load_relatives_scan
from bot.scan import (
    is_previous_command,
    looks_like_unit,
    parse_answer,
    parse_desired_rung,
    parse_relation,
    parse_remark,
    parse_unit,
)

SCAN = load_relatives_scan()
LADDER = load_ladder()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ja hoor meestal wel", 3),
        ("nee nooit", 1),
        ("3", 3),
        ("4.", 4),
        ("Nee, (bijna) nooit", 1),
        ("Soms", 2),
        ("Meestal wel", 3),
        ("Ja, (bijna) altijd", 4),
        ("af en toe", 2),
        ("niet altijd", 2),
        ("JA ALTIJD!!", 4),
        ("zelden", 1),
        ("meestal niet", 2),
        ("Weet ik niet", None),
        ("geen idee 🤷", None),
    ],
)
def test_understood_answers(text: str, value: int | None) -> None:
    parsed = parse_answer(text, SCAN)
    assert parsed.understood, text
    assert parsed.value == value


@pytest.mark.parametrize(
    "text",
    ["", "   ", "🙂", "5", "0", "3 of 4", "misschien als het regent", "<script>alert(1)</script>", "x" * 10_000],
)
def test_unclear_answers_are_not_guessed(text: str) -> None:
    assert not parse_answer(text, SCAN).understood


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Zoon of dochter", "kind"),
        ("ik ben haar dochter", "kind"),
        ("Partner", "partner"),
        ("mijn man woont daar", "partner"),
        ("kleinzoon", "familie"),
        ("buurvrouw", "vriend"),
        ("Anders", "anders"),
        ("vrijwilliger", "anders"),
    ],
)
def test_relation(text: str, code: str) -> None:
    assert parse_relation(text) == code


@pytest.mark.parametrize("text", ["", "Jan de Vries", "zoon en buurman"])
def test_unclear_relation(text: str) -> None:
    assert parse_relation(text) is None


@pytest.mark.parametrize(
    ("text", "unit"),
    [("B2", "B2"), ("afdeling de Linde", "DE LINDE"), (" b2 ", "B2"), ("weet ik niet", "ONBEKEND")],
)
def test_unit(text: str, unit: str) -> None:
    assert parse_unit(text) == unit


def test_looks_like_unit() -> None:
    assert looks_like_unit("afdeling de Linde") and looks_like_unit("B2")
    assert not looks_like_unit("help") and not looks_like_unit("stop")


@pytest.mark.parametrize("text", ["", "<script>", "x" * 41, "'; DROP TABLE answers; --"])
def test_bad_unit(text: str) -> None:
    assert parse_unit(text) is None


@pytest.mark.parametrize(("text", "rung"), [("trede 3", 3), ("5", 5), ("Elkaar raadplegen", 3), ("samen doen", 5)])
def test_desired_rung(text: str, rung: int) -> None:
    assert parse_desired_rung(text, LADDER) == rung


@pytest.mark.parametrize("text", ["", "6", "trede 2 of 3", "weet niet"])
def test_unclear_desired_rung(text: str) -> None:
    assert parse_desired_rung(text, LADDER) is None


def test_remark_kept_as_given_or_skipped() -> None:
    assert parse_remark("nee dank u") is None
    assert parse_remark("  ") is None
    assert parse_remark("Fijn team! <b>echt</b>") == "Fijn team! <b>echt</b>"


def test_previous_command() -> None:
    assert is_previous_command("Vorige")
    assert is_previous_command("terug")
    assert not is_previous_command("soms")
