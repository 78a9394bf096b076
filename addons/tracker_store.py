"""Rasa's SQL tracker store on Samenspraak's database, with erasure on request."""

from __future__ import annotations

from typing import Any, Optional

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.config import database_url

ERASE_ACTION = "action_delete_my_data"


def erasure_requested(tracker: DialogueStateTracker) -> bool:
    """True when the erasure action ran in the turn that is being saved."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name == ERASE_ACTION:
            return True
    return False


class ErasableSQLTrackerStore(SQLTrackerStore):
    """Stores conversations in `DATABASE_URL` (default: the project's SQLite file).

    When a relative asks to erase their data, the whole conversation history of that
    sender is deleted at the moment Rasa would save it, so nothing is written back.
    """

    def __init__(
        self,
        domain: Optional[Domain] = None,
        host: Optional[str] = None,
        event_broker: Optional[EventBroker] = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(domain=domain, host=host or database_url(), event_broker=event_broker, **kwargs)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Save new events, or erase the sender's whole history after an erasure request."""
        if erasure_requested(tracker):
            self.erase(tracker.sender_id)
            return
        await super().save(tracker)

    def erase(self, sender_id: str) -> None:
        """Delete every stored event of this sender, across all sessions."""
        with self.session_scope() as session:
            session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
            session.commit()
