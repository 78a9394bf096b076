"""The command line: export of stored answers as CSV, migrations."""

from __future__ import annotations

import csv
import io

from bot.storage.repository import ScanRepository
from bot.storage.tokens import TeamTokens, hash_token
from bot.storage.units import UnitRegistry
from tests.cli import run_cli, run_cli_status


def test_export_answers_as_csv(sqlite_database: str) -> None:
    repo = ScanRepository(sqlite_database)
    for sender, unit in (("a", "B2"), ("b", "C3")):
        repo.give_consent(sender)
        repo.set_context(sender, relation="kind", unit=unit)
        repo.save_answer(sender, "r1_x", 1, 3)
        repo.save_answer(sender, "r2_y", 2, None)
    rows = list(csv.DictReader(io.StringIO(run_cli(sqlite_database, "export", "answers"))))
    assert {"respondent", "unit", "item_id", "rung", "value", "answered_at"} <= set(rows[0])
    assert len(rows) == 4
    assert {r["value"] for r in rows} == {"3", "weet_niet"}
    only_b2 = list(csv.DictReader(io.StringIO(run_cli(sqlite_database, "export", "answers", "--unit", "B2"))))
    assert len(only_b2) == 2 and {r["unit"] for r in only_b2} == {"B2"}
    assert all("a" != r["respondent"] for r in rows)


def test_migrate_command_up_and_down(sqlite_url: str) -> None:
    run_cli(sqlite_url, "migrate")
    run_cli(sqlite_url, "migrate", "--down", "base")
    run_cli(sqlite_url, "migrate")


def test_units_are_registered_and_listed(sqlite_database: str) -> None:
    run_cli(sqlite_database, "unit", "add", "b2", "--name", "De Linde", "--contact", "Bel de receptie: 010-1234567")
    run_cli(sqlite_database, "unit", "add", "B2", "--name", "De Linde West")
    rows = list(csv.reader(io.StringIO(run_cli(sqlite_database, "unit", "list")), delimiter="\t"))
    assert rows == [["code", "name", "access", "contact"], ["B2", "De Linde West", "invitations", ""]]
    # --open makes an open link; without a flag an update keeps it
    run_cli(sqlite_database, "unit", "add", "B2", "--name", "De Linde West", "--open")
    run_cli(sqlite_database, "unit", "add", "B2", "--name", "De Linde")
    assert UnitRegistry(sqlite_database).get("B2").open_link  # type: ignore[union-attr]
    run_cli(sqlite_database, "unit", "add", "B2", "--name", "De Linde", "--invitations-only")
    assert not UnitRegistry(sqlite_database).get("B2").open_link  # type: ignore[union-attr]
    assert UnitRegistry(sqlite_database).is_registered("b2")
    refused = run_cli_status(sqlite_database, "unit", "add", "<b>", "--name", "x")
    assert refused.returncode == 2 and "geen geldige afdelingscode" in refused.stderr


def test_team_codes_per_person(sqlite_database: str) -> None:
    first = run_cli(sqlite_database, "team", "create", "--unit", "C3", "--label", "Ans").strip()
    second = run_cli(sqlite_database, "team", "create", "--unit", "c3", "--days", "7", "--label", "Bram").strip()
    assert len(first) == 43 and first != second
    tokens = TeamTokens(sqlite_database)
    assert tokens.unit_for(first) == tokens.unit_for(second) == "C3"
    # `team create` registers the unit, so its invitation link works
    assert UnitRegistry(sqlite_database).get("C3").name == "Afdeling C3"  # type: ignore[union-attr]
    listing = run_cli(sqlite_database, "team", "list", "--unit", "C3")
    assert first not in listing and second not in listing
    assert hash_token(first) not in listing
    rows = list(csv.DictReader(io.StringIO(listing), delimiter="\t"))
    assert [r["label"] for r in rows] == ["Ans", "Bram"] and all(not r["revoked"] for r in rows)
    by_label = {r["label"]: r for r in rows}
    assert by_label["Bram"]["expires"] < by_label["Ans"]["expires"]
    run_cli(sqlite_database, "team", "revoke", "--id", by_label["Ans"]["id"])
    assert tokens.unit_for(first) is None and tokens.unit_for(second) == "C3"
    assert run_cli_status(sqlite_database, "team", "revoke", "--id", "999").returncode == 1
    run_cli(sqlite_database, "team", "revoke", "--unit", "C3")
    assert tokens.unit_for(second) is None
    assert UnitRegistry(sqlite_database).is_registered("C3"), "revoking codes never removes the unit"
    assert run_cli_status(sqlite_database, "team", "create", "--unit", "C3", "--days", "0").returncode == 2


def test_team_access_log(sqlite_database: str) -> None:
    tokens = TeamTokens(sqlite_database)
    login = tokens.login(tokens.create("B2", label="Ans"))
    assert login is not None
    tokens.logout(login.session_id)
    rows = list(csv.DictReader(io.StringIO(run_cli(sqlite_database, "team", "log", "--unit", "B2")), delimiter="\t"))
    assert [(r["label"], r["what"]) for r in rows] == [("Ans", "login"), ("Ans", "logout")]
    assert all(r["time"] for r in rows)
