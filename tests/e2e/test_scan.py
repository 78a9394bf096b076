"""The relatives' quick scan over REST with both servers and a real database."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from bot.content import content
from bot.storage.repository import ScanRepository
from bot.storage.units import UnitRegistry
from tests.servers import Assistant, buttons, texts

RELATIVES_SCAN = content().relatives_scan
ITEMS = RELATIVES_SCAN.items
N = len(ITEMS)


def new_sender() -> str:
    return f"scan-{uuid.uuid4().hex[:12]}"


def stored_answers(assistant: Assistant, sender: str) -> dict:
    state = ScanRepository(assistant.database_url).state(sender)
    return {} if state is None else state.answers


def event_count(assistant: Assistant, sender: str) -> int:
    engine = create_engine(assistant.database_url, future=True)
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": sender}).scalar_one()
    engine.dispose()
    return int(count)


def start_and_consent(assistant: Assistant, sender: str, unit: str | None = "B2") -> list[dict]:
    metadata = {"afdeling": unit} if unit else None
    replies = assistant.say(sender, "/start_scan", metadata=metadata)
    assert "Ja, ik doe mee" in buttons(replies), texts(replies)
    assert stored_answers(assistant, sender) == {}
    replies = assistant.say(sender, "/affirm", metadata=metadata)
    assert "Zoon of dochter" in buttons(replies), texts(replies)
    return assistant.say(sender, "Zoon of dochter", metadata=metadata)


def answer_items(assistant: Assistant, sender: str, first: int, last: int, answer: str = "Meestal wel") -> list[dict]:
    replies: list[dict] = []
    for number in range(first, last + 1):
        replies = assistant.say(sender, answer)
        assert len(stored_answers(assistant, sender)) == number, texts(replies)
    return replies


def finish(assistant: Assistant, sender: str, desired: str = "trede 4", remark: str = "nee") -> str:
    replies = assistant.say(sender, desired)
    assert "Wilt u nog iets kwijt" in texts(replies) or "kwijt" in texts(replies), texts(replies)
    return texts(assistant.say(sender, remark))


def test_full_scan_stores_every_answer_and_gives_result(assistant: Assistant) -> None:
    sender = new_sender()
    replies = start_and_consent(assistant, sender)
    assert f"Vraag 1 van {N}" in texts(replies)
    replies = answer_items(assistant, sender, 1, N)
    assert "trede" in texts(replies).lower()
    result = finish(assistant, sender, remark="Fijn dat jullie dit vragen <b>echt</b>")
    assert "De samenwerking tussen u en het team staat op trede" in result
    assert "U zou graag op trede 4 staan" in result
    assert "Een volgende stap voor u" in result
    assert re.search(r"Uw wiscode is [A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\.", result)
    state = ScanRepository(assistant.database_url).state(sender)
    assert state is not None and state.finished and len(state.answers) == N
    assert state.unit == "B2" and state.relation == "kind" and state.desired_rung == 4


def finish_replies(assistant: Assistant, sender: str, desired: str) -> list[dict]:
    assistant.say(sender, desired)
    return assistant.say(sender, "nee")


RESULT = content().relatives_scan.result


@pytest.mark.parametrize(
    ("answer", "expected", "absent"),
    [
        (
            "Nee, (bijna) nooit",
            [RESULT.no_rung_yet, "nog geen trede", "1. Elkaar informeren: nog niet"],
            "staat op trede",
        ),
        (
            "Ja, (bijna) altijd",
            ["De samenwerking tussen u en het team staat op trede 5 van 5: Samen doen", "5. Samen doen: gaat goed"],
            RESULT.no_rung_yet,
        ),
        ("Weet ik niet", [RESULT.too_few.format(dont_know=N, total=N), "5. Samen doen: onbekend"], "staat op trede"),
    ],
    ids=["all-never", "all-always", "all-dont-know"],
)
def test_result_matches_the_answers(assistant: Assistant, answer: str, expected: list[str], absent: str) -> None:
    sender = new_sender()
    start_and_consent(assistant, sender)
    answer_items(assistant, sender, 1, N, answer=answer)
    replies = finish_replies(assistant, sender, "trede 3")
    result = texts(replies)
    for sentence in expected:
        assert sentence in result
    assert absent not in result
    assert "U zou graag op trede 3 staan" in result and "Een volgende stap voor u" in result
    assert not any("custom" in reply for reply in replies), "REST clients get the text alone"


def test_consent_refused_stores_nothing(assistant: Assistant) -> None:
    sender = new_sender()
    assistant.say(sender, "hallo")
    assistant.say(sender, "ik wil de vragenlijst invullen", metadata={"afdeling": "B2"})
    assert event_count(assistant, sender) > 0
    replies = assistant.say(sender, "nee")
    assert ScanRepository(assistant.database_url).state(sender) is None
    assert "Vraag 1" not in texts(replies)
    assert "niets van u bewaard" in texts(replies)
    assert event_count(assistant, sender) == 0, "a declined consent leaves no conversation either"


def test_unknown_unit_from_rest_metadata_stores_nothing(assistant: Assistant) -> None:
    sender = new_sender()
    metadata = {"afdeling": "ZZ9"}
    assistant.say(sender, "/start_scan", metadata=metadata)
    replies = assistant.say(sender, "/affirm", metadata=metadata)
    assert "uit uw link ken ik niet" in texts(replies)
    assert "Op welke afdeling" in texts(replies) and "Het Anker" in buttons(replies)
    assert ScanRepository(assistant.database_url).state(sender) is None
    replies = assistant.say(sender, "ZZ9", metadata=metadata)
    assert "Die afdeling ken ik niet" in texts(replies)
    assert ScanRepository(assistant.database_url).state(sender) is None
    replies = assistant.say(sender, "Weet ik niet", metadata=metadata)
    assert "Zonder afdeling" in texts(replies)
    assert ScanRepository(assistant.database_url).state(sender) is None
    assert event_count(assistant, sender) == 0
    rows = [row for row in ScanRepository(assistant.database_url).export() if row.unit == "ZZ9"]
    assert rows == []


def test_unknown_unit_typed_stores_nothing_until_a_registered_one(assistant: Assistant) -> None:
    sender = new_sender()
    assistant.say(sender, "/start_scan")
    replies = assistant.say(sender, "/affirm")
    assert "Op welke afdeling" in texts(replies)
    replies = assistant.say(sender, "afdeling Q7")
    assert "Die afdeling ken ik niet" in texts(replies)
    assert ScanRepository(assistant.database_url).state(sender) is None
    replies = assistant.say(sender, "De Linde")
    assert "Zoon of dochter" in buttons(replies), texts(replies)
    state = ScanRepository(assistant.database_url).state(sender)
    assert state is not None and state.consented and state.unit == "C3"


def test_typed_answers_and_unclear_answers(assistant: Assistant) -> None:
    sender = new_sender()
    start_and_consent(assistant, sender)
    assistant.say(sender, "ja hoor meestal wel")
    assistant.say(sender, "nee nooit")
    assistant.say(sender, "3")
    replies = assistant.say(sender, "misschien als het regent")
    assert "begreep ik niet" in texts(replies)
    assert f"Vraag 4 van {N}" in texts(replies)
    assert list(stored_answers(assistant, sender).values()) == [3, 1, 3]


def test_previous_changes_the_last_answer_without_doubling(assistant: Assistant) -> None:
    sender = new_sender()
    start_and_consent(assistant, sender)
    assistant.say(sender, "Soms")
    assistant.say(sender, "Soms")
    replies = assistant.say(sender, "vorige")
    assert f"Vraag 2 van {N}" in texts(replies)
    replies = assistant.say(sender, "Ja, (bijna) altijd")
    assert f"Vraag 3 van {N}" in texts(replies)
    answers = stored_answers(assistant, sender)
    assert list(answers.values()) == [2, 4]


def test_question_in_between_then_same_statement(assistant: Assistant) -> None:
    sender = new_sender()
    start_and_consent(assistant, sender)
    assistant.say(sender, "Soms")
    replies = assistant.say(sender, "waarom vraag je dit eigenlijk?")
    assert f"Vraag 2 van {N}" in texts(replies)
    assert len(stored_answers(assistant, sender)) == 1


def test_question_mid_scan_then_same_statement(assistant: Assistant) -> None:
    """A relative in the scan asks a question: the relatives' answer (never a carers' tip), then on."""
    sender = new_sender()
    start_and_consent(assistant, sender)
    assistant.say(sender, "Soms")
    replies = assistant.say(sender, "wat is zorgoverleg?")
    text = texts(replies)
    assert "Kan ik bij het zorgoverleg zijn?" in text
    assert content().tips["zorgoverleg"].text not in text
    assert f"Vraag 2 van {N}" in text
    assert len(stored_answers(assistant, sender)) == 1


def test_stop_and_resume(assistant: Assistant) -> None:
    sender = new_sender()
    start_and_consent(assistant, sender)
    answer_items(assistant, sender, 1, 6)
    replies = assistant.say(sender, "stop")
    assert "Verder met de vragenlijst" in buttons(replies)
    replies = assistant.say(sender, "/start_scan")
    assert f"We waren bij vraag 7 van {N}" in texts(replies)
    answer_items(assistant, sender, 7, 8)


def test_continue_button_inside_the_scan_shows_the_current_step_again(assistant: Assistant) -> None:
    """The button offered when a service was away (addons/availability.py) is never an answer."""
    sender = new_sender()
    metadata = {"afdeling": "B2"}
    assistant.say(sender, "/start_scan", metadata=metadata)
    # at the consent question: the consent again, nothing stored, no "niet begrepen"
    replies = assistant.say(sender, "/start_scan", metadata=metadata)
    assert "Ja, ik doe mee" in buttons(replies) and "begreep" not in texts(replies), texts(replies)
    assert ScanRepository(assistant.database_url).state(sender) is None
    replies = assistant.say(sender, "/affirm", metadata=metadata)
    replies = assistant.say(sender, "/start_scan", metadata=metadata)
    assert "Zoon of dochter" in buttons(replies) and "begreep" not in texts(replies), texts(replies)
    assistant.say(sender, "Zoon of dochter", metadata=metadata)
    answer_items(assistant, sender, 1, 2)
    replies = assistant.say(sender, "/start_scan")
    assert f"We waren bij vraag 3 van {N}" in texts(replies) and "begreep" not in texts(replies)
    assert len(stored_answers(assistant, sender)) == 2
    answer_items(assistant, sender, 3, N)
    replies = assistant.say(sender, "/start_scan")
    assert RELATIVES_SCAN.desired_question[:30] in texts(replies), texts(replies)
    assistant.say(sender, "trede 4")
    replies = assistant.say(sender, "/start_scan")
    assert RELATIVES_SCAN.remark_question[:30] in texts(replies), texts(replies)
    state = ScanRepository(assistant.database_url).state(sender)
    assert state is not None and not state.finished, "the button is not a remark"


def test_unit_is_asked_when_page_gives_none(assistant: Assistant) -> None:
    sender = new_sender()
    assistant.say(sender, "/start_scan")
    replies = assistant.say(sender, "/affirm")
    assert "afdeling" in texts(replies).lower()
    replies = assistant.say(sender, "/start_scan")
    assert "afdeling" in texts(replies).lower() and "herkende ik niet" not in texts(replies), texts(replies)
    replies = assistant.say(sender, "<script>")
    assert "herkende ik niet" in texts(replies)
    replies = assistant.say(sender, "afdeling de Linde")
    assert "Zoon of dochter" in buttons(replies), texts(replies)
    replies = assistant.say(sender, "ik ben haar dochter")
    assert "Vraag 1 van" in texts(replies)
    state = ScanRepository(assistant.database_url).state(sender)
    assert state is not None and state.unit == "C3" and state.relation == "kind"


def test_delete_leaves_no_rows_and_no_events(assistant: Assistant) -> None:
    sender = new_sender()
    start_and_consent(assistant, sender)
    answer_items(assistant, sender, 1, 3)
    assert event_count(assistant, sender) > 0
    replies = assistant.say(sender, "verwijder mijn gegevens")
    assert "Ja, verwijder alles" in buttons(replies)
    replies = assistant.say(sender, "/affirm")
    assert "Dit is verwijderd:\n- uw antwoorden op de vragenlijst\n- dit gesprek" in texts(replies)
    assert ScanRepository(assistant.database_url).state(sender) is None
    assert event_count(assistant, sender) == 0


def full_scan(assistant: Assistant, sender: str) -> str:
    start_and_consent(assistant, sender)
    answer_items(assistant, sender, 1, N)
    return finish(assistant, sender, remark="De koffie is goed")


def stored_events(assistant: Assistant) -> str:
    """Everything in Rasa's events table, as one text."""
    engine = create_engine(assistant.database_url, future=True)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT data FROM events")).scalars().all()
    engine.dispose()
    return "\n".join(rows)


