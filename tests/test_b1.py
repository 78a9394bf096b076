"""B1 check: every text a relative reads is measured for sentence length and long words.

The measure is bot/readability.py (documented there): words per sentence, the share of words
with 4 or more syllables, Flesch-Douma, and the longest sentence. The texts: the relatives' scan
(intro, questions, statements, the results for many answer patterns with the sentence of every
weak statement and every Sense, and the copy of the result to take along; the short answer
buttons are left out, they would only lower the average), the
advice, the ladder and the Senses as shown in results, the privacy texts, the relatives' answers
(relatives_questions.yml when present), the shared replies in the relatives' voice and before we
know who reads, the relatives' page texts and the limit texts. The figures are printed (pytest -s).

The limits are set a little above what the texts measure after the worst were rewritten:
B1 guides advise sentences of about 10-15 words on average and few long words.
"""

from __future__ import annotations

from itertools import product

from bot.content import content, limit_texts
from bot.content.invitations import invitation_texts
from bot.content.pages import pages
from bot.content.replies import RELATIVE, load_replies
from bot.privacy import consent_messages, settings_text
from bot.readability import Readability, measure, syllables
from bot.scoring import build_result

# Measured on 2026-11-29 after rewriting the worst sentence (the scan intro, 34 words): all texts
# 7.7 words per sentence, 4.5 % long words, Flesch-Douma 84.2, longest sentence 26 words (a list
# of three strengths in the result); per group at most 10.0 words per sentence, 5.3 % long words,
# Flesch-Douma at least 69.3 (the page texts: "afdelingscode", "internetverbinding").
LIMITS = {"words_per_sentence": 8.5, "long_word_share": 0.05, "flesch_douma_min": 80.0, "longest_sentence": 26}
GROUP_LIMITS = {"words_per_sentence": 11.0, "long_word_share": 0.06, "flesch_douma_min": 65.0}


# what a letter fills in (the link and the address are left out of the measure: they are no words)
LETTER_VALUES = {"unit_name": "Het Anker", "code": "KQM-4XP-A7D", "link": "", "chat": "", "date": "31 januari 2027"}


def result_texts() -> list[str]:
    """The results for every answer value on every rung (same and mixed) and every desired rung,
    the issue 21 patterns (one statement apart from the rest, the base unknown, all unknown), and
    the texts of the copy to take along."""
    data = content()
    items = data.relatives_scan.items
    texts = []
    patterns = [(v,) * 5 for v in (1, 2, 3, 4)] + [(4, 3, 2, 1, None), (None, 2, 4, 3, 1), (3, 3, 1, 4, 4)]
    patterns += [(None,) * 5, (1, None, 4, 4, 4), (None, None, 4, 4, 4)]
    answer_sets = [{item.id: pattern[item.rung - 1] for item in items} for pattern in patterns]
    # every statement answered "nooit" once among "ja, altijd": its own sentence and its Sense
    answer_sets += [{item.id: 1 if item.id == single.id else 4 for item in items} for single in items]
    for answers, desired in product(answer_sets, (1, 3, 5)):
        texts += build_result(data, answers, desired).messages
    result = data.relatives_scan.result
    copy = pages()["result_copy"]
    texts += [result.copy_offer, result.copy_button]
    texts += [text for key, text in copy.items() if key != "pdf_file"]
    return texts


def relative_texts() -> dict[str, list[str]]:
    """Every relative-facing text, grouped by where it comes from."""
    data = content()
    scan = data.relatives_scan
    replies = load_replies()
    privacy = data.privacy
    invitations = invitation_texts()
    groups = {
        "scan": [
            scan.intro,
            scan.why,
            scan.paused,
            scan.relation_question,
            scan.unit_question,
            scan.desired_question,
            scan.stay_ok,
            scan.remark_question,
            scan.remark_shortened,
            scan.consent_declined,
        ]
        + [i.text for i in scan.items]
        + [i.explain for i in scan.items if i.explain],
        "results": result_texts(),
        "advice": [a.relative for a in data.advice.values()] + [a.relative for a in data.first_steps.values()],
        "privacy": consent_messages()
        + [
            settings_text(t)
            for section in (privacy.unit, privacy.erasure, privacy.code, privacy.device)
            for t in section.values()
        ],
        "replies": [
            r.text(RELATIVE) for r in {**replies.responses, **replies.messages}.values() if RELATIVE in r.voices
        ]
        + [r.unknown for r in replies.responses.values() if r.unknown],
        "pages": [t for section in ("chat_relatives", "bad_unit", "unknown_unit") for t in pages()[section].values()]
        + [limit_texts().too_many_scans, limit_texts().cut_notice(2000)],
        # the invitation letter and what the chat says about its code
        "invitations": [settings_text(t, **LETTER_VALUES) for t in invitations.letter.values()]
        + [settings_text(t, **LETTER_VALUES) for key in ("why", "answers") for t in invitations.letter_lists[key]]
        + list(invitations.chat.values())
        + list(invitations.bad_code_page.values()),
    }
    try:
        from bot.content.relatives_questions import relatives_questions
    except ImportError:  # the relatives' questions are not part of this tree yet
        return groups
    questions = relatives_questions()
    groups["questions"] = [q.answer for q in questions.questions.values()] + [questions.no_answer, questions.ask]
    return groups


def _row(name: str, r: Readability) -> str:
    return (
        f"{name:<10} {r.texts:>5} {r.sentences:>6} {r.words_per_sentence:>6.1f} {r.long_word_share:>6.1%} "
        f"{r.flesch_douma:>6.1f} {r.longest_sentence:>4}"
    )


def test_relative_facing_texts_are_b1() -> None:
    groups = relative_texts()
    print(f"\n{'texts':<10} {'n':>5} {'zinnen':>6} {'w/zin':>6} {'lang':>6} {'FD':>6} {'max':>4}")
    for name, texts in groups.items():
        figures = measure(texts)
        print(_row(name, figures))
        assert figures.words_per_sentence <= GROUP_LIMITS["words_per_sentence"], name
        assert figures.long_word_share <= GROUP_LIMITS["long_word_share"], name
        assert figures.flesch_douma >= GROUP_LIMITS["flesch_douma_min"], name
    total = measure([t for texts in groups.values() for t in texts])
    print(_row("alles", total))
    print(f"langste zin ({total.longest_sentence} woorden): {total.longest}")
    assert total.words_per_sentence <= LIMITS["words_per_sentence"]
    assert total.long_word_share <= LIMITS["long_word_share"]
    assert total.flesch_douma >= LIMITS["flesch_douma_min"]
    assert total.longest_sentence <= LIMITS["longest_sentence"], total.longest


def test_the_measure_tells_easy_from_hard() -> None:
    assert [syllables(w) for w in ("naasten", "verpleeghuis", "betrokkenheid", "ijs")] == [2, 3, 4, 1]
    easy = measure(["Wij bellen u. Komt u langs? Dan praten we samen."])
    hard = measure(
        [
            "Gedurende de multidisciplinaire evaluatiebespreking worden de verantwoordelijkheden van alle "
            "betrokken zorgprofessionals en familieleden geïnventariseerd, geprioriteerd en gedocumenteerd."
        ]
    )
    assert easy.sentences == 3 and easy.words_per_sentence < 4 and easy.long_word_share == 0
    assert hard.longest_sentence == 17 and hard.long_word_share > 0.4
    assert hard.flesch_douma < 20 < 80 < easy.flesch_douma
