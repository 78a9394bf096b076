"""The web pages as plain functions from request values to a `Reply` (no web framework here).

`addons/web_pages.py` maps Sanic requests onto these functions inside the Rasa server.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.config import PROJECT_ROOT
from bot.content import content
from bot.web.dashboard import Dashboard, answers_csv, build_dashboard
from bot.web.tokens import MAX_TOKEN_LENGTH, TeamTokens, clean_unit

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
VENDOR_DIR = PROJECT_ROOT / "web" / "vendor"
# Only these files are served; the vendored ones are copied from web/node_modules by the install.
STATIC_FILES = {
    "web": {"site.css": "text/css", "chat.js": "text/javascript", "team.js": "text/javascript"},
    "vendor": {"rasa-webchat.js": "text/javascript", "chart.umd.js": "text/javascript"},
}
TEAM_COOKIE = "samenspraak_team"
TEAM_COOKIE_MAX_AGE = 8 * 3600
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
HTML = "text/html; charset=utf-8"


@dataclass
class Cookie:
    value: str
    max_age: int


@dataclass
class Reply:
    """What to send back: status, body, headers and cookies to set (max_age 0 deletes)."""

    status: int
    body: str = ""
    content_type: str = HTML
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, Cookie] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.headers = {**SECURITY_HEADERS, "Cache-Control": "no-store", **self.headers}


@lru_cache(maxsize=1)
def _templates() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **values: Any) -> str:
    """A page from bot/web/templates, every value HTML-escaped."""
    return _templates().get_template(template).render(**values)


def message_page(status: int, title: str, text: str, link: Optional[dict[str, str]] = None) -> Reply:
    return Reply(status, render("message.html", title=title, text=text, link=link))


def redirect(location: str, cookies: Optional[dict[str, Cookie]] = None) -> Reply:
    return Reply(303, headers={"Location": location}, cookies=cookies or {})


# --- chat pages ---------------------------------------------------------------------------

RELATIVES_TEXT = {
    "input_label": "Uw bericht",
    "input_hint": "Typ uw bericht",
    "button_hint": "Kies een knop hierboven of typ uw antwoord",
    "send_label": "Versturen",
    "log_label": "Gesprek met Samenspraak",
    "offline": "Het lukt nu niet om verbinding te maken. Probeer het over een paar minuten opnieuw.",
    "reconnecting": "De verbinding is even weg. We proberen het opnieuw; uw antwoorden blijven bewaard.",
    "noscript": "Voor dit gesprek is JavaScript nodig. Zet JavaScript aan in uw browser en laad de pagina opnieuw.",
}
CARERS_TEXT = {
    "input_label": "Jouw bericht",
    "input_hint": "Typ wat je tegen de naaste zegt",
    # in a rehearsal the buttons (hint, afronden) are optional: typing comes first
    "button_hint": "Typ wat je zegt, of kies een knop hierboven",
    "send_label": "Versturen",
    "log_label": "Oefengesprek",
    "offline": "Het lukt nu niet om verbinding te maken. Probeer het over een paar minuten opnieuw.",
    "reconnecting": "De verbinding is even weg. We proberen het opnieuw.",
    "noscript": "Voor het oefengesprek is JavaScript nodig. Zet JavaScript aan en laad de pagina opnieuw.",
}


def chat_page(afdeling: Optional[str], tokens: Optional[TeamTokens] = None) -> Reply:
    """/chat?afdeling=CODE: the relatives' chat; the unit must be one whose team takes part."""
    unit = None
    if afdeling is not None and afdeling.strip():
        unit = clean_unit(afdeling)
        if unit is None:
            return message_page(
                400, "Dit adres klopt niet",
                "De afdelingscode in dit adres is niet geldig. Controleer de link in de uitnodiging, "
                "of begin zonder afdeling: dan vraagt de assistent op welke afdeling uw naaste woont.",
                {"href": "/chat", "label": "Begin zonder afdeling"},
            )
        if not (tokens or TeamTokens()).is_known_unit(unit):
            return message_page(
                404, "Afdeling niet gevonden",
                f"We kennen afdeling '{unit}' niet. Controleer de link in de uitnodiging, of begin zonder "
                "afdeling: dan vraagt de assistent op welke afdeling uw naaste woont.",
                {"href": "/chat", "label": "Begin zonder afdeling"},
            )
    title = content().relatives_scan.title
    return Reply(
        200,
        render(
            "chat.html", title=title, heading="Samenspraak",
            subheading=f"{title} · afdeling {unit}" if unit else title,
            init_payload="/start_scan", storage="local", unit=unit, **RELATIVES_TEXT,
        ),
    )


