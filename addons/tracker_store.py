"""Rasa's SQL tracker store on Samenspraak's database, with erasure on request."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Optional

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from addons.availability import ServiceUnavailable
from bot.config import database_url
from bot.privacy import CODE_PLACEHOLDER, hide_erasure_codes
from bot.retention import start_daily_purge
from bot.storage.db import is_sqlite_file, sqlite_file_engine, use_write_ahead_log

ERASE_ACTION = "action_delete_my_data"
# Set by the actions when a conversation must leave no trace: consent declined, no unit,
# erasure by code, "Klaar op dit apparaat".
FORGET_SLOT = "forget_conversation"
# While the erasure form asks for this slot, the user's whole message is taken as the code.
CODE_SLOT = "erasure_code"


def without_erasure_codes(events: Iterable[Event], skip: int) -> Iterator[Event]:
    """The events after the first `skip`, with every erasure code replaced by a placeholder.

    A bot message shows the code once at the end of the scan; a user message types it when the
    erasure form asks for it (then the whole text is the placeholder) or anywhere else.
    """
    asking_code = False
    for index, event in enumerate(events):
        if isinstance(event, SlotSet) and event.key == "requested_slot":
            asking_code = event.value == CODE_SLOT
        if index < skip:
            continue
        if isinstance(event, UserUttered) and event.text:
            hidden = CODE_PLACEHOLDER if asking_code else hide_erasure_codes(event.text)
            yield event if hidden == event.text else _user_with_text(event, hidden)
        elif isinstance(event, BotUttered) and event.text and hide_erasure_codes(event.text) != event.text:
            data = event.as_dict()
            data["text"] = hide_erasure_codes(event.text)
            yield Event.from_parameters(data)
        else:
            yield event


def _user_with_text(event: UserUttered, text: str) -> Event:
    data = event.as_dict()
    data["text"] = text
    data["parse_data"] = {**(data.get("parse_data") or {}), "text": text, "entities": []}
    return Event.from_parameters(data)


def erasure_requested(tracker: DialogueStateTracker) -> bool:
    """True when the turn being saved erased the data or asked to forget the conversation."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name == ERASE_ACTION:
            return True
        if isinstance(event, SlotSet) and event.key == FORGET_SLOT and event.value is True:
            return True
    return False


class ErasableSQLTrackerStore(SQLTrackerStore):
    """Stores conversations in `DATABASE_URL` (default: the project's SQLite file).

    When a relative asks to erase their data (or declines consent), the whole conversation
    history of that sender is deleted at the moment Rasa would save it, so nothing is written
    back. The daily purge of everything past its retention (bot/retention.py) starts here, so it
    runs wherever the Rasa server runs.

    When the database cannot be reached, reading or saving raises ServiceUnavailable instead of
    letting Rasa go on with an empty in-memory conversation (addons/availability.py). Pooled
    connections are checked before use (a restarted database is picked up again), and SQL
    parameters (the messages) never appear in an error.
    """

    engine: Engine

    def __init__(
        self,
        domain: Optional[Domain] = None,
        host: Optional[str] = None,
        event_broker: Optional[EventBroker] = None,
        **kwargs: Any,
    ) -> None:
        url = host or database_url()
        super().__init__(domain=domain, host=url, event_broker=event_broker, **kwargs)
        plain = self.engine
        engine_url = plain.url
        plain.dispose()
        if is_sqlite_file(url):
            # Rasa's engine opens a new connection per session: use one that keeps them (bot/storage/db.py)
            self.engine = sqlite_file_engine(url, use_write_ahead_log)
        else:
            self.engine = sa.create_engine(
                engine_url, pool_pre_ping=True, hide_parameters=True, **create_engine_kwargs(engine_url)
            )
        self.sessionmaker = sessionmaker(bind=self.engine)
        start_daily_purge(url)

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        """The conversation so far; ServiceUnavailable when the database is away."""
        try:
            return await super().retrieve(sender_id)
        except SQLAlchemyError as error:
            raise ServiceUnavailable("database", type(error).__name__) from None

    async def retrieve_full_tracker(self, sender_id: str) -> Optional[DialogueStateTracker]:
        """The conversation with all sessions; ServiceUnavailable when the database is away."""
        try:
            return await super().retrieve_full_tracker(sender_id)
        except SQLAlchemyError as error:
            raise ServiceUnavailable("database", type(error).__name__) from None

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Save new events, or erase the sender's whole history after an erasure request."""
        try:
            if erasure_requested(tracker):
                self.erase(tracker.sender_id)
                return
            await super().save(tracker)
        except SQLAlchemyError as error:
            raise ServiceUnavailable("database", type(error).__name__) from None

    def _event_query(self, session: Any, sender_id: str, fetch_events_from_all_sessions: bool) -> Any:
        """Rasa's query of a conversation's events, reading only their stored JSON.

        Rasa's `_retrieve` reads nothing else (`row.data`); selecting the one column spares an ORM
        object per event, for every event of the conversation on every message.
        """
        query = super()._event_query(session, sender_id, fetch_events_from_all_sessions)
        return query.with_entities(self.SQLEvent.data)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        """The events not stored yet, each erasure code in them replaced by a placeholder."""
        stored = self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False).count()
        return without_erasure_codes(list(tracker.events), stored)

    def erase(self, sender_id: str) -> None:
        """Delete every stored event of this sender, across all sessions."""
        with self.session_scope() as session:
            session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
            session.commit()
