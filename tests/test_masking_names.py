"""Names in remarks masked by deduce, spaCy and the own rules: a table of 118 remarks, end to end.

Names of Dutch, Moroccan, Turkish, Surinamese and Polish origin, in lower case, after roles and
family words, next to ordinary words that look like names. deduce loads once per test session
(about 8 s from its cache; bot/deidentify.py).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.masking import mask_remarks

TABLE = Path(__file__).resolve().parent / "masking" / "remarks_table.yml"
ROOT = Path(__file__).resolve().parent.parent
NAMES_MASKED_FLOOR = 0.98
WORDS_KEPT_FLOOR = 0.95


def _present(word: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE) is not None


@pytest.fixture(scope="module")
def table() -> list[tuple[dict[str, object], str]]:
    remarks = yaml.safe_load(TABLE.read_text(encoding="utf-8"))["remarks"]
    return list(zip(remarks, mask_remarks([str(r["text"]) for r in remarks]), strict=True))


def test_names_are_masked_and_ordinary_words_kept(table: list[tuple[dict[str, object], str]]) -> None:
    names = [(str(n), masked) for remark, masked in table for n in remark.get("names", [])]  # type: ignore[attr-defined]
    words = [(str(w), masked) for remark, masked in table for w in remark.get("keep", [])]  # type: ignore[attr-defined]
    leaked = [f"{name}: {masked}" for name, masked in names if _present(name, masked)]
    lost = [f"{word}: {masked}" for word, masked in words if not _present(word, masked)]
    recall = 1 - len(leaked) / len(names)
    kept = 1 - len(lost) / len(words)
    print(f"\nMasking on {len(table)} remarks: names masked {recall:.1%} of {len(names)}, ordinary words kept {kept:.1%} of {len(words)}")
    print("leaked:\n  " + "\n  ".join(leaked) + "\nlost:\n  " + "\n  ".join(lost))
    assert len(table) >= 100
    assert recall >= NAMES_MASKED_FLOOR
    assert kept >= WORDS_KEPT_FLOOR
