"""Scoring the relatives' quick scan and turning it into a ladder result with advice.

Scoring rule (also in README.md):
- answers are 1 (nee, nooit) to 4 (ja, altijd); "weet ik niet" is left out;
- a rung is reached when the mean of its answered statements is at least 2.5;
- the current rung is the highest rung up to which every rung with answers is reached,
  counting up from rung 1; a rung whose statements were all "weet ik niet" neither
  counts nor breaks the chain; the lowest possible result is rung 1;
- with no answered statement at all there is no current rung.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from statistics import mean
from typing import Optional

from bot.content import RUNGS, Content, RelativesScan

REACHED_AT = 2.5
GOOD_AT = 3
MAX_STRENGTHS = 3


def rung_means(scan: RelativesScan, answers: Mapping[str, Optional[int]]) -> dict[int, Optional[float]]:
    """Mean answer per rung (None when a rung has no answered statement)."""
    result: dict[int, Optional[float]] = {}
    for rung in RUNGS:
        values = [
            value
            for item in scan.items
            if item.rung == rung and (value := answers.get(item.id)) is not None
        ]
        result[rung] = mean(values) if values else None
    return result


def current_rung(scan: RelativesScan, answers: Mapping[str, Optional[int]]) -> Optional[int]:
    """The rung the relative stands on now, by the rule in this module's docstring."""
    means = rung_means(scan, answers)
    if all(m is None for m in means.values()):
        return None
    reached = 1
    for rung in RUNGS:
        value = means[rung]
        if value is None:
            continue
        if value < REACHED_AT:
            break
        reached = rung
    return reached


def strengths(scan: RelativesScan, answers: Mapping[str, Optional[int]]) -> list[str]:
    """Short phrases for what already goes well (answers 3 or 4), highest rungs first."""
    good = [item for item in scan.items if (answers.get(item.id) or 0) >= GOOD_AT]
    good.sort(key=lambda item: -item.rung)
    return [item.summary for item in good[:MAX_STRENGTHS]]


@dataclass(frozen=True)
class ScanResult:
    """Everything the relative sees at the end of the scan."""

    current: Optional[int]
    desired: int
    messages: tuple[str, ...]


def _join(phrases: list[str]) -> str:
    return phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " en " + phrases[-1]


def build_result(content: Content, answers: Mapping[str, Optional[int]], desired: int) -> ScanResult:
    """Current rung, desired rung, next step and what went well, as chat messages."""
    scan = content.relatives_scan
    current = current_rung(scan, answers)
    wanted = content.rung(desired)
    messages = [scan.result_intro]
    if current is None:
        messages.append(
            "U heeft bij alle stellingen 'weet ik niet' gekozen. Daarom kan ik niet zeggen "
            f"op welke trede u nu staat. U zou graag op trede {desired} ({wanted.name}) staan."
        )
        advice = content.advice[(1, desired)]
    else:
        now = content.rung(current)
        messages.append(
            f"U staat nu op trede {current} van 5: {now.name}. {now.explanation}\n"
            f"U zou graag op trede {desired} staan: {wanted.name}."
        )
        if desired <= current:
            messages.append(scan.stay_ok)
        advice = content.advice[(current, desired)]
    messages.append(f"Wat u zelf kunt doen: {advice.relative}\nWat u het team kunt vragen: {advice.ask_team}")
    good = strengths(scan, answers)
    if good:
        messages.append(f"Wat al goed gaat: {_join(good)}.")
    return ScanResult(current=current, desired=desired, messages=tuple(messages))
