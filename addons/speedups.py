"""Two hot spots of Rasa 3.6 found with py-spy under the scan load (docs/speed.md), same behaviour.

- Rasa checks each response of the action server with `jsonschema.validate`, which first checks the
  response schema itself against the JSON Schema meta-schema, every time: about half of the Rasa
  server's CPU time per scan turn. Here the schema is checked once; a response that fails goes
  through Rasa's own method, which raises its usual error.
- Rasa finds the class of every event it reads back from the SQL tracker store by walking all
  subclasses of `Event` anew (with `inspect.isabstract` on each): about 5 % of the server's CPU time.
  Here a type name, once resolved, is remembered; anything else goes through Rasa's own method.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Optional

from jsonschema import exceptions, validators
from jsonschema.protocols import Validator
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event

_rasa_check = RemoteAction._validate_action_result
_rasa_resolve = Event.resolve_by_type
_event_classes: dict[str, type[Event]] = {}


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


def resolve_event_type(type_name: str, default: Optional[type[Event]] = None) -> Optional[type[Event]]:
    """The event class for a type name (Rasa's `Event.resolve_by_type`), remembered once found."""
    known = _event_classes.get(type_name)
    if known is not None:
        return known
    found = _rasa_resolve(type_name, default)
    if found is not None and getattr(found, "type_name", None) == type_name:
        _event_classes[type_name] = found
    return found


def install() -> None:
    """Use the two methods above throughout this process."""
    RemoteAction._validate_action_result = check_action_result
    Event.resolve_by_type = staticmethod(resolve_event_type)
