"""The operator's commands for invitations and releases.

`python -m bot invite create --unit CODE --count 40 [--round T1] [--taal tr]` makes one-time codes
and writes the letters (PDF, and with --html a page that prints well; with --taal in Dutch and that
language on each page); `invite list --unit CODE` counts them
per round; `python -m bot release --unit CODE` makes a due release at once.
Codes are printed once, on creation (only their HMAC is stored).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Optional

from bot.config import public_base_url
from bot.invitation_letters import build_letters, letters_pdf
from bot.invitations import parse_round
from bot.languages import LANGUAGES
from bot.storage.invitations import MAX_COUNT, InvitationRepository
from bot.storage.releases import ReleaseRepository
from bot.storage.units import UnitInfo, UnitRegistry, clean_unit_code


def add_commands(commands: Any) -> None:
    """Add the `invite` and `release` subcommands to the main parser."""
    invite = commands.add_parser("invite", help="uitnodigingen met een eenmalige code voor naasten")
    actions = invite.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="nieuwe codes en de brieven (PDF) om te printen")
    create.add_argument("--unit", required=True, help="de afdeling, bijvoorbeeld B2")
    create.add_argument("--count", type=int, required=True, help=f"aantal uitnodigingen (1 tot {MAX_COUNT})")
    create.add_argument("--round", help="de meetronde: T0, T1, ... (standaard de laatste ronde, of T0)")
    create.add_argument("--pdf", help="pad van de PDF (standaard uitnodigingen-AFDELING-RONDE.pdf)")
    create.add_argument("--html", help="schrijf de brieven ook als HTML-pagina naar dit pad")
    create.add_argument(
        "--taal",
        choices=[code for code in LANGUAGES if code != "nl"],
        help="tweede taal op elke brief, naast het Nederlands; de link opent het gesprek in die taal",
    )
    listing = actions.add_parser("list", help="aantal uitnodigingen per ronde (nooit de codes)")
    listing.add_argument("--unit", required=True)
    release = commands.add_parser(
        "release", help="een vrijgave die klaarstaat nu maken (anders elke dag om RELEASE_HOUR)"
    )
    release.add_argument("--unit", required=True)


def _unit(raw: str) -> Optional[UnitInfo]:
    code = clean_unit_code(raw)
    unit = UnitRegistry().get(code) if code else None
    if unit is None:
        print(f"Afdeling '{raw}' is niet geregistreerd: python -m bot unit add CODE --name ...", file=sys.stderr)
    return unit


def invite_command(args: argparse.Namespace) -> int:
    unit = _unit(args.unit)
    if unit is None:
        return 2
    invitations = InvitationRepository()
    if args.action == "list":
        print("round\tinvitations")
        for name, count in invitations.sent(unit.code).items():
            print(f"{name}\t{count}")
        return 0
    round_ = None
    if args.round:
        round_ = parse_round(args.round)
        if round_ is None:
            print(f"--round {args.round!r} is geen meetronde; gebruik T0, T1, T2, ...", file=sys.stderr)
            return 2
    if not 1 <= args.count <= MAX_COUNT:
        print(f"--count moet tussen 1 en {MAX_COUNT} liggen.", file=sys.stderr)
        return 2
    issued = invitations.create(unit.code, args.count, round_)
    letters = build_letters(unit.name, issued, public_base_url(), args.taal)
    name = issued[0].round
    pdf_path = Path(args.pdf or f"uitnodigingen-{unit.code}-{name}.pdf")
    pdf_path.write_bytes(letters_pdf(letters))
    if args.html:
        from bot.web.invitation_pages import letters_page

        Path(args.html).write_text(letters_page(unit.name, letters), encoding="utf-8")
    print("code\tlink")
    for letter in letters:
        print(f"{letter.code}\t{letter.link}")
    print(
        f"{len(issued)} uitnodigingen voor afdeling {unit.code}, ronde {name}, geldig tot "
        f"{issued[0].expires_at:%Y-%m-%d}. Brieven: {pdf_path}{' en ' + args.html if args.html else ''}. "
        "De codes worden niet bewaard: print de brieven nu.",
        file=sys.stderr,
    )
    if unit.open_link:
        print(
            f"Let op: afdeling {unit.code} heeft ook een open link. Alleen uitnodigingen: "
            f"python -m bot unit add {unit.code} --name '{unit.name}' --invitations-only",
            file=sys.stderr,
        )
    return 0


def release_command(args: argparse.Namespace) -> int:
    unit = _unit(args.unit)
    if unit is None:
        return 2
    releases = ReleaseRepository()
    made = releases.release_due(unit.code)
    if not made:
        print(
            f"Niets vrij te geven voor afdeling {unit.code}: "
            "elke ronde heeft minder dan 5 nieuwe afgeronde vragenlijsten.",
            file=sys.stderr,
        )
        return 1
    print(f"Vrijgave {', '.join(str(n) for n in made)} gemaakt voor afdeling {unit.code}.", file=sys.stderr)
    return 0
