"""Lock store chosen by the environment: Redis when `REDIS_URL` is set, else in memory."""

from __future__ import annotations

import os
from typing import Any, Optional
from urllib.parse import urlsplit

from rasa.core.lock import TicketLock
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore

DEFAULT_KEY_PREFIX = "samenspraak"


def redis_key_prefix() -> str:
    """The prefix of the lock keys in Redis (`REDIS_KEY_PREFIX`, letters and digits only)."""
    prefix = os.environ.get("REDIS_KEY_PREFIX", "").strip() or DEFAULT_KEY_PREFIX
    if not prefix.isalnum():
        raise ValueError(f"REDIS_KEY_PREFIX must be letters and digits only, got {prefix!r}")
    return prefix


def lock_store_from_environment() -> LockStore:
    """RedisLockStore for `REDIS_URL` (redis://[:password@]host[:port][/db]), else in memory.

    Keys start with `REDIS_KEY_PREFIX` (default "samenspraak"), so a shared Redis is safe. When
    Redis is away, Rasa's LockError stops the message (addons/availability.py answers it): a
    message is never processed without the lock, so two instances never answer it twice.
    """
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
        key_prefix=redis_key_prefix(),
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
