"""Rasa's check of every action server response, with the schema itself checked once, not per call.

Rasa 3.6 checks each response of the action server with `jsonschema.validate`, which first checks
the response schema against the JSON Schema meta-schema, every time: about half of the Rasa server's
CPU time per scan turn (py-spy, README "Speed"). This keeps the same schema and the same errors:
a response that fails the check goes through Rasa's own method, which raises its usual error.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import exceptions, validators
from jsonschema.protocols import Validator
from rasa.core.actions.action import RemoteAction

_rasa_check = RemoteAction._validate_action_result


@lru_cache(maxsize=1)
def response_validator() -> Validator:
    """A validator for Rasa's action response schema, the schema checked once."""
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def check_action_result(action: RemoteAction, result: dict[str, Any]) -> bool:
    """True for a valid response; an invalid one raises Rasa's own ValidationError."""
    if exceptions.best_match(response_validator().iter_errors(result)) is None:
        return True
    return _rasa_check(action, result)


def install() -> None:
    """Use the check above in every RemoteAction of this process."""
    RemoteAction._validate_action_result = check_action_result
