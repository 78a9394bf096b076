"""What relatives are told about their data, the erasure code, and erasure in storage."""

from __future__ import annotations

import re
import subprocess

import pytest

from bot.config import MINIMUM_GROUP
from bot.privacy import (
    CODE_ALPHABET,
    consent_messages,
    erasure_code_hash,
    new_erasure_code,
    normalize_erasure_code,
    readable_days,
    says_no_code,
)
from bot.storage import db
from bot.storage.repository import ScanRepository
from tests.servers import ROOT, VENV_BIN


def test_consent_says_what_is_stored_how_long_and_who_sees_what(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RETENTION_DAYS", raising=False)
    monkeypatch.delenv("ANSWER_RETENTION_DAYS", raising=False)
    messages = consent_messages()
    assert 1 <= len(messages) <= 2
    assert all(len(m) < 900 for m in messages), "each message must fit a phone screen"
    text = "\n".join(messages)
    for stored in ("uw antwoorden", "wat u van de bewoner bent", "de afdeling", "opmerking", "niet naar namen"):
        assert stored in text
    assert "dit gesprek 30 dagen" in text and "uw antwoorden 2 jaar" in text
    assert f"minstens {MINIMUM_GROUP} naasten" in text
    assert "per groep tegelijk" in text
    for masked in ("telefoonnummers", "e-mailadressen", "kamernummers", "namen"):
        assert masked in text
    assert "'verwijder mijn gegevens'" in text and "wiscode" in text
    assert "niet naar u terug te leiden" in text and "opmerking halen we wel weg" in text
    assert messages[-1].endswith("Gaat u hiermee akkoord?")
    assert "{" not in text and "}" not in text
    assert not re.search(r"\b(je|jij|jouw)\b", text, re.IGNORECASE), "relatives are addressed with 'u'"


def test_consent_follows_the_retention_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RETENTION_DAYS", "14")
    monkeypatch.setenv("ANSWER_RETENTION_DAYS", "400")
    text = "\n".join(consent_messages())
    assert "dit gesprek 14 dagen" in text and "uw antwoorden 400 dagen" in text
    assert "30 dagen" not in text and "2 jaar" not in text
    monkeypatch.setenv("ANSWER_RETENTION_DAYS", "1095")
    assert "uw antwoorden 3 jaar" in "\n".join(consent_messages())


@pytest.mark.parametrize(
    ("days", "text"), [(1, "1 dag"), (30, "30 dagen"), (365, "1 jaar"), (730, "2 jaar"), (400, "400 dagen")]
)
def test_readable_days(days: int, text: str) -> None:
    assert readable_days(days) == text


def test_erasure_codes_are_readable_and_normalized() -> None:
    codes = {new_erasure_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert re.fullmatch(rf"[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}", code)
        assert normalize_erasure_code(code.lower().replace("-", " ")) == code.replace("-", "")
        assert erasure_code_hash(code) == erasure_code_hash(f" {code.lower()} ")
    for wrong in ("", "K7QM-4XP", "K7QM-4XPAA", "K7QM-4XP0", "hallo daar"):
        assert normalize_erasure_code(wrong) is None
    assert says_no_code("Ik heb geen code.") and says_no_code("stop") and not says_no_code("K7QM-4XPA")


def finished_scan(repo: ScanRepository, sender: str, remark: str | None = "fijn") -> None:
    repo.give_consent(sender, unit="B2")
    repo.set_context(sender, relation="kind")
    repo.save_answer(sender, "r1_a", 1, 3)
    repo.save_answer(sender, "r2_a", 2, None)
    repo.save_desired_rung(sender, 4)
    repo.finish(sender, remark)


def test_erase_says_what_was_removed(database: str) -> None:
    repo = ScanRepository(database)
    finished_scan(repo, "alice")
    erased = repo.erase("alice")
    assert erased is not None and (erased.answers, erased.remark) == (2, True)
    assert repo.state("alice") is None
    assert repo.erase("alice") is None, "nothing left: the second erasure finds nothing"


def test_erasure_code_is_issued_once_stored_hashed_and_erases(database: str) -> None:
    repo = ScanRepository(database)
    repo.give_consent("bob", unit="B2")
    assert repo.issue_erasure_code("bob") is None, "only a finished scan gets a code"
    finished_scan(repo, "bob", remark=None)
    code = repo.issue_erasure_code("bob")
    assert code is not None and repo.issue_erasure_code("bob") is None, "shown once"
    with db.session_scope(database) as session:
        from bot.storage.models import Respondent

        stored = session.query(Respondent.erasure_code_hash).scalar()
    assert stored == erasure_code_hash(code) and code.replace("-", "") not in stored
    assert repo.knows_erasure_code(code.lower())
    assert repo.erase_by_code("K7QM-4XPA" if code != "K7QM-4XPA" else "K7QM-4XPC") is None
    found = repo.erase_by_code(code)
    assert found is not None and found[0].answers == 2 and not found[0].remark
    assert repo.state("bob") is None and not repo.knows_erasure_code(code)


def test_erase_command_by_code(sqlite_url: str) -> None:
    db.migrate(sqlite_url)
    repo = ScanRepository(sqlite_url)
    finished_scan(repo, "carol")
    code = repo.issue_erasure_code("carol")
    assert code is not None
    env = {"DATABASE_URL": sqlite_url, "SAMENSPRAAK_SECRET": "test-secret", "PATH": "/usr/bin:/bin"}
    command = [str(VENV_BIN / "python"), "-m", "bot", "erase", "--code", code]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert "2 antwoorden, 1 opmerking" in done.stdout
    assert "fijn" not in done.stdout + done.stderr, "counts only, never content"
    assert repo.state("carol") is None
    again = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert again.returncode == 1 and "niets" in again.stderr
