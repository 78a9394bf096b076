"""Storage against real SQLite and PostgreSQL: migrations, writes, reads, erasure."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from bot.storage import db
from bot.storage.repository import ScanRepository, sender_key

TABLES = {"respondents", "answers"}


def table_names(url: str) -> set[str]:
    return set(inspect(db.get_engine(url)).get_table_names())


def test_migrations_up_and_down(database: str) -> None:
    assert TABLES <= table_names(database)
    db.downgrade(database)
    assert not TABLES & table_names(database)
    db.migrate(database)
    assert TABLES <= table_names(database)


def test_write_and_read_back(database: str) -> None:
    repo = ScanRepository(database)
    repo.give_consent("alice")
    repo.set_context("alice", relation="kind", unit="B2")
    repo.save_answer("alice", "r1_a", 1, 3)
    repo.save_answer("alice", "r2_a", 2, None)
    state = repo.state("alice")
    assert state is not None
    assert (state.relation, state.unit, state.consented) == ("kind", "B2", True)
    assert state.answers == {"r1_a": 3, "r2_a": None}


def test_changed_answer_replaces_old_one(database: str) -> None:
    repo = ScanRepository(database)
    repo.give_consent("bob")
    repo.save_answer("bob", "r1_a", 1, 1)
    repo.save_answer("bob", "r1_a", 1, 4)
    rows = list(repo.export())
    assert [(r.item_id, r.value) for r in rows] == [("r1_a", 4)]


def test_nothing_is_stored_without_consent(database: str) -> None:
    repo = ScanRepository(database)
    with pytest.raises(PermissionError):
        repo.save_answer("carol", "r1_a", 1, 2)
    assert repo.state("carol") is None


def test_delete_removes_respondent_and_answers(database: str) -> None:
    repo = ScanRepository(database)
    for sender in ("dave", "erin"):
        repo.give_consent(sender)
        repo.save_answer(sender, "r1_a", 1, 2)
    erased = repo.erase("dave")
    assert erased is not None and (erased.answers, erased.remark) == (1, False)
    assert repo.state("dave") is None
    assert {r.respondent for r in repo.export()} == {repo.state("erin").id}  # type: ignore[union-attr]
    assert repo.erase("dave") is None


def test_sender_id_is_not_stored_in_clear(database: str) -> None:
    repo = ScanRepository(database)
    repo.give_consent("sender-with-a-recognisable-id")
    state = repo.state("sender-with-a-recognisable-id")
    assert state is not None and "recognisable" not in state.id
    assert len(sender_key("x")) == 64 and sender_key("x") != sender_key("y")


def test_export_filters_by_unit(database: str) -> None:
    repo = ScanRepository(database)
    for sender, unit in (("f", "A1"), ("g", "B2")):
        repo.give_consent(sender)
        repo.set_context(sender, unit=unit)
        repo.save_answer(sender, "r1_a", 1, 3)
    assert {r.unit for r in repo.export(unit="B2")} == {"B2"}
    assert len(list(repo.export())) == 2


def test_sqlite_database_uses_the_write_ahead_log(sqlite_database: str) -> None:
    with db.get_engine(sqlite_database).connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


class Queries:
    """Counts the statements an engine runs."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import event

        self.count = 0
        event.listen(db.get_engine(url), "before_cursor_execute", self._seen)

    def _seen(self, *_args: object) -> None:
        self.count += 1

    def since(self, before: int) -> int:
        return self.count - before


def test_state_is_read_in_one_query(database: str) -> None:
    repo = ScanRepository(database)
    repo.give_consent("carla", unit="B2")
    repo.save_answer("carla", "r1_a", 1, 3)
    repo.save_answer("carla", "r2_a", 2, None)
    queries = Queries(database)
    state = repo.state("carla")
    assert queries.since(0) == 1
    assert state is not None and state.answers == {"r1_a": 3, "r2_a": None} and state.unit == "B2"
    repo.give_consent("dirk")
    empty = repo.state("dirk")
    assert empty is not None and empty.answers == {} and empty.consented
    assert repo.state("nobody") is None


def test_reads_are_kept_within_a_call_until_anything_else_touches_the_database(database: str) -> None:
    repo = ScanRepository(database)
    repo.give_consent("eva", unit="B2")
    queries = Queries(database)
    with db.remembered_reads():
        first = repo.state("eva")
        before = queries.count
        assert repo.state("eva") is first and queries.since(before) == 0, "read again from memory"
        repo.save_answer("eva", "r1_a", 1, 4)
        after_write = repo.state("eva")
        assert after_write is not None and after_write.answers == {"r1_a": 4}, "a write forgets what was kept"
        with db.session_scope(database) as session:  # any other transaction, e.g. another repository's
            session.execute(text("UPDATE respondents SET relation = 'kind'"))
        changed = repo.state("eva")
        assert changed is not None and changed.relation == "kind"
    before = queries.count
    repo.state("eva")
    repo.state("eva")
    assert queries.since(before) == 2, "outside a call nothing is kept"
