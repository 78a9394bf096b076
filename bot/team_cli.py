"""The operator's commands for units and team codes (`python -m bot unit ...`, `python -m bot team ...`).

Secrets are printed once, on creation; lists never show a code or its hash.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any, Optional

from bot.storage.tokens import DEFAULT_DAYS, TeamTokens
from bot.storage.units import UnitRegistry, clean_unit_code

BAD_UNIT = (
    "'{unit}' is geen geldige afdelingscode (letters, cijfers, spatie, punt of streepje; " "hoogstens 40 tekens)."
)


def add_commands(commands: Any) -> None:
    """Add the `unit` and `team` subcommands to the main parser."""
    unit = commands.add_parser("unit", help="afdelingen registreren (alleen daarvoor worden antwoorden bewaard)")
    unit_actions = unit.add_subparsers(dest="action", required=True)
    add = unit_actions.add_parser("add", help="afdeling registreren of naam en contact bijwerken")
    add.add_argument("code", help="de afdelingscode, bijvoorbeeld B2")
    add.add_argument("--name", required=True, help="de naam van de afdeling")
    add.add_argument("--contact", help="hoe naasten de afdeling bereiken")
    access = add.add_mutually_exclusive_group()
    access.add_argument(
        "--open",
        dest="open_link",
        action="store_true",
        default=None,
        help="open link: iedereen met de link kan meedoen",
    )
    access.add_argument(
        "--invitations-only", dest="open_link", action="store_false", help="alleen naasten met een uitnodigingscode"
    )
    unit_actions.add_parser("list", help="alle geregistreerde afdelingen")

    team = commands.add_parser("team", help="teamcodes voor het dashboard (/team), één per persoon")
    team_actions = team.add_subparsers(dest="action", required=True)
    create = team_actions.add_parser("create", help="nieuwe code (wordt één keer getoond)")
    create.add_argument("--unit", required=True, help="de afdeling, bijvoorbeeld B2")
    create.add_argument("--days", type=int, default=DEFAULT_DAYS, help=f"dagen geldig (standaard {DEFAULT_DAYS})")
    create.add_argument("--label", default="", help="voor wie de code is, bijvoorbeeld 'Ans, teamleider'")
    listing = team_actions.add_parser("list", help="codes van een afdeling, zonder de code zelf")
    listing.add_argument("--unit", required=True)
    revoke = team_actions.add_parser("revoke", help="één code (--id) of alle codes van een afdeling (--unit) intrekken")
    which = revoke.add_mutually_exclusive_group(required=True)
    which.add_argument("--id", type=int, help="het id uit 'team list'")
    which.add_argument("--unit")
    log = team_actions.add_parser("log", help="wie het dashboard bekeek of downloadde")
    log.add_argument("--unit", required=True)


def _time(moment: Optional[datetime]) -> str:
    return "" if moment is None else moment.strftime("%Y-%m-%d %H:%M")


def _unit_or_error(raw: str) -> Optional[str]:
    code = clean_unit_code(raw)
    if code is None:
        print(BAD_UNIT.format(unit=raw), file=sys.stderr)
    return code


def unit_command(args: argparse.Namespace) -> int:
    units = UnitRegistry()
    if args.action == "list":
        print("code\tname\taccess\tcontact")
        for unit in units.all():
            access = "open" if unit.open_link else "invitations"
            print(f"{unit.code}\t{unit.name}\t{access}\t{unit.contact or ''}")
        return 0
    if _unit_or_error(args.code) is None:
        return 2
    try:
        unit = units.add(args.code, args.name, args.contact, open_link=args.open_link)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    if unit.open_link:
        how = f"met een open link: /chat?afdeling={unit.code} (de cijfers rusten dan op een open link)"
    else:
        how = f"met uitnodigingen: python -m bot invite create --unit {unit.code} --count 40"
    print(f"Afdeling {unit.code} ({unit.name}) is geregistreerd; naasten doen mee {how}.", file=sys.stderr)
    return 0


def team_command(args: argparse.Namespace) -> int:
    tokens = TeamTokens()
    if args.action == "revoke" and args.id is not None:
        revoked = tokens.revoke_one(args.id)
        if revoked is None:
            print(f"Er is geen code met id {args.id}.", file=sys.stderr)
            return 1
        print(
            f"Code {revoked.id} ({revoked.label or 'zonder label'}) van afdeling {revoked.unit} is ingetrokken.",
            file=sys.stderr,
        )
        return 0
    code = _unit_or_error(args.unit)
    if code is None:
        return 2
    if args.action == "revoke":
        print(f"{tokens.revoke(code)} code(s) van afdeling {code} ingetrokken.", file=sys.stderr)
        return 0
    if args.action == "list":
        print("id\tlabel\tcreated\texpires\trevoked")
        for info in tokens.codes(code):
            print(
                f"{info.id}\t{info.label}\t{_time(info.created_at)}\t{_time(info.expires_at)}\t{_time(info.revoked_at)}"
            )
        return 0
    if args.action == "log":
        print("time\tlabel\twhat")
        for entry in tokens.access_log(code):
            print(f"{_time(entry.at)}\t{entry.label}\t{entry.what}")
        return 0
    if args.days < 1:
        print("--days moet minstens 1 zijn.", file=sys.stderr)
        return 2
    token = tokens.create(code, days=args.days, label=args.label)
    print(token)
    print(
        f"Dit is de teamcode voor afdeling {code}, {args.days} dagen geldig. Geef hem aan één persoon en bewaar "
        "hem goed: hij wordt niet opgeslagen en is niet terug te halen. Open /team en vul de code in.",
        file=sys.stderr,
    )
    return 0
