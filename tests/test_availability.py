"""A kind message when a service is away (addons/availability.py), against real closed ports.

The whole path (action server stopped, PostgreSQL restarted, Redis stopped, under load) is
tested in tests/load.
"""

from __future__ import annotations

import asyncio
import logging

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.lock_store import RedisLockStore

from addons.availability import GuardedActionEndpoint, ServiceUnavailable, answer_when_unavailable
from bot.content.replies import RELATIVE, replies
from tests.servers import free_port

SECRET_ANSWER = "mijn geheime opmerking over de zorg"


def test_guarded_action_endpoint_says_the_action_server_is_away() -> None:
    endpoint = GuardedActionEndpoint(url=f"http://127.0.0.1:{free_port()}/webhook")

    async def call() -> None:
        try:
            await endpoint.request(json={"next_action": "action_x"}, method="post")
        finally:
            await endpoint.close()

    with pytest.raises(ServiceUnavailable) as away:
        asyncio.run(call())
    # errno 111: connection refused
    assert away.value.service == "action server" and away.value.reason == "ClientConnectorError errno 111"


@pytest.mark.parametrize("lang", ["nl", "en", "tr", "ar", "pl"])
def test_a_message_without_redis_gets_the_message_and_nothing_is_logged(
    caplog: pytest.LogCaptureFixture, lang: str
) -> None:
    """Rasa's own Redis lock store on a port where no Redis listens: refused kindly, in the
    relative's language (metadata `taal`)."""
    store = RedisLockStore(port=free_port(), socket_timeout=2)
    handled = []

    async def on_new_message(message: UserMessage) -> None:
        async with store.lock(message.sender_id):
            handled.append(message.text)

    output = CollectingOutputChannel()
    message = UserMessage(SECRET_ANSWER, output, "relative-1", metadata={"taal": lang})
    with caplog.at_level(logging.INFO):
        asyncio.run(answer_when_unavailable(on_new_message, lambda: None)(message))
    assert handled == []
    [sent] = output.messages
    said = replies(lang)
    assert sent["text"] == said.message("service_unavailable", RELATIVE)
    assert lang == "nl" or sent["text"] != replies().message("service_unavailable", RELATIVE)
    assert [b["payload"] for b in sent["buttons"]] == ["/start_scan"]
    assert [b["title"] for b in sent["buttons"]] == [said.message("scan_continue_button", RELATIVE)]
    assert "Redis" in caplog.text and SECRET_ANSWER not in caplog.text
