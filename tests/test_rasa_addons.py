"""The Rasa server extensions against real services: Redis lock store, erasable SQL store."""

from __future__ import annotations

import asyncio
import os
import uuid
from typing import Any

import pytest
import redis
from rasa.core.lock_store import InMemoryLockStore, RedisLockStore
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from addons import rasa_patches
from addons.lock_store import EnvironmentLockStore
from addons.tracker_store import FORGET_SLOT, ErasableSQLTrackerStore

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
IN_CI = os.environ.get("CI", "").lower() == "true"


def test_lock_store_is_in_memory_without_redis_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert isinstance(EnvironmentLockStore().backend, InMemoryLockStore)


def test_lock_store_uses_redis_when_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError as error:
        if IN_CI:
            pytest.fail(f"Redis not reachable at {REDIS_URL}: {error}")
        pytest.skip(f"Redis not reachable at {REDIS_URL}")
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    store = EnvironmentLockStore()
    assert isinstance(store.backend, RedisLockStore)
    conversation = f"test-{uuid.uuid4().hex}"
    lock = store.create_lock(conversation)
    store.save_lock(lock)
    keys = client.keys(f"samenspraak:*{conversation}*")
    assert keys, "the lock should be stored in Redis"
    assert store.get_lock(conversation) is not None
    store.delete_lock(conversation)
    assert not client.keys(f"samenspraak:*{conversation}*")


def _tracker(sender: str, *events) -> DialogueStateTracker:  # type: ignore[no-untyped-def]
    return DialogueStateTracker.from_events(sender, list(events), slots=Domain.empty().slots)


def test_erasure_deletes_all_stored_events(sqlite_url: str) -> None:
    store = ErasableSQLTrackerStore(domain=Domain.empty(), host=sqlite_url)
    first = _tracker("relative", UserUttered("hallo"), ActionExecuted("utter_greet"))
    asyncio.run(store.save(first))
    asyncio.run(store.save(_tracker("other", UserUttered("hoi"))))
    assert asyncio.run(store.retrieve("relative")) is not None
    erase = _tracker(
        "relative",
        UserUttered("hallo"),
        ActionExecuted("utter_greet"),
        UserUttered("ja"),
        ActionExecuted("action_delete_my_data"),
        SlotSet("x", None),
        ActionExecuted("action_listen"),
    )
    asyncio.run(store.save(erase))
    assert asyncio.run(store.retrieve("relative")) is None
    assert asyncio.run(store.retrieve("other")) is not None


def test_a_conversation_reads_back_as_rasas_own_store_reads_it(database: str) -> None:
    """Only the events' JSON is read (addons/tracker_store.py): the same events, in order, per session."""
    store = ErasableSQLTrackerStore(domain=Domain.empty(), host=database)
    earlier = [UserUttered("hallo"), ActionExecuted("utter_greet"), SlotSet("taal", "nl")]
    later = [SessionStarted(), ActionExecuted("action_listen"), UserUttered("nog een vraag"), ActionExecuted("utter_x")]
    asyncio.run(store.save(_tracker("relative", *earlier)))
    asyncio.run(store.save(_tracker("relative", *earlier, *later)))
    asyncio.run(store.save(_tracker("other", UserUttered("hoi"))))
    rasa_store = SQLTrackerStore(domain=Domain.empty(), host=database)
    for sender in ("relative", "other"):
        for read in ("retrieve", "retrieve_full_tracker"):
            ours = asyncio.run(getattr(store, read)(sender))
            theirs = asyncio.run(getattr(rasa_store, read)(sender))
            assert ours is not None and theirs is not None
            assert list(ours.events) == list(theirs.events)
    latest = asyncio.run(store.retrieve("relative"))
    assert latest is not None and [e.as_dict()["event"] for e in latest.events][0] == "session_started"
    full = asyncio.run(store.retrieve_full_tracker("relative"))
    assert full is not None and len(full.events) == len(earlier) + len(later)


def test_earlier_erasure_does_not_block_later_saves(sqlite_url: str) -> None:
    store = ErasableSQLTrackerStore(domain=Domain.empty(), host=sqlite_url)
    tracker = _tracker("relative", UserUttered("ja"), ActionExecuted("action_delete_my_data"), UserUttered("hallo"))
    asyncio.run(store.save(tracker))
    stored = asyncio.run(store.retrieve("relative"))
    assert stored is not None and len(stored.events) == 3


def test_declined_consent_forgets_the_whole_conversation(sqlite_url: str) -> None:
    store = ErasableSQLTrackerStore(domain=Domain.empty(), host=sqlite_url)
    asyncio.run(store.save(_tracker("relative", UserUttered("/start_scan"), ActionExecuted("scan_form"))))
    assert asyncio.run(store.retrieve("relative")) is not None
    declined = _tracker(
        "relative",
        UserUttered("/start_scan"),
        ActionExecuted("scan_form"),
        UserUttered("nee"),
        ActionExecuted("scan_form"),
        ActionExecuted("action_scan_result"),
        SlotSet(FORGET_SLOT, True),
        ActionExecuted("action_listen"),
    )
    asyncio.run(store.save(declined))
    assert asyncio.run(store.retrieve("relative")) is None
    # a later turn that does not ask to forget is stored as usual
    asyncio.run(store.save(_tracker("relative", UserUttered("hallo"), SlotSet(FORGET_SLOT, False))))
    assert asyncio.run(store.retrieve("relative")) is not None


