"""The migrations build exactly the tables of bot/storage/models.py, on SQLite and on PostgreSQL.

Alembic's own comparison (what `alembic revision --autogenerate` would write) runs against a
freshly migrated database; any difference is drift: a table, column, type, index, constraint or
nullability in the models that the migrations do not create, or the other way round.
"""

from __future__ import annotations

import re
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bot.storage import db
from bot.storage.models import metadata

ROOT = Path(__file__).resolve().parent.parent
VERSION_TABLE = "samenspraak_alembic_version"


def differences(url: str) -> list:
    with db.get_engine(url).connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "version_table": VERSION_TABLE, "target_metadata": metadata},
        )
        return list(compare_metadata(context, metadata))


def test_a_migrated_database_matches_the_models(database: str) -> None:
    assert differences(database) == []


def test_every_table_is_defined_in_the_models() -> None:
    """The migration environment imports bot/storage/models.py only: no table (or column) is defined elsewhere."""
    elsewhere = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "bot").rglob("*.py")
        if path != ROOT / "bot" / "storage" / "models.py"
        and "migrations" not in path.parts
        and re.search(r"__tablename__\s*=|\bColumn\(|declarative_base\(", path.read_text())
    ]
    assert elsewhere == []


def test_the_check_sees_a_missing_table(sqlite_url: str) -> None:
    """The comparison would fail on drift: a database one revision short differs from the models."""
    db.migrate(sqlite_url, "0004")
    assert any(diff[0] == "add_table" and diff[1].name == "team_rounds" for diff in differences(sqlite_url))
