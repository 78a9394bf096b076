"""What the trained assistant does with held-out sentences (model loaded once).

- Unrelated Dutch text (Wikipedia sentences not used in training, the held-out out-of-scope and
  news sentences) gets a tip or a relatives' answer at most 3 times in 100, for a relative and for
  anyone else, and never starts the scan or an erasure.
- Relatives' questions get the right answer (top-1): the first held-out set
  (tests/nlu/heldout_relatives_questions.yml) and the second, in relatives' own words with typos
  and stories (tests/nlu/heldout_relatives_own_words.yml, issue 21), each with its own floor.
- Tips top-1 and intent accuracy on the older held-out sets stay where they were.
Figures are printed (`pytest -s`); floors are set a little below what the model reaches
(docs/understanding.md). Before issue 12 the same measures gave tips top-1
0.879 and intent accuracy 0.902 (fallback counted as wrong): the intent floor is that 0.902.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from tests.servers import ROOT
from tests.understanding import Model, Reading, examples, heldout_wiki_sentences, rate

HELDOUT = ROOT / "tests" / "nlu"
UNRELATED_RATE_CEILING = 0.03
# of the 35 held-out out-of-scope and news sentences (on care, family and privacy among others)
NEWS_ANSWERED_CEILING = 3
# Measured on 2026-12-05 (issue 21, docs/notes-i21-relatives.md; docs/understanding.md), relatives' questions as
# sent from the relatives' page: first held-out set 0.846 (0.752 before issue 21; lowest key 3 of
# 5), the set in relatives' own words 0.903 (0.708 before; lowest key privacy_chat 1 of 3), tips
# 0.932, intents on the earlier sets 0.903 (0.915 before: more tip questions read as relatives').
# per held-out set of relatives' questions: (top-1 floor, lowest share right of one key, least per key)
RELATIVES_SETS = {
    "heldout_relatives_questions": (0.84, 0.5, 5),
    "heldout_relatives_own_words": (0.89, 0.3, 2),
}
TIPS_TOP1_FLOOR = 0.91
INTENT_ACCURACY_FLOOR = 0.902
DANGEROUS = {"start_scan", "delete_my_data"}
# the metadata of the relatives' page (bot/web/site.py)
RELATIVES_PAGE = {"pagina": "naasten"}


@pytest.fixture(scope="module")
def model(trained_model: Model) -> Model:
    return trained_model


@pytest.fixture(scope="module")
def wiki(model: Model) -> list[Reading]:
    return model.read(heldout_wiki_sentences())


@pytest.fixture(scope="module")
def labelled(model: Model) -> dict[str, list[tuple[str, Reading]]]:
    """Readings of each held-out file, with the label of each sentence."""
    result = {}
    for name in ("heldout_intents", "heldout_tips", *RELATIVES_SETS):
        pairs = examples(HELDOUT / f"{name}.yml")
        result[name] = list(zip([label for label, _ in pairs], model.read([text for _, text in pairs]), strict=True))
    return result


@pytest.fixture(scope="module")
def on_relatives_page(model: Model) -> dict[str, list[Reading]]:
    """Readings of the relatives' questions as sent from the relatives' page (actions/, addons/)."""
    return {
        name: model.read([text for _, text in examples(HELDOUT / f"{name}.yml")], RELATIVES_PAGE)
        for name in RELATIVES_SETS
    }


def _percent(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / max(whole, 1):.3f}"


@pytest.fixture(scope="module")
def unrelated(model: Model, wiki: list[Reading]) -> dict[bool, dict[str, list[Reading]]]:
    """The unrelated sentences read for anyone (False) and as sent from the relatives' page (True)."""
    news = [text for label, text in examples(HELDOUT / "heldout_intents.yml") if label == "out_of_scope"]
    return {
        False: {"wikipedia, held out": wiki, "out_of_scope/news, held out": model.read(news)},
        True: {
            "wikipedia, held out": model.read(heldout_wiki_sentences(), RELATIVES_PAGE),
            "out_of_scope/news, held out": model.read(news, RELATIVES_PAGE),
        },
    }


