"""Invitations from the team dashboard: POST /team/uitnodigingen makes codes and returns the letters.

The codes exist only in this reply (only their HMAC is stored), as a PDF download or as a page
that prints one letter per A4 sheet; with a second language (form field `taal`) in Dutch and that
language on the same page. Each batch is logged in the access log ("invitations").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Optional

from bot.config import public_base_url
from bot.content.pages import pages
from bot.invitation_letters import Letter, build_letters, letters_pdf
from bot.invitations import parse_round
from bot.languages import DIRECTION, pick
from bot.storage.invitations import MAX_COUNT, InvitationRepository
from bot.storage.tokens import TeamTokens
from bot.storage.units import UnitRegistry
from bot.web.site import Reply, message_page, render


def letters_page(unit_name: str, letters: list[Letter], note: Optional[str] = None) -> str:
    """The letters as one HTML page that prints one letter per A4 sheet (two languages side by side)."""
    title = letters[0].title if letters else unit_name
    return render("invitations.html", title=title, letters=letters, note=note, directions=DIRECTION)


def letter_language(value: Optional[str]) -> Optional[str]:
    """The letters' second language from the form (en, tr, ar, pl), or None for Dutch only."""
    language = pick(value) if value and value.strip() else None
    return None if language in (None, "nl") else language


def _problem(key: str) -> Reply:
    texts = pages()["invitations"]
    return message_page(400, texts["problem_title"], texts[key], {"href": "/team", "label": texts["back"]})


def team_invitations(
    cookie: Optional[str], form: Mapping[str, str], tokens: Optional[TeamTokens] = None, url: Optional[str] = None
) -> Reply:
    """Make `count` codes for the session's unit and round; the letters as PDF or as a print page."""
    tokens = tokens or TeamTokens(url)
    who = tokens.session(cookie) if cookie else None
    if who is None:
        return Reply(303, headers={"Location": "/team"})
    try:
        count = int(str(form.get("count") or "").strip())
    except ValueError:
        return _problem("bad_count")
    if not 1 <= count <= MAX_COUNT:
        return _problem("bad_count")
    round_ = parse_round(form.get("round")) if (form.get("round") or "").strip() else None
    if (form.get("round") or "").strip() and round_ is None:
        return _problem("bad_round")
    unit = UnitRegistry(url).get(who.unit)
    name = unit.name if unit else who.unit
    issued = InvitationRepository(url).create(who.unit, count, round_)
    tokens.log_access(who, "invitations")
    letters = build_letters(name, issued, public_base_url(), letter_language(form.get("taal")))
    safe = "".join(c if c.isalnum() else "-" for c in f"{who.unit}-{issued[0].round}")
    if form.get("format") == "pdf":
        return Reply(
            200,
            letters_pdf(letters),
            content_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="uitnodigingen-{safe}.pdf"'},
        )
    return Reply(200, letters_page(name, letters, pages()["invitations"]["print_note"]))
