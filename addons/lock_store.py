"""Lock store chosen by the environment: Redis when `REDIS_URL` is set, else in memory."""

from __future__ import annotations

import os
from typing import Any, Optional
from urllib.parse import urlsplit

from rasa.core.lock import TicketLock
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore


def lock_store_from_environment() -> LockStore:
    """RedisLockStore for `REDIS_URL` (redis://[:password@]host[:port][/db]), else in memory."""
    url = os.environ.get("REDIS_URL", "").strip()
    if not url:
        return InMemoryLockStore()
    parts = urlsplit(url)
    db = parts.path.lstrip("/") or "1"
    return RedisLockStore(
        host=parts.hostname or "localhost",
        port=parts.port or 6379,
        db=int(db),
        username=parts.username or None,
        password=parts.password or None,
        use_ssl=parts.scheme == "rediss",
        key_prefix="samenspraak",
    )


class EnvironmentLockStore(LockStore):
    """Delegates to the lock store that `REDIS_URL` selects (needed with several instances)."""

    def __init__(self, endpoint_config: Any = None) -> None:
        self.backend = lock_store_from_environment()
        super().__init__()

    def get_lock(self, conversation_id: str) -> Optional[TicketLock]:
        """Fetch the lock of a conversation from the backend."""
        return self.backend.get_lock(conversation_id)

    def delete_lock(self, conversation_id: str) -> None:
        """Delete the lock of a conversation in the backend."""
        self.backend.delete_lock(conversation_id)

    def save_lock(self, lock: TicketLock) -> None:
        """Save the lock of a conversation in the backend."""
        self.backend.save_lock(lock)
