"""The figures of one unit's relatives as the team may see them (computed once per release).

Every count rests on at least MINIMUM_GROUP relatives or is hidden (None, shown as "minder
dan 5"). Within one breakdown (rungs now, rungs desired, relations, page languages, the answers
to one statement) more cells are hidden until the hidden cells together hold no one or at least
MINIMUM_GROUP relatives, so a small cell cannot be worked out from the total either. A mean
(one decimal) appears only where every count it rests on (answers 1 to 4) is shown or is known
to be zero, so it never tells more than the counts (tests/test_hidden_counts.py enumerates
every group of 5 to 12). Only finished scans count, also in the response: invitations made for
the round and scans finished.

The result is plain JSON data, self-contained (statement texts and labels included), so a
release shows the same page however the content changes later.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from statistics import mean
from typing import Any, Optional

from bot.config import MINIMUM_GROUP
from bot.content import RUNGS, Content
from bot.languages import LANGUAGES
from bot.scan import RELATIONS
from bot.scoring import NO_RUNG_YET, ON_RUNG, ladder_position

DONT_KNOW = "weet_niet"
ANSWER_KEYS = ("1", "2", "3", "4", DONT_KNOW)
Cell = Optional[int]


@dataclass(frozen=True)
class RespondentData:
    """What the figures need of one consented relative (no id, no time)."""

    relation: Optional[str]
    desired: Optional[int]
    answers: Mapping[str, Optional[int]]
    finished: bool
    language: str = "nl"  # the page's language when the scan was finished


def hide_small(counts: Sequence[int], always_hidden: Sequence[int] = (), minimum: int = MINIMUM_GROUP) -> list[Cell]:
    """The counts of one breakdown with small cells hidden (None).

    A count below the minimum is hidden; then the smallest shown counts are hidden too while
    the hidden counts together lie between 1 and minimum - 1, because the total is known.
    `always_hidden` are positions never shown (such as "no answer").
    """
    hidden = {i for i, count in enumerate(counts) if count < minimum} | set(always_hidden)
    while 0 < sum(counts[i] for i in hidden) < minimum:
        shown = sorted((counts[i], i) for i in range(len(counts)) if i not in hidden)
        if not shown:
            break
        hidden.add(shown[0][1])
    return [None if i in hidden else count for i, count in enumerate(counts)]


def one_decimal(value: float) -> float:
    """Rounded half up to one decimal (3.25 -> 3.3), as people expect."""
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _rungs(content: Content, finished: list[RespondentData]) -> dict[str, Any]:
    scan = content.relatives_scan
    positions = [ladder_position(scan, r.answers) for r in finished]
    currents = [p.rung if p.outcome == ON_RUNG else p.outcome for p in positions]
    # per rung, then "nog geen trede", then too few answers to tell
    now = hide_small(
        [currents.count(rung) for rung in RUNGS]
        + [currents.count(NO_RUNG_YET)]
        + [len(finished) - sum(1 for c in currents if c in RUNGS or c == NO_RUNG_YET)]
    )
    wished = [r.desired for r in finished]
    desired = hide_small([wished.count(rung) for rung in RUNGS] + [wished.count(None)])
    return {
        "rungs": [
            {"number": rung, "name": content.rung(rung).name, "current": now[i], "desired": desired[i]}
            for i, rung in enumerate(RUNGS)
        ],
        "no_rung_yet": now[-2],
        "too_few": now[-1],
        "no_desired": desired[-1],
    }


def _relations(finished: list[RespondentData]) -> list[dict[str, Any]]:
    codes = list(RELATIONS)
    given = [r.relation for r in finished]
    counts = hide_small(
        [given.count(code) for code in codes] + [sum(1 for g in given if g not in RELATIONS)],
        always_hidden=[len(codes)],
    )
    return [{"code": code, "label": RELATIONS[code][0], "count": counts[i]} for i, code in enumerate(codes)]


def _languages(finished: list[RespondentData]) -> list[dict[str, Any]]:
    """Finished scans per page language, one breakdown with small cells hidden like the others."""
    given = [r.language if r.language in LANGUAGES else "nl" for r in finished]
    counts = hide_small([given.count(code) for code in LANGUAGES])
    return [{"code": code, "count": counts[i]} for i, code in enumerate(LANGUAGES)]


def mean_rests_on_shown_counts(
    counts: Sequence[int], always_hidden: Sequence[int] = (), minimum: int = MINIMUM_GROUP, values: int = 4
) -> bool:
    """True when a mean of the first `values` counts (answers 1 to 4) reveals no hidden count.

    That holds when hide_small shows each of those counts, or when the hidden counts hold nobody
    (the shown ones add up to the total). Otherwise it does not: 5 answers with mean 3,8 are one
    3 and four 4s. One rule for the relatives' figures and the staff scan's (bot/teamscan/score.py).
    """
    cells = hide_small(counts, always_hidden, minimum)
    hidden_total = sum(count for count, cell in zip(counts, cells, strict=True) if cell is None)
    return hidden_total == 0 or all(cell is not None for cell in cells[:values])


def _items(content: Content, finished: list[RespondentData]) -> list[dict[str, Any]]:
    items = []
    for number, item in enumerate(content.relatives_scan.items, start=1):
        given = [r.answers[item.id] for r in finished if item.id in r.answers]
        values = [v for v in given if v is not None]
        counts = [values.count(int(key)) for key in ANSWER_KEYS[:-1]] + [given.count(None)]
        cells = hide_small(counts + [len(finished) - len(given)], always_hidden=[len(counts)])
        items.append(
            {
                "number": number,
                "id": item.id,
                "text": item.text,
                "rung": item.rung,
                "counts": dict(zip(ANSWER_KEYS, cells, strict=False)),
                "mean": one_decimal(mean(values))
                if values and mean_rests_on_shown_counts(counts + [len(finished) - len(given)], [len(counts)])
                else None,
            }
        )
    return items


def _response(finished: list[RespondentData], invited: Optional[int]) -> dict[str, Any]:
    """Invitations made for the round and scans finished (None on an open link)."""
    rate = None
    if invited:
        rate = round(100 * len(finished) / invited)
    return {"invited": invited, "finished": len(finished), "rate": rate}


def compute_figures(
    content: Content, respondents: Sequence[RespondentData], invited: Optional[int] = None
) -> dict[str, Any]:
    """The figures of the finished relatives among `respondents`; `invited`: invitations of the round."""
    finished = [r for r in respondents if r.finished]
    scale = [
        {"key": DONT_KNOW if option.value is None else str(option.value), "label": option.label}
        for option in content.relatives_scan.scale
    ]
    return {
        "respondents": len(finished),
        "minimum": MINIMUM_GROUP,
        **_rungs(content, finished),
        "relations": _relations(finished),
        "languages": _languages(finished),
        "scale": sorted(scale, key=lambda option: ANSWER_KEYS.index(option["key"])),
        "items": _items(content, finished),
        "response": _response(finished, invited),
    }
