"""The linear NLU components (addons/linear_nlu.py) trained, persisted and loaded with Rasa's storage."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TypeVar

import pytest
import skops.io as sio
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons import linear_nlu
from addons.linear_nlu import MODEL_FILE, LinearIntentClassifier, LinearResponseSelector, _LinearComponent

_Component = TypeVar("_Component", bound=_LinearComponent)
EXAMPLES = {
    "greet": ["hallo", "goedemorgen", "hoi daar", "goedemiddag allemaal", "dag hoor"],
    "tip/ladder": ["wat is de ladder", "uitleg over de ladder van betrokkenheid", "welke treden zijn er"],
    "tip/senses": ["wat zijn de senses", "uitleg over het senses model", "zes senses voor relaties"],
    "out_of_scope": ["de trein naar utrecht vertrekt om acht uur", "het regent in friesland", "wie won de wedstrijd"],
}


def training_data() -> TrainingData:
    messages = []
    for label, texts in EXAMPLES.items():
        intent, _, key = label.partition("/")
        for text in texts:
            data = {"text": text, "intent": intent}
            if key:
                data["intent_response_key"] = label
            messages.append(Message(data=data))
    return TrainingData(messages)


@pytest.fixture()
def storage(tmp_path: Path) -> LocalModelStorage:
    return LocalModelStorage(tmp_path)


def context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), "test")


def trained(cls: type[_Component], config: dict, storage: LocalModelStorage, name: str) -> _Component:
    """`cls` trained on EXAMPLES, stored, and loaded back as the Rasa server loads it."""
    resource = Resource(name)
    cls.create(config, storage, resource, context()).train(training_data())
    return cls.load(config, storage, resource, context())


def test_intents_are_learnt_persisted_and_loaded(storage: LocalModelStorage) -> None:
    loaded = trained(LinearIntentClassifier, {"balanced": True}, storage, "intents")
    [message] = loaded.process([Message(data={"text": "goedemorgen allemaal"})])
    assert message.get("intent")["name"] == "greet"
    ranking = message.get("intent_ranking")
    assert [row["confidence"] for row in ranking] == sorted((row["confidence"] for row in ranking), reverse=True)
    assert {row["name"] for row in ranking} == {"greet", "tip", "out_of_scope"}
    assert abs(sum(row["confidence"] for row in ranking) - 1) < 1e-6


def test_the_selector_writes_rasas_response_selector_layout(storage: LocalModelStorage) -> None:
    selector = trained(LinearResponseSelector, {"retrieval_intent": "tip"}, storage, "tips")
    [message] = selector.process([Message(data={"text": "leg de ladder eens uit"})])
    output = message.get("response_selector")
    assert output["all_retrieval_intents"] == ["tip"]
    response = output["tip"]["response"]
    assert response["intent_response_key"] == "tip/ladder"
    assert response["utter_action"] == "utter_tip/ladder"
    assert [row["intent_response_key"] for row in output["tip"]["ranking"]] == ["tip/ladder", "tip/senses"]


def test_nothing_trained_leaves_the_message_as_it_was(storage: LocalModelStorage) -> None:
    """A selector for a retrieval intent without examples trains nothing and sets nothing."""
    selector = trained(LinearResponseSelector, {"retrieval_intent": "vraag_naaste"}, storage, "none")
    [message] = selector.process([Message(data={"text": "hallo"})])
    assert message.get("response_selector") is None


def test_a_stored_model_with_other_types_is_not_loaded(storage: LocalModelStorage) -> None:
    """Loading runs no code from a model file that holds anything but the pipeline's own types."""
    resource = Resource("tampered")
    with storage.write_to(resource) as directory:
        sio.dump({"payload": Path("/etc/passwd")}, directory / MODEL_FILE)
    loaded = LinearIntentClassifier.load({}, storage, resource, context())
    assert loaded.pipeline is None
    [message] = loaded.process([Message(data={"text": "hallo"})])
    assert message.get("intent") is None


def test_a_change_to_this_code_retrains() -> None:
    """Both caches know the module: Rasa's (fingerprint) and `make train`'s (its inputs)."""
    from scripts.train_if_changed import inputs

    source = Path(linear_nlu.__file__)
    assert LinearIntentClassifier.fingerprint_addon({}) == hashlib.sha256(source.read_bytes()).hexdigest()
    assert source.resolve() in [path.resolve() for path in inputs()]


def test_loaded_weights_score_a_message_without_copying_them(storage: LocalModelStorage) -> None:
    """The loaded classifier's weights are in column order, and give the probabilities of row order."""
    loaded = trained(LinearIntentClassifier, {}, storage, "intents")
    assert loaded.pipeline is not None
    classifier = loaded.pipeline[-1]
    assert classifier.coef_.T.flags["C_CONTIGUOUS"]  # the transpose scipy multiplies with is a view
    texts = ["goedemorgen allemaal", "wat is de ladder", "het regent"]
    quick = loaded.pipeline.predict_proba(texts)
    classifier.coef_ = classifier.coef_.copy(order="C")
    assert not classifier.coef_.T.flags["C_CONTIGUOUS"]
    assert (loaded.pipeline.predict_proba(texts) == quick).all()
