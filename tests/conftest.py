"""Shared fixtures: real SQLite and PostgreSQL databases (empty or migrated), a copy of the content, and
`make_tracker`, the one builder of the trackers that the actions are tested against without Rasa."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Optional

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() == "true"

os.environ.setdefault("SAMENSPRAAK_SECRET", "test-secret")
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

# Property-based tests (hypothesis): 2,000 examples per test in CI (CI=true), 300 locally;
# HYPOTHESIS_PROFILE=ci runs the CI number anywhere. No example database is written in CI.
settings.register_profile(
    "ci", max_examples=2000, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=300, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if IN_CI else "dev"))


# What each slow test needs, by where it lives; `make test-fast` deselects all of these.
NEEDS_BY_PATH = {
    "tests/e2e/": ("model", "server", "e2e"),
    "tests/browser/": ("model", "server", "browser"),
    "tests/load/": ("model", "server", "load"),
    "tests/test_model.py": ("model",),
    "tests/test_understanding.py": ("model",),
}


# `make test` runs two xdist workers with `--dist loadgroup`: the tests of one group run on one
# worker, in order, so each group starts its servers once (the e2e tests and the browser tests each
# share a running assistant); the biggest groups go out first and the unit tests fill the gaps.
GROUP_BY_PATH = {
    "tests/e2e/": "e2e",
    "tests/browser/": "browser",
    "tests/load/": "load",
    "tests/test_model.py": "model",
    "tests/test_understanding.py": "model",
}


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    root = Path(__file__).resolve().parent.parent
    for item in items:
        where = Path(str(item.fspath)).resolve().relative_to(root).as_posix()
        for prefix, needs in NEEDS_BY_PATH.items():
            if where.startswith(prefix):
                for need in needs:
                    item.add_marker(need)
        for prefix, group in GROUP_BY_PATH.items():
            if where.startswith(prefix):
                item.add_marker(pytest.mark.xdist_group(group))


def pytest_sessionfinish(session: pytest.Session) -> None:
    """An xdist worker hands its model starts to the controller (see pytest_testnodedown)."""
    from tests.servers import MODEL_STARTS

    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output["model_starts"] = list(MODEL_STARTS)


def pytest_testnodedown(node: Any, error: Any) -> None:
    from tests.servers import MODEL_STARTS

    MODEL_STARTS.extend(getattr(node, "workeroutput", {}).get("model_starts", []))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """How often this run started a Rasa model (each start costs about a minute of CPU on 2 cores)."""
    from tests.servers import MODEL_STARTS

    if MODEL_STARTS:
        terminalreporter.write_line(f"Rasa model starts in this run: {len(MODEL_STARTS)} ({', '.join(MODEL_STARTS)})")


# Answers are stored only under registered units (python -m bot unit add CODE --name ...).
UNITS = {"B2": "Het Anker", "C3": "De Linde"}
# whom carers ask about working with relatives (bot/config.py staff_contact)
STAFF_CONTACT = "Ineke de Wit, aandachtsvelder naasten, toestel 214"
# the one site allowed to embed the chat (ALLOWED_ORIGINS); tests/e2e/test_limits.py checks it
EMBEDDING_SITE = "https://embed.example"


@pytest.fixture(autouse=True)
def fresh_attempt_counts(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test of the shared assistant starts with no wrong codes counted: all tests come from
    127.0.0.1, and one test's five wrong codes must not block the next test's erasure or login."""
    yield
    if "shared_assistant" in request.fixturenames:
        from sqlalchemy import delete

        from bot.storage import db
        from bot.storage.models import FailedAttempt

        with db.session_scope(request.getfixturevalue("shared_assistant").database_url) as session:
            session.execute(delete(FailedAttempt))


