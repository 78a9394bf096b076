"""A kind message instead of an error or silence when a service behind Rasa is away.

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
from rasa.core.lock_store import LockError
from rasa.utils.endpoints import ClientResponseError, EndpointConfig
from redis.exceptions import RedisError  # type: ignore[import-untyped]
from sanic import Sanic

from bot.content.replies import CARER, replies

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
READER_SLOT = "reader"
CONTINUE_PAYLOAD = "/start_scan"


class ServiceUnavailable(BaseException):  # noqa: N818 - a BaseException, see the module docstring
    """The action server or the database cannot be reached: the turn stops unsaved."""

    def __init__(self, service: str) -> None:
        super().__init__(service)
        self.service = service


class GuardedActionEndpoint(EndpointConfig):
    """Rasa's action endpoint, raising ServiceUnavailable when the action server is away.

    A 400 (a form rejecting the message) and a 404 (unknown action) pass unchanged.
    """

    async def request(self, *args: Any, **kwargs: Any) -> Optional[Any]:
        try:
            return await super().request(*args, **kwargs)
        except (aiohttp.ClientConnectionError, asyncio.TimeoutError):
            raise ServiceUnavailable("action server") from None
        except ClientResponseError as error:
            if error.status >= 500:
                raise ServiceUnavailable("action server") from None
            raise

    @classmethod
    def guarding(cls, endpoint: EndpointConfig) -> GuardedActionEndpoint:
        """The same endpoint, guarded."""
        return cls(
            endpoint.url, endpoint.params, endpoint.headers, endpoint.basic_auth, endpoint.token,
            endpoint.token_name, endpoint.cafile, **endpoint.kwargs,
        )


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
    texts = replies()
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
            service = away.service
        except (LockError, RedisError):
            service = "lock store (Redis)"
        except Exception as error:  # noqa: BLE001 - Rasa would log the user's text with it
            logger.debug("Message not handled", exc_info=True)
            service = f"Rasa ({type(error).__name__})"
        logger.error("A message could not be handled: the %s is not available.", service)
        await say_unavailable(message, app())
        return None

    return handle
