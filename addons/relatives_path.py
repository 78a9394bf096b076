"""Keeps a relative on the relatives' path: in the NLU pipeline, after the intent classifier.

A message from the relatives' page (metadata `pagina: naasten`, or a unit code `afdeling`) that
reads as a carers' request (the rehearsal, the walkthrough, the staff scan, a carers' tip) is read
as a relatives' question, so the rules answer it from the relatives' questions in "u" and no
carers' flow starts (rule in bot/reader.py). Place it before the FallbackClassifier in config.yml.
Button payloads ("/start_rehearsal") are read after the pipeline by Rasa and pass unchanged; the
relatives' page never offers them.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT
from rasa.shared.nlu.training_data.message import Message

from bot.reader import on_relatives_page, relatives_ranking


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class RelativesPath(GraphComponent):
    """On the relatives' page, carers' intents count as the relatives' question `vraag_naaste`."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RelativesPath:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            ranking = message.get("intent_ranking")
            if not ranking or not on_relatives_page(message.get("metadata")):
                continue
            rows = relatives_ranking(ranking)
            message.set(INTENT, rows[0], add_to_output=True)
            message.set("intent_ranking", rows, add_to_output=True)
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        return training_data
