"""Rasa's conversation history (its `events` table) seen from the core, without Rasa.

Rasa's SQL tracker store creates the table on first use; until then there is nothing to delete.
Each event row holds the raw chat session id (`sender_id`) and an epoch `timestamp` (float).
"""

from __future__ import annotations

from typing import Optional

from sqlalchemy import MetaData, Table, delete, inspect, select
from sqlalchemy.engine import Engine

from bot.storage.db import get_engine
from bot.storage.repository import sender_key

EVENTS_TABLE = "events"


def events_table(engine: Engine) -> Optional[Table]:
    """Rasa's events table, or None when Rasa has not created it (yet)."""
    if not inspect(engine).has_table(EVENTS_TABLE):
        return None
    return Table(EVENTS_TABLE, MetaData(), autoload_with=engine)


def delete_events_before(cutoff: float, url: Optional[str] = None) -> int:
    """Delete every event older than `cutoff` (epoch seconds); the number of rows deleted."""
    engine = get_engine(url)
    table = events_table(engine)
    if table is None:
        return 0
    with engine.begin() as connection:
        return int(connection.execute(delete(table).where(table.c.timestamp < cutoff)).rowcount or 0)


def delete_events_of_key(key: str, url: Optional[str] = None) -> int:
    """Delete the events of the chat session whose pseudonymous key is `key` (see sender_key).

    The events hold the raw session id, the respondent only its HMAC: every distinct session id
    still in the table (the purge bounds it to the retention period) is hashed and compared.
    """
    engine = get_engine(url)
    table = events_table(engine)
    if table is None:
        return 0
    with engine.begin() as connection:
        senders = connection.execute(select(table.c.sender_id).distinct()).scalars().all()
        matching = [sender for sender in senders if sender_key(sender) == key]
        if not matching:
            return 0
        return int(connection.execute(delete(table).where(table.c.sender_id.in_(matching))).rowcount or 0)
