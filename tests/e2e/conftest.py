"""The e2e tests run against the one shared running assistant (tests/conftest.py `shared_assistant`)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.storage.units import UnitRegistry
from tests.conftest import STAFF_CONTACT, UNITS
from tests.servers import Assistant

__all__ = ["STAFF_CONTACT", "UNITS", "register_units"]


def register_units(assistant: Assistant) -> Assistant:
    registry = UnitRegistry(assistant.database_url)
    for code, name in UNITS.items():
        registry.add(code, name, open_link=True)
    return assistant


@pytest.fixture(scope="session")
def assistant(shared_assistant: Any) -> Assistant:
    """Both servers on a real SQLite database, units B2 and C3 registered, STAFF_CONTACT set."""
    return shared_assistant