def test_action_responses_are_checked_with_the_schema_checked_once() -> None:
    from jsonschema import ValidationError
    from rasa.core.actions.action import RemoteAction

    from addons.rasa_patches import check_action_result

    assert RemoteAction._validate_action_result is check_action_result, "importing addons installs the check"
    action = RemoteAction("action_ask_scan_answer", None)
    valid = {"events": [{"event": "slot", "name": "reader", "value": "naaste"}], "responses": [{"text": "x"}]}
    assert action._validate_action_result(valid)
    with pytest.raises(ValidationError) as raised:
        action._validate_action_result({"events": [{"event": "no_such_event"}], "responses": []})
    assert "Failed to validate Action server response" in raised.value.message, "Rasa's own error"
    with pytest.raises(ValidationError):
        action._validate_action_result({"events": "not a list"})


def test_event_types_resolve_as_in_rasa() -> None:
    from rasa.shared.utils.common import all_subclasses

    assert Event.resolve_by_type is rasa_patches.resolve_event_type, "importing addons installs it"
    for cls in all_subclasses(Event):
        assert Event.resolve_by_type(cls.type_name) is rasa_patches._rasa_resolve(cls.type_name), cls
        assert Event.resolve_by_type(cls.type_name) is rasa_patches._rasa_resolve(cls.type_name), "remembered"
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError):
        Event.resolve_by_type("no_such_event")
    events = [UserUttered("hallo"), SlotSet("reader", "naaste"), ActionExecuted("action_listen")]
    tracker = DialogueStateTracker.from_dict("x", [e.as_dict() for e in events], Domain.empty().slots)
    assert list(tracker.events) == events


def test_sqlite_tracker_store_uses_the_write_ahead_log(sqlite_url: str) -> None:
    store = ErasableSQLTrackerStore(domain=Domain.empty(), host=sqlite_url)
    asyncio.run(store.save(_tracker("relative", UserUttered("hallo"))))
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert asyncio.run(store.retrieve("relative")) is not None


@pytest.mark.parametrize("patch", rasa_patches.PATCHES, ids=lambda p: p.name)
def test_each_patch_is_installed_over_the_rasa_function_it_was_written_for(patch: Any) -> None:
    from addons.rasa_patches import source_sha256

    assert getattr(patch.owner, patch.name) is patch.replacement, "importing addons installs it"
    assert patch.original is not patch.replacement
    assert (
        source_sha256(patch.original) == patch.original_sha256
    ), f"Rasa's {patch.owner.__name__}.{patch.name} changed: read it, adapt addons/rasa_patches.py, record the new hash"


def test_the_rasa_internals_the_addons_rely_on_are_unchanged() -> None:
    from addons.rasa_patches import RELIED_ON, source_sha256

    changed = [function.__qualname__ for function, digest in RELIED_ON.items() if source_sha256(function) != digest]
    assert changed == [], "read these Rasa functions again, adapt the add-ons, record the new hashes"


def test_the_guard_notices_a_changed_function() -> None:
    from addons.rasa_patches import PATCHES, source_sha256

    def changed(type_name: str, default: Any = None) -> Any:
        return default

    assert source_sha256(changed) != PATCHES[1].original_sha256


def test_no_other_addon_replaces_rasa_code() -> None:
    """Only addons/rasa_patches.py assigns to a class or module imported from Rasa."""
    import ast
    from pathlib import Path

    found = []
    for path in sorted(Path(rasa_patches.__file__).parent.glob("*.py")):
        if path.name == "rasa_patches.py":
            continue
        tree = ast.parse(path.read_text())
        from_rasa = {
            alias.asname or alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            and ((node.module or "") if isinstance(node, ast.ImportFrom) else node.names[0].name).startswith("rasa")
            for alias in node.names
        }
        for node in ast.walk(tree):
            targets = node.targets if isinstance(node, ast.Assign) else []
            for target in targets:
                while isinstance(target, ast.Attribute):
                    target = target.value
                if isinstance(target, ast.Name) and target.id in from_rasa:
                    found.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "setattr":
                found.append(f"{path.name}:{node.lineno}")
    assert found == []


def stored_event_data(url: str) -> str:
    """Everything the events table holds, as one text."""
    from bot.storage import db
    from bot.storage.conversations import events_table

    engine = db.get_engine(url)
    table = events_table(engine)
    assert table is not None
    with engine.connect() as connection:
        return "\n".join(str(row.data) for row in connection.execute(table.select()))


def test_erasure_codes_are_stored_as_a_placeholder(sqlite_url: str) -> None:
    from rasa.shared.core.events import BotUttered

    from bot.privacy import new_erasure_code

    shown, typed, in_passing = new_erasure_code(), new_erasure_code(), new_erasure_code()
    store = ErasableSQLTrackerStore(domain=Domain.empty(), host=sqlite_url)
    first = [UserUttered("nee"), BotUttered(f"Uw wiscode is {shown}. Schrijf hem op.", data={"buttons": []})]
    asyncio.run(store.save(_tracker("relative", *first)))
    # the erasure form asks for the code: whatever is typed then is the placeholder
    asked = [
        *first,
        SlotSet("requested_slot", "erasure_code"),
        UserUttered(typed.lower().replace("-", " "), parse_data={"text": typed, "entities": [{"value": typed}]}),
        SlotSet("requested_slot", None),
        UserUttered(f"mijn oude code was {in_passing}"),
    ]
    asyncio.run(store.save(_tracker("relative", *asked)))
    stored = stored_event_data(sqlite_url)
    for code in (shown, typed, in_passing):
        for form in (code, code.replace("-", ""), code.lower().replace("-", " ")):
            assert form not in stored
    assert "Uw wiscode is [wiscode]. Schrijf hem op." in stored and "mijn oude code was [wiscode]" in stored
    again = asyncio.run(store.retrieve("relative"))
    assert again is not None and len(again.events) == len(asked), "as many events as were sent"
    assert [e.text for e in again.events if isinstance(e, UserUttered)] == [
        "nee",
        "[wiscode]",
        "mijn oude code was [wiscode]",
    ]
