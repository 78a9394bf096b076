"""One running assistant (both servers, real SQLite database) shared by the e2e tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.storage.units import UnitRegistry
from tests.servers import MODEL, Assistant

# Answers are stored only under registered units (python -m bot unit add CODE --name ... --open);
# these have an open link, so the scans can start from the page address (metadata `afdeling`).
UNITS = {"B2": "Het Anker", "C3": "De Linde"}
# whom carers ask about working with relatives (bot/config.py staff_contact)
STAFF_CONTACT = "Ineke de Wit, aandachtsvelder naasten, toestel 214"


def register_units(assistant: Assistant) -> Assistant:
    registry = UnitRegistry(assistant.database_url)
    for code, name in UNITS.items():
        registry.add(code, name, open_link=True)
    return assistant


@pytest.fixture(scope="session")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does this)")
    base: Path = tmp_path_factory.mktemp("assistant")
    running = Assistant(
        database_url=f"sqlite:///{base / 'samenspraak.db'}",
        log_dir=base / "logs",
        extra_env={"STAFF_CONTACT": STAFF_CONTACT},
    ).start()
    register_units(running)
    yield running
    running.stop()
