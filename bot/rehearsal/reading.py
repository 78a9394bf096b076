"""A reading of a carer's rehearsal turn with spaCy: questions and their kind, listening, words.

The Dutch pipeline is loaded once per process (bot/language.py). A turn is parsed in lower
case: the pipeline often takes a capitalised verb at the start of a question ("Bent u ...?")
for a name, and lower case keeps every character offset, so quotes stay exact.

- A question ends in "?", or opens with a question word or with a finite verb that has a subject
  (in chat the "?" is often left out; an order such as "Vertel eens" has no subject).
- Open: a question word (PronType=Int from the morphology: wie, wat; or one of the question words
  in reading.yml that the pipeline tags without it: hoe, waarom, welke ...) opens the question or
  a clause in it ("Kunt u vertellen hoe het ging?"). Closed: any other question, mostly one that opens
  with a finite verb ("Heeft u ...?").
- Follow-up: a question that shares a content lemma with the relative's last line. Summary: a
  sentence that is no question and shares two content lemmas with the relative's recent lines,
  or one together with a summary marker ("dus", "u zegt").
- Jargon by lemma from reading.yml; "je"/"jij"/"jouw" to the relative where "u" was expected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.content.reading import reading_words
from bot.language import nlp

CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV"})
SKIPPED_AT_START = frozenset({"CCONJ", "INTJ", "PUNCT", "SYM"})
INFORMAL = frozenset({"je", "jij", "jou", "jouw", "jullie"})
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "csubj", "parataxis", "acl", "dep"})
SUMMARY_SHARED = 2


@dataclass(frozen=True)
class Question:
    """A question in a turn, as the carer typed it."""

    text: str
    open: bool
    follow_up: bool
    shared: tuple[str, ...]  # content lemmas shared with the relative's last line


@dataclass(frozen=True)
class Reading:
    """What a carer turn shows about asking, listening and wording."""

    sentences: tuple[str, ...]
    questions: tuple[Question, ...]
    summaries: tuple[str, ...]
    words: int
    jargon: tuple[str, ...]  # as typed
    informal: tuple[str, ...]  # "je" forms to the relative, as typed

    @property
    def open_questions(self) -> int:
        return sum(1 for q in self.questions if q.open)

    @property
    def follow_ups(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.follow_up)

    @property
    def listened(self) -> bool:
        """True when the turn asked an open question, asked further or summed up."""
        return bool(self.open_questions or self.follow_ups or self.summaries)


def _lower(text: str) -> str:
    """Lower case with the same length, so offsets into the original text stay valid."""
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


def _doc(text: str) -> Any:
    return nlp()(_lower(text))


def _content_words(tokens: Any) -> dict[str, frozenset[str]]:
    """Each content word's lemma with the forms it may be matched by (lemma and word as typed)."""
    common = reading_words().common
    words: dict[str, frozenset[str]] = {}
    for token in tokens:
        if token.pos_ not in CONTENT_POS or token.is_stop or len(token.text) < 3:
            continue
        lemma = token.lemma_.lower()
        if lemma not in common and token.lower_ not in common:
            words[lemma] = words.get(lemma, frozenset()) | {lemma, token.lower_}
    return words


@lru_cache(maxsize=512)
def heard_words(line: str) -> frozenset[str]:
    """The content lemmas and word forms of a line of the relative (cached: persona lines return)."""
    return frozenset().union(*_content_words(_doc(line)).values())


def _shared(words: dict[str, frozenset[str]], heard: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(lemma for lemma, forms in words.items() if forms & heard))


def word_count(text: str) -> int:
    """Words in a line, for the talking share (punctuation is no word)."""
    return sum(1 for part in text.split() if any(c.isalnum() for c in part))


def _is_question_word(token: Any) -> bool:
    if "Int" in token.morph.get("PronType"):
        return True
    return token.lower_ in reading_words().question_words


def _first(sentence: Any) -> Any:
    return next((t for t in sentence if t.pos_ not in SKIPPED_AT_START), None)


def _opens_clause(token: Any, sentence: Any) -> bool:
    """True when a question word starts the sentence or a clause in it (not "hoe langer hoe beter")."""
    if token.i == _first(sentence).i:
        return True
    previous = token.doc[token.i - 1]
    if previous.is_punct or previous.pos_ in {"VERB", "AUX", "ADP"}:
        return True
    # an embedded question is a finite clause ("vertellen wat hij deed"), not "wilt u wat drinken"
    head = token.head
    return head.dep_ in CLAUSE_DEPS and "Fin" in head.morph.get("VerbForm") and head.left_edge.i == token.i


def _verb_first_with_subject(sentence: Any) -> bool:
    first = _first(sentence)
    if first is None or "Fin" not in first.morph.get("VerbForm"):
        return False
    following = first.doc[first.i + 1 : min(first.i + 3, sentence.end)]
    return any(t.dep_.startswith("nsubj") or (t.pos_ == "PRON" and "Nom" in t.morph.get("Case")) for t in following)


def _kind(sentence: Any) -> str | None:
    """'open', 'closed' or None (no question)."""
    first = _first(sentence)
    if first is None:
        return None
    asked = sentence.text.rstrip().endswith("?")
    opening_word = [t for t in sentence if _is_question_word(t) and _opens_clause(t, sentence)]
    if opening_word and (asked or opening_word[0].i == first.i):
        return "open"
    if asked:
        return "closed"
    stated = sentence.text.rstrip()[-1:] in {".", "!"}
    return "closed" if not stated and _verb_first_with_subject(sentence) else None


def read_turn(text: str, heard: Sequence[str] = ()) -> Reading:
    """Read one carer turn; `heard` are the relative's lines before it, the last one last."""
    return _read(text, _doc(text), heard)


def read_turns(texts: Sequence[str]) -> list[Reading]:
    """Read many turns without the relative's lines at once (spaCy's batches are faster)."""
    return [_read(text, doc, ()) for text, doc in zip(texts, nlp().pipe(map(_lower, texts)), strict=True)]


def _read(text: str, doc: Any, heard: Sequence[str]) -> Reading:
    words = reading_words()
    last = heard_words(heard[-1]) if heard else frozenset()
    recent = frozenset().union(*(heard_words(line) for line in heard[-2:]))
    sentences, questions, summaries = [], [], []
    for sentence in doc.sents:
        original = text[sentence.start_char : sentence.end_char].strip()
        if not original:
            continue
        sentences.append(original)
        content = _content_words(sentence)
        kind = _kind(sentence)
        if kind is not None:
            shared = _shared(content, last)
            questions.append(Question(original, kind == "open", bool(shared), shared))
            continue
        shared_recent = _shared(content, recent)
        marked = any(t.lower_ in words.summary_markers for t in sentence)
        if len(shared_recent) >= SUMMARY_SHARED or (marked and shared_recent):
            summaries.append(original)
    jargon = tuple(
        text[t.idx : t.idx + len(t)]
        for t in doc
        if t.lower_ in words.jargon or t.lemma_.lower() in words.jargon or t.lower_.split("'")[0] in words.jargon
    )
    informal = tuple(text[t.idx : t.idx + len(t)] for t in doc if t.pos_ == "PRON" and t.lower_ in INFORMAL)
    return Reading(
        sentences=tuple(sentences),
        questions=tuple(questions),
        summaries=tuple(summaries),
        words=word_count(text),
        jargon=jargon,
        informal=informal,
    )
