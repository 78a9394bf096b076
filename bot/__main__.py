"""Command line: `python -m bot migrate`, `python -m bot export answers [--unit CODE]`."""

from __future__ import annotations

import argparse
import csv
import sys

from bot.storage import db
from bot.storage.repository import ScanRepository

EXPORT_COLUMNS = ["respondent", "unit", "relation", "item_id", "rung", "value", "answered_at"]
DONT_KNOW_EXPORT = "weet_niet"


def export_answers(unit: str | None) -> None:
    """Print all stored answers as CSV (value empty for no answer, 'weet_niet' for don't know)."""
    writer = csv.writer(sys.stdout)
    writer.writerow(EXPORT_COLUMNS)
    for row in ScanRepository().export(unit=unit):
        writer.writerow(
            [
                row.respondent,
                row.unit or "",
                row.relation or "",
                row.item_id,
                row.rung,
                DONT_KNOW_EXPORT if row.value is None else row.value,
                row.answered_at.isoformat(),
            ]
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Samenspraak beheer")
    commands = parser.add_subparsers(dest="command", required=True)
    migrate = commands.add_parser("migrate", help="database schema bijwerken")
    migrate.add_argument("--down", metavar="REVISION", help="terug naar deze revisie (bijv. base)")
    export = commands.add_parser("export", help="gegevens exporteren als CSV")
    export.add_argument("what", choices=["answers"])
    export.add_argument("--unit", help="alleen deze afdeling")
    args = parser.parse_args(argv)
    if args.command == "migrate":
        if args.down:
            db.downgrade(revision=args.down)
        else:
            db.migrate()
        return 0
    export_answers(args.unit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
