"""Truth rules of the scan result, held for random answer patterns (hypothesis).

The rules are written down in docs/notes-i21-result.md. The number of examples comes from the
settings profile in tests/conftest.py ("ci": 2,000).
"""

from __future__ import annotations

from typing import Optional

from hypothesis import given
from hypothesis import strategies as st

from bot.content import RUNGS, load_content
from bot.scoring import (
    BASE_UNKNOWN,
    GOOD,
    MANY_DONT_KNOW,
    MAX_WEAK_NAMED,
    NOT_STARTED,
    NOT_YET,
    ON_RUNG,
    PARTLY,
    UNKNOWN,
    build_result,
    no_rung_reason,
)

CONTENT = load_content()
SCAN = CONTENT.relatives_scan
TEXTS = SCAN.result
ITEMS = SCAN.items
VALUES = (None, 1, 2, 3, 4)
# words that treat the relative's involvement as a burden: never in advice for someone who is content
BURDEN = ("volhoud", "volhou", "tijd voor uzelf", "voor uzelf zorgen", "energie", "stopt met", "zwaar", "te veel")

Answers = dict[str, Optional[int]]


def _per_item() -> st.SearchStrategy[Answers]:
    return st.fixed_dictionaries({item.id: st.sampled_from(VALUES) for item in ITEMS})


@st.composite
def _per_rung_with_exceptions(draw: st.DrawFn) -> Answers:
    """One answer per rung (as relatives often give), then a few single statements changed."""
    by_rung = {rung: draw(st.sampled_from(VALUES)) for rung in RUNGS}
    answers: Answers = {item.id: by_rung[item.rung] for item in ITEMS}
    changed = draw(st.lists(st.sampled_from([item.id for item in ITEMS]), max_size=3, unique=True))
    for item_id in changed:
        answers[item_id] = draw(st.sampled_from(VALUES))
    return answers


ANSWER_PATTERNS = st.one_of(_per_item(), _per_rung_with_exceptions())


def _answers_of(rung: int, answers: Answers) -> list[int]:
    return [v for item in ITEMS if item.rung == rung and (v := answers[item.id]) is not None]


@given(answers=ANSWER_PATTERNS, desired=st.sampled_from(RUNGS))
def test_every_sentence_of_the_result_is_true_to_the_answers(answers: Answers, desired: int) -> None:
    result = build_result(CONTENT, answers, desired)
    text = "\n".join(result.messages)
    position = result.position
    status = {r.number: r.status for r in position.profile}
    weak = [item for item in ITEMS if answers[item.id] in (1, 2)]

    # 1. a statement answered "meestal wel" or "ja, altijd" is never described as lacking
    for item in ITEMS:
        if answers[item.id] in (3, 4):
            assert item.lacking not in text, item.id
    # 2. every statement answered "nooit" or "soms" is named by its own sentence, or counted
    assert set(result.talk_about) == {item.lacking for item in weak}
    named = [item for item in weak if f"- {item.lacking}" in text]
    assert len(named) == min(len(weak), MAX_WEAK_NAMED)
    rest = len(weak) - len(named)
    if rest > 1:
        assert TEXTS.weak_more.format(count=rest) in text
    elif rest == 1:
        assert TEXTS.weak_more_one in text
    # rung 1 (the base) is named first
    if any(item.rung == 1 for item in weak):
        assert named[0].rung == 1

    # 3. the profile: "gaat goed" never covers a "nooit", "nog niet" never a "meestal wel" or "altijd"
    for rung in RUNGS:
        given_answers = _answers_of(rung, answers)
        line = f"{rung}. {CONTENT.rung(rung).name}: {TEXTS.statuses[status[rung]]}"
        assert line in text
        if status[rung] == GOOD:
            assert 1 not in given_answers and sum(given_answers) >= 3 * len(given_answers)
        if status[rung] == NOT_YET:
            assert max(given_answers) <= 2
        assert (status[rung] == UNKNOWN) == (len(given_answers) < 2)

    # 4. "everything goes well" only when no answer says otherwise
    if TEXTS.all_good in text:
        assert not weak and all(s in (GOOD, UNKNOWN) for s in status.values())

    # 5. the headline
    if position.outcome == ON_RUNG:
        rung = position.rung
        assert rung is not None and status[rung] in (GOOD, PARTLY)
        assert f"staat op trede {rung} van 5" in result.headline
        assert (TEXTS.rung_partly in result.headline) == (status[rung] == PARTLY)
        assert (TEXTS.weak_base in text) == (rung >= 2 and any(item.rung == 1 for item in weak))
    else:
        assert "staat op trede" not in text and TEXTS.weak_base not in text
        # 6. the explanation for no rung names the real reason
        reason = no_rung_reason(position)
        dont_know = sum(1 for v in answers.values() if v is None)
        if reason == NOT_STARTED:
            assert result.headline == TEXTS.no_rung_yet
            assert status[2] == NOT_YET and max(_answers_of(2, answers)) <= 2
        elif reason == MANY_DONT_KNOW:
            assert sum(1 for s in status.values() if s != UNKNOWN) < 2
            assert TEXTS.too_few.format(dont_know=dont_know, total=len(ITEMS)) == result.headline
            assert dont_know > len(ITEMS) / 2
        else:
            assert reason == BASE_UNKNOWN and status[2] == UNKNOWN
            assert "'weet ik niet'. Daardoor" not in text
            r2_dont_know = sum(1 for item in ITEMS if item.rung == 2 and answers[item.id] is None)
            assert f"{r2_dont_know} van de" in result.headline
            if status[1] == UNKNOWN:
                assert TEXTS.base_r1_unknown in result.headline
            else:
                assert status[1] == NOT_YET and TEXTS.base_r1_not in result.headline

    # 7. a Sense is only raised for a statement answered "nooit" or "soms", and only as a question
    for sense in CONTENT.senses:
        assert sense.explanation not in text
        if sense.about in text:
            assert any(item.sense == sense.key for item in named)

    # 8. what goes well: only statements answered "meestal wel" or "ja, altijd"
    strengths = next((m for m in result.messages if m.startswith(TEXTS.strengths.split("{")[0])), "")
    for item in ITEMS:
        if item.summary in strengths:
            assert answers[item.id] in (3, 4), item.id

    # 9. the weakest rung named is known, not "gaat goed", and has the lowest mean
    if result.weakest is not None:
        known = [r for r in position.profile if r.mean is not None]
        low = min(known, key=lambda r: (r.mean, r.number))
        assert result.weakest == low.number and low.status != GOOD

    # 10. no burden talk for someone who is content (current rung = desired rung)
    if position.rung == desired:
        advice = (result.advice.relative + " " + result.advice.ask_team).lower()
        assert not any(word in advice for word in BURDEN), advice

    assert "{" not in text and "}" not in text
