"""Command line: `python -m bot migrate | export answers [--unit CODE] | team create --unit CODE`."""

from __future__ import annotations

import argparse
import sys

from bot.export import DONT_KNOW_EXPORT, EXPORT_COLUMNS, write_answers_csv
from bot.storage import db
from bot.storage.repository import ScanRepository

__all__ = ["DONT_KNOW_EXPORT", "EXPORT_COLUMNS", "export_answers", "main"]


def export_answers(unit: str | None) -> None:
    """Print all stored answers as CSV (value empty for no answer, 'weet_niet' for don't know)."""
    write_answers_csv(sys.stdout, ScanRepository().export(unit=unit))


def team_command(action: str, unit: str) -> int:
    """Create or revoke the dashboard tokens of a unit."""
    from bot.web.tokens import TeamTokens, clean_unit

    code = clean_unit(unit)
    if code is None:
        print(f"'{unit}' is geen geldige afdelingscode (letters, cijfers, spatie, punt of streepje; "
              "hoogstens 40 tekens).", file=sys.stderr)
        return 2
    tokens = TeamTokens()
    if action == "revoke":
        count = tokens.revoke(code)
        print(f"{count} code(s) van afdeling {code} ingetrokken.", file=sys.stderr)
        return 0
    token = tokens.create(code)
    print(token)
    print(
        f"Dit is de teamcode voor afdeling {code}. Bewaar hem goed: hij wordt niet opgeslagen en is niet "
        "terug te halen. Open /team en vul de code in.",
        file=sys.stderr,
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Samenspraak beheer")
    commands = parser.add_subparsers(dest="command", required=True)
    migrate = commands.add_parser("migrate", help="database schema bijwerken")
    migrate.add_argument("--down", metavar="REVISION", help="terug naar deze revisie (bijv. base)")
    export = commands.add_parser("export", help="gegevens exporteren als CSV")
    export.add_argument("what", choices=["answers"])
    export.add_argument("--unit", help="alleen deze afdeling")
    team = commands.add_parser("team", help="teamcodes voor het dashboard (/team)")
    team.add_argument("action", choices=["create", "revoke"], help="create: nieuwe code; revoke: alle codes intrekken")
    team.add_argument("--unit", required=True, help="de afdeling, bijvoorbeeld B2")
    args = parser.parse_args(argv)
    if args.command == "migrate":
        if args.down:
            db.downgrade(revision=args.down)
        else:
            db.migrate()
        return 0
    if args.command == "team":
        return team_command(args.action, args.unit)
    export_answers(args.unit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
