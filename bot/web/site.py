"""The web pages as plain functions from request values to a `Reply` (no web framework here).

`addons/web_pages.py` maps Sanic requests onto these functions inside the Rasa server.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.config import BROWSER_SESSION_HOURS, PROJECT_ROOT, TEAM_SESSION_HOURS, chat_pause_ms, pseudonym_secret
from bot.content import content
from bot.content.invitations import invitation_texts
from bot.content.pages import CHAT_KEYS, pages
from bot.invitations import format_code, normalize_code
from bot.languages import DIRECTION, LANGUAGES, NATIVE_NAMES, from_accept_language, pick
from bot.storage.attempts import TEAM_LOGIN, FailedAttempts
from bot.storage.models import utcnow
from bot.storage.tokens import MAX_TOKEN_LENGTH, SessionInfo, TeamTokens, clean_unit
from bot.storage.units import UnitRegistry
from bot.web.dashboard import build_dashboard, chart_data, figures_csv
from bot.web.teamscan_view import build_staff_view

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
VENDOR_DIR = PROJECT_ROOT / "web" / "vendor"
# Only these files are served; the vendored ones are copied from web/node_modules by the install.
STATIC_FILES = {
    "web": {
        "site.css": "text/css",
        "chat.js": "text/javascript",
        "team.js": "text/javascript",
        "teamscan.js": "text/javascript",
        "print.js": "text/javascript",
    },
    "vendor": {"rasa-webchat.js": "text/javascript", "chart.umd.js": "text/javascript"},
}
TEAM_COOKIE = "samenspraak_team"
TEAM_COOKIE_MAX_AGE = TEAM_SESSION_HOURS * 3600
# Every dashboard form carries a token in this field (CSRF): for the login form the value of the
# cookie LOGIN_COOKIE set with the form, after a login an HMAC of the session id (csrf_token).
CSRF_FIELD = "csrf"
LOGIN_COOKIE = "samenspraak_login"
LOGIN_COOKIE_MAX_AGE = 3600
# Failed logins per client address: after this many in the window, the next ones are refused
# without looking at the code (429) until the window has passed.
LOGIN_TRIES = 5
LOGIN_WINDOW = timedelta(minutes=1)
logger = logging.getLogger(__name__)
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
    """What to send back: status, body (text, or bytes for a file), headers and cookies to set (max_age 0 deletes)."""

    status: int
    body: str | bytes = ""
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


def message_page(
    status: int, title: str, text: str, link: Optional[dict[str, str]] = None, language: str = "nl"
) -> Reply:
    return Reply(
        status, render("message.html", title=title, text=text, link=link, lang=language, direction=DIRECTION[language])
    )


def redirect(location: str, cookies: Optional[dict[str, Cookie]] = None) -> Reply:
    return Reply(303, headers={"Location": location}, cookies=cookies or {})


# --- chat pages ---------------------------------------------------------------------------


def _chat_texts(section: str, language: str = "nl") -> dict[str, str]:
    """The texts of the chat widget on one page (pages.yml, in the page's language)."""
    return {key: pages(language)[section][key] for key in CHAT_KEYS}


def chat_language(taal: Optional[str], accept_language: Optional[str]) -> str:
    """The relatives' page language: from the link (?taal=tr), else the browser's, else Dutch."""
    return pick(taal) or from_accept_language(accept_language) or "nl"


def _relatives_texts(language: str, unit: Optional[str]) -> dict[str, str]:
    """Every text of the relatives' page in one language (the page switches between them)."""
    title = content(language).relatives_scan.title
    relatives = pages(language)["chat_relatives"]
    return {
        "title": title,
        "heading": relatives["heading"],
        "subheading": relatives["subheading_unit"].format(title=title, unit=unit) if unit else title,
        "language_label": relatives["language_label"],
        "direction": DIRECTION[language],
        **_chat_texts("chat_relatives", language),
    }


def chat_page(
    afdeling: Optional[str],
    units: Optional[UnitRegistry] = None,
    uitnodiging: Optional[str] = None,
    taal: Optional[str] = None,
    accept_language: Optional[str] = None,
) -> Reply:
    """/chat?afdeling=CODE: the relatives' chat; the unit must be registered (team codes do not matter).

    /chat?uitnodiging=CODE: the page sends the invitation code with every message (metadata
    `uitnodiging`); only its form is checked here, so the page tells nobody whether a code exists.
    The page's language (`chat_language`) is sent as metadata `taal` with every message; the page
    holds its texts in every language, so a relative can switch at any moment (bot/web/static/chat.js).
    """
    language = chat_language(taal, accept_language)
    start_over = "/chat" if language == "nl" else f"/chat?{urlencode({'taal': language})}"
    code = None
    if uitnodiging is not None and uitnodiging.strip():
        normalized = normalize_code(uitnodiging)
        if normalized is None:
            texts = invitation_texts(language).bad_code_page
            link = {"href": start_over, "label": texts["link"]}
            return message_page(400, texts["title"], texts["text"], link, language)
        code = format_code(normalized)
        afdeling = None
    unit = None
    if afdeling is not None and afdeling.strip():
        unit = clean_unit(afdeling)
        if unit is None:
            texts = pages(language)["bad_unit"]
            return message_page(
                400, texts["title"], texts["text"], {"href": start_over, "label": texts["link"]}, language
            )
        if not (units or UnitRegistry()).is_registered(unit):
            texts = pages(language)["unknown_unit"]
            link = {"href": start_over, "label": texts["link"]}
            return message_page(404, texts["title"], texts["text"].format(unit=unit), link, language)
    every_language = {code_: _relatives_texts(code_, unit) for code_ in LANGUAGES}
    return Reply(
        200,
        render(
            "chat.html",
            pause_ms=chat_pause_ms(),
            **every_language[language],
            lang=language,
            languages=[{"code": code_, "name": NATIVE_NAMES[code_], "dir": DIRECTION[code_]} for code_ in LANGUAGES],
            texts=every_language,
            init_payload="/start_scan",
            storage="local",
            unit=unit,
            invitation=code,
            pagina="naasten",
            # the conversation kept in the browser lapses after this many hours without use
            session_hours=BROWSER_SESSION_HOURS,
        ),
    )


def rehearsal_page() -> Reply:
    """/oefenen: the same widget in rehearsal mode for carers (its own session per tab)."""
    carers = pages()["chat_carers"]
    return Reply(
        200,
        render(
            "chat.html",
            pause_ms=chat_pause_ms(),
            title=carers["title"],
            heading=carers["heading"],
            subheading=carers["subheading"],
            # sessionStorage: a reload continues, but the rehearsal never mixes with a relative's
            # conversation kept in localStorage on the same computer
            init_payload="/start_rehearsal",
            storage="session",
            unit=None,
            pagina="oefenen",
            **_chat_texts("chat_carers"),
        ),
    )


# --- team dashboard -----------------------------------------------------------------------
# The Dutch texts of these replies are in the templates; `problem` names which one to show.


def csrf_token(session_id: str) -> str:
    """The token the dashboard's forms carry for this session (an HMAC of its id)."""
    return hmac.new(pseudonym_secret(), f"csrf:{session_id}".encode(), hashlib.sha256).hexdigest()


def form_allowed(origin_ok: bool, expected: Optional[str], sent: Optional[str]) -> bool:
    """A POST may go on: not from another site (Origin) and with the form's token."""
    return origin_ok and bool(expected) and bool(sent) and hmac.compare_digest(str(expected), str(sent))


def form_refused() -> Reply:
    """403 for a POST from another site or without its form token; nothing changed."""
    texts = pages()["form_refused"]
    return message_page(403, texts["title"], texts["text"], {"href": "/team", "label": texts["link"]})


def session_form_allowed(origin_ok: bool, cookie: Optional[str], sent: Optional[str]) -> bool:
    """A dashboard POST after login: same site, and the token of this session's forms."""
    return form_allowed(origin_ok, csrf_token(cookie) if cookie else None, sent)


def _login(status: int, problem: Optional[str] = None, clear_cookie: bool = False) -> Reply:
    form_token = secrets.token_urlsafe(32)
    reply = Reply(
        status,
        render(
            "team_login.html",
            title=pages()["team"]["login_title"],
            problem=problem,
            max_length=MAX_TOKEN_LENGTH,
            session_hours=TEAM_SESSION_HOURS,
            csrf=form_token,
        ),
    )
    reply.cookies[LOGIN_COOKIE] = Cookie(form_token, LOGIN_COOKIE_MAX_AGE)
    if clear_cookie:
        reply.cookies[TEAM_COOKIE] = Cookie("", 0)
    return reply


def failed_logins(url: Optional[str] = None) -> FailedAttempts:
    """Failed dashboard logins per client address (LOGIN_TRIES per LOGIN_WINDOW)."""
    return FailedAttempts(TEAM_LOGIN, LOGIN_TRIES, LOGIN_WINDOW, url)


def team_login(
    token: Optional[str],
    afdeling: Optional[str] = None,
    tokens: Optional[TeamTokens] = None,
    client: Optional[str] = None,
) -> Reply:
    """POST /team with a code: a server-side session, its random id in a cookie, and a clean address.

    A failed login is logged with the code's label (or "unknown") and the time, never the code;
    after LOGIN_TRIES failures in LOGIN_WINDOW from one client (`client`: its key) the next
    attempts get 429 without the code being looked at. The form's own check (CSRF, Origin) is done
    before this, by the caller (form_allowed).
    """
    token = (token or "").strip()
    if not token:
        return _login(401, "empty")
    if len(token) > MAX_TOKEN_LENGTH:
        return _login(400, "too_long")
    tokens = tokens or TeamTokens()
    attempts = failed_logins(tokens.url)
    if attempts.blocked([client]):
        logger.warning("team login refused: too many failed logins from one client in a minute")
        return _login(429, "too_many")
    if afdeling and tokens.unit_for(token) not in (None, clean_unit(afdeling)):
        return _other_unit()
    login = tokens.login(token)
    if login is None:
        attempts.record([client])
        label = tokens.failed_login(token)
        logger.warning("team login failed: code %s at %s", label or "unknown", utcnow().isoformat(timespec="seconds"))
        return _login(403, "wrong")
    return redirect("/team", {TEAM_COOKIE: Cookie(login.session_id, TEAM_COOKIE_MAX_AGE), LOGIN_COOKIE: Cookie("", 0)})


def team_token_in_address() -> Reply:
    """GET /team?token=...: refused, because an address ends up in browser history and server logs."""
    return _login(400, "in_address")


def _other_unit() -> Reply:
    texts = pages()["other_unit"]
    return message_page(403, texts["title"], texts["text"], {"href": "/team", "label": texts["link"]})


def _no_session(cookie: Optional[str]) -> Reply:
    """The login form: after a session that ended or expired, with that said and the cookie cleared."""
    return _login(403, "session_ended", clear_cookie=True) if cookie else _login(401)


def _session(cookie: Optional[str], tokens: TeamTokens) -> Optional[SessionInfo]:
    return tokens.session(cookie) if cookie else None


def team_page(
    cookie: Optional[str],
    afdeling: Optional[str] = None,
    tokens: Optional[TeamTokens] = None,
    url: Optional[str] = None,
) -> Reply:
    """/team: the released figures of the session's unit (the view is logged), or the login form."""
    tokens = tokens or TeamTokens(url)
    who = _session(cookie, tokens)
    if who is None:
        return _no_session(cookie)
    if afdeling and clean_unit(afdeling) != who.unit:
        return _other_unit()
    dashboard = build_dashboard(who.unit, url)
    tokens.log_access(who, "view")
    title = pages()["team"]["title"].format(unit=who.unit)
    staff = build_staff_view(who.unit, dashboard.release, url)
    return Reply(
        200,
        render(
            "team.html",
            title=title,
            d=dashboard,
            chart=chart_data(dashboard),
            staff=staff,
            csrf=csrf_token(str(cookie)),
        ),
    )


def team_csv(cookie: Optional[str], tokens: Optional[TeamTokens] = None, url: Optional[str] = None) -> Reply:
    """/team/cijfers.csv: the released figures as aggregates (the download is logged)."""
    tokens = tokens or TeamTokens(url)
    who = _session(cookie, tokens)
    if who is None:
        return _no_session(cookie)
    dashboard = build_dashboard(who.unit, url)
    if dashboard.release is None:
        return Reply(403, render("team_no_release.html", title=pages()["team"]["no_release_title"], d=dashboard))
    tokens.log_access(who, "csv")
    safe_unit = "".join(c if c.isalnum() else "-" for c in who.unit)
    return Reply(
        200,
        figures_csv(dashboard.release),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="samenspraak-cijfers-{safe_unit}.csv"'},
    )


def team_logout(cookie: Optional[str], tokens: Optional[TeamTokens] = None) -> Reply:
    """Ends the session on the server (logged) and clears the cookie."""
    (tokens or TeamTokens()).logout(cookie)
    return redirect("/team", {TEAM_COOKIE: Cookie("", 0)})


def static_file(folder: str, name: str) -> Optional[tuple[Path, str]]:
    """Path and content type of an allowed static file, or None."""
    content_type = STATIC_FILES.get(folder, {}).get(name)
    if content_type is None:
        return None
    path = (STATIC_DIR if folder == "web" else VENDOR_DIR) / name
    return (path, content_type) if path.is_file() else None
