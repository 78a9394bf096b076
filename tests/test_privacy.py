"""What relatives are told about their data, the erasure code, and erasure in storage."""

from __future__ import annotations

import hashlib
import hmac
import math
import re

import pytest

from bot.config import MINIMUM_GROUP
from bot.languages import LANGUAGES
from bot.privacy import (
    CODE_ALPHABET,
    CODE_LENGTH,
    consent_messages,
    erasure_code_hash,
    hide_erasure_codes,
    new_erasure_code,
    normalize_erasure_code,
    readable_days,
    says_no_code,
)
from bot.storage import db
from bot.storage.repository import ScanRepository
from tests.cli import run_cli_status


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


@pytest.mark.parametrize("lang", LANGUAGES)
def test_consent_in_every_language_follows_the_settings(monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    monkeypatch.delenv("RETENTION_DAYS", raising=False)
    monkeypatch.delenv("ANSWER_RETENTION_DAYS", raising=False)
    text = "\n".join(consent_messages(lang))
    assert readable_days(30, lang) in text and readable_days(730, lang) in text, lang
    assert str(MINIMUM_GROUP) in text and "{" not in text and "}" not in text
    monkeypatch.setenv("RETENTION_DAYS", "14")
    monkeypatch.setenv("ANSWER_RETENTION_DAYS", "400")
    text = "\n".join(consent_messages(lang))
    assert readable_days(14, lang) in text and readable_days(400, lang) in text, lang
    assert readable_days(30, lang) not in text and readable_days(730, lang) not in text, lang


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


def test_erasure_codes_have_50_bits_and_are_typeable_from_paper() -> None:
    assert len(set(CODE_ALPHABET)) == len(CODE_ALPHABET)
    assert math.log2(len(CODE_ALPHABET)) * CODE_LENGTH >= 50
    # of characters that look alike on paper or on a screen, at most one is used
    for alike in ("0OQD", "1IL7", "5S", "8B", "2Z", "6G", "UV"):
        assert len(set(alike) & set(CODE_ALPHABET)) <= 1, alike
    codes = {new_erasure_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert re.fullmatch(rf"[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}", code)
        assert normalize_erasure_code(code.lower().replace("-", " ")) == code.replace("-", "")
        assert erasure_code_hash(code) == erasure_code_hash(f" {code.lower()} ")
    for wrong in ("", "K7QM-4XPA-R3T", "K7UM-4XPA-R3TCC", "K7QM-4XPA-R3T0", "hallo daar"):
        assert normalize_erasure_code(wrong) is None
    assert normalize_erasure_code("k7qm-4xpz") == "K7QM4XPZ", "an old 8-character code still counts"
    assert says_no_code("Ik heb geen code.") and says_no_code("stop") and not says_no_code("K7UM-4XPA-R3TC")


def test_the_stored_form_is_an_hmac_with_the_server_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    code = new_erasure_code()
    monkeypatch.setenv("SAMENSPRAAK_SECRET", "one")
    first = erasure_code_hash(code)
    assert first != hashlib.sha256(code.replace("-", "").encode()).hexdigest(), "no unsalted SHA-256"
    assert first == hmac.new(b"one", f"erasure:{code.replace('-', '')}".encode(), hashlib.sha256).hexdigest()
    monkeypatch.setenv("SAMENSPRAAK_SECRET", "two")
    assert erasure_code_hash(code) != first, "without the secret the stored form tests no guess"


def test_codes_are_hidden_in_texts() -> None:
    code = new_erasure_code()
    assert hide_erasure_codes(f"Uw wiscode is {code}. Schrijf hem op.") == "Uw wiscode is [wiscode]. Schrijf hem op."
    assert hide_erasure_codes(f"mijn code: {code.lower().replace('-', ' ')}") == "mijn code: [wiscode]"
    assert hide_erasure_codes("oude code k7qm4xpa") == "oude code [wiscode]"
    assert hide_erasure_codes("deze week nog even") == "deze week nog even", "plain words stay"
    assert hide_erasure_codes("mijn code: wxrf jucw unny") == "mijn code: [wiscode]", "a code of letters only"
    assert hide_erasure_codes("deze week even goed") == "deze week even goed"


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
    assert repo.find_erasure_code(code.lower()) == stored
    other = "K7UM-4XPA-R3TC" if code != "K7UM-4XPA-R3TC" else "K7UM-4XPA-R3TD"
    assert repo.erase_by_code(other) is None
    found = repo.erase_by_code(code)
    assert found is not None and found[0].answers == 2 and not found[0].remark
    assert repo.state("bob") is None and repo.find_erasure_code(code) is None


def test_old_codes_are_rekeyed_by_the_migration_and_still_erase(database: str) -> None:
    """A code given before 0007 (8 characters, unsalted SHA-256) still erases; its SHA-256 is gone."""
    from sqlalchemy import text

    db.migrate(database)
    repo = ScanRepository(database)
    finished_scan(repo, "dora")
    db.downgrade(database, "0006")
    old_code = "K7QM-4XPZ"
    unsalted = hashlib.sha256(b"K7QM4XPZ").hexdigest()
    with db.get_engine(database).begin() as connection:
        connection.execute(text("UPDATE respondents SET erasure_code_hash = :h"), {"h": unsalted})
    db.migrate(database)
    with db.get_engine(database).connect() as connection:
        stored = connection.execute(text("SELECT erasure_code_hash FROM respondents")).scalar()
    assert stored != unsalted and stored == erasure_code_hash(old_code)
    found = repo.erase_by_code(old_code.lower())
    assert found is not None and found[0].answers == 2


def test_erase_command_by_code(sqlite_database: str) -> None:
    repo = ScanRepository(sqlite_database)
    finished_scan(repo, "carol")
    code = repo.issue_erasure_code("carol")
    assert code is not None
    done = run_cli_status(sqlite_database, "erase", "--code", code)
    assert done.returncode == 0, done.stderr
    assert "2 antwoorden, 1 opmerking" in done.stdout
    assert "fijn" not in done.stdout + done.stderr, "counts only, never content"
    assert repo.state("carol") is None
    again = run_cli_status(sqlite_database, "erase", "--code", code)
    assert again.returncode == 1 and "niets" in again.stderr
