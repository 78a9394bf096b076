"""The command line: export of stored answers as CSV, migrations."""

from __future__ import annotations

import csv
import io
import os
import subprocess

from bot.storage import db
from bot.storage.repository import ScanRepository
from tests.servers import ROOT, VENV_BIN


def run_cli(database: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": database}
    result = subprocess.run(
        [str(VENV_BIN / "python"), "-m", "bot", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_export_answers_as_csv(sqlite_url: str) -> None:
    db.migrate(sqlite_url)
    repo = ScanRepository(sqlite_url)
    for sender, unit in (("a", "B2"), ("b", "C3")):
        repo.give_consent(sender)
        repo.set_context(sender, relation="kind", unit=unit)
        repo.save_answer(sender, "r1_x", 1, 3)
        repo.save_answer(sender, "r2_y", 2, None)
    rows = list(csv.DictReader(io.StringIO(run_cli(sqlite_url, "export", "answers"))))
    assert {"respondent", "unit", "item_id", "rung", "value", "answered_at"} <= set(rows[0])
    assert len(rows) == 4
    assert {r["value"] for r in rows} == {"3", "weet_niet"}
    only_b2 = list(csv.DictReader(io.StringIO(run_cli(sqlite_url, "export", "answers", "--unit", "B2"))))
    assert len(only_b2) == 2 and {r["unit"] for r in only_b2} == {"B2"}
    assert all("a" != r["respondent"] for r in rows)


def test_migrate_command_up_and_down(sqlite_url: str) -> None:
    run_cli(sqlite_url, "migrate")
    run_cli(sqlite_url, "migrate", "--down", "base")
    run_cli(sqlite_url, "migrate")
