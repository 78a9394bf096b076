"""Tips and the walkthrough over REST with both servers."""

from __future__ import annotations

import json
import uuid

import pytest

from bot.content import content
from tests.servers import Assistant, buttons, texts

TIPS = content().tips
GUIDE = content().walkthrough


# a carer on the carers' (rehearsal) page: on topics both readers ask about (the MDO, the ladder,
# the whole team) the reader decides the answer, and a reader not known yet gets the relatives' one
CARER_PAGE = {"pagina": "oefenen"}


def new_sender() -> str:
    return f"carer-{uuid.uuid4().hex[:12]}"


@pytest.mark.parametrize(
    ("question", "key"),
    [
        ("wat is een mdo en kan de familie daarbij zijn?", "zorgoverleg"),
        ("hoe zit die ladder van betrokkenheid in elkaar", "ladder"),
        ("moet alleen de evv'er contact houden met de familie of wij allemaal?", "hele_team"),
    ],
)
def test_tip_questions_get_the_expected_tip(assistant: Assistant, question: str, key: str) -> None:
    replies = assistant.say(new_sender(), question, metadata=CARER_PAGE)
    assert TIPS[key].text in texts(replies), texts(replies)[:300]


def test_related_tip_button_gives_that_tip(assistant: Assistant) -> None:
    sender = new_sender()
    replies = assistant.say(sender, "wat is een mdo en kan de familie daarbij zijn?", metadata=CARER_PAGE)
    payloads = [b["payload"] for r in replies for b in r.get("buttons", [])]
    related = TIPS["zorgoverleg"].related[0]
    expected = "/tip" + json.dumps({"tip_key": related})
    assert expected in payloads, payloads
    assert TIPS[related].text in texts(assistant.say(sender, expected, metadata=CARER_PAGE))


def test_tip_menu_button(assistant: Assistant) -> None:
    replies = assistant.say(new_sender(), "/tip")
    assert "eigen woorden" in texts(replies) and len(buttons(replies)) == 5


def test_walkthrough_completes_with_back_and_checklist(assistant: Assistant) -> None:
    sender = new_sender()
    assistant.say(sender, "ik wil het startgesprek stap voor stap voorbereiden")
    replies = assistant.say(sender, "meneer heeft parkinson, zoon woont in het buitenland")
    assert f"Stap 1 van {len(GUIDE.steps)}" in texts(replies)
    assistant.say(sender, "volgende")
    replies = assistant.say(sender, "/previous_step")
    assert f"Stap 1 van {len(GUIDE.steps)}" in texts(replies)
    for number in range(2, len(GUIDE.steps) + 1):
        replies = assistant.say(sender, "/next_step")
        assert f"Stap {number} van" in texts(replies), texts(replies)
    replies = assistant.say(sender, "volgende")
    text = texts(replies)
    assert "Situatie: meneer heeft parkinson, zoon woont in het buitenland" in text
    assert all(step.checklist in text for step in GUIDE.steps)


def test_walkthrough_stop(assistant: Assistant) -> None:
    sender = new_sender()
    assistant.say(sender, "/start_walkthrough")
    assistant.say(sender, "overslaan")
    replies = assistant.say(sender, "/stop")
    assert "stoppen met de stap-voor-stap gids" in texts(replies)
