"""Tips for carers: how a tip is shown, which tips to offer next, closest matches."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Optional

from bot.content import Tip
from bot.content.replies import CARER, replies

WALKTHROUGH_PAYLOAD = "/start_walkthrough"
CLOSEST_COUNT = 3


@dataclass(frozen=True)
class TipButton:
    """A button under a tip: another tip (key) or the walkthrough (payload)."""

    title: str
    key: Optional[str] = None
    payload: Optional[str] = None


def tip_payload(key: str) -> str:
    """Button payload that asks for one tip without going through NLU."""
    return "/tip" + json.dumps({"tip_key": key})


def tip_message(tip: Tip) -> str:
    """The text of one tip: title, advice and an example from daily care."""
    return f"{tip.title}\n{tip.text}\n{replies().message('tip_example', CARER, example=tip.example)}"


def tip_buttons(tip: Tip, tips: Mapping[str, Tip]) -> list[TipButton]:
    """Related tips, plus the step-by-step start conversation where it fits."""
    buttons = [TipButton(title=tips[key].title, key=key) for key in tip.related]
    if tip.walkthrough:
        buttons.append(TipButton(title=replies().message("tip_walkthrough_button", CARER), payload=WALKTHROUGH_PAYLOAD))
    return buttons


def closest_tips(ranking: Sequence[tuple[str, float]], tips: Mapping[str, Tip]) -> list[Tip]:
    """The best-ranked known tips (key, confidence), at most three."""
    ordered = sorted(ranking, key=lambda pair: -pair[1])
    return [tips[key] for key, _ in ordered if key in tips][:CLOSEST_COUNT]
