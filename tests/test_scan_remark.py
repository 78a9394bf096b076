"""The scan's remark step: long remarks are cut to MAX_REMARK_CHARS and the relative is told."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.scan import ValidateScanForm
from bot.content import content
from bot.scan import MAX_REMARK_CHARS
from bot.storage.db import session_scope
from bot.storage.models import Respondent
from bot.storage.repository import ScanRepository
from tests.conftest import make_tracker
from tests.servers import ROOT

DOMAIN: dict[str, Any] = yaml.safe_load((ROOT / "domain.yml").read_text())


@pytest.fixture
def repository(actions_database: str) -> ScanRepository:
    repository = ScanRepository(actions_database)
    repository.give_consent("relative-1")
    repository.set_context("relative-1", relation="kind", unit="B2")
    return repository


def remark_step(text: str) -> list[dict[str, Any]]:
    tracker = make_tracker(text, form="scan_form", with_event=False)
    dispatcher = CollectingDispatcher()
    slots = ValidateScanForm().validate_scan_remark(text, dispatcher, tracker, DOMAIN)
    assert slots == {"scan_remark": None}
    return dispatcher.messages


def stored_remark(url: str) -> Any:
    with session_scope(url) as session:
        return session.query(Respondent.remark).scalar()


def test_a_long_remark_keeps_its_first_thousand_characters_and_says_so(repository: ScanRepository) -> None:
    text = "Het gaat goed met mijn moeder, maar de avonden zijn lang. " * 40
    assert len(text) > MAX_REMARK_CHARS
    messages = remark_step(text)
    assert [m["text"] for m in messages] == [content().relatives_scan.remark_shortened]
    assert "u" in messages[0]["text"].lower().split() or "uw" in messages[0]["text"].lower().split()
    remark = stored_remark(repository.url)  # type: ignore[arg-type]
    assert len(remark) <= MAX_REMARK_CHARS and text.startswith(remark)
    assert repository.state("relative-1").finished  # type: ignore[union-attr]


def test_a_short_remark_is_kept_whole_without_a_notice(repository: ScanRepository) -> None:
    assert remark_step("Fijn team!") == []
    assert stored_remark(repository.url) == "Fijn team!"  # type: ignore[arg-type]
