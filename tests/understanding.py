"""What the trained assistant would do with a sentence, measured on held-out sentences.

Used by tests/test_understanding.py. A sentence gets a tip or a relatives' answer only as the
actions decide it: the intent (after the FallbackClassifier of config.yml) must be `tip` or
`vraag_naaste`, and the ResponseSelector must be at least as sure as the action asks
(actions/tips.py TIP_CONFIDENCE, bot/relatives_answer.py ANSWER_CONFIDENCE). A relative's `tip`
is answered from the relatives' questions (actions/tips.py), and so is a message not understood
only because it reads as a tip question and a relatives' question alike (for a reader who is not
a carer; bot/selection.py).
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import yaml

from actions.relatives import RETRIEVAL_INTENT
from actions.tips import TIP_CONFIDENCE
from bot.relatives_answer import ANSWER_CONFIDENCE
from bot.selection import Selection, answer_intents_tied, selection
from tests.servers import ROOT

# next to the repository; WIKI_SENTENCES names another place (a git worktree elsewhere)
WIKI_SOURCE = Path(os.environ.get("WIKI_SENTENCES") or ROOT.parent / "shared" / "data" / "nl_wiki_sentences.txt")
WIKI_TRAINING = ROOT / "data" / "nlu" / "out_of_scope_wiki.yml"


def examples(path: Path) -> list[tuple[str, str]]:
    """(label, sentence) of a Rasa NLU YAML file; label is `intent` or `intent/key`."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs = []
    for block in document.get("nlu") or []:
        if "intent" not in block:
            continue
        for line in str(block.get("examples") or "").splitlines():
            text = line.strip()
            if text.startswith("- "):
                pairs.append((str(block["intent"]), text[2:].strip()))
    return pairs


def heldout_wiki_sentences() -> list[str]:
    """The Wikipedia sentences that scripts/select_wiki_sentences.py did not put in training."""
    from scripts.select_wiki_sentences import sentences

    trained = {text for _, text in examples(WIKI_TRAINING)}
    return [text for text in sentences(WIKI_SOURCE) if text not in trained]


@dataclass(frozen=True)
class Reading:
    """The parts of one NLU parse that decide the reply."""

    intent: str
    intent_confidence: float
    tip: Optional[str]
    tip_confidence: float
    question: Optional[str]
    question_confidence: float
    closest_questions: tuple[str, ...]  # the three best-ranked relatives' keys (offered as buttons)
    tied: bool = False  # not understood, but a tip question and a relatives' question alike

    def answer(self, relative: bool) -> Optional[str]:
        """'tip/<key>' or 'vraag_naaste/<key>' when the assistant would answer with it, else None."""
        if (relative and self.intent in {"tip", RETRIEVAL_INTENT}) or self.tied:
            # a relative's tip question, or one that only the reader decides (actions/tips.py)
            return self.question if self.question_confidence >= ANSWER_CONFIDENCE else None
        if self.intent == "tip" and self.tip_confidence >= TIP_CONFIDENCE:
            return self.tip
        if self.intent == RETRIEVAL_INTENT and self.question_confidence >= ANSWER_CONFIDENCE:
            return self.question
        return None


def reading(parse: dict[str, Any]) -> Reading:
    tip = selection(parse.get("response_selector"), "tip") or Selection(None, 0.0, ())
    question = selection(parse.get("response_selector"), RETRIEVAL_INTENT) or Selection(None, 0.0, ())
    return Reading(
        closest_questions=tuple(f"{RETRIEVAL_INTENT}/{key}" for key, _ in question.ranking[:3]),
        intent=str((parse.get("intent") or {}).get("name")),
        intent_confidence=float((parse.get("intent") or {}).get("confidence") or 0),
        tip=f"tip/{tip.key}" if tip.key else None,
        tip_confidence=tip.confidence,
        question=f"{RETRIEVAL_INTENT}/{question.key}" if question.key else None,
        question_confidence=question.confidence,
        tied=parse.get("intent", {}).get("name") == "nlu_fallback" and answer_intents_tied(parse.get("intent_ranking")),
    )


class Model:
    """The trained model, loaded once; parses sentences the way the Rasa server does."""

    def __init__(self, path: Path) -> None:
        import structlog
        from rasa.core.agent import Agent

        from tests.servers import count_model_start

        count_model_start("model in the test process")
        # Rasa logs every parse at debug level; the figures are what the tests print
        structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
        self.loop = asyncio.new_event_loop()
        self.agent = Agent.load(str(path))

    def read(self, sentences: Iterable[str], metadata: Optional[dict[str, Any]] = None) -> list[Reading]:
        """Readings of the sentences, sent with `metadata` as a page sends it (none by default)."""
        from rasa.core.channels.channel import UserMessage

        processor = self.agent.processor
        assert processor is not None

        async def parse_all() -> list[Reading]:
            return [reading(await processor.parse_message(UserMessage(text, metadata=metadata))) for text in sentences]

        return self.loop.run_until_complete(parse_all())

    def close(self) -> None:
        self.loop.close()


def rate(readings: list[Reading], relative: bool) -> float:
    """Share of the sentences that would get a tip or a relatives' answer."""
    return sum(r.answer(relative) is not None for r in readings) / max(len(readings), 1)
