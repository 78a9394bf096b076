"""Shared fixtures: real SQLite and PostgreSQL databases."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() == "true"

os.environ.setdefault("SAMENSPRAAK_SECRET", "test-secret")
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    root = Path(__file__).resolve().parent.parent
    for item in items:
        where = Path(str(item.fspath)).resolve().relative_to(root).as_posix()
        for prefix, needs in NEEDS_BY_PATH.items():
            if where.startswith(prefix):
                for need in needs:
                    item.add_marker(need)


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


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database, dropped afterwards.

    Missing PostgreSQL is a skip on a laptop but a failure in CI (CI=true).
    """
    problem = _postgres_available()
    if problem:
        message = f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {problem}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    name = f"samenspraak_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_ADMIN_URL, future=True, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_ADMIN_URL).set(database=name)
    yielded = url.render_as_string(hide_password=False)
    try:
        yield yielded
    finally:
        from bot.storage.db import get_engine

        get_engine(yielded).dispose()
        with admin.connect() as connection:
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": name}
            )
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()
