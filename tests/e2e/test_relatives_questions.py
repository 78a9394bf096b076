"""Relatives' own questions and asking for a person, over REST with both servers."""

from __future__ import annotations

import re
import uuid

import pytest

from bot.content import content
from bot.content.relatives_questions import answer_text, relatives_questions
from bot.storage.units import UnitRegistry
from tests.e2e.conftest import STAFF_CONTACT
from tests.servers import Assistant, texts

QUESTIONS = relatives_questions().questions
TIP_TEXTS = [tip.text for tip in content().tips.values()]
CARER_WORDS = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)
UNIT = ("D4", "De Meander", "bel 010-555 12 34 of mail meander@voorbeeld.nl")
RELATIVE = {"afdeling": UNIT[0]}
# Written for this test (the first is the example of issue 12): apart from that one, in neither the
# training data nor the held-out set.
ASKED = [
    ("mijn moeder is net verhuisd naar jullie, wat kan ik verwachten?", "eerste_weken"),
    ("pa is vorige week hier gekomen, wat moet ik de komende tijd verwachten", "eerste_weken"),
    ("wie is eigenlijk de evv van mijn vader", "contactpersoon"),
    ("ben ik als enige zoon automatisch de eerste contactpersoon", "eerste_contactpersoon"),
    ("mag ik ook gewoon de verzorgende van de late dienst iets vragen", "hele_team"),
    ("kan ik meepraten als het zorgplan van mijn moeder besproken wordt", "zorgoverleg"),
    ("wat is dat mdo waar de arts het over had", "mdo"),
    ("wat zou ik zelf kunnen doen voor mijn man nu hij hier woont", "wat_kan_ik_doen"),
    ("moet ik nu elke dag op bezoek komen", "wat_hoeft_niet"),
    ("ik ben doodmoe van alles", "mijn_welzijn"),
    ("waar kan ik als mantelzorger zelf hulp krijgen", "steun_voor_mij"),
    ("ik voel me zo schuldig dat mijn moeder hier nu woont", "gevoel_verhuizing"),
    ("ik ben ontevreden over de verzorging van mijn vader", "iets_dwars"),
    ("mijn broer en ik willen allebei horen hoe het met moeder gaat", "andere_familie"),
    ("is er een avond waar familieleden elkaar kunnen ontmoeten", "andere_naasten"),
    ("mijn vader wil niet dat ik me met zijn zorg bemoei", "wensen_bewoner"),
    ("moet ik vertellen wat voor werk mijn moeder vroeger deed", "levensverhaal"),
    ("mag ik mee als de afdeling een uitje heeft", "activiteiten"),
    ("we willen moeder meenemen naar een verjaardag, moet ik dat doorgeven", "afspraken_doorgeven"),
    ("ik woon in het buitenland, hoe blijf ik toch betrokken", "ver_weg"),
]
RIGHT_FLOOR = 16


def new_sender(kind: str) -> str:
    return f"{kind}-{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="module")
def unit_with_contact(assistant: Assistant) -> Assistant:
    UnitRegistry(assistant.database_url).add(UNIT[0], UNIT[1], contact=UNIT[2], open_link=True)
    return assistant


def _all_words(replies: list[dict]) -> str:
    return texts(replies) + "\n" + "\n".join(b.get("title", "") for r in replies for b in r.get("buttons", []))


def test_relatives_questions_get_relatives_answers_in_u(unit_with_contact: Assistant) -> None:
    right = 0
    for question, key in ASKED:
        replies = unit_with_contact.say(new_sender("relative"), question, metadata=RELATIVE)
        said = _all_words(replies)
        assert not [tip for tip in TIP_TEXTS if tip in said], (question, said[:300])
        assert not CARER_WORDS.search(said), (question, said[:300])
        right += answer_text(QUESTIONS[key]) in texts(replies)
    print(f"\nRelatives' questions over REST answered with the expected answer: {right}/{len(ASKED)}")
    assert right >= RIGHT_FLOOR


def test_a_new_relative_gets_what_to_expect_never_a_tip(unit_with_contact: Assistant) -> None:
    replies = unit_with_contact.say(
        new_sender("relative"), "mijn moeder is net verhuisd naar jullie, wat kan ik verwachten?", metadata=RELATIVE
    )
    assert answer_text(QUESTIONS["eerste_weken"]) in texts(replies)


def test_a_carers_question_from_a_relative_gets_no_tip(unit_with_contact: Assistant) -> None:
    replies = unit_with_contact.say(
        new_sender("relative"), "hoe krijg ik de familie mee in het zorgoverleg", metadata=RELATIVE
    )
    said = _all_words(replies)
    assert not [tip for tip in TIP_TEXTS if tip in said] and not CARER_WORDS.search(said), said[:300]


def test_a_question_button_gives_that_answer(unit_with_contact: Assistant) -> None:
    sender = new_sender("relative")
    replies = unit_with_contact.say(sender, '/vraag_naaste{"vraag_key": "mdo"}', metadata=RELATIVE)
    assert answer_text(QUESTIONS["mdo"]) in texts(replies)
    related = QUESTIONS["mdo"].related[0]
    titles = [b["title"] for r in replies for b in r.get("buttons", [])]
    assert QUESTIONS[related].question in titles


def test_the_bare_payload_asks_for_a_question(unit_with_contact: Assistant) -> None:
    replies = unit_with_contact.say(new_sender("relative"), "/vraag_naaste", metadata=RELATIVE)
    assert relatives_questions().ask in texts(replies)
    titles = [b["title"] for r in replies for b in r.get("buttons", [])]
    assert titles == [QUESTIONS[key].question for key in relatives_questions().menu]


def test_a_relative_who_wants_someone_gets_the_units_contact(unit_with_contact: Assistant) -> None:
    for message in ("ik wil iemand spreken", "mag ik de evv'er", "ik heb een klacht"):
        replies = unit_with_contact.say(new_sender("relative"), message, metadata=RELATIVE)
        assert UNIT[2] in texts(replies), (message, texts(replies))
        assert not CARER_WORDS.search(texts(replies))


def test_a_relative_of_a_unit_without_contact_gets_the_general_route(assistant: Assistant) -> None:
    replies = assistant.say(new_sender("relative"), "ik wil iemand spreken", metadata={"afdeling": "C3"})
    assert "EVV'er" in texts(replies) and UNIT[2] not in texts(replies)


def test_a_carer_who_wants_someone_gets_the_configured_route(assistant: Assistant) -> None:
    replies = assistant.say(new_sender("carer"), "ik wil iemand spreken", metadata={"pagina": "oefenen"})
    assert STAFF_CONTACT in texts(replies), texts(replies)
