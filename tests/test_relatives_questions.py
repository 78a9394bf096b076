"""Relatives' questions and the talk-to-a-person texts: content, training data, routes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from bot.content import CONTENT_DIR, ContentError
from bot.relatives_questions import (
    answer_text,
    carer_route,
    closest_questions,
    load_relatives_questions,
    load_talk_to_person,
    relative_route,
)
from tests.servers import ROOT
from tests.understanding import examples

QUESTIONS = load_relatives_questions()
CARER_WORDS = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)
TRAINING = ROOT / "data" / "nlu" / "relatives_questions.yml"
HELDOUT = ROOT / "tests" / "nlu" / "heldout_relatives_questions.yml"


def test_at_least_twenty_questions_each_with_a_seed_source() -> None:
    assert len(QUESTIONS.questions) >= 20
    for question in QUESTIONS.questions.values():
        assert re.search(r"seed 00[0-4]", question.source), question.key


def test_relatives_are_addressed_with_u() -> None:
    texts = [QUESTIONS.no_answer, QUESTIONS.ask]
    for question in QUESTIONS.questions.values():
        texts += [question.question, answer_text(question)]
    texts += [relative_route("De Linde", "bel 010-1234567"), relative_route(None, None)]
    assert not [t for t in texts if CARER_WORDS.search(t)]
    without_u = [q.key for q in QUESTIONS.questions.values() if not re.search(r"\b(u|uw)\b", q.answer)]
    assert not without_u


def test_privacy_answer_says_what_the_settings_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RETENTION_DAYS", "14")
    monkeypatch.setenv("ANSWER_RETENTION_DAYS", "365")
    text = answer_text(QUESTIONS.questions["privacy_chat"])
    assert "14 dagen" in text and "1 jaar" in text and "verwijder mijn gegevens" in text


def test_routes_name_the_contact() -> None:
    assert "bel 010-1234567" in relative_route("De Linde", "bel 010-1234567")
    assert "De Linde" in relative_route("De Linde", "bel 010-1234567")
    assert "EVV" in relative_route("De Linde", None)
    assert "Karin (toestel 214)" in carer_route("Karin (toestel 214)")
    assert "leidinggevende" in carer_route("")
    texts = load_talk_to_person()
    assert CARER_WORDS.search(texts.carer_general) and CARER_WORDS.search(texts.carer_configured)


def test_closest_questions_are_the_best_ranked_known_ones() -> None:
    ranking = [("mdo", 0.2), ("onbekend", 0.9), ("zorgoverleg", 0.5), ("ladder", 0.1), ("ver_weg", 0.3)]
    assert [q.key for q in closest_questions(ranking, QUESTIONS.questions)] == ["zorgoverleg", "ver_weg", "mdo"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["questions"][2].update(anwser="x"),
            "relatives_questions.yml: questions[3] (eerste_contactpersoon): unknown key 'anwser'",
        ),
        (lambda d: d["questions"][0].pop("source"), "questions[1] (eerste_weken): missing 'source'"),
        (lambda d: d["questions"][0].update(related=["bestaat_niet"]), "unknown keys ['bestaat_niet']"),
        (lambda d: d["questions"][1].update(answer="Wij bewaren het {dagen}."), "unknown placeholder"),
        (lambda d: d.update(extra="x"), "relatives_questions.yml: top level: unknown key 'extra'"),
    ],
)
def test_a_wrong_content_file_names_file_record_and_key(tmp_path: Path, change, message: str) -> None:
    shutil.copy(CONTENT_DIR / "talk_to_person.yml", tmp_path)
    data = yaml.safe_load((CONTENT_DIR / "relatives_questions.yml").read_text(encoding="utf-8"))
    change(data)
    (tmp_path / "relatives_questions.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_relatives_questions(tmp_path)
    assert message in str(error.value)


def test_training_and_heldout_cover_every_key_and_never_share_a_sentence() -> None:
    training = examples(TRAINING)
    heldout = examples(HELDOUT)
    keys = {f"vraag_naaste/{key}" for key in QUESTIONS.questions}
    assert {label for label, _ in training} == keys
    assert {label for label, _ in heldout} == keys
    for key in keys:
        assert sum(label == key for label, _ in heldout) >= 5, key
    seen = {text.lower() for _, text in training}
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        seen |= {text.lower() for _, text in examples(path)}
    shared = [text for _, text in heldout if text.lower() in seen]
    assert not shared, shared


def test_generated_responses_hold_every_question() -> None:
    from scripts.generate_responses import relatives_responses

    responses = relatives_responses()
    assert set(responses) == {f"utter_vraag_naaste/{key}" for key in QUESTIONS.questions}