def test_erasure_by_code_from_a_second_sender(assistant: Assistant) -> None:
    first, second = new_sender(), new_sender()
    result = full_scan(assistant, first)
    code = re.search(r"Uw wiscode is ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\.", result)
    assert code, result
    assert event_count(assistant, first) > 0
    # the code is shown, but Rasa's events table keeps a placeholder in its place
    events = stored_events(assistant)
    assert code.group(1) not in events and code.group(1).replace("-", "") not in events
    assert "Uw wiscode is [wiscode]." in events

    replies = assistant.say(second, "verwijder mijn gegevens")
    assert "wiscode" in texts(replies) and "Ik heb geen code" in buttons(replies)
    replies = assistant.say(second, "ACDE-FHJK-MNPR")
    assert "Bij deze code vond ik niets" in texts(replies)
    assert ScanRepository(assistant.database_url).state(first) is not None
    typed = code.group(1).lower().replace("-", " ")
    replies = assistant.say(second, typed)
    assert "Weet u het zeker?" in texts(replies) and buttons(replies) == ["Ja, wis alles", "Nee, niet wissen"]
    assert ScanRepository(assistant.database_url).state(first) is not None, "nothing erased before the yes"
    assert typed not in stored_events(assistant), "the typed code is a placeholder too"
    replies = assistant.say(second, "/affirm")
    said = texts(replies)
    for item in ("uw antwoorden op de vragenlijst", "uw opmerking", "het gesprek waarin u de vragenlijst invulde"):
        assert f"- {item}" in said, said
    assert ScanRepository(assistant.database_url).state(first) is None
    assert event_count(assistant, first) == 0, "the first device's conversation is gone too"
    assert event_count(assistant, second) == 0, "the conversation holding the code is forgotten"


