"""On the relatives' page carers' intents are read as a relatives' question (bot/reader.py, addons/).

No model and no server: the rule on rankings, and the pipeline component on real Rasa messages.
"""

from __future__ import annotations

from typing import Any, Optional

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rasa.shared.nlu.training_data.message import Message

from addons.relatives_path import RelativesPath
from bot.reader import RELATIVES_QUESTION, STAFF_INTENTS, on_relatives_page, relatives_ranking

OTHER_INTENTS = ["greet", "start_scan", "out_of_scope", "talk_to_person", "scan_why", "delete_my_data"]


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        ({"pagina": "naasten"}, True),
        ({"afdeling": "B2"}, True),
        ({"pagina": "naasten", "afdeling": "B2"}, True),
        ({"pagina": "oefenen"}, False),
        ({"pagina": "oefenen", "afdeling": "B2"}, False),
        ({}, False),
        (None, False),
    ],
)
def test_the_relatives_page_is_known_by_its_metadata(metadata: Optional[dict[str, str]], expected: bool) -> None:
    assert on_relatives_page(metadata) is expected


def test_a_carers_request_becomes_a_relatives_question() -> None:
    ranking = [
        {"name": "start_walkthrough", "confidence": 0.6},
        {"name": "tip", "confidence": 0.15},
        {"name": "vraag_naaste", "confidence": 0.1},
        {"name": "start_scan", "confidence": 0.15},
    ]
    rows = relatives_ranking(ranking)
    assert rows[0] == {"name": RELATIVES_QUESTION, "confidence": pytest.approx(0.85)}
    assert [row["name"] for row in rows] == [RELATIVES_QUESTION, "start_scan"]


def test_a_ranking_without_carers_intents_is_unchanged() -> None:
    ranking = [{"name": "start_scan", "confidence": 0.7}, {"name": "greet", "confidence": 0.3}]
    assert relatives_ranking(ranking) == ranking


rankings = st.lists(
    st.tuples(st.sampled_from(sorted(STAFF_INTENTS) + OTHER_INTENTS + [RELATIVES_QUESTION]), st.floats(0, 1)),
    min_size=1,
    max_size=12,
    unique_by=lambda pair: pair[0],
)


@given(rankings)
def test_no_carers_intent_survives_and_no_confidence_is_lost(pairs: list[tuple[str, float]]) -> None:
    ranking = [{"name": name, "confidence": confidence} for name, confidence in pairs]
    rows = relatives_ranking(ranking)
    assert not {row["name"] for row in rows} & STAFF_INTENTS
    assert sum(row["confidence"] for row in rows) == pytest.approx(sum(c for _, c in pairs))
    assert [row["confidence"] for row in rows] == sorted((row["confidence"] for row in rows), reverse=True)


def _message(metadata: Optional[dict[str, Any]]) -> Message:
    message = Message(data={"text": "loop het startgesprek met me door", "metadata": metadata})
    ranking = [{"name": "start_walkthrough", "confidence": 0.9}, {"name": "vraag_naaste", "confidence": 0.1}]
    message.set("intent", ranking[0], add_to_output=True)
    message.set("intent_ranking", ranking, add_to_output=True)
    return message


def test_the_component_reads_a_carers_request_on_the_relatives_page_as_a_question() -> None:
    component = RelativesPath()
    relative, carer, nobody = _message({"pagina": "naasten"}), _message({"pagina": "oefenen"}), _message(None)
    component.process([relative, carer, nobody])
    assert relative.get("intent")["name"] == RELATIVES_QUESTION
    assert relative.get("intent")["confidence"] == pytest.approx(1.0)
    assert carer.get("intent")["name"] == "start_walkthrough"
    assert nobody.get("intent")["name"] == "start_walkthrough"
