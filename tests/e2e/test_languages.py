"""The relatives' scan over REST in every language: the same stored answers, the result in that language.

A REST client sends the language as metadata `taal` with every message (as the page does). Answers
alternate between a button's text and a typed word of the language's own word lists; the desired
rung is typed as a digit (Arabic-Indic in Arabic). The stored answers must equal those of the same
scan in Dutch, and the result must read as the language (lingua).
"""

from __future__ import annotations

import uuid
from typing import Any, Optional

import pytest
from sqlalchemy import delete

from bot.content import content
from bot.content.relatives_questions import relatives_questions
from bot.content.replies import RELATIVE, replies
from bot.content.words import words
from bot.detect_language import detect
from bot.languages import LANGUAGES
from bot.scan import parse_answer_in
from bot.storage import db
from bot.storage.models import ScanStart
from bot.storage.repository import ScanRepository
from tests.servers import Assistant, buttons, texts

# the answer to each statement, in order (None: "weet ik niet"), the same in every language
VALUES: list[Optional[int]] = [4, 3, 2, 1, None, 4, 4, 3, 3, 2, 4, 1, 3, 4, 2, 4, 3, 4, 4, 2][
    : len(content().relatives_scan.items)
]
DESIRED = {"ar": "٤"}  # typed digits; Arabic-Indic in Arabic


@pytest.fixture(autouse=True)
def fresh_scan_starts(assistant: Assistant) -> None:
    """These scans all come from one client: earlier tests' starts must not hit the hourly limit."""
    with db.session_scope(assistant.database_url) as session:
        session.execute(delete(ScanStart))


def _typed(lang: str, value: Optional[int]) -> str:
    """A typed word of the language's scale for this value that the parser reads back as it."""
    option = next(o for o in content(lang).relatives_scan.scale if o.value == value)
    for word in option.synonyms:
        parsed = parse_answer_in(word, lang)
        if parsed.understood and parsed.value == value:
            return word
    raise AssertionError(f"{lang}: no typed word for {value}")


def _label(lang: str, value: Optional[int]) -> str:
    return next(o.label for o in content(lang).relatives_scan.scale if o.value == value)


def run_scan(assistant: Assistant, lang: str) -> tuple[dict[str, Any], str]:
    """A whole scan in `lang`: the stored answers and the result's text."""
    sender = f"lang-{lang}-{uuid.uuid4().hex[:10]}"
    metadata = {"afdeling": "B2", "taal": lang}

    def say(message: str) -> list[dict[str, Any]]:
        return assistant.say(sender, message, metadata=metadata)

    said = replies(lang)
    consent = say("/start_scan")
    assert said.message("scan_consent_yes", RELATIVE) in buttons(consent), texts(consent)
    relation = say(words(lang).commands["yes"][0])  # typed: "ja", "yes", "evet", "نعم", "tak"
    child_label = words(lang).relations["kind"][0]
    assert child_label in buttons(relation), texts(relation)
    say(child_label)
    for number, value in enumerate(VALUES):
        answer = _label(lang, value) if number % 2 == 0 else _typed(lang, value)
        reply = say(answer)
        stored = ScanRepository(assistant.database_url).state(sender)
        assert stored is not None and len(stored.answers) == number + 1, (lang, answer, texts(reply))
    remark = say(DESIRED.get(lang, "4"))
    assert content(lang).relatives_scan.remark_question in texts(remark), texts(remark)
    result = say(said.message("scan_no_remark_button", RELATIVE))
    state = ScanRepository(assistant.database_url).state(sender)
    assert state is not None and state.finished and state.desired_rung == 4 and state.relation == "kind"
    return state.answers, texts(result)


def test_a_scan_in_every_language_stores_the_same_answers_and_reads_in_that_language(assistant: Assistant) -> None:
    dutch_answers, dutch_result = run_scan(assistant, "nl")
    assert dutch_answers == dict(zip((i.id for i in content().relatives_scan.items), VALUES, strict=True))
    for lang in LANGUAGES[1:]:
        answers, result = run_scan(assistant, lang)
        assert answers == dutch_answers, lang
        assert content(lang).relatives_scan.result.intro in result, (lang, result[:300])
        assert detect(result) == lang, (lang, result[:300])
        assert result != dutch_result


def test_turkish_free_text_gets_the_turkish_questions_as_buttons(assistant: Assistant) -> None:
    sender = f"lang-free-{uuid.uuid4().hex[:10]}"
    reply = assistant.say(
        sender, "Annemi hafta sonu ziyaret edebilir miyim?", metadata={"afdeling": "B2", "taal": "nl"}
    )
    turkish = relatives_questions("tr")
    expected = [turkish.questions[key].question for key in turkish.menu]
    assert buttons(reply) == expected, texts(reply)
    assert turkish.ask in texts(reply)
    # the conversation goes on in Turkish
    greeting = assistant.say(sender, "/greet", metadata={"afdeling": "B2", "taal": "nl"})
    assert texts(greeting) == replies("tr").responses["utter_greet"].text(RELATIVE), texts(greeting)


def test_a_language_button_mid_scan_asks_the_same_question_again_in_that_language(assistant: Assistant) -> None:
    sender = f"lang-switch-{uuid.uuid4().hex[:10]}"
    metadata = {"afdeling": "B2", "taal": "nl"}
    assistant.say(sender, "/start_scan", metadata=metadata)
    assistant.say(sender, "/affirm", metadata=metadata)
    assistant.say(sender, "Zoon of dochter", metadata=metadata)
    assistant.say(sender, "Ja, (bijna) altijd", metadata=metadata)
    switched = assistant.say(sender, '/choose_language{"taal": "pl"}', metadata=metadata)
    second = content("pl").relatives_scan.items[1].text
    assert second in texts(switched), texts(switched)
    assert _label("pl", 4) in buttons(switched)
    # the page still sends nl: the chat's choice stays, and a Polish answer is stored
    assistant.say(sender, "tak", metadata=metadata)
    state = ScanRepository(assistant.database_url).state(sender)
    assert state is not None and list(state.answers.values()) == [4, 4]
