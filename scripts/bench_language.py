"""Cost of the Dutch language pipeline: spaCy's reading of carer turns and deduce's masking.

Prints load time, memory (resident set size) and per-item time, each with a baseline measured in
the same run: the n-gram move classifier per turn (what a turn cost before the reading) and the
project's own masking rules per remark. Usage: .venv/bin/python scripts/bench_language.py
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def per_item_ms(work: Callable[[str], object], items: Sequence[str], rounds: int = 3) -> float:
    """Median over rounds of the mean time per item, in milliseconds."""
    means = []
    for _ in range(rounds):
        started = time.perf_counter()
        for item in items:
            work(item)
        means.append((time.perf_counter() - started) * 1000 / len(items))
    return statistics.median(means)


def timed(step: Callable[[], object]) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def main() -> None:
    from bot import language
    from bot.masking import mask_remark, mask_remarks
    from bot.rehearsal.moves import MoveClassifier, load_asides, load_examples, move_classifier
    from bot.rehearsal.reading import read_turn

    turns = [e.text for e in load_examples(ROOT / "tests" / "rehearsal" / "moves_heldout.yml")]
    table = yaml.safe_load((ROOT / "tests" / "masking" / "remarks_table.yml").read_text(encoding="utf-8"))
    remarks = [str(r["text"]) for r in table["remarks"]]
    heard = ["Hij zat thuis altijd bij het raam en keek naar de vogels in de tuin."]

    before = rss_mb()
    load = timed(language.nlp)
    print(f"spaCy nl_core_news_sm (without tagger): load {load:.2f} s, memory +{rss_mb() - before:.0f} MB")

    from bot.content import content

    keys = [m.key for m in content().rehearsal.moves]
    examples = load_examples(ROOT / "bot" / "rehearsal_data" / "moves_train.yml") + load_asides(
        ROOT / "data" / "nlu" / "tips.yml"
    )
    plain = timed(lambda: MoveClassifier(examples, keys, reading_weight=0))
    with_reading = timed(move_classifier)
    print(f"move classifier training: n-grams only {plain:.1f} s, with the reading's features {with_reading:.1f} s")

    classifier = MoveClassifier(examples, keys, reading_weight=0)
    baseline = per_item_ms(classifier.predict, turns)
    reading = per_item_ms(lambda t: read_turn(t, heard), turns)
    both = per_item_ms(move_classifier().predict, turns)
    print(f"per carer turn ({len(turns)} held-out turns, mean of the median round):")
    print(f"  baseline, n-gram move classifier: {baseline:.2f} ms")
    print(f"  spaCy reading of the turn:        {reading:.2f} ms  ({reading / baseline:.1f}x baseline)")
    print(f"  move classifier with reading:     {both:.2f} ms  ({both / baseline:.1f}x baseline)")

    before = rss_mb()
    from bot.deidentify import name_lists

    load = timed(name_lists)
    print(f"deduce 3.0.4 (from its cache) with its lists: load {load:.1f} s, memory +{rss_mb() - before:.0f} MB")
    rules = per_item_ms(mask_remark, remarks)
    full = per_item_ms(lambda r: mask_remarks([r]), remarks)
    print(f"per remark ({len(remarks)} remarks): own rules {rules:.3f} ms, rules + deduce + spaCy {full:.2f} ms")
    print(f"  ratio against the own rules: {full / rules:.0f}x")
    print(f"process memory at the end: {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
