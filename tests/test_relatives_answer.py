"""Which reply a relatives' question gets (bot/relatives_answer.py), over every kind of message, without Rasa."""

from __future__ import annotations

from typing import Optional

from hypothesis import given
from hypothesis import strategies as st

from bot.content.relatives_questions import relatives_questions
from bot.relatives_answer import (
    ANSWER_CONFIDENCE,
    CONTACT_QUESTIONS,
    SCAN_UNCLEAR,
    Answer,
    Asked,
    CarersTip,
    Offer,
    UnclearStep,
    relatives_reply,
)
from bot.selection import Selection

TEXTS = relatives_questions("nl")
KEYS = sorted(TEXTS.questions)
WITH_TIP = [k for k in KEYS if TEXTS.questions[k].tip]


@st.composite
def selections(draw: st.DrawFn) -> Optional[Selection]:
    if draw(st.booleans()):
        return None  # a bare payload, or free text in another language
    ranked = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=5, unique=True))
    confidence = draw(st.sampled_from([0.05, ANSWER_CONFIDENCE - 0.01, ANSWER_CONFIDENCE, 0.9]))
    ranking = tuple((key, confidence / (index + 1)) for index, key in enumerate(ranked))
    return Selection(ranked[0], confidence, ranking)


asked = st.builds(
    Asked,
    chosen=st.sampled_from([None, "no-such-question", *KEYS]),
    picked=selections(),
    by_carer=st.booleans(),
    scan_step=st.sampled_from([None, "consent", *SCAN_UNCLEAR]),
)


@given(asked)
def test_every_message_gets_the_reply_its_reading_calls_for(message: Asked) -> None:
    reply = relatives_reply(message, TEXTS)
    picked = message.picked
    sure = picked is not None and picked.confidence >= ANSWER_CONFIDENCE
    if message.chosen in TEXTS.questions:
        # a question's button is answered, for relatives and carers alike
        assert isinstance(reply, Answer) and reply.question.key == message.chosen
    elif sure:
        assert picked is not None
        question = TEXTS.questions[str(picked.key)]
        if message.by_carer and question.tip:
            assert reply == CarersTip(question.tip)
        else:
            assert isinstance(reply, Answer) and reply.question.key == picked.key
    elif picked is not None and message.scan_step in SCAN_UNCLEAR:
        assert reply == UnclearStep(SCAN_UNCLEAR[message.scan_step])
    elif picked is None:
        assert reply == Offer(TEXTS.ask, tuple(TEXTS.questions[k] for k in TEXTS.menu))
    else:
        assert isinstance(reply, Offer) and reply.text == TEXTS.no_answer
        assert {q.key for q in reply.questions} <= {key for key, _ in picked.ranking}
    if isinstance(reply, Answer):
        assert reply.with_contact == (reply.question.key in CONTACT_QUESTIONS)
        assert [q.key for q in reply.related] == list(reply.question.related)


@given(asked)
def test_a_relative_never_gets_a_carers_tip(message: Asked) -> None:
    relative = Asked(message.chosen, message.picked, by_carer=False, scan_step=message.scan_step)
    assert not isinstance(relatives_reply(relative, TEXTS), CarersTip)


def test_a_carer_asking_in_words_about_a_shared_topic_gets_the_tip() -> None:
    assert WITH_TIP, "some relatives' questions share a topic with a carers' tip"
    key = WITH_TIP[0]
    carer = Asked(None, Selection(key, 0.9, ((key, 0.9),)), by_carer=True, scan_step=None)
    assert relatives_reply(carer, TEXTS) == CarersTip(str(TEXTS.questions[key].tip))