def test_unrelated_text_rarely_gets_a_tip_or_a_relatives_answer(
    unrelated: dict[bool, dict[str, list[Reading]]],
) -> None:
    print("\nUnrelated text answered with a tip or a relatives' answer (ceiling 0.03)")
    for relative, sets in unrelated.items():
        who = "relative" if relative else "other reader"
        for name, readings in sets.items():
            answered = sum(r.answer(relative) is not None for r in readings)
            intents = Counter(r.intent for r in readings)
            print(f"  {name:<30}{who:<14}{_percent(answered, len(readings))}  {dict(intents.most_common(5))}")
        everything = [r for readings in sets.values() for r in readings]
        print(f"  all unrelated, {who}: {rate(everything, relative):.4f}")
        assert len(sets["wikipedia, held out"]) > 2000
        assert rate(everything, relative) <= UNRELATED_RATE_CEILING
        assert sum(r.answer(relative) is not None for r in sets["out_of_scope/news, held out"]) <= NEWS_ANSWERED_CEILING


def test_unrelated_text_never_starts_a_scan_or_erases(unrelated: dict[bool, dict[str, list[Reading]]]) -> None:
    readings = [r for sets in unrelated.values() for rs in sets.values() for r in rs]
    dangerous = [r.intent for r in readings if r.intent in DANGEROUS]
    assert not dangerous, Counter(dangerous)


@pytest.mark.parametrize("name", RELATIVES_SETS)
def test_relatives_questions_top1(
    labelled: dict[str, list[tuple[str, Reading]]], on_relatives_page: dict[str, list[Reading]], name: str
) -> None:
    top1_floor, key_floor, least = RELATIVES_SETS[name]
    others = labelled[name]
    pairs = [(label, r) for (label, _), r in zip(others, on_relatives_page[name], strict=True)]
    per_key: dict[str, list[bool]] = defaultdict(list)
    for label, reading in pairs:
        per_key[label].append(reading.answer(relative=True) == label)
    right = sum(sum(hits) for hits in per_key.values())
    as_other = sum(r.answer(relative=False) == label for label, r in others)
    tips_to_others = sum((r.answer(relative=False) or "").startswith("tip/") for _, r in others)
    offered = sum(
        r.answer(relative=True) is None and r.intent in {"tip", "vraag_naaste"} and label in r.closest_questions
        for label, r in pairs
    )
    print(f"\nHeld-out relatives' questions ({name}), right on the relatives' page (top-1 per key)")
    for key, hits in sorted(per_key.items()):
        print(f"  {key:<40}{sum(hits)}/{len(hits)}")
    print(f"  relative:      {_percent(right, len(pairs))}, and {offered} more among the three questions offered")
    print(f"  other reader:  {_percent(as_other, len(pairs))} (a tip instead: {tips_to_others})")
    assert len(per_key) >= 20 and all(len(hits) >= least for hits in per_key.values())
    assert right / len(pairs) >= top1_floor
    weak = {k: sum(h) / len(h) for k, h in per_key.items() if sum(h) / len(h) < key_floor}
    assert not weak, weak


def test_tips_top1_and_intent_accuracy(labelled: dict[str, list[tuple[str, Reading]]]) -> None:
    tips = labelled["heldout_tips"]
    tips_right = sum(r.tip == label for label, r in tips)
    # the sentences of the held-out sets before issue 12 (talk_to_person is new), to compare
    older = [(label, r) for label, r in labelled["heldout_intents"] + tips if label != "talk_to_person"]
    intents_right = sum(r.intent == label.split("/")[0] for label, r in older)
    person = [r.intent == label for label, r in labelled["heldout_intents"] if label == "talk_to_person"]
    wrong = Counter((label.split("/")[0], r.intent) for label, r in older if r.intent != label.split("/")[0])
    print("\nHeld-out tips and intents (tests/nlu/heldout_tips.yml, heldout_intents.yml)")
    print(f"  tips top-1 (ResponseSelector):  {_percent(tips_right, len(tips))}")
    print(f"  intent accuracy (earlier sets): {_percent(intents_right, len(older))}")
    print(f"  talk_to_person recall:          {_percent(sum(person), len(person))}")
    print(f"  most frequent confusions (label, predicted): {wrong.most_common(8)}")
    assert tips_right / len(tips) >= TIPS_TOP1_FLOOR
    assert intents_right / len(older) >= INTENT_ACCURACY_FLOOR
