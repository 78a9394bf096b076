"""The reading of carer turns with spaCy: a table of turns, jargon, "je", and one load per process."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot import language
from bot.rehearsal.reading import read_turn, read_turns

TABLE = Path(__file__).resolve().parent / "rehearsal" / "reading_table.yml"
READING_FLOOR = 0.9
ROOT = Path(__file__).resolve().parent.parent


def _observed(text: str, heard: str) -> tuple[list[str], bool, bool]:
    result = read_turn(text, [heard])
    kinds = ["open" if q.open else "closed" for q in result.questions]
    return kinds, bool(result.follow_ups), bool(result.summaries)


def test_the_reading_gets_the_table_of_turns_right() -> None:
    turns = yaml.safe_load(TABLE.read_text(encoding="utf-8"))["turns"]
    assert len(turns) >= 40
    right, wrong = 0, []
    for turn in turns:
        expected = (list(turn["questions"]), bool(turn.get("follow_up")), bool(turn.get("summary")))
        observed = _observed(turn["text"], turn["heard"])
        if observed == expected:
            right += 1
        else:
            wrong.append(f"{turn['text']!r}: expected {expected}, read {observed}")
    share = right / len(turns)
    print(f"\nReading of {len(turns)} carer turns: {right} right ({share:.1%})")
    print("\n".join(wrong))
    assert share >= READING_FLOOR


def test_questions_counted_per_kind_over_a_turn() -> None:
    result = read_turn("Bent u vaak hier? Wie komt er nog meer? Hoe gaat het met u?", ["Ik kom elke dag."])
    assert [q.open for q in result.questions] == [False, True, True]
    assert result.open_questions == 2


def test_jargon_and_je_are_found_as_typed() -> None:
    result = read_turn("Heb je het zorgleefplan al gezien? Dat bespreken we in het MDO.", [])
    assert result.jargon == ("zorgleefplan", "MDO")
    assert result.informal == ("je",)
    assert read_turn("Heeft u het plan voor de zorg al gezien?", []).jargon == ()


def test_words_per_turn_leave_punctuation_out() -> None:
    assert read_turn("Goedemiddag , ik ben Sanne !", []).words == 4


def test_the_pipeline_is_loaded_once_per_process() -> None:
    """The reading of carer turns and the masking of remarks share one pipeline, loaded once."""
    from bot.masking import mask_remarks

    for turn in ("Zingt hij graag?", "Wat zingt hij?") * 20:
        read_turn(turn, ["Hij zingt graag."])
    read_turns(["Hoe gaat het?"] * 5)
    mask_remarks(["Ik sprak met Ahmed."])
    assert language.nlp() is language.nlp()
    assert language.LOADS["count"] == 1
