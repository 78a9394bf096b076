"""What the trained assistant does with held-out sentences (model loaded once).

- Unrelated Dutch text (Wikipedia sentences not used in training, the held-out out-of-scope and
  news sentences) gets a tip or a relatives' answer at most 3 times in 100, for a relative and for
  anyone else, and never starts the scan or an erasure.
- Relatives' questions (tests/nlu/heldout_relatives_questions.yml) get the right answer (top-1).
- Tips top-1 and intent accuracy on the older held-out sets stay where they were.
Figures are printed (`pytest -s`); floors are set a little below what the model reaches
(docs/understanding.md). Before issue 12 the same measures gave tips top-1
0.879 and intent accuracy 0.902 (fallback counted as wrong): the intent floor is that 0.902.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

import pytest

from tests.servers import MODEL, ROOT
from tests.understanding import Model, Reading, examples, heldout_wiki_sentences, rate

HELDOUT = ROOT / "tests" / "nlu"
UNRELATED_RATE_CEILING = 0.03
# of the 35 held-out out-of-scope and news sentences (on care, family and privacy among others)
NEWS_ANSWERED_CEILING = 3
# measured on 2026-11-29 with the linear classifiers (docs/understanding.md):
# relatives' questions 0.752 (lowest key 2 of 6), tips 0.932, intents on the earlier sets 0.915
RELATIVES_TOP1_FLOOR = 0.74
RELATIVES_KEY_FLOOR = 0.3
TIPS_TOP1_FLOOR = 0.91
INTENT_ACCURACY_FLOOR = 0.902
DANGEROUS = {"start_scan", "delete_my_data"}


@pytest.fixture(scope="module")
def model() -> Iterator[Model]:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does this)")
    loaded = Model(MODEL)
    yield loaded
    loaded.close()


@pytest.fixture(scope="module")
def wiki(model: Model) -> list[Reading]:
    return model.read(heldout_wiki_sentences())


@pytest.fixture(scope="module")
def labelled(model: Model) -> dict[str, list[tuple[str, Reading]]]:
    """Readings of each held-out file, with the label of each sentence."""
    result = {}
    for name in ("heldout_intents", "heldout_tips", "heldout_relatives_questions"):
        pairs = examples(HELDOUT / f"{name}.yml")
        result[name] = list(zip([label for label, _ in pairs], model.read([text for _, text in pairs]), strict=True))
    return result


def _percent(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / max(whole, 1):.3f}"


def test_unrelated_text_rarely_gets_a_tip_or_a_relatives_answer(
    wiki: list[Reading], labelled: dict[str, list[tuple[str, Reading]]]
) -> None:
    news = [r for label, r in labelled["heldout_intents"] if label == "out_of_scope"]
    print("\nUnrelated text answered with a tip or a relatives' answer (ceiling 0.03)")
    for name, readings in (("wikipedia, held out", wiki), ("out_of_scope/news, held out", news)):
        for relative in (False, True):
            answered = sum(r.answer(relative) is not None for r in readings)
            who = "relative" if relative else "other reader"
            print(f"  {name:<30}{who:<14}{_percent(answered, len(readings))}")
        intents = Counter(r.intent for r in readings)
        print(f"  {name:<30}intents: {dict(intents.most_common(6))}")
    print(f"  all unrelated: other reader {rate(wiki + news, False):.4f}, relative {rate(wiki + news, True):.4f}")
    assert len(wiki) > 2000
    for relative in (False, True):
        assert rate(wiki + news, relative) <= UNRELATED_RATE_CEILING
        assert sum(r.answer(relative) is not None for r in news) <= NEWS_ANSWERED_CEILING


def test_unrelated_text_never_starts_a_scan_or_erases(
    wiki: list[Reading], labelled: dict[str, list[tuple[str, Reading]]]
) -> None:
    news = [r for label, r in labelled["heldout_intents"] if label == "out_of_scope"]
    dangerous = [r.intent for r in wiki + news if r.intent in DANGEROUS]
    assert not dangerous, Counter(dangerous)


def test_relatives_questions_top1(labelled: dict[str, list[tuple[str, Reading]]]) -> None:
    pairs = labelled["heldout_relatives_questions"]
    per_key: dict[str, list[bool]] = defaultdict(list)
    for label, reading in pairs:
        per_key[label].append(reading.answer(relative=True) == label)
    right = sum(sum(hits) for hits in per_key.values())
    as_other = sum(r.answer(relative=False) == label for label, r in pairs)
    tips_to_others = sum((r.answer(relative=False) or "").startswith("tip/") for _, r in pairs)
    offered = sum(
        r.answer(relative=True) is None and r.intent in {"tip", "vraag_naaste"} and label in r.closest_questions
        for label, r in pairs
    )
    print("\nHeld-out relatives' questions, answered right for a relative (top-1 per key)")
    for key, hits in sorted(per_key.items()):
        print(f"  {key:<40}{sum(hits)}/{len(hits)}")
    print(f"  relative:      {_percent(right, len(pairs))}, and {offered} more among the three questions offered")
    print(f"  other reader:  {_percent(as_other, len(pairs))} (a tip instead: {tips_to_others})")
    assert len(per_key) >= 20 and all(len(hits) >= 5 for hits in per_key.values())
    assert right / len(pairs) >= RELATIVES_TOP1_FLOOR
    weak = {k: sum(h) / len(h) for k, h in per_key.items() if sum(h) / len(h) < RELATIVES_KEY_FLOOR}
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