@pytest.fixture(scope="session")
def shared_assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The one running assistant (both servers, real SQLite database) of every e2e and browser test
    that can share it (as `assistant` in tests/e2e and `web` in tests/browser): a Rasa start costs
    about a minute. Tests that change a setting restart only the action server (`actions_with`)."""
    from bot.storage.units import UnitRegistry
    from tests.servers import MODEL, Assistant

    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does this)")
    base: Path = tmp_path_factory.mktemp("assistant")
    running = Assistant(
        database_url=f"sqlite:///{base / 'samenspraak.db'}",
        log_dir=base / "logs",
        # a short pause before each assistant message in the chat: the browser tests wait for
        # every message, and at the default (up to 1.2 s) a whole scan waits half a minute
        extra_env={"STAFF_CONTACT": STAFF_CONTACT, "ALLOWED_ORIGINS": EMBEDDING_SITE, "CHAT_PAUSE_MS": "50"},
    ).start()
    try:
        registry = UnitRegistry(running.database_url)
        for code, name in UNITS.items():
            registry.add(code, name, open_link=True)
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def trained_model() -> Iterator[Any]:
    """The trained model loaded once in the test process (tests/understanding.py `Model`): the model
    tests (tests/test_model.py, tests/test_understanding.py) share it, in one group on one worker."""
    from tests.servers import MODEL
    from tests.understanding import Model

    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does this)")
    loaded = Model(MODEL)
    yield loaded
    loaded.close()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'samenspraak.db'}"


def _postgres_available() -> str | None:
    try:
        engine = create_engine(POSTGRES_ADMIN_URL, future=True)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        return str(error).splitlines()[0]


def _require_postgres() -> None:
    """Missing PostgreSQL is a skip on a laptop but a failure in CI (CI=true)."""
    problem = _postgres_available()
    if problem:
        message = f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {problem}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


@contextmanager
def _postgres_database(prefix: str, template: str | None = None) -> Iterator[str]:
    """A new PostgreSQL database (empty, or a copy of `template`), dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_ADMIN_URL, future=True, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    url = make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        from bot.storage.db import get_engine

        get_engine(url).dispose()
        with admin.connect() as connection:
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": name}
            )
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database, dropped afterwards."""
    _require_postgres()
    with _postgres_database("samenspraak_test") as url:
        yield url


# A migration run costs about half a second; a test that needs a migrated database gets a copy of
# one migrated once per test process (a file copy, or PostgreSQL's CREATE DATABASE ... TEMPLATE).
@pytest.fixture(scope="session")
def migrated_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bot.storage import db

    path = tmp_path_factory.mktemp("migrated") / "samenspraak.db"
    url = f"sqlite:///{path}"
    db.migrate(url)
    db.get_engine(url).dispose()
    return path


@pytest.fixture(scope="session")
def migrated_postgres_name() -> Iterator[str]:
    from bot.storage import db

    _require_postgres()
    with _postgres_database("samenspraak_migrated") as url:
        db.migrate(url)
        db.get_engine(url).dispose()
        yield str(make_url(url).database)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest) -> Iterator[str]:
    """A freshly migrated database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_database")
        return
    with _postgres_database("samenspraak_test", request.getfixturevalue("migrated_postgres_name")) as url:
        yield url


@pytest.fixture
def sqlite_database(sqlite_url: str, migrated_sqlite_file: Path) -> str:
    """A freshly migrated SQLite database (for tests that need one database only)."""
    shutil.copyfile(migrated_sqlite_file, str(make_url(sqlite_url).database))
    return sqlite_url


@pytest.fixture
def actions_database(sqlite_database: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated SQLite database that the actions use (DATABASE_URL), with their cached repositories reset."""
    from actions.common import rehearsal_repository, scan_repository, unit_registry

    caches = (scan_repository, rehearsal_repository, unit_registry)
    monkeypatch.setenv("DATABASE_URL", sqlite_database)
    for cache in caches:
        cache.cache_clear()
    yield sqlite_database
    for cache in caches:
        cache.cache_clear()


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A copy of bot/content/*.yml that a test may break."""
    from bot.content import CONTENT_DIR

    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def make_tracker(
    text: str = "",
    intent: str = "inform",
    slots: Optional[dict[str, Any]] = None,
    *,
    sender: str = "relative-1",
    form: Optional[str] = None,
    confidence: float = 0.99,
    metadata: Optional[dict[str, Any]] = None,
    message: Optional[dict[str, Any]] = None,
    with_event: bool = True,
    events: Optional[list[dict[str, Any]]] = None,
) -> Any:
    """A rasa_sdk Tracker after one user message (`message` as parsed, or built from text and intent)."""
    from rasa_sdk import Tracker

    if message is None:
        message = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []}
        if metadata is not None:
            message["metadata"] = metadata
    event: dict[str, Any] = {"event": "user", "text": message.get("text", ""), "parse_data": message}
    if metadata is not None:
        event["metadata"] = metadata
    if events is None:
        events = [event] if with_event else []
    active_loop = {"name": form} if form else {}
    return Tracker(sender, slots or {}, message, events, False, None, active_loop, "action_listen")
