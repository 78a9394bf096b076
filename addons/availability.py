"""A kind message instead of an error or silence when a service behind Rasa is away.

(The guarded action endpoint also sends the action server's shared token: addons/action_server.py.)

Rasa 3.6 keeps going when a part fails: an unreachable action server makes the processor log the
error and continue without the action's events (often: no reply at all), and a failing tracker
store makes Rasa's FailSafeTrackerStore continue on an empty in-memory conversation. For a
relative in the middle of the scan both are worse than an honest "probeer het zo nog eens". So:
- the action endpoint and the tracker store raise `ServiceUnavailable` when the action server or
  the database cannot be reached. It is a BaseException on purpose: Rasa's processor and
  FailSafeTrackerStore catch `Exception` and carry on, this passes through them, so the turn
  stops before anything of it is saved in the conversation;
- a failing Redis lock store raises Rasa's LockError (nothing is processed without the lock, so
  two instances never answer one message twice);
- the channels (addons/channels.py) catch these for each message and send the message
  `service_unavailable` (bot/content/replies.yml) in the reader's voice, with the button that
  continues the scan where it was (answers are stored at once, so none is lost). Nothing of the
  message is logged, only which service was away.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Optional

import aiohttp
from rasa.core.channels.channel import UserMessage
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.core.lock_store import LockError
from rasa.utils.endpoints import ClientResponseError, EndpointConfig
from redis.exceptions import RedisError  # type: ignore[import-untyped]
from sanic import Sanic

from bot.config import ACTION_TOKEN_HEADER, action_token
from bot.content.replies import CARER, replies
from bot.languages import LANGUAGE_KEY, code

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
READER_SLOT = "reader"
CONTINUE_PAYLOAD = "/start_scan"
# Rasa opens a new connection to the action server for every action call; the guarded endpoint
# keeps a pool instead: at most this many connections per Rasa instance, idle ones closed before
# the action server ends them (SANIC_KEEP_ALIVE_TIMEOUT=120 in scripts/run.sh; Sanic's default
# of 5 s also closes a connection on which a Rasa server busy with many messages has not sent
# its call yet, and the call fails).
ACTION_CONNECTIONS = 32
IDLE_SECONDS = 60.0


class ServiceUnavailable(BaseException):  # noqa: N818 - a BaseException, see the module docstring
    """The action server or the database cannot be reached: the turn stops unsaved."""

    def __init__(self, service: str, reason: str = "") -> None:
        super().__init__(service, reason)
        self.service = service
        self.reason = reason


def _reason(error: BaseException) -> str:
    """An error's class and, for a failing connection, the system's error number (never its text)."""
    number = getattr(error, "errno", None)
    return f"{type(error).__name__} errno {number}" if number else type(error).__name__


class _Borrowed:
    """The pooled session, lent to Rasa's `async with self.session()` without closing it."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self.session

    async def __aexit__(self, *_: object) -> None:
        return None


class GuardedActionEndpoint(EndpointConfig):
    """Rasa's action endpoint over pooled connections, raising ServiceUnavailable when away.

    A 400 (a form rejecting the message) and a 404 (unknown action) pass unchanged.
    """

    _pool: Optional[aiohttp.ClientSession] = None

    def session(self) -> Any:
        """The pool of connections (made in the running event loop on first use)."""
        if self._pool is None or self._pool.closed:
            basic = self.basic_auth
            auth = aiohttp.BasicAuth(basic["username"], basic["password"]) if basic else None
            self._pool = aiohttp.ClientSession(
                headers=self.headers,
                auth=auth,
                timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
                connector=aiohttp.TCPConnector(limit=ACTION_CONNECTIONS, keepalive_timeout=IDLE_SECONDS),
            )
        return _Borrowed(self._pool)

    async def close(self) -> None:
        """Close the pooled connections (when the server stops)."""
        if self._pool is not None:
            await self._pool.close()

    async def request(self, *args: Any, **kwargs: Any) -> Optional[Any]:
        try:
            return await super().request(*args, **kwargs)
        except (aiohttp.ClientConnectionError, asyncio.TimeoutError) as error:
            raise ServiceUnavailable("action server", _reason(error)) from None
        except ClientResponseError as error:
            if error.status >= 500:
                raise ServiceUnavailable("action server", f"HTTP {error.status}") from None
            raise

    @classmethod
    def guarding(cls, endpoint: EndpointConfig) -> GuardedActionEndpoint:
        """The same endpoint, guarded, sending the shared token the action server asks for."""
        return cls(
            endpoint.url,
            endpoint.params,
            {**endpoint.headers, ACTION_TOKEN_HEADER: action_token()},
            endpoint.basic_auth,
            endpoint.token,
            endpoint.token_name,
            endpoint.cafile,
            **endpoint.kwargs,
        )


