"""The answers export as CSV, shared by `python -m bot export answers` and the team dashboard."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from typing import Optional, TextIO

from bot.storage.repository import AnswerRow

EXPORT_COLUMNS = ["respondent", "unit", "relation", "item_id", "rung", "value", "answered_at"]
DONT_KNOW_EXPORT = "weet_niet"
FORMULA_START = ("=", "+", "-", "@")


def _cell(value: str) -> str:
    """Text that a spreadsheet will not run as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def write_answers_csv(
    stream: TextIO, rows: Iterable[AnswerRow], respondent_label: Optional[Callable[[str], str]] = None
) -> None:
    """Write the header and one line per answer (value 1-4, or 'weet_niet' for don't know).

    `respondent_label` replaces the stored respondent id (the dashboard numbers respondents
    per download, so no stored id leaves the server).
    """
    label = respondent_label or (lambda respondent: respondent)
    writer = csv.writer(stream)
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                label(row.respondent),
                _cell(row.unit or ""),
                _cell(row.relation or ""),
                row.item_id,
                row.rung,
                DONT_KNOW_EXPORT if row.value is None else row.value,
                row.answered_at.isoformat(),
            ]
        )


class RespondentNumbers:
    """Numbers respondents 1, 2, 3... in order of first appearance."""

    def __init__(self) -> None:
        self._numbers: dict[str, str] = {}

    def __call__(self, respondent: str) -> str:
        return self._numbers.setdefault(respondent, str(len(self._numbers) + 1))