def test_a_right_code_and_no_erases_nothing(assistant: Assistant) -> None:
    first, second = new_sender(), new_sender()
    code = re.search(r"Uw wiscode is ([A-Z0-9-]{14})\.", full_scan(assistant, first))
    assert code
    assistant.say(second, "verwijder mijn gegevens")
    assert "Weet u het zeker?" in texts(assistant.say(second, code.group(1)))
    replies = assistant.say(second, "Nee, niet wissen")
    assert "niets weggehaald" in texts(replies)
    assert ScanRepository(assistant.database_url).state(first) is not None


def test_erasure_with_nothing_here_and_no_code_says_so(assistant: Assistant) -> None:
    sender = new_sender()
    assistant.say(sender, "hallo")
    assistant.say(sender, "verwijder mijn gegevens")
    replies = assistant.say(sender, "Ik heb geen code")
    assert "kan ik uw eerdere antwoorden niet terugvinden" in texts(replies)
    assert "Dit is verwijderd" not in texts(replies)
    assert event_count(assistant, sender) == 0


def test_done_on_this_device_keeps_the_answers_and_forgets_the_conversation(assistant: Assistant) -> None:
    sender = new_sender()
    start_and_consent(assistant, sender)
    answer_items(assistant, sender, 1, N)
    assistant.say(sender, "trede 3")
    assert buttons(assistant.say(sender, "nee"))[-1] == "Klaar op dit apparaat"
    replies = assistant.say(sender, '/goodbye{"device": "klaar"}')
    assert "blijven bewaard" in texts(replies)
    assert {"samenspraak": "device_done"} in [r.get("custom", {}).get("data") for r in replies]
    state = ScanRepository(assistant.database_url).state(sender)
    assert state is not None and state.finished
    assert event_count(assistant, sender) == 0


