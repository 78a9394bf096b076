"""Recognising carer moves in a chat turn: a small multi-label classifier trained on our examples.

Character and word n-grams (TF-IDF) with one logistic regression per move. It trains in a few
seconds from bot/rehearsal_data/moves_train.yml, so it is built when first needed instead of
being stored; accuracy on a held-out set is measured in tests/test_rehearsal.py.

Besides the moves it learns one more label, ASIDE: a question to the assistant about working
with relatives ("hoe betrek ik de rest van de familie?") rather than words to the relative
("wie komt er verder bij uw moeder langs?"). Its examples are the carers' tip questions of the
NLU training data, so that a tip question in the middle of a role play can be told apart from
a turn that happens to be about the same subject.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.preprocessing import MultiLabelBinarizer

from bot.scan import normalize

ROOT = Path(__file__).resolve().parent.parent.parent
TRAINING_FILE = ROOT / "bot" / "rehearsal_data" / "moves_train.yml"
TIP_QUESTIONS_FILE = ROOT / "data" / "nlu" / "tips.yml"
THRESHOLD = 0.4
# Weight of the reading's features (question kinds) next to the n-grams; 0 leaves them out.
READING_WEIGHT = 1.0
ASIDE = "aside"


@dataclass(frozen=True)
class Example:
    """A carer turn and the moves it makes."""

    text: str
    moves: tuple[str, ...]


def load_examples(path: Path) -> list[Example]:
    """Examples from a YAML file with `examples: [{text, moves}]`."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Example(str(e["text"]), tuple(e.get("moves") or ())) for e in data["examples"]]


def load_asides(path: Path) -> list[Example]:
    """The tip questions of an NLU training file (`- intent: tip/...`), labelled ASIDE."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Example(line.strip()[2:].strip(), (ASIDE,))
        for block in data["nlu"]
        if str(block.get("intent", "")).startswith("tip/")
        for line in block["examples"].splitlines()
        if line.strip().startswith("- ")
    ]


class ReadingFeatures(BaseEstimator, TransformerMixin):
    """What the spaCy reading sees in a turn: any question, an open one, a closed one, a statement.

    Only the turn itself: the training and held-out examples hold no line of the relative, so
    the overlap with it cannot be learnt or measured here (the feedback uses it instead).
    """

    def __init__(self, weight: float = 1.0) -> None:
        self.weight = weight

    def fit(self, texts: Sequence[str], targets: object = None) -> ReadingFeatures:
        return self

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        from bot.rehearsal.reading import read_turns

        rows = []
        for reading in read_turns(list(texts)):
            opened = reading.open_questions
            closed = len(reading.questions) - opened
            rows.append(
                [bool(reading.questions), bool(opened), bool(closed), len(reading.sentences) > len(reading.questions)]
            )
        return np.asarray(rows, dtype=float) * self.weight


class MoveClassifier:
    """Predicts the set of moves in a carer's turn."""

    def __init__(
        self,
        examples: Sequence[Example],
        move_keys: Sequence[str],
        threshold: float = THRESHOLD,
        reading_weight: float = READING_WEIGHT,
    ):
        unknown = {m for e in examples for m in e.moves} - set(move_keys) - {ASIDE}
        if unknown:
            raise ValueError(f"training examples use unknown moves {sorted(unknown)}")
        self.threshold = threshold
        self.labels = MultiLabelBinarizer(classes=[*move_keys, ASIDE])
        targets = self.labels.fit_transform([e.moves for e in examples])
        features = FeatureUnion(
            [
                (
                    "chars",
                    TfidfVectorizer(
                        analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=1, preprocessor=normalize
                    ),
                ),
                (
                    "words",
                    TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, preprocessor=normalize),
                ),
                *([("reading", ReadingFeatures(reading_weight))] if reading_weight else []),
            ]
        )
        classifier = OneVsRestClassifier(LogisticRegression(C=8.0, max_iter=2000, class_weight="balanced"))
        self.model = make_pipeline(features, classifier)
        self.model.fit([e.text for e in examples], targets)

    def scores(self, text: str) -> dict[str, float]:
        """Probability per move, and of ASIDE."""
        probabilities = self.model.predict_proba([text])[0]
        return dict(zip(self.labels.classes_, (float(p) for p in probabilities), strict=False))

    def predict(self, text: str) -> tuple[str, ...]:
        """The moves made in this turn, most likely first (empty when none is clear)."""
        if not normalize(text):
            return ()
        ranked = sorted(self.scores(text).items(), key=lambda pair: -pair[1])
        return tuple(move for move, score in ranked if score >= self.threshold and move != ASIDE)


@lru_cache(maxsize=1)
def move_classifier() -> MoveClassifier:
    """The classifier trained on the project's examples (built once per process)."""
    from bot.content import content

    keys = [m.key for m in content().rehearsal.moves]
    return MoveClassifier(load_examples(TRAINING_FILE) + load_asides(TIP_QUESTIONS_FILE), keys)
