"""Linear classifiers for Rasa's NLU pipeline: intents, and the answer keys of a retrieval intent.

Each is one scikit-learn pipeline on the message text: tf-idf of character n-grams (2-5, within
words, so "mantelzorger" and "mantelzorgers" share most features) and of words and word pairs,
then a logistic regression whose probabilities are the confidences Rasa reports. With a few
thousand short Dutch examples and no word vectors (the stand-in spaCy model has none) this
measured better than DIET and its ResponseSelectors on every held-out set, trains in seconds
instead of minutes and parses a message in well under a millisecond (docs/understanding.md).

- `LinearIntentClassifier` sets `intent` and `intent_ranking`, as DIETClassifier does.
- `LinearResponseSelector` (one per `retrieval_intent`) sets `response_selector[<intent>]` in the
  layout of Rasa's ResponseSelector: `response` with `intent_response_key`, `confidence` and
  `utter_action`, and a `ranking`.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any, Optional

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

logger = logging.getLogger(__name__)

MODEL_FILE = "linear.skops"
# the one type of a stored pipeline that skops does not trust by itself; loading refuses any other
TRUSTED_TYPES = {"scipy.sparse._csr.csr_matrix"}


def text_pipeline(regularisation: float, random_state: int, balanced: bool = False) -> Pipeline:
    """Tf-idf of character and word n-grams, then a logistic regression (C = `regularisation`).

    `balanced` weighs each label by the inverse of its number of examples, so that a label with
    few examples is not drowned by the large ones (the tips, the Wikipedia sentences).
    """
    features = FeatureUnion(
        [
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
            ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True)),
        ]
    )
    classifier = LogisticRegression(
        C=regularisation, max_iter=5000, random_state=random_state, class_weight="balanced" if balanced else None
    )
    return Pipeline([("features", features), ("classifier", classifier)])


def quick_to_apply(pipeline: Pipeline) -> Pipeline:
    """The same pipeline, its classifier's weights stored column by column (same probabilities).

    scikit-learn scores a message as `features @ coef_.T`; with `coef_` in row order, scipy first
    copies the whole transposed matrix (labels x all n-grams) for every message. Column order
    makes that transpose a view (the time it saves: docs/speed.md).
    """
    classifier = pipeline[-1]
    classifier.coef_ = np.asfortranarray(classifier.coef_)
    return pipeline


class _LinearComponent(GraphComponent):
    """Trains, persists and applies one text pipeline; subclasses say what the labels are."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # C chosen by 5-fold cross-validation on the training data (docs/understanding.md)
        return {"regularisation": 100.0, "balanced": False, "ranking_length": 10, "random_seed": 7}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        pipeline: Optional[Pipeline] = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage, self._resource = model_storage, resource
        self.pipeline = quick_to_apply(pipeline) if pipeline is not None else None

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> Optional[str]:
        """The hash of this module's source: Rasa's training cache retrains after a change to it."""
        return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> _LinearComponent:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> _LinearComponent:
        import skops.io as sio

        try:
            with model_storage.read_from(resource) as directory:
                path = directory / MODEL_FILE
                listed = sio.get_untrusted_types(file=path)
                untrusted = set(listed) - TRUSTED_TYPES
                if untrusted:
                    raise ValueError(f"untrusted types in {path}: {sorted(untrusted)}")
                pipeline = sio.load(path, trusted=listed)
        except ValueError as error:  # no stored pipeline (nothing to learn), or a refused one
            logger.debug("No trained %s: %s", cls.__name__, error)
            return cls.create(config, model_storage, resource, execution_context)
        return cls(config, model_storage, resource, pipeline)

    def label(self, message: Message) -> Optional[str]:
        raise NotImplementedError

    def train(self, training_data: TrainingData) -> Resource:
        pairs = [(m.get(TEXT), self.label(m)) for m in training_data.intent_examples if m.get(TEXT)]
        pairs = [(text, label) for text, label in pairs if label]
        if len({label for _, label in pairs}) < 2:
            logger.debug("%s: fewer than two labels to learn; nothing trained", type(self).__name__)
            return self._resource
        self.pipeline = text_pipeline(
            float(self.config["regularisation"]), int(self.config["random_seed"]), bool(self.config["balanced"])
        )
        self.pipeline.fit([text for text, _ in pairs], [label for _, label in pairs])
        quick_to_apply(self.pipeline)
        import skops.io as sio

        with self._model_storage.write_to(self._resource) as directory:
            sio.dump(self.pipeline, directory / MODEL_FILE)
        return self._resource

    def rankings(self, messages: list[Message]) -> list[list[tuple[str, float]]]:
        """For each message, (label, probability) best first, at most `ranking_length`."""
        if self.pipeline is None or not messages:
            return [[] for _ in messages]
        probabilities = self.pipeline.predict_proba([m.get(TEXT) or "" for m in messages])
        labels = self.pipeline.classes_
        length = int(self.config["ranking_length"])
        return [[(str(labels[i]), float(row[i])) for i in np.argsort(-row)[:length]] for row in probabilities]

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(_LinearComponent, IntentClassifier):
    """The intent and the intent ranking of a message."""

    def label(self, message: Message) -> Optional[str]:
        return message.get(INTENT)

    def process(self, messages: list[Message]) -> list[Message]:
        for message, ranking in zip(messages, self.rankings(messages), strict=False):
            if not ranking:
                continue
            rows = [{"name": name, "confidence": confidence} for name, confidence in ranking]
            message.set(INTENT, rows[0], add_to_output=True)
            message.set("intent_ranking", rows, add_to_output=True)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearResponseSelector(_LinearComponent):
    """The best answer key of one retrieval intent (`retrieval_intent` in config.yml)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**_LinearComponent.get_default_config(), "retrieval_intent": None}

    def label(self, message: Message) -> Optional[str]:
        if message.get(INTENT) != self.config["retrieval_intent"]:
            return None
        return message.get(INTENT_RESPONSE_KEY)

    def process(self, messages: list[Message]) -> list[Message]:
        intent = self.config["retrieval_intent"]
        for message, ranking in zip(messages, self.rankings(messages), strict=False):
            if not ranking:
                continue
            rows = [{"intent_response_key": key, "confidence": confidence} for key, confidence in ranking]
            best = rows[0]
            selectors = message.get("response_selector") or {}
            selectors.setdefault("all_retrieval_intents", [])
            if intent not in selectors["all_retrieval_intents"]:
                selectors["all_retrieval_intents"].append(intent)
            selectors[intent] = {
                "response": {
                    **best,
                    "responses": [],
                    "utter_action": f"utter_{best['intent_response_key']}",
                },
                "ranking": rows,
            }
            message.set("response_selector", selectors, add_to_output=True)
        return messages
