"""The per-answer export as CSV: the operator's command-line tool `python -m bot export answers`.

It holds one row per answer with the stored respondent id and the time, so it is never served on
the web; the team's download is the aggregate of a release (bot/web/dashboard.py).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from bot.storage.repository import AnswerRow

EXPORT_COLUMNS = ["respondent", "unit", "relation", "item_id", "rung", "value", "answered_at"]
DONT_KNOW_EXPORT = "weet_niet"
FORMULA_START = ("=", "+", "-", "@")


def spreadsheet_safe(value: str) -> str:
    """Text that a spreadsheet will not run as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def write_answers_csv(stream: TextIO, rows: Iterable[AnswerRow]) -> None:
    """Write the header and one line per answer (value 1-4, or 'weet_niet' for don't know)."""
    writer = csv.writer(stream)
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row.respondent,
                spreadsheet_safe(row.unit or ""),
                spreadsheet_safe(row.relation or ""),
                row.item_id,
                row.rung,
                DONT_KNOW_EXPORT if row.value is None else row.value,
                row.answered_at.isoformat(),
            ]
        )
