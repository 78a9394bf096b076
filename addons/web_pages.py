"""Rasa input channel that serves Samenspraak's web pages on the Rasa server's own port.

A thin adapter: the pages, the dashboard and the team tokens live in `bot/web/` (no Rasa
there). Registered in credentials.yml as `addons.web_pages.WebPages`. Rasa mounts each channel
blueprint at urljoin('/webhooks/', url_prefix()); a prefix of '/' puts these routes at the root:
/chat (in the language of ?taal=, else of the browser's Accept-Language),
/oefenen, /team, /team/cijfers.csv, /team/uitloggen, the staff scan's /team/ronde,
/team/activiteit(/status) and /team/actieplan.csv, the invitation letters' /team/uitnodigingen,
a relative's copy of the result /uitslag (the erasure code form), /uitslag/<token> and /uitslag/<token>/pdf,
and /static/{web,vendor}/<file>.
The team code is accepted only from the POSTed form, never from the address. Every POST is
refused (403, nothing changed) when it comes from a page of another site (Origin) or lacks its
form's token (CSRF, bot/web/site.py): the SameSite cookie alone is not relied on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, Optional

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from addons.channels import own_host_headers, request_client_key
from bot.intake import origin_allowed
from bot.web import invitation_pages, result_copy, site, teamscan_pages


async def _off_loop(function: Callable[..., site.Reply], *args: Any) -> site.Reply:
    """Run a (database-bound) page function without blocking the socket.io traffic."""
    return await asyncio.get_running_loop().run_in_executor(None, partial(function, *args))


def _secure(request: Request) -> bool:
    return request.scheme == "https" or request.headers.get("x-forwarded-proto", "") == "https"


def _send(reply: site.Reply, request: Request) -> HTTPResponse:
    body = reply.body if isinstance(reply.body, bytes) else reply.body.encode("utf-8")
    result = response.raw(body, status=reply.status, headers=reply.headers, content_type=reply.content_type)
    for name, cookie in reply.cookies.items():
        result.cookies[name] = cookie.value
        morsel = result.cookies[name]
        morsel["path"] = "/team"
        morsel["httponly"] = True
        morsel["samesite"] = "Strict"
        morsel["max-age"] = cookie.max_age
        if _secure(request):
            morsel["secure"] = True
    return result


def _same_site(request: Request) -> bool:
    """False for a request sent by a page of another site (the dashboard is never embedded).

    The pages are served with Referrer-Policy: no-referrer, and under that policy a browser sends
    `Origin: null` with a POST of the page's own form (Fetch standard; Chromium does). Such a null
    Origin is accepted only when the browser's own Sec-Fetch-Site header (which no page can set)
    says same-origin; a page of another site or a sandboxed frame sends null with cross-site.
    """
    origin = request.headers.get("origin")
    if origin is not None and origin.strip().lower() == "null":
        return request.headers.get("sec-fetch-site", "").strip().lower() == "same-origin"
    host, forwarded_host = own_host_headers(request)
    return origin_allowed(origin, host, forwarded_host, ())


def _form(request: Request, name: str) -> Optional[str]:
    value = request.form.get(name) if request.form else None
    return value if isinstance(value, str) else None


def _session_form_ok(request: Request) -> bool:
    """A POST of a logged-in dashboard form: same site and this session's form token."""
    return site.session_form_allowed(
        _same_site(request), request.cookies.get(site.TEAM_COOKIE), _form(request, site.CSRF_FIELD)
    )


def _arg(request: Request, name: str) -> Optional[str]:
    value = request.args.get(name)
    return value if isinstance(value, str) else None


