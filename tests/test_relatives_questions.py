"""Relatives' questions and the talk-to-a-person texts: content, training data, routes."""

from __future__ import annotations

import asyncio
import re
import shutil
from pathlib import Path
from typing import Any, Optional

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.relatives import ActionAnswerRelativesQuestion, ActionTalkToPerson, question_payload
from actions.tips import ActionAnswerTip, ActionNotUnderstood
from bot.content import CONTENT_DIR, ContentError
from bot.content.relatives_questions import (
    answer_text,
    carer_route,
    closest_questions,
    load_relatives_questions,
    load_talk_to_person,
    relative_route,
)
from bot.reader import CARER, RELATIVE
from bot.relatives_answer import ANSWER_CONFIDENCE
from bot.storage.units import UnitRegistry
from tests.conftest import make_tracker
from tests.servers import ROOT
from tests.understanding import examples

QUESTIONS = load_relatives_questions()
CARER_WORDS = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)
TRAINING = ROOT / "data" / "nlu" / "relatives_questions.yml"
HELDOUT = ROOT / "tests" / "nlu" / "heldout_relatives_questions.yml"
HELDOUT_OWN_WORDS = ROOT / "tests" / "nlu" / "heldout_relatives_own_words.yml"


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
            "relatives_questions.yml: questions[2: eerste_contactpersoon].anwser: unknown key",
        ),
        (
            lambda d: d["questions"][0].pop("source"),
            "relatives_questions.yml: questions[0: eerste_weken].source: missing",
        ),
        (lambda d: d["questions"][0].update(related=["bestaat_niet"]), "unknown keys ['bestaat_niet']"),
        (lambda d: d["questions"][1].update(answer="Wij bewaren het {dagen}."), "unknown placeholder"),
        (lambda d: d.update(extra="x"), "relatives_questions.yml: extra: unknown key"),
        (
            lambda d: d["questions"][4].update(tip="geen_tip"),
            "relatives_questions.yml: questions[4: zorgoverleg].tip: unknown tip key",
        ),
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


def test_a_misspelt_talk_to_person_key_names_file_and_key(tmp_path: Path) -> None:
    text = (CONTENT_DIR / "talk_to_person.yml").read_text(encoding="utf-8")
    (tmp_path / "talk_to_person.yml").write_text(text.replace("carer_general:", "carer_genral:"), encoding="utf-8")
    with pytest.raises(ContentError, match=r"talk_to_person\.yml: carer_general: missing"):
        load_talk_to_person(tmp_path)
    (tmp_path / "talk_to_person.yml").write_text(text + "\nextra: x\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"talk_to_person\.yml: extra: unknown key"):
        load_talk_to_person(tmp_path)


def test_training_and_heldout_cover_every_key_and_never_share_a_sentence() -> None:
    """The first held-out set has five questions for each key it knows; the second (issue 21) has
    at least two for every key, the two new ones included; no held-out sentence is trained on."""
    training = examples(TRAINING)
    first, second = examples(HELDOUT), examples(HELDOUT_OWN_WORDS)
    keys = {f"vraag_naaste/{key}" for key in QUESTIONS.questions}
    assert {label for label, _ in training} == keys
    assert {label for label, _ in second} == keys
    assert {label for label, _ in first} <= keys and len({label for label, _ in first}) >= 20
    for label in {label for label, _ in first}:
        assert sum(key == label for key, _ in first) >= 5, label
    for label in keys:
        assert sum(key == label for key, _ in second) >= 2, label
    assert len(second) >= 60
    seen = {text.lower() for _, text in training}
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        seen |= {text.lower() for _, text in examples(path)}
    shared = [text for _, text in first + second if text.lower().rstrip("?") in seen or text.lower() in seen]
    assert not shared, shared


def test_generated_responses_hold_every_question() -> None:
    from scripts.generate_responses import relatives_responses

    responses = relatives_responses()
    assert set(responses) == {f"utter_vraag_naaste/{key}" for key in QUESTIONS.questions}


# --- the actions, against tracker fixtures (no model) ---------------------------------------


def parse(intent: str, question: tuple[str, float], tip: tuple[str, float] = ("luisteren", 0.97)) -> dict[str, Any]:
    ranking = [question, ("mdo", 0.05), ("ladder", 0.03), ("ver_weg", 0.02)]
    return {
        "text": "een vraag",
        "intent": {"name": intent, "confidence": 0.9},
        "entities": [],
        "response_selector": {
            "tip": {"response": {"intent_response_key": f"tip/{tip[0]}", "confidence": tip[1]}, "ranking": []},
            "vraag_naaste": {
                "response": {"intent_response_key": f"vraag_naaste/{question[0]}", "confidence": question[1]},
                "ranking": [{"intent_response_key": f"vraag_naaste/{k}", "confidence": c} for k, c in ranking],
            },
        },
    }


def run(action: Any, message: dict[str, Any], reader: Optional[str] = None, metadata: Optional[dict] = None) -> list:
    tracker = make_tracker(message=message, slots={"reader": reader}, sender="someone", metadata=metadata or {})
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages


def test_a_relatives_tip_question_gets_the_relatives_answer(actions_database: str) -> None:
    for reader, metadata in ((RELATIVE, None), (None, {"afdeling": "B2"})):
        messages = run(ActionAnswerTip(), parse("tip", ("zorgoverleg", 0.8)), reader, metadata)
        assert messages[0].get("response") is None, messages
        assert answer_text(QUESTIONS.questions["zorgoverleg"]) in messages[0]["text"]


def test_a_carer_gets_the_tip_and_may_read_a_relatives_answer(actions_database: str) -> None:
    assert run(ActionAnswerTip(), parse("tip", ("zorgoverleg", 0.8)), CARER)[0]["response"] == "utter_tip/luisteren"
    messages = run(ActionAnswerRelativesQuestion(), parse("vraag_naaste", ("ver_weg", 0.8)), CARER)
    assert answer_text(QUESTIONS.questions["ver_weg"]) in messages[0]["text"]


def test_a_question_both_readers_ask_gets_each_reader_their_answer(actions_database: str) -> None:
    """On the MDO a carer gets the carers' tip, a relative (or a reader not known yet) the relatives' answer."""
    asked = parse("vraag_naaste", ("mdo", 0.8))
    assert QUESTIONS.questions["mdo"].tip == "zorgoverleg"
    assert run(ActionAnswerRelativesQuestion(), asked, CARER)[0]["response"] == "utter_tip/zorgoverleg"
    for reader, metadata in ((RELATIVE, None), (None, {"afdeling": "B2"}), (None, None)):
        messages = run(ActionAnswerRelativesQuestion(), asked, reader, metadata)
        assert answer_text(QUESTIONS.questions["mdo"]) in messages[0]["text"], (reader, metadata)
    # a carer who presses a relatives' question button gets that answer
    pressed = {**asked, "entities": [{"entity": "vraag_key", "value": "mdo"}]}
    assert answer_text(QUESTIONS.questions["mdo"]) in run(ActionAnswerRelativesQuestion(), pressed, CARER)[0]["text"]


def test_an_unsure_answer_offers_the_closest_questions(actions_database: str) -> None:
    unsure = parse("vraag_naaste", ("zorgoverleg", ANSWER_CONFIDENCE - 0.1))
    messages = run(ActionAnswerRelativesQuestion(), unsure, RELATIVE)
    assert messages[0]["text"] == QUESTIONS.no_answer
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        question_payload("zorgoverleg"),
        question_payload("mdo"),
        question_payload("ladder"),
    ]


