"""Registered units on real SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses

import pytest

from bot.storage.units import UnitInfo, UnitRegistry


def test_add_get_and_list(database: str) -> None:
    units = UnitRegistry(database)
    assert units.all() == []
    added = units.add("afdeling b2", "De Linde", contact="Bel 010-1234567")
    assert added == UnitInfo(code="B2", name="De Linde", contact="Bel 010-1234567")
    assert units.get("B2") == added
    assert units.get(" b2 ") == added
    assert units.is_registered("b2")
    assert not units.is_registered("C3")
    assert not units.is_registered("")
    assert not units.is_registered(None)
    assert not units.is_registered("<script>")
    units.add("C3", "De Eik")
    assert [u.code for u in units.all()] == ["B2", "C3"]


def test_add_again_updates_name_and_contact(database: str) -> None:
    units = UnitRegistry(database)
    units.add("B2", "De Linde", contact="oud")
    updated = units.add("b2", "De Linde West", contact=None)
    assert updated == UnitInfo("B2", "De Linde West", None)
    assert units.all() == [updated]


def test_unit_info_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        UnitInfo("B2", "x", None).name = "y"  # type: ignore[misc]


@pytest.mark.parametrize("code", ["", "weet ik niet", "x" * 41, "B2;drop"])
def test_unusable_codes_are_refused(sqlite_database: str, code: str) -> None:
    with pytest.raises(ValueError):
        UnitRegistry(sqlite_database).add(code, "Naam")
    assert UnitRegistry(sqlite_database).all() == []


def test_a_unit_needs_a_name(sqlite_database: str) -> None:
    with pytest.raises(ValueError):
        UnitRegistry(sqlite_database).add("B2", "  ")
