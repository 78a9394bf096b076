"""Reading the ResponseSelector's choice for one retrieval intent, from a shared or an own selector."""

from __future__ import annotations

import pytest
import yaml

from bot.selection import TIED_CONFIDENCE, answer_intents_tied, selection
from tests.servers import ROOT


def rows(*pairs: tuple[str, float]) -> list[dict]:
    return [{"intent_response_key": key, "confidence": confidence} for key, confidence in pairs]


def test_a_shared_selector_is_renormalised_over_one_retrieval_intent() -> None:
    ranking = rows(("tip/ladder", 0.5), ("vraag_naaste/mdo", 0.3), ("vraag_naaste/ladder", 0.1), ("tip/senses", 0.1))
    shared = {"default": {"response": ranking[0], "ranking": ranking}}
    tip = selection(shared, "tip")
    question = selection(shared, "vraag_naaste")
    assert tip is not None and question is not None
    assert tip.key == "ladder" and tip.confidence == pytest.approx(5 / 6)
    assert question.key == "mdo" and question.confidence == pytest.approx(0.75)
    assert [key for key, _ in question.ranking] == ["mdo", "ladder"]


def test_an_own_selector_is_read_as_is_and_no_selector_is_none() -> None:
    own = {"tip": {"response": rows(("tip/ladder", 0.4))[0], "ranking": rows(("tip/senses", 0.2), ("tip/ladder", 0.4))}}
    tip = selection(own, "tip")
    assert tip is not None and (tip.key, tip.confidence) == ("ladder", 0.4)
    assert [key for key, _ in tip.ranking] == ["ladder", "senses"]
    assert selection(own, "vraag_naaste") is None
    assert selection(None, "tip") is None


def test_a_message_not_understood_between_a_tip_and_a_relatives_question_is_tied() -> None:
    def ranking(*pairs: tuple[str, float]) -> list[dict]:
        return [{"name": "nlu_fallback", "confidence": 0.45}] + [{"name": n, "confidence": c} for n, c in pairs]

    assert answer_intents_tied(ranking(("tip", 0.4), ("vraag_naaste", 0.35), ("help", 0.1)))
    assert answer_intents_tied(ranking(("vraag_naaste", 0.3), ("tip", 0.25)))
    assert not answer_intents_tied(ranking(("tip", 0.1), ("vraag_naaste", 0.05), ("out_of_scope", 0.04)))
    assert not answer_intents_tied(ranking(("tip", 0.4), ("help", 0.35), ("vraag_naaste", 0.1)))
    assert not answer_intents_tied(None)


def test_the_tie_is_as_sure_as_the_fallback_threshold_of_config_yml() -> None:
    """Together, the two answer intents must be as sure as one intent must be (config.yml)."""
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    fallback = next(step for step in pipeline if step["name"] == "FallbackClassifier")
    assert TIED_CONFIDENCE == fallback["threshold"]
