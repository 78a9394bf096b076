"""A simple readability measure for Dutch texts (for the B1 check in tests/test_b1.py).

- Sentences end at . ! ? : or a line break; a list line ("- ...") is a sentence.
- Words are runs of letters (digits, codes and punctuation are not words).
- Syllables are counted as groups of vowels (a, e, i, o, u, y, with 'ij' as a vowel): "naasten"
  has 2, "verpleeghuis" 3, "betrokkenheid" 4. Good enough for Dutch, not exact.
- Flesch-Douma (Douma 1960, the Dutch form of Flesch Reading Ease):
  206.835 - 0.93 * (words per sentence) - 77 * (syllables per word). Higher is easier; about 60-70
  reads as plain language (B1), below 50 as hard.
- A long word has 4 or more syllables (B1 guides advise few of them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\n+")
WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:['’-][A-Za-zÀ-ÿ]+)*")
VOWEL_GROUP = re.compile(r"(?:ij|[aeiouyàáâäèéêëìíîïòóôöùúûü])+", re.IGNORECASE)
LONG_WORD_SYLLABLES = 4


def syllables(word: str) -> int:
    return max(1, len(VOWEL_GROUP.findall(word)))


def sentences(text: str) -> list[list[str]]:
    """The words of each sentence (sentences without words are left out)."""
    found = []
    for part in SENTENCE_END.split(text):
        words = WORD.findall(part)
        if words:
            found.append(words)
    return found


@dataclass(frozen=True)
class Readability:
    texts: int
    sentences: int
    words: int
    words_per_sentence: float
    long_word_share: float  # share of words with 4 or more syllables
    flesch_douma: float
    longest_sentence: int
    longest: str  # the longest sentence, to fix first


def measure(texts: Iterable[str]) -> Readability:
    """The figures over all `texts` together."""
    all_sentences = []
    count = 0
    for text in texts:
        count += 1
        all_sentences += sentences(text)
    words = [w for s in all_sentences for w in s]
    syllable_count = sum(syllables(w) for w in words)
    per_sentence = len(words) / len(all_sentences)
    longest = max(all_sentences, key=len)
    return Readability(
        texts=count,
        sentences=len(all_sentences),
        words=len(words),
        words_per_sentence=per_sentence,
        long_word_share=sum(1 for w in words if syllables(w) >= LONG_WORD_SYLLABLES) / len(words),
        flesch_douma=206.835 - 0.93 * per_sentence - 77 * syllable_count / len(words),
        longest_sentence=len(longest),
        longest=" ".join(longest),
    )