def rehearsal_page() -> Reply:
    """/oefenen: the same widget in rehearsal mode for carers (its own session per tab)."""
    return Reply(
        200,
        render(
            "chat.html", title="Gesprek oefenen", heading="Samenspraak · oefenen",
            subheading="Oefen een eerste gesprek met een naaste. Typ 'hint' voor een tip en 'afronden' voor feedback.",
            # sessionStorage: a reload continues, but the rehearsal never mixes with a relative's
            # conversation kept in localStorage on the same computer
            init_payload="/start_rehearsal", storage="session", unit=None, **CARERS_TEXT,
        ),
    )


# --- team dashboard -----------------------------------------------------------------------

def _login(status: int, error: Optional[str] = None, clear_cookie: bool = False) -> Reply:
    reply = Reply(status, render("team_login.html", title="Teamdashboard", error=error, max_length=MAX_TOKEN_LENGTH))
    if clear_cookie:
        reply.cookies[TEAM_COOKIE] = Cookie("", 0)
    return reply


WRONG_TOKEN = "Deze teamcode klopt niet of is ingetrokken. Controleer de code en probeer het opnieuw."


def team_login(token: Optional[str], afdeling: Optional[str] = None, tokens: Optional[TeamTokens] = None) -> Reply:
    """A token from the form or from ?token=: on success a cookie and a clean address."""
    token = (token or "").strip()
    if not token:
        return _login(401, "Vul de teamcode in.")
    if len(token) > MAX_TOKEN_LENGTH:
        return _login(400, "Deze teamcode is te lang. Een teamcode heeft 43 tekens.")
    unit = (tokens or TeamTokens()).unit_for(token)
    if unit is None:
        return _login(403, WRONG_TOKEN)
    if afdeling and clean_unit(afdeling) != unit:
        return _other_unit()
    return redirect("/team", {TEAM_COOKIE: Cookie(token, TEAM_COOKIE_MAX_AGE)})


def _other_unit() -> Reply:
    return message_page(
        403, "Geen toegang",
        "Deze teamcode hoort bij een andere afdeling. Elke afdeling heeft een eigen code; "
        "vraag je teamleider om de code van deze afdeling.",
        {"href": "/team", "label": "Naar het dashboard van je eigen afdeling"},
    )


def chart_data(dashboard: Dashboard) -> dict[str, Any]:
    return {
        "labels": [f"{r.number}. {r.name}" for r in dashboard.rungs],
        "current": [r.current for r in dashboard.rungs],
        "desired": [r.desired for r in dashboard.rungs],
    }


def _unit_from_cookie(cookie: Optional[str], tokens: TeamTokens) -> Optional[str]:
    return tokens.unit_for(cookie) if cookie else None


def team_page(
    cookie: Optional[str], afdeling: Optional[str] = None, tokens: Optional[TeamTokens] = None,
    url: Optional[str] = None,
) -> Reply:
    """/team: the dashboard of the unit the token belongs to, or the login form."""
    tokens = tokens or TeamTokens(url)
    unit = _unit_from_cookie(cookie, tokens)
    if unit is None:
        if cookie:
            return _login(403, WRONG_TOKEN, clear_cookie=True)
        return _login(401)
    if afdeling and clean_unit(afdeling) != unit:
        return _other_unit()
    dashboard = build_dashboard(content(), unit, url)
    return Reply(200, render("team.html", title=f"Teamdashboard {unit}", d=dashboard, chart=chart_data(dashboard)))


def team_csv(cookie: Optional[str], tokens: Optional[TeamTokens] = None, url: Optional[str] = None) -> Reply:
    """/team/antwoorden.csv: the unit's answers, only when enough relatives answered."""
    tokens = tokens or TeamTokens(url)
    unit = _unit_from_cookie(cookie, tokens)
    if unit is None:
        return _login(401 if not cookie else 403, None if not cookie else WRONG_TOKEN)
    dashboard = build_dashboard(content(), unit, url)
    if not dashboard.enough:
        return message_page(403, "Nog te weinig antwoorden",
                            "Er zijn nog te weinig antwoorden om ze te downloaden (minimaal "
                            f"{dashboard.minimum} naasten).", {"href": "/team", "label": "Terug naar het dashboard"})
    safe_unit = "".join(c if c.isalnum() else "-" for c in unit)
    return Reply(
        200, answers_csv(unit, url), content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="samenspraak-antwoorden-{safe_unit}.csv"'},
    )


def team_logout() -> Reply:
    return redirect("/team", {TEAM_COOKIE: Cookie("", 0)})


def static_file(folder: str, name: str) -> Optional[tuple[Path, str]]:
    """Path and content type of an allowed static file, or None."""
    content_type = STATIC_FILES.get(folder, {}).get(name)
    if content_type is None:
        return None
    path = (STATIC_DIR if folder == "web" else VENDOR_DIR) / name
    return (path, content_type) if path.is_file() else None