class WebPages(InputChannel):
    """Serves the relatives' chat, the rehearsal page and the team dashboard."""

    @classmethod
    def name(cls) -> str:
        return "web_pages"

    @classmethod
    def from_credentials(cls, credentials: Optional[dict[str, Any]]) -> InputChannel:
        return cls()

    def url_prefix(self) -> str:
        return "/"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        pages = Blueprint("samenspraak_web_pages", __name__)

        @pages.get("/chat")
        async def chat(request: Request) -> HTTPResponse:
            page = partial(
                site.chat_page,
                uitnodiging=_arg(request, "uitnodiging"),
                taal=_arg(request, "taal"),
                accept_language=request.headers.get("accept-language"),
            )
            return _send(await _off_loop(page, _arg(request, "afdeling")), request)

        @pages.get("/oefenen")
        async def rehearsal(request: Request) -> HTTPResponse:
            return _send(site.rehearsal_page(), request)

        @pages.route("/team", methods=["GET", "POST"])
        async def team(request: Request) -> HTTPResponse:
            if request.method == "POST":
                sent, expected = _form(request, site.CSRF_FIELD), request.cookies.get(site.LOGIN_COOKIE)
                if not site.form_allowed(_same_site(request), expected, sent):
                    return _send(site.form_refused(), request)
                login = partial(site.team_login, client=request_client_key(request))
                return _send(await _off_loop(login, _form(request, "token"), _arg(request, "afdeling")), request)
            if "token" in request.args:
                return _send(site.team_token_in_address(), request)
            cookie = request.cookies.get(site.TEAM_COOKIE)
            return _send(await _off_loop(site.team_page, cookie, _arg(request, "afdeling")), request)

        @pages.get("/team/cijfers.csv")
        async def team_csv(request: Request) -> HTTPResponse:
            return _send(await _off_loop(site.team_csv, request.cookies.get(site.TEAM_COOKIE)), request)

        @pages.post("/team/uitloggen")
        async def team_logout(request: Request) -> HTTPResponse:
            if not _session_form_ok(request):
                return _send(site.form_refused(), request)
            return _send(await _off_loop(site.team_logout, request.cookies.get(site.TEAM_COOKIE)), request)

        # the staff quick scan and the action plan (bot/web/teamscan_pages.py)
        @pages.post("/team/ronde")
        async def team_round(request: Request) -> HTTPResponse:
            if not _session_form_ok(request):
                return _send(site.form_refused(), request)
            action = request.form.get("action") if request.form else None
            cookie = request.cookies.get(site.TEAM_COOKIE)
            return _send(await _off_loop(teamscan_pages.team_round, cookie, action), request)

        @pages.post("/team/activiteit")
        async def team_activity(request: Request) -> HTTPResponse:
            if not _session_form_ok(request):
                return _send(site.form_refused(), request)
            form = {key: str(request.form.get(key) or "") for key in request.form} if request.form else {}
            cookie = request.cookies.get(site.TEAM_COOKIE)
            return _send(await _off_loop(teamscan_pages.team_activity_add, cookie, form), request)

        @pages.post("/team/activiteit/status")
        async def team_activity_status(request: Request) -> HTTPResponse:
            if not _session_form_ok(request):
                return _send(site.form_refused(), request)
            form = request.form or {}
            cookie = request.cookies.get(site.TEAM_COOKIE)
            return _send(
                await _off_loop(teamscan_pages.team_activity_status, cookie, form.get("number"), form.get("status")),
                request,
            )

        @pages.post("/team/uitnodigingen")
        async def team_invitations(request: Request) -> HTTPResponse:
            if not _session_form_ok(request):
                return _send(site.form_refused(), request)
            form = {key: str(request.form.get(key) or "") for key in request.form} if request.form else {}
            cookie = request.cookies.get(site.TEAM_COOKIE)
            return _send(await _off_loop(invitation_pages.team_invitations, cookie, form), request)

        @pages.get("/team/actieplan.csv")
        async def team_actions_csv(request: Request) -> HTTPResponse:
            cookie = request.cookies.get(site.TEAM_COOKIE)
            return _send(await _off_loop(teamscan_pages.team_actions_csv, cookie), request)

        # a relative's copy of the scan result (bot/web/result_copy.py)
        @pages.route(result_copy.PATH, methods=["GET", "POST"])
        async def result_code(request: Request) -> HTTPResponse:
            if request.method == "POST":
                code = request.form.get("code") if request.form else None
                opened = partial(result_copy.open_by_code, code if isinstance(code, str) else None)
                return _send(await _off_loop(opened, request_client_key(request)), request)
            return _send(result_copy.code_form(taal=_arg(request, "taal")), request)

        @pages.get(result_copy.PATH + "/<token:str>")
        async def result_page(request: Request, token: str) -> HTTPResponse:
            page = partial(result_copy.copy_page, token, taal=_arg(request, "taal"))
            return _send(await _off_loop(page), request)

        @pages.get(result_copy.PATH + "/<token:str>/pdf")
        async def result_pdf(request: Request, token: str) -> HTTPResponse:
            pdf = partial(result_copy.copy_pdf, token, taal=_arg(request, "taal"))
            return _send(await _off_loop(pdf), request)

        @pages.get("/static/<folder:str>/<name:str>")
        async def static(request: Request, folder: str, name: str) -> HTTPResponse:
            found = site.static_file(folder, name)
            if found is None:
                return _send(site.message_page(404, "Niet gevonden", "Dit bestand bestaat niet."), request)
            path, content_type = found
            headers = {**site.SECURITY_HEADERS, "Cache-Control": "public, max-age=3600"}
            return await response.file(str(path), headers=headers, mime_type=content_type)

        return pages
