"""Invitations over REST with both servers: the fake-respondent attack fails without valid codes,
and a relative without the link types the code when asked."""

from __future__ import annotations

import uuid
from typing import Any, Optional

import pytest

from bot.config import MINIMUM_GROUP
from bot.content import content
from bot.content.invitations import invitation_texts
from bot.storage.invitations import InvitationRepository
from bot.storage.releases import ReleaseRepository
from bot.storage.repository import ScanRepository
from bot.storage.units import UnitRegistry
from tests.servers import Assistant, buttons, texts

N = len(content().relatives_scan.items)
CHAT = invitation_texts().chat
UNIT, UNIT_NAME = "D4", "De Wilg"
VICTIM_REMARK = "Mijn moeder voelt zich hier niet thuis, ik durf het niet te zeggen."


def new_sender() -> str:
    return f"invite-{uuid.uuid4().hex[:12]}"


def consent(assistant: Assistant, sender: str, metadata: Optional[dict[str, Any]]) -> list[dict[str, Any]]:
    assert "Ja, ik doe mee" in buttons(assistant.say(sender, "/start_scan", metadata=metadata))
    return assistant.say(sender, "/affirm", metadata=metadata)


def finish_scan(assistant: Assistant, sender: str, remark: str = "nee") -> str:
    replies = assistant.say(sender, "Zoon of dochter")
    assert "Vraag 1 van" in texts(replies), texts(replies)
    for _ in range(N):
        replies = assistant.say(sender, "Meestal wel")
    assert "kwijt" in texts(assistant.say(sender, "trede 4"))
    return texts(assistant.say(sender, remark))


@pytest.fixture
def codes(assistant: Assistant, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("SAMENSPRAAK_SECRET", "test-secret")  # as the servers (tests/servers.py)
    UnitRegistry(assistant.database_url).add(UNIT, UNIT_NAME)  # a new unit: invitations only
    return [i.code for i in InvitationRepository(assistant.database_url).create(UNIT, MINIMUM_GROUP + 1)]


def test_four_scripted_scans_and_a_victim_cannot_make_release_two(assistant: Assistant, codes: list[str]) -> None:
    url = assistant.database_url
    for code in codes[:MINIMUM_GROUP]:
        sender = new_sender()
        assert "Zoon of dochter" in buttons(consent(assistant, sender, {"uitnodiging": code}))
        assert "Uw wiscode is" in finish_scan(assistant, sender)
    releases = ReleaseRepository(url)
    assert releases.release_due(UNIT) == [1]
    # four scripted scans: the unit's address, its name typed, a made-up code, a used code
    for index in range(4):
        sender = new_sender()
        said = texts(consent(assistant, sender, {"afdeling": UNIT}))
        assert CHAT["needs_invitation"] in said
        assert CHAT["needs_invitation"] in texts(assistant.say(sender, UNIT_NAME))
        assert CHAT["wrong"] in texts(assistant.say(sender, f"CCC-DDD-EE{'3467'[index]}"))
        assert CHAT["used"] in texts(assistant.say(sender, codes[index]))
        assert ScanRepository(url).state(sender) is None
    # the victim, without the link, types the code from the letter when asked
    victim = new_sender()
    said = texts(consent(assistant, victim, None))
    assert CHAT["code_hint"] in said
    assert "Zoon of dochter" in buttons(assistant.say(victim, codes[-1].lower()))
    finish_scan(assistant, victim, VICTIM_REMARK)
    assert ScanRepository(url).state(victim).finished  # type: ignore[union-attr]
    # one new finished scan: no second release, and the remark is nowhere on the dashboard
    assert releases.release_due(UNIT) == []
    current = releases.current(UNIT)
    assert current is not None and current.number == 1 and current.respondents == MINIMUM_GROUP
    assert not any("thuis" in remark for remark in current.remarks)
