"""One cluster for the load and fault tests: own PostgreSQL, own Redis, two Rasa instances, nginx."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.storage.units import UnitRegistry
from tests.conftest import IN_CI
from tests.load.services import Cluster, Postgres, Redis, _binary
from tests.servers import MODEL

UNIT = "B2"


@dataclass
class Setup:
    postgres: Postgres
    redis: Redis
    cluster: Cluster
    # every remark and team code sent in this run: none may appear in a log
    secrets: list[str] = field(default_factory=list)


def _missing() -> str | None:
    if not MODEL.exists():
        return "no trained model: run `make train` (make test does this)"
    for name in ("nginx", "initdb", "pg_ctl", "redis-server"):
        try:
            _binary(name)
        except RuntimeError as error:
            return str(error)
    return None


@pytest.fixture(scope="package")
def setup() -> Iterator[Setup]:
    problem = _missing()
    if problem:
        if IN_CI:
            pytest.fail(problem)
        pytest.skip(problem)
    base = Path(tempfile.mkdtemp(prefix="samenspraak-load-"))
    os.chmod(base, 0o755)
    postgres = Postgres(base / "postgres").init()
    redis = Redis(base / "redis.log").start()
    cluster = Cluster(
        database_url=postgres.url,
        redis_url=redis.url,
        log_dir=base / "logs",
        key_prefix=f"loadtest{uuid.uuid4().hex[:8]}",
    )
    try:
        cluster.start()
        UnitRegistry(postgres.url).add(UNIT, "Het Anker", open_link=True)
        yield Setup(postgres, redis, cluster)
    finally:
        cluster.stop()
        redis.stop()
        try:
            postgres.stop()
        except Exception:  # noqa: BLE001 - already stopped by a failed test
            pass
        if os.environ.get("KEEP_LOAD_LOGS"):
            print(f"load test logs kept in {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)