# a unit of its own, so that the export below holds this test's scan only
RESTART_UNIT = "R7"


@pytest.fixture
def restartable(assistant: Assistant) -> Iterator[Assistant]:
    """The shared assistant, whose Rasa server this test kills and starts again (one restart, not a
    server of its own and a restart); it is up again for the next tests also when the test fails."""
    UnitRegistry(assistant.database_url).add(RESTART_UNIT, "Herstart", open_link=True)
    yield assistant
    if assistant.rasa is None or assistant.rasa.poll() is not None:
        assistant.start_rasa()


def test_rasa_restart_halfway_loses_and_doubles_nothing(restartable: Assistant) -> None:
    sender = new_sender()
    start_and_consent(restartable, sender, RESTART_UNIT)
    answer_items(restartable, sender, 1, 7)
    restartable.kill_rasa()
    restartable.start_rasa()
    replies = restartable.say(sender, "Meestal wel")
    assert len(stored_answers(restartable, sender)) == 8, texts(replies)
    answer_items(restartable, sender, 9, N)
    result = finish(restartable, sender)
    assert "De samenwerking tussen u en het team staat op trede" in result
    rows = list(ScanRepository(restartable.database_url).export(unit=RESTART_UNIT))
    assert len(rows) == N


def test_slots_carry_over_to_a_new_session(assistant: Assistant) -> None:
    sender = new_sender()
    start_and_consent(assistant, sender)
    assistant.say(sender, "/session_start")
    slots = assistant.tracker(sender)["slots"]
    assert slots["relation"] == "kind" and slots["unit"] == "B2"


# The full scan on PostgreSQL runs on the load tests' cluster (tests/load/test_cluster.py).
