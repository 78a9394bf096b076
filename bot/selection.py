"""Which answer the selector picked for one retrieval intent (`tip` or `vraag_naaste`).

config.yml trains one selector per retrieval intent (addons/linear_nlu.py, in the layout of
Rasa's ResponseSelector): its output, under the intent's name, is read as is. A selector shared by
both retrieval intents (Rasa's ResponseSelector without `retrieval_intent`) writes under the key
`default` and ranks the keys of both: the keys of one retrieval intent are taken from that
ranking, their confidences renormalised over that intent, as a selector of its own would give them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Optional

SHARED = "default"
# the intents whose answer the reader decides (a carers' tip or a relatives' answer)
ANSWER_INTENTS = frozenset({"tip", "vraag_naaste"})
# together at least as sure as one intent must be (FallbackClassifier threshold in config.yml)
TIED_CONFIDENCE = 0.2


@dataclass(frozen=True)
class Selection:
    """The best key of one retrieval intent (without the intent), its confidence, and the ranking."""

    key: Optional[str]
    confidence: float
    ranking: tuple[tuple[str, float], ...]  # (key, confidence), best first


def _pairs(rows: Any, retrieval_intent: str) -> list[tuple[str, float]]:
    prefix = f"{retrieval_intent}/"
    pairs = [(str(row.get("intent_response_key") or ""), float(row.get("confidence") or 0)) for row in rows or []]
    return [(key[len(prefix) :], confidence) for key, confidence in pairs if key.startswith(prefix)]


def selection(response_selector: Optional[Mapping[str, Any]], retrieval_intent: str) -> Optional[Selection]:
    """The selector's choice among the keys of `retrieval_intent`; None when no selector ran (a payload)."""
    selectors = response_selector or {}
    own = selectors.get(retrieval_intent)
    if own:
        response = own.get("response") or {}
        best = _pairs([response], retrieval_intent)
        ranking = sorted(_pairs(own.get("ranking"), retrieval_intent), key=lambda pair: -pair[1])
        key, confidence = best[0] if best else (None, 0.0)
        return Selection(key, confidence, tuple(ranking))
    shared = selectors.get(SHARED)
    if not shared:
        return None
    ranking = _pairs(shared.get("ranking"), retrieval_intent)
    total = sum(confidence for _, confidence in ranking)
    ranking = sorted(((k, c / total) for k, c in ranking), key=lambda pair: -pair[1]) if total > 0 else []
    key, confidence = ranking[0] if ranking else (None, 0.0)
    return Selection(key, confidence, tuple(ranking))


def answer_intents_tied(intent_ranking: Any) -> bool:
    """Whether a message not understood reads as a tip question and a relatives' question alike.

    Those are its two best intents (after nlu_fallback), together at least TIED_CONFIDENCE sure.
    """
    ranked = [row for row in intent_ranking or [] if row.get("name") != "nlu_fallback"][:2]
    names = {row.get("name") for row in ranked}
    return names == ANSWER_INTENTS and sum(float(row.get("confidence") or 0) for row in ranked) >= TIED_CONFIDENCE
