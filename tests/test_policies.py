"""The form-aware policies (addons/policies.py) are silent exactly where Rasa's RulePolicy overrules them."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.core.policies.ensemble import DefaultPolicyPredictionEnsemble
from rasa.core.policies.policy import PolicyPrediction
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActiveLoop,
    Event,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from addons.policies import FormAwareMemoizationPolicy, decided_by_the_form

DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents: [start_scan, inform, restart, greet]
slots:
  answer:
    type: text
    mappings: [{type: from_text}]
forms:
  scan_form:
    required_slots: [answer]
responses:
  utter_greet: [{text: "Hallo"}]
"""
)


def user(intent: str) -> UserUttered:
    return UserUttered(f"/{intent}", {"name": intent, "confidence": 1.0})


LISTEN = ActionExecuted("action_listen")
IN_FORM = [
    LISTEN,
    user("start_scan"),
    ActionExecuted("scan_form"),
    ActiveLoop("scan_form"),
    SlotSet("requested_slot", "answer"),
]
CONVERSATIONS: dict[str, tuple[list[Event], bool]] = {
    "an answer to the form": ([*IN_FORM, LISTEN, user("inform")], True),
    "after the form ran": ([*IN_FORM, LISTEN, user("inform"), ActionExecuted("scan_form")], True),
    "the form refused the answer": (
        [*IN_FORM, LISTEN, user("greet"), ActionExecutionRejected("scan_form")],
        False,
    ),
    "a restart inside the form": ([*IN_FORM, LISTEN, user("restart")], False),
    "no form": ([LISTEN, user("greet")], False),
    "the form ended": ([*IN_FORM, LISTEN, user("inform"), ActionExecuted("scan_form"), ActiveLoop(None)], False),
}


def tracker(events: list[Event]) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("relative", events, slots=DOMAIN.slots)


def context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), "test")


@pytest.fixture()
def rule_policy(tmp_path: Path) -> RulePolicy:
    storage = LocalModelStorage(tmp_path)
    policy = RulePolicy.create(RulePolicy.get_default_config(), storage, Resource("rules"), context())
    policy.train([], DOMAIN)
    return policy


@pytest.mark.parametrize("name", CONVERSATIONS)
def test_silent_exactly_where_the_rule_policy_predicts_without_the_user(name: str, rule_policy: RulePolicy) -> None:
    events, decided = CONVERSATIONS[name]
    conversation = tracker(events)
    assert decided_by_the_form(conversation) is decided
    rule = rule_policy.predict_action_probabilities(conversation, DOMAIN)
    assert rule.is_no_user_prediction is decided


@pytest.mark.parametrize("name", [name for name, (_, decided) in CONVERSATIONS.items() if decided])
def test_on_those_turns_no_other_policy_could_have_won(name: str, rule_policy: RulePolicy) -> None:
    """Rasa's ensemble takes the rule's happy path even over a certain TED: saying nothing changes nothing."""
    conversation = tracker(CONVERSATIONS[name][0])
    rule = rule_policy.predict_action_probabilities(conversation, DOMAIN)
    certain = [0.0] * DOMAIN.num_actions
    certain[DOMAIN.index_for_action("utter_greet")] = 1.0
    ted = PolicyPrediction(certain, "TEDPolicy", policy_priority=1, is_end_to_end_prediction=True)
    best = DefaultPolicyPredictionEnsemble._pick_best_policy([ted, rule])
    assert best.policy_name == "RulePolicy"
    assert best.probabilities == rule.probabilities


def test_the_memoization_policy_still_answers_outside_the_form(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path)
    config = FormAwareMemoizationPolicy.get_default_config()
    policy = FormAwareMemoizationPolicy.create(config, storage, Resource("memo"), context())
    story = tracker([LISTEN, user("greet"), ActionExecuted("utter_greet"), LISTEN])
    policy.train([story], DOMAIN)
    outside = policy.predict_action_probabilities(tracker([LISTEN, user("greet")]), DOMAIN)
    assert outside.max_confidence_index == DOMAIN.index_for_action("utter_greet")
    inside = policy.predict_action_probabilities(tracker(CONVERSATIONS["an answer to the form"][0]), DOMAIN)
    assert inside.max_confidence == 0.0
