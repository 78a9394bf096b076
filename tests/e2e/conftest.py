"""One running assistant (both servers, real SQLite database) shared by the e2e tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import MODEL, Assistant


@pytest.fixture(scope="session")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does this)")
    base: Path = tmp_path_factory.mktemp("assistant")
    running = Assistant(database_url=f"sqlite:///{base / 'samenspraak.db'}", log_dir=base / "logs").start()
    yield running
    running.stop()
