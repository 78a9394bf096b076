"""Engine, sessions and migrations for the configured database."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from bot.config import database_url

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
T = TypeVar("T")
# What `remembered` read in this context (one call of the action server), or None when reads are not kept.
_reads: ContextVar[Optional[dict[Hashable, Any]]] = ContextVar("remembered_reads", default=None)
_reading: ContextVar[bool] = ContextVar("remembered_reading", default=False)


def use_write_ahead_log(dbapi_connection: Any, _record: Any = None) -> None:
    """Put a SQLite database in WAL mode (kept in the file), once any connection can.

    Readers then never wait for a writer (the action server and the Rasa server share the file) and a
    commit syncs one file instead of two; durability is unchanged (synchronous stays FULL).
    """
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError:
        pass  # another process holds a lock right now: a later connection switches the file
    finally:
        cursor.close()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    use_write_ahead_log(dbapi_connection)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def sqlite_file_engine(url: str, on_connect: Callable[[Any, Any], None]) -> Engine:
    """An engine for a SQLite file that keeps its connections open in a pool.

    SQLAlchemy 1.4 opens a new SQLite connection for every session by default; with the pragmas run on
    each, that was half the time of a small query. `on_connect` runs once per new connection.
    """
    engine = create_engine(
        url, future=True, poolclass=QueuePool, hide_parameters=True, connect_args={"check_same_thread": False}
    )
    event.listen(engine, "connect", on_connect)
    return engine


def is_sqlite_file(url: str) -> bool:
    """True for the URL of a SQLite database in a file (not in memory)."""
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:")


def get_engine(url: str | None = None) -> Engine:
    """The engine for `url` (default: DATABASE_URL), one per URL and process."""
    return _engine_for(url or database_url())


@lru_cache(maxsize=8)
def _engine_for(url: str) -> Engine:
    if is_sqlite_file(url):
        return sqlite_file_engine(url, _sqlite_pragmas)
    # SQL parameters (answers, remarks) never appear in an error message or a log
    engine = create_engine(url, future=True, pool_pre_ping=True, hide_parameters=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


@lru_cache(maxsize=8)
def _sessions_for(url: str) -> sessionmaker:
    return sessionmaker(bind=_engine_for(url), future=True, expire_on_commit=False)


def keep_reads(keep: bool = True) -> None:
    """From here on in this context, `remembered` reads are kept (with a fresh memory), or no longer.

    The action server keeps them for one call (addons/action_server.py): a form validation reads the
    relative's stored state up to four times per call.
    """
    _reads.set({} if keep else None)


@contextmanager
def remembered_reads() -> Iterator[None]:
    """Keep `remembered` reads within the block (a fresh memory, dropped at the end)."""
    token = _reads.set({})
    try:
        yield
    finally:
        _reads.reset(token)


def remembered(key: Hashable, read: Callable[[], T]) -> T:
    """`read()`, or what it returned for `key` before, while reads are kept and no other transaction ran.

    Every other `session_scope` in the same context (a write, or any other read) forgets all kept reads
    first, so a kept value is never older than the context's last transaction.
    """
    memory = _reads.get()
    if memory is None:
        return read()
    if key not in memory:
        reading = _reading.set(True)
        try:
            value = read()
        finally:
            _reading.reset(reading)
        memory[key] = value
    return memory[key]


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A transaction: committed when the block ends, rolled back on error."""
    memory = _reads.get()
    if memory and not _reading.get():
        memory.clear()
    session = _sessions_for(url or database_url())()
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()


def _alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(url: str | None = None, revision: str = "head") -> None:
    """Bring the database schema up to `revision` (default: the newest)."""
    command.upgrade(_alembic_config(url or database_url()), revision)


def downgrade(url: str | None = None, revision: str = "base") -> None:
    """Take the schema back to `revision` (default: empty)."""
    command.downgrade(_alembic_config(url or database_url()), revision)
