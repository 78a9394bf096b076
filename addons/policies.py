"""Rasa's Memoization and TED policies, skipped on the turns that a form decides alone.

While a form runs its happy path (the form after the user's message, then listening after the
form), Rasa's RulePolicy predicts the next action as a "no user" prediction, and the policy
ensemble takes that prediction over any other policy's (`_pick_best_policy`). Rasa still lets
every policy featurize the whole conversation and TED run its network for each of these turns;
the relatives' and the staff scan are nearly all such turns. These subclasses return "no
prediction" on them instead, leaving every other turn to the original policy.

The Rasa functions this relies on are guarded by their source hash (`RELIED_ON` in
addons/rasa_patches.py, checked by tests/test_rasa_addons.py).
"""

from __future__ import annotations

from typing import Any, Optional

from rasa.core.policies.memoization import MemoizationPolicy
from rasa.core.policies.policy import PolicyPrediction
from rasa.core.policies.rule_policy import RulePolicy
from rasa.core.policies.ted_policy import TEDPolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker


def decided_by_the_form(tracker: DialogueStateTracker) -> bool:
    """True when the RulePolicy predicts the active form's happy path, which overrules other policies.

    The same two checks, in the same order, as `RulePolicy._predict`: a default action (restart,
    back, session start) comes first; then the loop's happy path.
    """
    default_action, _ = RulePolicy._find_action_from_default_actions(tracker)
    if default_action is not None:
        return False
    loop_action, _ = RulePolicy._find_action_from_loop_happy_path(tracker)
    return loop_action is not None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class FormAwareMemoizationPolicy(MemoizationPolicy):
    """MemoizationPolicy that leaves a form's happy path to the RulePolicy without looking."""

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[dict[str, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        if decided_by_the_form(tracker):
            return self._prediction(self._default_predictions(domain))
        return super().predict_action_probabilities(tracker, domain, rule_only_data, **kwargs)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITH_END_TO_END_SUPPORT, is_trainable=True)
class FormAwareTEDPolicy(TEDPolicy):
    """TEDPolicy that leaves a form's happy path to the RulePolicy without running the network."""

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[dict[str, Any]] = None,
        precomputations: Any = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        if decided_by_the_form(tracker):
            return self._prediction(self._default_predictions(domain))
        return super().predict_action_probabilities(tracker, domain, rule_only_data, precomputations, **kwargs)
