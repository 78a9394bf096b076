"""The operator's commands for the staff quick scan and the action plan.

`python -m bot teamscan open|close|list --unit CODE` and `python -m bot actions export --unit CODE`.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.content import action_plan
from bot.storage.activities import ActivityRepository
from bot.storage.teamscan import TeamScanRepository, close_code
from bot.storage.units import clean_unit_code
from bot.teamscan import activities_csv


def add_commands(commands: Any) -> None:
    """Add the `teamscan` and `actions` subcommands to the main parser."""
    teamscan = commands.add_parser("teamscan", help="rondes van de quick scan voor medewerkers (T0, T1, ...)")
    rounds = teamscan.add_subparsers(dest="action", required=True)
    for name, help_text in (
        ("open", "nieuwe ronde openen; toont de rondecode voor het team"),
        ("close", "de open ronde sluiten (daarna verandert er niets meer)"),
        ("list", "alle rondes van een afdeling"),
    ):
        rounds.add_parser(name, help=help_text).add_argument("--unit", required=True, help="de afdeling, bijv. B2")
    actions = commands.add_parser("actions", help="het actieplan van een afdeling")
    plan = actions.add_subparsers(dest="action", required=True)
    plan.add_parser("export", help="alle activiteiten als CSV (dezelfde als op het dashboard)").add_argument(
        "--unit", required=True
    )


def teamscan_command(args: argparse.Namespace) -> int:
    unit = clean_unit_code(args.unit)
    if unit is None:
        print(f"'{args.unit}' is geen geldige afdelingscode.", file=sys.stderr)
        return 2
    repository = TeamScanRepository()
    if args.action == "list":
        print("ronde\tcode\tgeopend\tgesloten\tmedewerkers")
        for found in repository.rounds(unit):
            # an open round has no figures, not even how many finished
            members = "" if found.open else str(repository.tallies(found.id)[0])
            closed = found.closed_at.strftime("%Y-%m-%d %H:%M") if found.closed_at else ""
            print(f"{found.label}\t{found.code}\t{found.opened_at:%Y-%m-%d %H:%M}\t{closed}\t{members}")
        return 0
    if args.action == "close":
        closed_round = repository.close_round(unit)
        if closed_round is None:
            print(f"Afdeling {unit} heeft geen open ronde.", file=sys.stderr)
            return 1
        print(f"Ronde {closed_round.label} van afdeling {unit} is gesloten.", file=sys.stderr)
        return 0
    try:
        opened, already = repository.open_round(unit)
    except ValueError:
        print(
            f"Afdeling {unit} is niet geregistreerd: eerst `python -m bot unit add {unit} --name ...`.", file=sys.stderr
        )
        return 1
    print(opened.code)
    state = "was al open" if already else "is geopend"
    print(
        f"Ronde {opened.label} van afdeling {unit} {state}. Teamleden typen 'teamscan' in de chat en dan deze "
        f"rondecode. De teamleider sluit de ronde in de chat met 'teamscan' en de sluitcode {close_code(opened)} "
        "(ook te zien op het dashboard).",
        file=sys.stderr,
    )
    return 0


def actions_command(args: argparse.Namespace) -> int:
    unit = clean_unit_code(args.unit)
    if unit is None:
        print(f"'{args.unit}' is geen geldige afdelingscode.", file=sys.stderr)
        return 2
    sys.stdout.write(activities_csv(ActivityRepository().activities(unit), action_plan()))
    return 0
