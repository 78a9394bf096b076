"""Every change to Rasa's own code, in one place.

Three hot spots of Rasa 3.6 found with py-spy under the scan load (docs/speed.md), same behaviour:

- Rasa checks each response of the action server with `jsonschema.validate`, which first checks the
  response schema itself against the JSON Schema meta-schema, every time: about half of the Rasa
  server's CPU time per scan turn. Here the schema is checked once; a response that fails goes
  through Rasa's own method, which raises its usual error.
- Rasa finds the class of every event it reads back from the SQL tracker store by walking all
  subclasses of `Event` anew (with `inspect.isabstract` on each): about 5 % of the server's CPU time.
  Here a type name, once resolved, is remembered; anything else goes through Rasa's own method.
- Rasa runs a custom slot mapping's action on the action server, after every user message: for
  `action_set_reader` a round trip with the whole conversation to set one slot from the message.
  The actions of addons/local_actions.py run in this process instead; of their events only SlotSet
  is kept, as Rasa keeps only SlotSet and BotUttered of a custom mapping's action.

Each patch records the SHA-256 of the source of the Rasa function it was written for; a test fails when
the installed Rasa's function differs (read the new one, adapt the patch, record the new hash). The
same holds for the Rasa internals other add-ons rely on without patching them (RELIED_ON).
"""

from __future__ import annotations

import hashlib
import inspect
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Optional

from jsonschema import exceptions, validators
from jsonschema.protocols import Validator
from rasa.core.actions.action import ActionExtractSlots, RemoteAction
from rasa.core.channels.socketio import SocketIOInput
from rasa.core.policies.ensemble import DefaultPolicyPredictionEnsemble as Ensemble
from rasa.core.policies.rule_policy import RulePolicy
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from addons.local_actions import LOCAL_ACTIONS

_rasa_check = RemoteAction._validate_action_result
_rasa_resolve = Event.resolve_by_type
_rasa_run_custom_action = ActionExtractSlots._run_custom_action
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


async def run_custom_action(
    self: ActionExtractSlots,
    custom_action: str,
    output_channel: Any,
    nlg: Any,
    tracker: DialogueStateTracker,
    domain: Any,
) -> list[Event]:
    """A custom mapping's slot events: from addons/local_actions.py when it has the action, else Rasa's call."""
    local = LOCAL_ACTIONS.get(custom_action)
    if local is None:
        return await _rasa_run_custom_action(self, custom_action, output_channel, nlg, tracker, domain)
    return [event for event in local(tracker) if isinstance(event, SlotSet)]


def source_sha256(function: Callable[..., Any]) -> str:
    """SHA-256 of a function's source (dedented), to notice when Rasa changes it."""
    return hashlib.sha256(textwrap.dedent(inspect.getsource(function)).encode()).hexdigest()


@dataclass(frozen=True)
class Patch:
    """Rasa's `owner.name` replaced by `replacement`, written for the original with this source hash."""

    owner: type
    name: str
    original: Callable[..., Any]
    replacement: Callable[..., Any]
    original_sha256: str
    static: bool = False

    def install(self) -> None:
        setattr(self.owner, self.name, staticmethod(self.replacement) if self.static else self.replacement)


# Rasa 3.6.21
PATCHES = (
    Patch(
        RemoteAction,
        "_validate_action_result",
        _rasa_check,
        check_action_result,
        "2fd08b8cf644390e5a8200e83f1afe9ccdeb1f0cf161aa3c4a8f19a24ead203f",
    ),
    Patch(
        Event,
        "resolve_by_type",
        _rasa_resolve,
        resolve_event_type,
        "eab381cd0a9958e1f8800b47a317b3007cc0caf76ebe8482d1c5a323ecf8cc2a",
        static=True,
    ),
    Patch(
        ActionExtractSlots,
        "_run_custom_action",
        _rasa_run_custom_action,
        run_custom_action,
        "b6569cae205939910748059ac24365babba9e25ea53525848dc32791b1615322",
    ),
)

# Rasa internals that add-ons rely on without patching them, with the source hash they were read at:
# addons/tracker_store.py replaces the engine and sessionmaker that SQLTrackerStore.__init__ makes;
# addons/tracker_store.py narrows SQLTrackerStore._event_query to the `data` column, which is all
# that SQLTrackerStore._retrieve reads of each row;
# addons/policies.py skips Memoization and TED where RulePolicy._predict returns the loop's happy
# path (after a default action, with the two helpers it calls) as a "no user" prediction, which
# the ensemble (`_pick_best_policy`) takes over every other policy's;
# addons/channels.py takes the message handler that SocketIOInput.blueprint registers and wraps it.
RELIED_ON: dict[Callable[..., Any], str] = {
    SQLTrackerStore.__init__: "64c221aabc9a3d55de382ece350c112ad92407771df82da87c2b15566325522b",
    SQLTrackerStore._event_query: "6926faba1493084e319cb3113a53a312419e9b15156e592b5091fd3cf7e698c6",
    SQLTrackerStore._retrieve: "097d43e4a023761d7fc142211498a2e248c59b54b947e7ba1f9538d31a2b8db1",
    RulePolicy._predict: "9f2b9ebc57eb46ea2f679028dc2c4855b34ad44538f6f1be67706fc3cd9138c4",
    RulePolicy._find_action_from_default_actions: "a11f8be6d881cb8cd527ce745becb489409872100ef812d769dc34971cdf79a1",
    RulePolicy._find_action_from_loop_happy_path: "febc3287794b4793dc8a9302c0069a5e3445ce4e029925e586556739ca698de6",
    Ensemble._pick_best_policy: "baadc0f407f8819b0f1067a6c12a11e553ca1326258b0cec8455f4489d3738d8",
    SocketIOInput.blueprint: "e249f855fe5dc0fc1e3b897b999a3d83154021c9c6cba8a7fe3eb025019628f7",
}


def install() -> None:
    """Use the patched methods throughout this process."""
    for patch in PATCHES:
        patch.install()
