"""The staff quick scan's Rasa actions against tracker fixtures and a real SQLite database."""

from __future__ import annotations

import asyncio
from typing import Any, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.teamscan import (
    ActionAskTeamAnswer,
    ActionTeamActionPlan,
    ActionTeamScanResult,
    ValidateTeamScanForm,
)
from bot.content import staff_scan
from bot.storage.teamscan import RoundInfo, TeamScanRepository
from bot.storage.units import UnitRegistry
from tests.conftest import make_tracker
from tests.test_actions import DOMAIN

SCAN = staff_scan()
FORM = ValidateTeamScanForm()


@pytest.fixture
def round_(actions_database: str) -> RoundInfo:
    UnitRegistry(actions_database).add("B2", "De Linde")
    return TeamScanRepository(actions_database).open_round("B2")[0]


def tracker(
    text: str = "", slots: Optional[dict[str, Any]] = None, sender: str = "carer-1", intent: str = "inform"
) -> Tracker:
    return make_tracker(text, intent, slots, sender=sender, form="team_scan_form")


def required(slots: dict[str, Any]) -> list[str]:
    return asyncio.run(
        FORM.required_slots(FORM.domain_slots(DOMAIN), CollectingDispatcher(), tracker(slots=slots), DOMAIN)
    )


def said(action: Any, t: Tracker) -> str:
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, t, DOMAIN))
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


def test_the_form_asks_round_mode_size_part_then_statements(round_: RoundInfo) -> None:
    assert required({}) == ["team_round", "team_mode", "team_first_part", "team_answer"]
    # the code is extracted, validated (the round's id) and the next question is the way of taking part
    t = tracker(round_.code, slots={"requested_slot": "team_round"}, intent="nlu_fallback")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(FORM.run(dispatcher, t, DOMAIN))
    assert {"event": "slot", "timestamp": None, "name": "team_round", "value": str(round_.id)} in events
    assert events[-1]["value"] == "team_mode" and "Gevonden" in dispatcher.messages[0]["text"]
    dispatcher = CollectingDispatcher()
    assert FORM.validate_team_round("ABCDEF", dispatcher, tracker(), DOMAIN) == {"team_round": None}
    assert "ken ik niet" in dispatcher.messages[0]["text"]
    slots = FORM.validate_team_round(round_.code.lower(), CollectingDispatcher(), tracker(), DOMAIN)
    assert slots == {"team_round": str(round_.id)}
    slots = FORM.validate_team_mode("Als groep met stemkaarten", CollectingDispatcher(), tracker(slots=slots), DOMAIN)
    assert slots["team_mode"] == "group"
    state = {"team_round": str(round_.id), "team_mode": "group"}
    assert required(state) == ["team_round", "team_mode", "team_group_size", "team_first_part", "team_answer"]


def group_slots(round_: RoundInfo, position: int = 0) -> dict[str, Any]:
    return {
        "team_round": str(round_.id),
        "team_mode": "group",
        "team_group_size": "6",
        "team_first_part": "doen",
        "team_position": position,
    }


def test_group_cards_with_a_typo_or_a_wrong_total_are_asked_again(round_: RoundInfo) -> None:
    slots = group_slots(round_)
    FORM.validate_team_first_part("Beginnen bij Doen", CollectingDispatcher(), tracker(slots=slots), DOMAIN)
    for typed, problem in (("0 1 e 2", "kon ik niet lezen"), ("0 1 3 3", "samen 7 kaarten")):
        dispatcher = CollectingDispatcher()
        result = FORM.validate_team_answer(typed, dispatcher, tracker(typed, slots), DOMAIN)
        assert result == {"team_answer": None} and problem in dispatcher.messages[0]["text"]
    assert TeamScanRepository().member(round_.id, "carer-1", "group").answers == {}  # type: ignore[union-attr]
    result = FORM.validate_team_answer("0 1 3 2", CollectingDispatcher(), tracker("0 1 3 2", slots), DOMAIN)
    assert result == {"team_answer": None, "team_position": 1}
    assert "Stelling 2 van 12" in said(ActionAskTeamAnswer(), tracker(slots=group_slots(round_, 1)))
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAskTeamAnswer().run(dispatcher, tracker(slots=group_slots(round_, 1)), DOMAIN))
    buttons = dispatcher.messages[0]["buttons"]
    assert [b["title"] for b in buttons] == ["Iedereen 1", "Iedereen 2", "Iedereen 3", "Iedereen 4"]
    assert buttons[3]["payload"] == "0 0 0 6"
    result = FORM.validate_team_answer(
        "0 0 0 6", CollectingDispatcher(), tracker("0 0 0 6", group_slots(round_, 1)), DOMAIN
    )
    assert result == {"team_answer": None, "team_position": 2}


def test_four_members_see_how_many_more_five_see_the_score_and_a_plan(round_: RoundInfo) -> None:
    repository = TeamScanRepository()
    for person in range(5):
        repository.start_member(round_.id, f"p{person}", "alone", "doen")
        for item in SCAN.items:
            repository.save_answer(round_.id, f"p{person}", "alone", item.id, {2 if person % 2 else 4: 1})
        text = said(ActionTeamScanResult(), tracker(slots={"team_round": str(round_.id)}))
        plan = said(ActionTeamActionPlan(), tracker(slots={"team_round": str(round_.id)}))
        if person < 4:
            assert f"Nog {4 - person} nodig" in text and "Doen:" not in text and "Eerste activiteit" not in plan
        else:
            assert "Doen: 3,2" in text and "minst eens" in text and "Eerste activiteit" in plan


def test_only_real_stop_words_pause_the_form(round_: RoundInfo) -> None:
    slots = {"requested_slot": "team_group_size", "team_round": str(round_.id), "team_mode": "group"}
    # NLU sometimes takes a short answer for "stop": the form keeps it and explains what to type
    assert FORM.extract_team_group_size(CollectingDispatcher(), tracker("heel veel", slots, intent="stop"), DOMAIN) == {
        "team_group_size": "heel veel"
    }
    assert (
        FORM.extract_team_group_size(CollectingDispatcher(), tracker("ik wil stoppen", slots, intent="stop"), DOMAIN)
        == {}
    )
