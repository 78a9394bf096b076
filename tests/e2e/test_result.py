"""The scan result over REST as the relatives' page sends it: true to the answers, and its copy."""

from __future__ import annotations

import io
import re
import uuid
from typing import Optional

import pytest
import requests
from pypdf import PdfReader

from bot.content import content
from bot.content.pages import pages
from bot.storage.repository import ScanRepository, sender_key
from tests.servers import Assistant, texts

SCAN = content().relatives_scan
RESULT = SCAN.result
ITEMS = SCAN.items
# every message from the relatives' page carries these (chat.js customData)
PAGE = {"afdeling": "B2", "pagina": "naasten"}
LABEL = {option.value: option.label for option in SCAN.scale}
INFORMED = "r1_hoogte_dagelijks"


def scan_over_rest(assistant: Assistant, answers: dict[str, Optional[int]], desired: int) -> list[dict]:
    """A whole scan with the page's metadata on every message; the replies to the last one."""
    sender = f"result-{uuid.uuid4().hex[:12]}"
    assistant.say(sender, "/start_scan", metadata=PAGE)
    assistant.say(sender, "/affirm", metadata=PAGE)
    assistant.say(sender, "Partner", metadata=PAGE)
    for item in ITEMS:
        assistant.say(sender, LABEL[answers[item.id]], metadata=PAGE)
    stored = ScanRepository(assistant.database_url).state(sender)
    assert stored is not None and stored.answers == answers
    assistant.say(sender, f"trede {desired}", metadata=PAGE)
    replies = assistant.say(sender, "nee", metadata=PAGE)
    for reply in replies:
        reply["sender"] = sender
    return replies


def everywhere(value: Optional[int], **single: Optional[int]) -> dict[str, Optional[int]]:
    return {item.id: single.get(item.id, value) for item in ITEMS}


CASES = {
    "all-never": (everywhere(1), RESULT.no_rung_yet),
    "all-always": (everywhere(4), "De samenwerking tussen u en het team staat op trede 5 van 5: Samen doen."),
    "all-dont-know": (
        everywhere(None),
        RESULT.too_few.format(dont_know=len(ITEMS), total=len(ITEMS)),
    ),
    "informed-never-rest-always": (
        everywhere(4, **{INFORMED: 1}),
        "De samenwerking tussen u en het team staat op trede 5 van 5: Samen doen.",
    ),
}


@pytest.mark.parametrize(("answers", "headline"), CASES.values(), ids=CASES)
def test_result_headline_and_no_contradicting_sentence(
    assistant: Assistant, answers: dict[str, Optional[int]], headline: str
) -> None:
    replies = scan_over_rest(assistant, answers, 3)
    said = texts(replies)
    assert headline in said
    # no sentence calls a statement answered "meestal wel"/"ja, altijd" lacking, and "gaat goed"
    # or "everything goes well" never covers a "nooit"
    for item in ITEMS:
        if answers[item.id] in (3, 4):
            assert item.lacking not in said
        if answers[item.id] in (1, 2):
            assert item.lacking in said or "andere stelling" in said
    if 1 in answers.values():
        assert RESULT.all_good not in said
        assert "1. Elkaar informeren: gaat goed" not in said
    if answers == everywhere(4, **{INFORMED: 1}):
        assert "1. Elkaar informeren: deels" in said and RESULT.weak_base in said
    for sense in content().senses:
        assert sense.explanation not in said
    if set(answers.values()) == {4}:
        assert RESULT.all_good in said and RESULT.weak_intro not in said
        # rung 5 as partnership: no burden talk for someone who is content
        assert "volhoud" not in said and "tijd voor uzelf" not in said
    assert not any("custom" in reply for reply in replies), "REST clients get the text alone"


def test_the_copy_is_offered_over_rest_and_opens_until_erased(assistant: Assistant) -> None:
    answers = everywhere(4, **{INFORMED: 1})
    replies = scan_over_rest(assistant, answers, 5)
    sender = replies[0]["sender"]
    offer = next(reply for reply in replies if reply.get("text") == RESULT.copy_offer)
    (button,) = offer["buttons"]
    assert button["title"] == RESULT.copy_button and button["type"] == "web_url"
    link = button["url"]
    assert re.fullmatch(r"/uitslag/[0-9a-f]{32}\.[A-Za-z0-9_-]{32}", link)
    assert sender not in link and sender_key(sender) not in link
    page = requests.get(assistant.url + link, timeout=30)
    assert page.status_code == 200 and "eerste zorgoverleg" in page.text
    assert "Elkaar informeren: deels" in page.text
    document = requests.get(f"{assistant.url}{link}/pdf", timeout=30)
    assert document.status_code == 200 and document.headers["content-type"].startswith("application/pdf")
    reader = PdfReader(io.BytesIO(document.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert len(reader.pages) == 1
    assert "Samen doen: gaat goed (nu, gewenst)" in text and "Elkaar informeren: deels" in text
    assert next(i.lacking for i in ITEMS if i.id == INFORMED) in text
    for absent in (sender, "B2", "Het Anker", "Partner"):
        assert absent not in text

    # the erasure code opens it again from anywhere (a new browser: no link, only the code)
    code = re.search(r"Uw wiscode is ([A-Z0-9-]+)\.", texts(replies))
    assert code, texts(replies)
    opened = requests.post(f"{assistant.url}/uitslag", data={"code": code.group(1)}, allow_redirects=False, timeout=30)
    assert opened.status_code == 303 and opened.headers["Location"] == link
    wrong = requests.post(f"{assistant.url}/uitslag", data={"code": "ACDE-FGHJ"}, timeout=30)
    assert wrong.status_code == 404 and pages()["result_copy"]["code_wrong"] in wrong.text

    # erased in the chat: the link, the PDF and the code open nothing any more
    assistant.say(sender, "verwijder mijn gegevens", metadata=PAGE)
    assistant.say(sender, "/affirm", metadata=PAGE)
    assert ScanRepository(assistant.database_url).state(sender) is None
    assert requests.get(assistant.url + link, timeout=30).status_code == 404
    assert requests.get(f"{assistant.url}{link}/pdf", timeout=30).status_code == 404
    again = requests.post(f"{assistant.url}/uitslag", data={"code": code.group(1)}, timeout=30)
    assert again.status_code == 404
