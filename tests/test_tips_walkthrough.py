"""Tips and the start-conversation walkthrough (core and actions, no model)."""

from __future__ import annotations

import asyncio
from typing import Any

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.tips import TIP_CONFIDENCE, ActionAnswerTip
from actions.walkthrough import ActionWalkthroughDone, ValidateWalkthroughForm
from bot.content import content
from bot.tips import closest_tips, tip_buttons, tip_message, tip_payload
from bot.walkthrough import checklist, finished, navigate, situation_note, step_message
from tests.conftest import make_tracker
from tests.servers import ROOT

DOMAIN: dict[str, Any] = yaml.safe_load((ROOT / "domain.yml").read_text())
TIPS = content().tips
GUIDE = content().walkthrough


def tracker(message: dict[str, Any], slots: dict[str, Any] | None = None) -> Tracker:
    return make_tracker(message=message, slots=slots, sender="carer", with_event=False)


def answer(message: dict[str, Any]) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerTip().run(dispatcher, tracker(message), DOMAIN))
    return dispatcher.messages


def selector(key: str, confidence: float, ranking: list[tuple[str, float]]) -> dict[str, Any]:
    return {
        "intent": {"name": "tip", "confidence": 0.9},
        "entities": [],
        "response_selector": {
            "tip": {
                "response": {"intent_response_key": f"tip/{key}", "confidence": confidence},
                "ranking": [{"intent_response_key": f"tip/{k}", "confidence": c} for k, c in ranking],
            }
        },
    }


def test_tip_message_and_buttons() -> None:
    tip = TIPS["contact_voor_inhoud"]
    assert tip.text in tip_message(tip) and tip.example in tip_message(tip)
    buttons = tip_buttons(tip, TIPS)
    assert [b.key for b in buttons if b.key] == list(tip.related)
    assert any(b.payload == "/start_walkthrough" for b in buttons) == tip.walkthrough


def test_confident_prediction_gives_that_tip() -> None:
    messages = answer(selector("zorgoverleg", 0.93, [("zorgoverleg", 0.93), ("ladder", 0.02)]))
    assert messages == [messages[0]] and messages[0]["response"] == "utter_tip/zorgoverleg"


def test_button_choice_gives_that_tip_without_nlu() -> None:
    message = {"intent": {"name": "tip"}, "entities": [{"entity": "tip_key", "value": "ladder"}]}
    assert answer(message)[0]["response"] == "utter_tip/ladder"


def test_unsure_prediction_offers_three_closest_tips() -> None:
    ranking = [("luisteren", 0.3), ("beleid", 0.25), ("hele_team", 0.2), ("senses", 0.1)]
    messages = answer(selector("luisteren", TIP_CONFIDENCE - 0.2, ranking))
    assert "geen tip" in messages[0]["text"]
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        tip_payload("luisteren"),
        tip_payload("beleid"),
        tip_payload("hele_team"),
    ]


def test_tip_menu_without_a_question() -> None:
    messages = answer({"intent": {"name": "tip"}, "entities": []})
    assert "eigen woorden" in messages[0]["text"] and len(messages[0]["buttons"]) == 5


def test_closest_tips_ignores_unknown_keys() -> None:
    assert [t.key for t in closest_tips([("onbekend", 0.9), ("ladder", 0.5)], TIPS)] == ["ladder"]


def test_navigation() -> None:
    last = len(GUIDE.steps) - 1
    assert navigate(GUIDE, 0, "volgende").step == 1
    assert navigate(GUIDE, 2, "/previous_step", "previous_step").step == 1
    assert navigate(GUIDE, 0, "terug").at_start
    assert finished(GUIDE, navigate(GUIDE, last, "volgende").step)
    assert not finished(GUIDE, navigate(GUIDE, last - 1, "volgende").step)
    assert not navigate(GUIDE, 1, "wat bedoel je").understood


def test_step_message_and_checklist() -> None:
    assert step_message(GUIDE, 0).startswith(f"Stap 1 van {len(GUIDE.steps)}: {GUIDE.steps[0].title}")
    text = checklist(GUIDE, "dementie, dochter woont ver weg")
    assert "Situatie: dementie, dochter woont ver weg" in text
    assert all(step.checklist in text for step in GUIDE.steps)
    assert situation_note("overslaan") is None and len(situation_note("x" * 1000) or "") == 300


def test_walkthrough_form_moves_and_finishes() -> None:
    form = ValidateWalkthroughForm()
    at = lambda step: tracker({"intent": {"name": "next_step"}}, {"walk_step": step})  # noqa: E731
    moved = form.validate_walk_nav("volgende", CollectingDispatcher(), at(0), DOMAIN)
    assert moved == {"walk_nav": None, "walk_step": 1}
    last = at(len(GUIDE.steps) - 1)
    finished = form.validate_walk_nav("volgende", CollectingDispatcher(), last, DOMAIN)
    assert finished == {"walk_nav": None, "walk_step": len(GUIDE.steps)}
    # past the last step nothing is left to ask, so the form ends (requested_slot None) without a sentinel
    last.slots.update(finished)
    assert asyncio.run(form.required_slots([], CollectingDispatcher(), last, DOMAIN)) == []
    assert asyncio.run(form.required_slots([], CollectingDispatcher(), at(2), DOMAIN)) == ["walk_nav"]
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionWalkthroughDone().run(dispatcher, tracker({}, {"walk_situation": "net verhuisd"}), DOMAIN))
    assert "Situatie: net verhuisd" in dispatcher.messages[1]["text"]
