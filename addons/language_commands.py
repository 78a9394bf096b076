"""Typed commands in the relative's language, and free text in another language: in the NLU pipeline.

After the intent classifier (and addons/relatives_path.py), before the FallbackClassifier: a whole
message that is a command in English, Turkish, Arabic or Polish ("yardım"), or a language's name
("Türkçe"), becomes its intent with confidence 1.0; free text clearly in another language than
Dutch becomes a relatives' question, with the entity `taal` so the conversation goes on in that
language (bot/commands.py). Dutch messages keep the classifier's reading.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.commands import read_command, read_foreign_text
from bot.languages import LANGUAGE_KEY


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LanguageCommands(GraphComponent):
    """Commands typed in any of the five languages, and free text in another language than Dutch."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageCommands:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = str(message.get(TEXT) or "")
            reading = read_command(text) or read_foreign_text(text)
            if reading is None:
                continue
            intent = {"name": reading.intent, "confidence": 1.0}
            ranking = [row for row in message.get("intent_ranking") or [] if row.get("name") != reading.intent]
            message.set(INTENT, intent, add_to_output=True)
            message.set("intent_ranking", [intent, *ranking], add_to_output=True)
            if reading.language is not None:
                entity = {
                    "entity": LANGUAGE_KEY,
                    "value": reading.language,
                    "start": 0,
                    "end": len(text),
                    "extractor": type(self).__name__,
                }
                message.set(ENTITIES, [*(message.get(ENTITIES) or []), entity], add_to_output=True)
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        return training_data
