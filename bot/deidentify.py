"""Names in relatives' remarks, found by deduce (de-identification of Dutch text) and spaCy.

- deduce 3.0.4 with its names group only (bot/deduce_names.json, taken from the source archive
  of 3.0.4, whose wheel lacks its base config): lists of Dutch first names and surnames, titles,
  initials and particles. Its first load builds lookup structures (about 90 s on 2 cores) and
  caches them in its package folder (scripts/install.sh does that once); later loads take about
  8 s. It is loaded once per process, and only where a release masks remarks.
- spaCy's proper-noun tags (bot/language.py) find names outside deduce's lists ("Wojciech",
  "Sewdien"), and in lower case after a title or role ("mevrouw jansen", "zuster malika").
- Words that only look like names stay: deduce's list of common words, words after "de"/"het"
  (a unit "de Linde", "de bakker"), place names from deduce's lists, and the words in
  bot/masking.py NOT_PERSONS (holidays, countries, languages).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.language import nlp
from bot.masking import FORMS_OF_ADDRESS, NAME_MASK, NOT_PERSONS, PARTICLE_WORDS, title_alternatives

CONFIG = Path(__file__).with_name("deduce_names.json")
LOADS = {"count": 0}  # how often deduce was loaded in this process (a test reads it)
PERSON_TAGS = ("persoon", "patient")
ARTICLES = frozenset({"de", "het", "een", "deze", "die", "dit", "dat"})
NAME_POS = frozenset({"PROPN", "NOUN", "X"})
# a lower-case word from the name lists is no name when spaCy reads it as one of these
FUNCTION_POS = frozenset({"VERB", "AUX", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "NUM", "PUNCT", "ADV"})
WORD = re.compile(r"[^\W\d_][\w'’-]*")
# a title or role, then a lower-case word (capitalised names after titles are bot/masking.py's)
AFTER_TITLE = re.compile(r"(?<![\w.])(?i:" + title_alternatives() + r")(?=[\s,]|(?<=\.))")


@dataclass(frozen=True)
class NameLists:
    names: frozenset[str]  # deduce's first names and surnames, lower case
    common: frozenset[str]  # deduce's common Dutch words and stop words
    places: frozenset[str]  # deduce's place names
    titles: frozenset[str]  # deduce's titles (prefixes: "mevrouw", "dhr")


@lru_cache(maxsize=1)
def deduce_model() -> Any:
    """Deduce with the names group, loaded once per process.

    Importing deduce configures the root logger (DEBUG, to standard output); that is undone, so
    nothing of a remark can reach a log through it.
    """
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        from deduce import Deduce

        LOADS["count"] += 1
        return Deduce(load_base_config=False, config=str(CONFIG))
    finally:
        for handler in [h for h in root.handlers if h not in handlers]:
            root.removeHandler(handler)
        root.setLevel(level)


def _lines(folder: Path, *lists: str) -> frozenset[str]:
    """The entries of deduce's lists, lower case; of a name with a particle ("'t Wout") its last word."""
    return frozenset(
        line.split()[-1].lower()
        for name in lists
        for path in sorted((folder / name).glob("**/items.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    )


@lru_cache(maxsize=1)
def name_lists() -> NameLists:
    """Deduce's own lookup lists, as plain sets of lower-case words."""
    model = deduce_model()
    folder = Path(model.lookup_data_path) / "src"
    return NameLists(
        names=_lines(folder, "names/lst_first_name", "names/lst_surname", "names/lst_interfix_surname"),
        common=_lines(folder, "whitelist/lst_common_word", "whitelist/lst_stop_word"),
        places=_lines(folder, "locations/lst_placename"),
        titles=_lines(folder, "names/lst_prefix") | {t.lower() for t in FORMS_OF_ADDRESS},
    )


def _deduce_spans(text: str, lists: NameLists) -> Iterable[tuple[int, int]]:
    """Deduce's person annotations, without a leading title, article or lower-case preposition.

    "op de Linde" loses "op de" and then goes: a capitalised word after an article is a place
    or a unit, not a person. "van Riet Bakker" keeps "Riet Bakker".
    """
    for annotation in deduce_model().deidentify(text).annotations:
        if not annotation.tag.startswith(PERSON_TAGS):
            continue
        words = [
            (m.start(), m.end(), m.group()) for m in WORD.finditer(text, annotation.start_char, annotation.end_char)
        ]
        titled = article = False
        while words:
            low = words[0][2].lower()
            if low in lists.titles:
                titled = True
            elif low in ARTICLES or (words[0][2].islower() and (low in PARTICLE_WORDS or low not in lists.names)):
                article = low in ARTICLES
            else:
                break
            words.pop(0)
        if not words or (article and not titled and len(words) == 1):
            continue
        yield words[0][0], words[-1][1]


def _predicate(token: Any) -> bool:
    """A word that a copula says something about ("was vroeger smid", "is zo vrolijk"): no name."""
    return any(child.dep_ == "cop" for child in token.children)


def _name_like(token: Any, lists: NameLists) -> bool:
    """A word that reads as a person's name here (spaCy's tags and parse, deduce's lists).

    Mid-sentence a capitalised word is a name unless it is a place, a known common word or one
    of NOT_PERSONS; at the start of a sentence only a known name, or the first of two capitalised
    words ("Wojciech Kowalczyk"). In lower case only a known name that spaCy does not read as a
    verb, function word or predicate.
    """
    low = token.lower_
    if low in lists.common or low in lists.places or low in NOT_PERSONS or token.is_stop or token.is_punct:
        return False
    if not WORD.fullmatch(token.text) or low in PARTICLE_WORDS or (token.text.isupper() and len(token) > 1):
        return False
    previous = token.doc[token.i - 1] if token.i else None
    if previous is not None and previous.lower_ in ARTICLES and previous.pos_ == "DET":
        return False  # "de Linde", "de bakker"
    if token.text[0].isupper():
        if token.is_sent_start:
            following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
            full_name = following is not None and following.text[:1].isupper() and not following.is_punct
            return low in lists.names or full_name
        return True
    return low in lists.names and token.pos_ not in FUNCTION_POS and not _predicate(token)


def _spacy_spans(doc: Any, lists: NameLists) -> Iterable[tuple[int, int]]:
    for token in doc:
        if _name_like(token, lists):
            yield token.idx, token.idx + len(token)


def _after_title_spans(text: str, doc: Any, lists: NameLists) -> Iterable[tuple[int, int]]:
    """Lower-case names after a title or role: "mevrouw jansen", "meneer de vries", "zuster fatima el amrani".

    After a form of address ("mevrouw", "dhr.") any noun-like word is taken for a name ("mevrouw
    kok"); after a family word or a role the first word must be a known name or a proper noun
    ("mijn vader kaarten" stays).
    """
    tokens = {token.idx: token for token in doc}
    for match in AFTER_TITLE.finditer(text):
        addressed = " ".join(match.group().lower().split()) in FORMS_OF_ADDRESS
        start = end = particle = None
        cursor = match.end()
        for word in WORD.finditer(text, cursor):
            if text[cursor : word.start()].strip(" ," if cursor == match.end() else " "):
                break  # only spaces (or a comma right after the title) between the words of a name
            cursor, low = word.end(), word.group().lower()
            if low in PARTICLE_WORDS:
                particle = word.start() if particle is None else particle
                continue
            token = tokens.get(word.start())
            if token is None or not word.group().islower():
                break
            if not (_lower_name(token, lists, addressed and start is None) or (particle and low in lists.names)):
                break
            start = (word.start() if particle is None else particle) if start is None else start
            end, particle = word.end(), None
        if start is not None and end is not None:
            yield start, end


def _lower_name(token: Any, lists: NameLists, loose: bool) -> bool:
    """A lower-case word after a title that reads as a name.

    Loose (the first word after a form of address): a known name, or a word
    in its own form (spaCy's lemma is the word itself, so no "zit" or "slaapt") that is no
    function word. Otherwise: a known name, or an uninflected noun-like word that is no common word.
    """
    low = token.lower_
    if token.is_stop or low in NOT_PERSONS or _predicate(token):
        return False
    if low in lists.names and (loose or low not in lists.common):
        return True
    uninflected = token.lemma_.lower() == low
    if loose:
        return uninflected and token.pos_ not in FUNCTION_POS - {"ADV", "VERB"}
    return uninflected and token.pos_ in NAME_POS and low not in lists.common


def _extend(span: tuple[int, int], text: str, lists: NameLists) -> tuple[int, int]:
    """A name goes on over a following known surname: "henk jansen", "Elif Şahin"."""
    start, end = span
    while (word := WORD.match(text, end + 1)) and text[end : end + 1] == " ":
        low = word.group().lower()
        if low not in lists.names or low in lists.common or low in PARTICLE_WORDS:
            break
        end = word.end()
    return start, end


def _merge(spans: Iterable[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Overlapping spans as one, and names next to each other (or joined by a particle) as one."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged:
            gap = text[merged[-1][1] : start]
            if start <= merged[-1][1] or all(w.lower() in PARTICLE_WORDS for w in gap.split()):
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
                continue
        merged.append((start, end))
    return merged


def mask_names(text: str) -> str:
    """The text with every name found replaced by the name mask; placeholders stay as they are."""
    if not text.strip():
        return text
    lists = name_lists()
    doc = nlp()(text)
    spans = [
        span
        for finder in (_deduce_spans(text, lists), _spacy_spans(doc, lists), _after_title_spans(text, doc, lists))
        for span in finder
        if "[" not in text[span[0] : span[1]] and not _inside_mask(text, span[0])
    ]
    masked = text
    for start, end in reversed(_merge([_extend(span, text, lists) for span in spans], text)):
        masked = masked[:start] + NAME_MASK + masked[end:]
    return masked


def _inside_mask(text: str, position: int) -> bool:
    opened, closed = text.rfind("[", 0, position), text.rfind("]", 0, position)
    return opened > closed
