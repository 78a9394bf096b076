"""No hidden count can be worked out from the page: every answer distribution of 5 to 12 relatives.

For one statement the page shows the counts per answer ("minder dan 5" when hidden), the mean
and the number of relatives. Distributions that give the same page cannot be told apart; a
hidden count is safe unless all of them agree on it and it lies between 1 and 4.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import product
from typing import Any, Optional

import pytest

from bot.content import content
from bot.figures import RespondentData, compute_figures, hide_small, one_decimal

ITEM = content().relatives_scan.items[0]
VALUES: tuple[Optional[int], ...] = (1, 2, 3, 4, None)
GROUPS = range(5, 13)


def distributions(total: int, parts: int) -> Iterator[tuple[int, ...]]:
    """Every way to spread `total` relatives over `parts` answers."""
    if parts == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in distributions(total - first, parts - 1):
            yield (first, *rest)


def statement_page(counts: tuple[int, ...]) -> tuple[Any, ...]:
    """What the page shows of the first statement when relatives answered it as `counts`."""
    relatives = [
        RespondentData(relation="kind", desired=3, answers={ITEM.id: value}, finished=True)
        for value, count in zip(VALUES, counts, strict=True)
        for _ in range(count)
    ]
    item = compute_figures(content(), relatives)["items"][0]
    return (len(relatives), *item["counts"].values(), item["mean"])


def leaks(pages: dict[tuple[Any, ...], list[tuple[int, ...]]], hidden_of: Any) -> list[tuple[Any, ...]]:
    """Pages from which some hidden count between 1 and 4 follows (all candidates agree on it)."""
    found = []
    for page, candidates in pages.items():
        for position in hidden_of(page):
            values = {candidate[position] for candidate in candidates}
            if len(values) == 1 and 1 <= next(iter(values)) <= 4:
                found.append((page, position, values))
    return found


@pytest.mark.parametrize("total", GROUPS)
def test_no_hidden_answer_count_follows_from_a_statement(total: int) -> None:
    pages: dict[tuple[Any, ...], list[tuple[int, ...]]] = defaultdict(list)
    for counts in distributions(total, len(VALUES)):
        pages[statement_page(counts)].append(counts)
    # positions 1..5 of the page are the counts; a None there is a hidden cell
    found = leaks(pages, lambda page: [i for i, cell in enumerate(page[1:6]) if cell is None])
    assert found == []
    # the test can fail: the mean shown whenever five answers gave one (the old rule) leaks
    assert any(page[-1] is not None for page in pages)


def test_a_mean_without_the_rule_would_give_hidden_counts_away() -> None:
    # 5 answers, mean 3.8, every count hidden: one "3" and four "4" (the case in issue 20)
    assert statement_page((0, 0, 1, 4, 0))[1:] == (None, None, None, None, None, None)

    def old_page(counts: tuple[int, ...]) -> tuple[Any, ...]:
        # the earlier rule: a mean wherever at least five answers other than "weet ik niet"
        values = [v for v, c in zip(VALUES[:4], counts, strict=False) for _ in range(c)]
        mean = one_decimal(sum(values) / len(values)) if len(values) >= 5 else None
        return (sum(counts), *hide_small([*counts, 0], always_hidden=[5])[:5], mean)

    pages: dict[tuple[Any, ...], list[tuple[int, ...]]] = defaultdict(list)
    for total in GROUPS:
        for counts in distributions(total, len(VALUES)):
            pages[old_page(counts)].append(counts)
    found = leaks(pages, lambda page: [i for i, cell in enumerate(page[1:6]) if cell is None])
    assert len({page for page, _, _ in found}) >= 95


@pytest.mark.parametrize("parts", [2, 3, 4, 5, 6, 7])
def test_no_hidden_count_follows_from_any_breakdown(parts: int) -> None:
    """Rungs now (7 cells), desired (6), relations (6 with one always hidden): any total of 5 to 12."""
    for always in ([], [parts - 1]):
        pages: dict[tuple[Any, ...], list[tuple[int, ...]]] = defaultdict(list)
        for total in GROUPS:
            for counts in distributions(total, parts):
                pages[(total, *hide_small(list(counts), always_hidden=always))].append(counts)
        assert leaks(pages, lambda page: [i for i, cell in enumerate(page[1:]) if cell is None]) == []


def test_the_enumeration_finds_a_leak_when_there_is_one() -> None:
    """A page that shows cells below five (no hiding) is caught by the same check."""
    pages: dict[tuple[Any, ...], list[tuple[int, ...]]] = defaultdict(list)
    for counts in product(range(6), repeat=2):
        shown = [c if c >= 3 else None for c in counts]
        pages[(sum(counts), *shown)].append(counts)
    assert leaks(pages, lambda page: [i for i, cell in enumerate(page[1:]) if cell is None]) != []
