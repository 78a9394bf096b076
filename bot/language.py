"""The Dutch spaCy pipeline, one per process, for the rehearsal reading and the remarks masking.

`nl_core_news_sm` without its tagger (the morphologizer gives part of speech and morphology,
which is all that is used). A small component before the parser starts a new sentence after "?",
"!" and ".", and "u." is split into "u" and ".": in chat the parser alone often runs two questions
together, and the Dutch tokenizer reads "u." as an abbreviation.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from typing import Any

PIPELINE = "nl_core_news_sm"
EXCLUDED = ("tagger",)
BREAK = "samenspraak_sentence_breaks"
SENTENCE_ENDS = frozenset({"?", "!", "."})
LOADS = {"count": 0}  # how often the pipeline was loaded in this process (a test reads it)


def _sentence_breaks(doc: Any) -> Any:
    for token in doc[1:]:
        if doc[token.i - 1].text in SENTENCE_ENDS and not token.is_punct:
            token.is_sent_start = True
    return doc


def _import_spacy() -> Any:
    """spaCy, imported without the probe for TensorFlow when TensorFlow is not loaded yet.

    thinc, spaCy's machine-learning layer, imports TensorFlow when it is installed (Rasa brings it):
    about 7 s of a process that never uses it (the command line, a masking run). The Dutch pipeline
    does not use TensorFlow, and a later `import tensorflow` (Rasa's) works as usual.
    """
    if "thinc" in sys.modules or "tensorflow" in sys.modules:
        import spacy

        return spacy
    sys.modules["tensorflow"] = None  # type: ignore[assignment]  # importing it raises ImportError
    try:
        import spacy
    finally:
        del sys.modules["tensorflow"]
    return spacy


@lru_cache(maxsize=1)
def nlp() -> Any:
    """The Dutch spaCy pipeline, loaded once per process."""
    spacy = _import_spacy()
    from spacy.language import Language

    if BREAK not in Language.factories:
        Language.component(BREAK, func=_sentence_breaks)  # type: ignore[arg-type]
    LOADS["count"] += 1
    pipeline = spacy.load(PIPELINE, exclude=list(EXCLUDED))
    pipeline.add_pipe(BREAK, before="parser")
    pipeline.tokenizer.add_special_case("u.", [{"ORTH": "u"}, {"ORTH": "."}])
    return pipeline
