"""Rasa's REST and socket.io channels with Samenspraak's limits on what comes in.

Registered in credentials.yml instead of the built-in `rest` and `socketio`, with the same names
and addresses (/webhooks/rest/webhook, /socket.io). The rules themselves live in bot/intake.py:
- every message is cut to MAX_MESSAGE_CHARS before NLU, and a notice saying so is sent first;
- request bodies over MAX_BODY_BYTES get 413, except on these two chat routes, which accept up to
  MAX_CHAT_BODY_BYTES (so a 100,000-character message is cut and answered, not refused);
- a browser page from another origin than the server's own or ALLOWED_ORIGINS gets 403 here
  (Rasa's socket.io server switches python-engineio's own origin check off);
- CORS headers (Rasa's `--cors`, from ALLOWED_ORIGINS) go out on these two chat routes only:
  Rasa's sanic-cors covers every route ("/*"), and with `always_send` even a request without
  Origin got `Access-Control-Allow-Origin` and `-Allow-Credentials: true`, the dashboard's login
  too. The web pages (/team..., /chat, /uitslag...) and any other route never carry them
  (`cors_only_on_chat_routes`);
- message metadata keeps only the known keys, at most 1 KB together (bot.intake.clean_metadata);
- every message carries a server-derived key of the client address in its metadata
  (`client_key`, used to limit new scans per address); whatever a client sent there is replaced;
- when the action server, the database or Redis is away, the user gets a kind message instead of
  an error or silence (addons/availability.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from typing import Any, Optional

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint, Sanic
from sanic.exceptions import Forbidden, PayloadTooLarge
from sanic.request import Request

from addons.availability import answer_when_unavailable, close_action_endpoint, guard_action_endpoint
from bot.config import MAX_BODY_BYTES, MAX_CHAT_BODY_BYTES, MAX_MESSAGE_CHARS, allowed_origins, trusted_proxies
from bot.content import limit_texts
from bot.intake import CLIENT_KEY, clean_metadata, client_address, client_key, cut_message, origin_allowed
from bot.languages import LANGUAGE_KEY, code

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
IsChatRoute = Callable[[Request, Any], bool]


def request_client_key(request: Request) -> str:
    """The pseudonymous key of the address a request came from (proxies on TRUSTED_PROXIES)."""
    address = client_address(str(request.ip), request.headers.get("x-forwarded-for"), trusted_proxies())
    return client_key(address)


def own_host_headers(request: Request) -> tuple[Optional[str], Optional[str]]:
    forwarded = request.headers.get("x-forwarded-host") if str(request.ip) in trusted_proxies() else None
    return request.headers.get("host"), forwarded


def cors_only_on_chat_routes(app: Sanic, chat_path: str) -> None:
    """Narrow Rasa's CORS (sanic-cors, one resource "/*") to the chat routes, adding `chat_path`.

    Each chat channel adds its own path before the server starts; every other path (the web
    pages, the dashboard, Rasa's own API) matches no CORS resource and gets no CORS headers,
    also not on a preflight or an error, whatever ALLOWED_ORIGINS says.
    """
    cors = getattr(app.ctx, "sanic_cors", None)
    if cors is None:  # no CORS configured at all
        return
    if not hasattr(cors, "samenspraak_chat_paths"):
        cors.samenspraak_chat_paths = []
        cors.samenspraak_options = [options for _pattern, options in cors.resources]
    path = "/" + chat_path.strip("/")
    if path not in cors.samenspraak_chat_paths:
        cors.samenspraak_chat_paths.append(path)
    pattern = re.compile("^(?:" + "|".join(map(re.escape, cors.samenspraak_chat_paths)) + ")/?$")
    cors.resources = [(pattern, options) for options in cors.samenspraak_options]


def rest_receive_path(app: Sanic, blueprint: Blueprint) -> str:
    """The address of the REST channel's message route (/webhooks/rest/webhook) as registered."""
    for route in app.router.routes:
        if route.name.split(".")[-2:] == [blueprint.name, "receive"]:
            return "/" + route.path.strip("/")
    raise RuntimeError(f"no message route of {blueprint.name} registered")


def cut_long_messages(on_new_message: OnNewMessage) -> OnNewMessage:
    """Cut each message to MAX_MESSAGE_CHARS before NLU, telling the user first."""

    async def handle(message: UserMessage) -> Any:
        cut = cut_message(message.text)
        if cut.was_cut:
            message.text = cut.text
            notice = limit_texts(code((message.metadata or {}).get(LANGUAGE_KEY))).cut_notice(MAX_MESSAGE_CHARS)
            await message.output_channel.send_text_message(message.sender_id, notice)
        return await on_new_message(message)

    return handle


def handle_messages(on_new_message: OnNewMessage, blueprint_of: Callable[[OnNewMessage], Blueprint]) -> Blueprint:
    """The channel's blueprint around `on_new_message`: long messages cut, services away answered."""
    server: list[Sanic] = []
    blueprint = blueprint_of(
        cut_long_messages(answer_when_unavailable(on_new_message, lambda: server[0] if server else None))
    )

    @blueprint.listener("after_server_start")
    async def guard_services(app: Sanic, _loop: Any) -> None:
        server[:] = [app]
        guard_action_endpoint(app)

    @blueprint.listener("before_server_stop")
    async def close_connections(app: Sanic, _loop: Any) -> None:
        await close_action_endpoint(app)

    return blueprint


def guard_requests(blueprint: Blueprint, is_chat_route: IsChatRoute) -> None:
    """Body size limits for the whole server and an origin check for this channel's chat route."""

    @blueprint.listener("before_server_start")
    async def limit_body_size(app: Sanic, _loop: Any) -> None:
        app.config.REQUEST_MAX_SIZE = MAX_BODY_BYTES

    # runs for every request, after routing and before the body is read
    @blueprint.signal("http.routing.after")
    async def check_chat_route(request: Request, route: Any, **_: Any) -> None:
        # also routes that ignore a body (GET) refuse one that is larger than any route accepts
        if int(request.headers.get("content-length") or 0) > MAX_CHAT_BODY_BYTES:
            raise PayloadTooLarge("Request body exceeds the size limit")
        if not is_chat_route(request, route):
            return
        host, forwarded_host = own_host_headers(request)
        if not origin_allowed(request.headers.get("origin"), host, forwarded_host, allowed_origins()):
            raise Forbidden("This origin may not use the chat.")
        if request.stream is not None:
            request.stream.request_max_size = MAX_CHAT_BODY_BYTES


class RestChannel(RestInput):
    """Rasa's REST channel (/webhooks/rest/webhook) with the limits above."""

    def get_metadata(self, request: Request) -> dict[str, Any]:
        metadata = clean_metadata(super().get_metadata(request))
        metadata[CLIENT_KEY] = request_client_key(request)
        return metadata

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = handle_messages(on_new_message, super().blueprint)
        guard_requests(webhook, lambda _request, route: route.name.split(".")[-2:] == [webhook.name, "receive"])

        @webhook.listener("before_server_start")
        async def cors_for_this_route_only(app: Sanic, _loop: Any) -> None:
            cors_only_on_chat_routes(app, rest_receive_path(app, webhook))

        return webhook


class SocketIOChannel(SocketIOInput):
    """Rasa's socket.io channel (/socket.io) with the limits above."""

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        socketio_webhook = handle_messages(on_new_message, super().blueprint)
        sio = self.sio
        assert sio is not None
        sio.eio.max_http_buffer_size = MAX_CHAT_BODY_BYTES
        handle_message = sio.handlers[self.namespace or "/"][self.user_message_evt]
        metadata_key = self.metadata_key or "metadata"

        async def handle_message_with_client_key(sid: str, data: Any) -> None:
            if not isinstance(data, dict):
                return
            sent = data.get(metadata_key) or {}
            if isinstance(sent, str):
                try:
                    sent = json.loads(sent)
                except ValueError:
                    sent = {}
            metadata = clean_metadata(sent)
            environ = sio.get_environ(sid, namespace=self.namespace)
            if environ is None:  # the connection is already gone
                return
            metadata[CLIENT_KEY] = request_client_key(environ["sanic.request"])
            await handle_message(sid, {**data, metadata_key: metadata})

        sio.on(self.user_message_evt, handle_message_with_client_key, namespace=self.namespace)
        path = "/" + (self.socketio_path or "/socket.io").strip("/")
        guard_requests(socketio_webhook, lambda request, _route: request.path.rstrip("/") == path)

        @socketio_webhook.listener("before_server_start")
        async def cors_for_this_route_only(app: Sanic, _loop: Any) -> None:
            cors_only_on_chat_routes(app, path)

        return socketio_webhook
