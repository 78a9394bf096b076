"""The operator's command line: migrate, export, unit, team, invite, release, purge, erase, mask (see --help)."""

from __future__ import annotations

import argparse
import sys

from bot import invite_cli, team_cli, teamscan_cli
from bot.export import DONT_KNOW_EXPORT, EXPORT_COLUMNS, write_answers_csv
from bot.storage import db
from bot.storage.repository import ScanRepository

__all__ = ["DONT_KNOW_EXPORT", "EXPORT_COLUMNS", "export_answers", "main"]


def export_answers(unit: str | None) -> None:
    """Print all stored answers as CSV (value empty for no answer, 'weet_niet' for don't know)."""
    write_answers_csv(sys.stdout, ScanRepository().export(unit=unit))


def purge_command(now: str | None) -> int:
    """Delete everything past its retention (see bot/retention.py); print the counts."""
    from datetime import datetime

    from bot.retention import purge

    try:
        moment = datetime.fromisoformat(now) if now else None
    except ValueError:
        print(f"--now {now!r} is geen tijdstip; gebruik bijvoorbeeld 2027-01-31T12:00:00+00:00", file=sys.stderr)
        return 2
    counts = purge(now=moment)
    print(
        f"verwijderd: {counts.events} gespreksregels, {counts.respondents} vragenlijsten, "
        f"{counts.rehearsals} oefengesprekken, {counts.scan_starts} startregels, "
        f"{counts.team_sessions} teamsessies, {counts.staff_answer_sets} antwoordsets van medewerkers, "
        f"{counts.access_log} regels van het toegangslog, {counts.team_codes} verlopen teamcodes, "
        f"{counts.failed_attempts} mislukte pogingen"
    )
    return 0


def erase_command(code: str) -> int:
    """Erase a relative's scan and conversation by the erasure code they got; print counts only."""
    from bot.storage.conversations import delete_events_of_key

    found = ScanRepository().erase_by_code(code)
    if found is None:
        print("Bij deze wiscode is niets bewaard (of de code klopt niet).", file=sys.stderr)
        return 1
    erased, key = found
    events = delete_events_of_key(key)
    print(f"verwijderd: {erased.answers} antwoorden, {int(erased.remark)} opmerking, {events} gespreksregels")
    return 0


def mask_command() -> int:
    """Read remarks from standard input, one a line, and print each as the team would see it."""
    from bot.masking import mask_remarks

    lines = sys.stdin.read().splitlines()
    for line in mask_remarks(lines):
        print(line)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Samenspraak beheer")
    commands = parser.add_subparsers(dest="command", required=True)
    migrate = commands.add_parser("migrate", help="database schema bijwerken")
    migrate.add_argument("--down", metavar="REVISION", help="terug naar deze revisie (bijv. base)")
    export = commands.add_parser(
        "export", help="alle antwoorden per persoon als CSV: alleen voor de beheerder, nooit via het web"
    )
    export.add_argument("what", choices=["answers"])
    export.add_argument("--unit", help="alleen deze afdeling")
    team_cli.add_commands(commands)
    teamscan_cli.add_commands(commands)
    invite_cli.add_commands(commands)
    purge = commands.add_parser("purge", help="alles wissen dat langer bewaard is dan de bewaartermijn")
    purge.add_argument("--now", help="doe alsof het nu dit tijdstip is (ISO, bijv. 2027-01-31T12:00:00+00:00)")
    erase = commands.add_parser("erase", help="de gegevens van een naaste wissen met diens wiscode")
    erase.add_argument("--code", required=True, help="de wiscode, bijvoorbeeld K7UM-4XPA-R3TC")
    commands.add_parser("mask", help="opmerkingen (een per regel, via standaardinvoer) tonen zoals het team ze ziet")
    args = parser.parse_args(argv)
    if args.command == "mask":
        return mask_command()
    if args.command == "purge":
        return purge_command(args.now)
    if args.command == "erase":
        return erase_command(args.code)
    if args.command == "migrate":
        if args.down:
            db.downgrade(revision=args.down)
        else:
            db.migrate()
        return 0
    if args.command == "unit":
        return team_cli.unit_command(args)
    if args.command == "team":
        return team_cli.team_command(args)
    if args.command == "teamscan":
        return teamscan_cli.teamscan_command(args)
    if args.command == "invite":
        return invite_cli.invite_command(args)
    if args.command == "release":
        return invite_cli.release_command(args)
    if args.command == "actions":
        return teamscan_cli.actions_command(args)
    export_answers(args.unit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