async def close_action_endpoint(app: Sanic) -> None:
    """Close the guarded endpoint's connections."""
    agent = getattr(app.ctx, "agent", None)
    if agent is not None and isinstance(agent.action_endpoint, GuardedActionEndpoint):
        await agent.action_endpoint.close()


def guard_action_endpoint(app: Sanic) -> None:
    """Guard the action endpoint of the agent that `rasa run` loaded into `app`."""
    agent = getattr(app.ctx, "agent", None)
    if agent is None or agent.action_endpoint is None or isinstance(agent.action_endpoint, GuardedActionEndpoint):
        return
    agent.action_endpoint = GuardedActionEndpoint.guarding(agent.action_endpoint)
    if agent.processor is not None:
        agent.processor.action_endpoint = agent.action_endpoint


async def _reader(app: Optional[Sanic], sender_id: str) -> Optional[str]:
    """The reader of this conversation when the tracker store can tell, else None."""
    agent = getattr(app.ctx, "agent", None) if app is not None else None
    if agent is None or agent.tracker_store is None:
        return None
    try:
        tracker = await agent.tracker_store.retrieve(sender_id)
    except (Exception, ServiceUnavailable):  # noqa: BLE001 - the store may be the part that is away
        return None
    value = tracker.get_slot(READER_SLOT) if tracker is not None else None
    return str(value) if value else None


async def say_unavailable(message: UserMessage, app: Optional[Sanic]) -> None:
    """Send the 'even niet beschikbaar' message, with the scan's continue button for relatives."""
    reader = await _reader(app, message.sender_id)
    texts = replies("nl" if reader == CARER else code((message.metadata or {}).get(LANGUAGE_KEY)))
    text = texts.message("service_unavailable", reader)
    if reader == CARER:
        await message.output_channel.send_text_message(message.sender_id, text)
        return
    button = {"title": texts.message("scan_continue_button", reader), "payload": CONTINUE_PAYLOAD}
    await message.output_channel.send_text_with_buttons(message.sender_id, text, [button])


def answer_when_unavailable(on_new_message: OnNewMessage, app: Callable[[], Optional[Sanic]]) -> OnNewMessage:
    """Handle each message; when a service is away, tell the user kindly instead of failing."""

    async def handle(message: UserMessage) -> Any:
        try:
            return await on_new_message(message)
        except ServiceUnavailable as away:
            service, reason = away.service, away.reason
        except asyncio.CancelledError:
            # Sanic's response timeout or a client that left: Rasa would log the text with it
            service, reason = "Rasa server", "the message took too long"
        except (LockError, RedisError) as error:
            service, reason = "lock store (Redis)", type(error).__name__
        except Exception as error:  # noqa: BLE001 - Rasa would log the user's text with it
            logger.debug("Message not handled", exc_info=True)
            service, reason = "Rasa server", type(error).__name__
        # the reason is an exception's class or an HTTP status, never its text (it may hold the message)
        logger.error("A message could not be handled: the %s is not available (%s).", service, reason)
        await say_unavailable(message, app())
        return None

    return handle
