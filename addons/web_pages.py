"""Rasa input channel that serves Samenspraak's web pages on the Rasa server's own port.

A thin adapter: the pages, the dashboard and the team tokens live in `bot/web/` (no Rasa
there). Registered in credentials.yml as `addons.web_pages.WebPages`. Rasa mounts each channel
blueprint at urljoin('/webhooks/', url_prefix()); a prefix of '/' puts these routes at the root:
/chat, /oefenen, /team, /team/cijfers.csv, /team/uitloggen, the staff scan's /team/ronde,
/team/activiteit(/status) and /team/actieplan.csv, a relative's copy of the result /uitslag
(the erasure code form), /uitslag/<token> and /uitslag/<token>/pdf, and /static/{web,vendor}/<file>.
The team code is accepted only from the POSTed form, never from the address.
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

from addons.channels import request_client_key
from bot.web import result_copy, site, teamscan_pages


async def _off_loop(function: Callable[..., site.Reply], *args: Any) -> site.Reply:
    """Run a (database-bound) page function without blocking the socket.io traffic."""
    return await asyncio.get_running_loop().run_in_executor(None, partial(function, *args))


def _secure(request: Request) -> bool:
    return request.scheme == "https" or request.headers.get("x-forwarded-proto", "") == "https"


def _send(reply: site.Reply, request: Request) -> HTTPResponse:
    result = response.raw(
        reply.data or reply.body.encode("utf-8"),
        status=reply.status,
        headers=reply.headers,
        content_type=reply.content_type,
    )
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
            return _send(await _off_loop(site.chat_page, _arg(request, "afdeling")), request)

        @pages.get("/oefenen")
        async def rehearsal(request: Request) -> HTTPResponse:
            return _send(site.rehearsal_page(), request)

        @pages.route("/team", methods=["GET", "POST"])
        async def team(request: Request) -> HTTPResponse:
            if request.method == "POST":
                token = request.form.get("token") if request.form else None
                return _send(await _off_loop(site.team_login, token, _arg(request, "afdeling")), request)
            if "token" in request.args:
                return _send(site.team_token_in_address(), request)
            cookie = request.cookies.get(site.TEAM_COOKIE)
            return _send(await _off_loop(site.team_page, cookie, _arg(request, "afdeling")), request)

        @pages.get("/team/cijfers.csv")
        async def team_csv(request: Request) -> HTTPResponse:
            return _send(await _off_loop(site.team_csv, request.cookies.get(site.TEAM_COOKIE)), request)

        @pages.post("/team/uitloggen")
        async def team_logout(request: Request) -> HTTPResponse:
            return _send(await _off_loop(site.team_logout, request.cookies.get(site.TEAM_COOKIE)), request)

        # the staff quick scan and the action plan (bot/web/teamscan_pages.py)
        @pages.post("/team/ronde")
        async def team_round(request: Request) -> HTTPResponse:
            action = request.form.get("action") if request.form else None
            cookie = request.cookies.get(site.TEAM_COOKIE)
            return _send(await _off_loop(teamscan_pages.team_round, cookie, action), request)

        @pages.post("/team/activiteit")
        async def team_activity(request: Request) -> HTTPResponse:
            form = {key: str(request.form.get(key) or "") for key in request.form} if request.form else {}
            cookie = request.cookies.get(site.TEAM_COOKIE)
            return _send(await _off_loop(teamscan_pages.team_activity_add, cookie, form), request)

        @pages.post("/team/activiteit/status")
        async def team_activity_status(request: Request) -> HTTPResponse:
            form = request.form or {}
            cookie = request.cookies.get(site.TEAM_COOKIE)
            return _send(
                await _off_loop(teamscan_pages.team_activity_status, cookie, form.get("number"), form.get("status")),
                request,
            )

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
            return _send(result_copy.code_form(), request)

        @pages.get(result_copy.PATH + "/<token:str>")
        async def result_page(request: Request, token: str) -> HTTPResponse:
            return _send(await _off_loop(result_copy.copy_page, token), request)

        @pages.get(result_copy.PATH + "/<token:str>/pdf")
        async def result_pdf(request: Request, token: str) -> HTTPResponse:
            return _send(await _off_loop(result_copy.copy_pdf, token), request)

        @pages.get("/static/<folder:str>/<name:str>")
        async def static(request: Request, folder: str, name: str) -> HTTPResponse:
            found = site.static_file(folder, name)
            if found is None:
                return _send(site.message_page(404, "Niet gevonden", "Dit bestand bestaat niet."), request)
            path, content_type = found
            headers = {**site.SECURITY_HEADERS, "Cache-Control": "public, max-age=3600"}
            return await response.file(str(path), headers=headers, mime_type=content_type)

        return pages