def test_talk_to_person_routes(actions_database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    UnitRegistry(actions_database).add("D4", "De Meander", contact="bel 010-555 12 34")
    UnitRegistry(actions_database).add("C3", "De Linde")
    message = {"text": "ik wil iemand spreken", "intent": {"name": "talk_to_person"}, "entities": []}
    said = run(ActionTalkToPerson(), message, RELATIVE, {"afdeling": "D4"})[0]["text"]
    assert "De Meander" in said and "bel 010-555 12 34" in said
    assert run(ActionTalkToPerson(), message, RELATIVE, {"afdeling": "C3"})[0]["text"] == relative_route(None, None)
    monkeypatch.setenv("STAFF_CONTACT", "Ineke, toestel 214")
    assert "Ineke, toestel 214" in run(ActionTalkToPerson(), message, CARER)[0]["text"]
    monkeypatch.delenv("STAFF_CONTACT")
    assert run(ActionTalkToPerson(), message, CARER)[0]["text"] == carer_route("")


def test_a_message_only_the_reader_decides_is_answered_for_the_reader(actions_database: str) -> None:
    tied = [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "tip", "confidence": 0.42},
        {"name": "vraag_naaste", "confidence": 0.38},
    ]
    message = {**parse("nlu_fallback", ("mdo", 0.8), ("zorgoverleg", 0.9)), "intent_ranking": tied}
    assert run(ActionNotUnderstood(), message, CARER)[0]["response"] == "utter_tip/zorgoverleg"
    for reader, metadata in ((RELATIVE, None), (None, {"afdeling": "B2"}), (None, None)):
        messages = run(ActionNotUnderstood(), message, reader, metadata)
        assert answer_text(QUESTIONS.questions["mdo"]) in messages[0]["text"], (reader, metadata)
    other = {**message, "intent_ranking": [tied[0], tied[1], {"name": "help", "confidence": 0.38}]}
    assert run(ActionNotUnderstood(), other, RELATIVE)[0]["response"] == "utter_default"


def test_inside_the_scan_an_unsure_question_is_an_unclear_answer(actions_database: str) -> None:
    """'misschien als het regent' mid-scan: the scan asks again in its own words, no list of questions."""
    unsure = parse("vraag_naaste", ("iets_dwars", ANSWER_CONFIDENCE - 0.1))
    events = [{"event": "user", "text": "misschien", "parse_data": unsure, "metadata": {}}]
    for slot, reply in (("scan_answer", "utter_scan_unclear_answer"), ("desired_rung", "utter_scan_unclear_desired")):
        slots = {"reader": RELATIVE, "requested_slot": slot}
        tracker = make_tracker(message=unsure, slots=slots, sender="someone", form="scan_form", events=events)
        dispatcher = CollectingDispatcher()
        asyncio.run(ActionAnswerRelativesQuestion().run(dispatcher, tracker, {}))
        assert [m.get("response") for m in dispatcher.messages] == [reply]
    # a question the selector is sure of is still answered inside the scan
    sure = parse("vraag_naaste", ("iets_dwars", 0.9))
    slots = {"reader": RELATIVE, "requested_slot": "scan_answer"}
    tracker = make_tracker(message=sure, slots=slots, sender="someone", form="scan_form", events=events)
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerRelativesQuestion().run(dispatcher, tracker, {}))
    assert answer_text(QUESTIONS.questions["iets_dwars"]) in dispatcher.messages[0]["text"]
