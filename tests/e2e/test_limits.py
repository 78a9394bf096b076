"""Input limits and origins against the real servers: long messages, body sizes, CORS, socket.io
origins and the number of new scans per client address."""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Optional

import pytest
import requests
import socketio
from sqlalchemy import create_engine, func, select
from websockets.client import connect
from websockets.exceptions import InvalidStatusCode

from bot.config import MAX_MESSAGE_CHARS
from bot.content import limit_texts
from bot.intake import CLIENT_KEY
from bot.storage.models import Respondent, ScanStart
from bot.storage.repository import ScanRepository
from bot.storage.units import UnitRegistry
from tests.conftest import EMBEDDING_SITE
from tests.servers import Assistant, texts

FOREIGN_SITE = "https://evil.example"
SCANS_PER_HOUR = 2
UNIT = "B2"
# Before the limits a 100,000-character message kept the server busy for 20-35 s.
FAST = 1.0
NOTICE = limit_texts().cut_notice(MAX_MESSAGE_CHARS)


@pytest.fixture(scope="module")
def server(assistant: Assistant) -> Assistant:
    """The shared assistant: one embedding site allowed (EMBEDDING_SITE), unit B2 registered."""
    UnitRegistry(assistant.database_url).add(UNIT, "Het Anker", open_link=True)
    return assistant


@pytest.fixture
def low_limit(server: Assistant) -> Iterator[None]:
    """A low scan limit, in the action server only (it counts the scans), for one test."""
    with server.actions_with(SCANS_PER_CLIENT_PER_HOUR=str(SCANS_PER_HOUR)):
        yield


def long_message(characters: int = 100_000) -> str:
    """Varied Dutch text (many different words, as a pasted document would have).

    Words are numbered with an underscore ("week_12"): "week12" has the shape of an old erasure
    code, which the tracker store never keeps (addons/tracker_store.py).
    """
    words = (
        "mijn moeder woont sinds maart op de afdeling en ik kom elke week op bezoek maar ik weet "
        "vaak niet wie er dienst heeft of wat ik kan doen bij het eten de was en de activiteiten"
    ).split()
    rng = random.Random(11)
    text = ""
    while len(text) < characters:
        text += " ".join(rng.choice(words) + "_" + str(rng.randint(0, 99)) for _ in range(200)) + ". "
    return text[:characters]


def post(
    server: Assistant,
    sender: str,
    message: str,
    headers: Optional[dict[str, str]] = None,
    metadata: Optional[dict[str, Any]] = None,
) -> requests.Response:
    body: dict[str, Any] = {"sender": sender, "message": message}
    if metadata is not None:
        body["metadata"] = metadata
    return requests.post(f"{server.url}/webhooks/rest/webhook", json=body, headers=headers or {}, timeout=60)


def timed(function: Callable[..., Any], *args: Any) -> tuple[Any, float]:
    start = time.monotonic()
    result = function(*args)
    return result, time.monotonic() - start


def user_texts(server: Assistant, sender: str) -> list[str]:
    return [e["text"] for e in server.tracker(sender)["events"] if e["event"] == "user"]


def user_metadata(server: Assistant, sender: str) -> list[dict[str, Any]]:
    return [e.get("metadata") or {} for e in server.tracker(sender)["events"] if e["event"] == "user"]


def new_sender(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


# --- a very long message ------------------------------------------------------------------


def test_long_message_over_rest_is_cut_and_answered_fast_while_others_are_too(server: Assistant) -> None:
    message = long_message()
    assert len(message) == 100_000 and len(message.encode()) > 64 * 1024
    post(server, new_sender("warm"), "hallo")
    best: Optional[tuple[float, float]] = None
    for _attempt in range(3):
        long_sender, short_sender = new_sender("long"), new_sender("hallo")
        with ThreadPoolExecutor(2) as pool:
            long_call = pool.submit(timed, post, server, long_sender, message)
            time.sleep(0.02)
            short_call = pool.submit(timed, post, server, short_sender, "hallo")
            (long_reply, long_time), (short_reply, short_time) = long_call.result(), short_call.result()
        print(f"\nREST: 100,000 characters answered in {long_time:.3f} s, parallel 'hallo' in {short_time:.3f} s")
        assert long_reply.status_code == 200 and short_reply.status_code == 200
        replies = long_reply.json()
        assert replies[0]["text"] == NOTICE and "2.000 tekens" in NOTICE
        assert len(replies) > 1, "the cut message itself was answered too"
        assert "Welkom bij Samenspraak" in texts(short_reply.json())
        # NLU and the stored conversation saw only the first 2,000 characters
        assert user_texts(server, long_sender) == [message[:MAX_MESSAGE_CHARS]]
        if best is None or max(long_time, short_time) < max(best):
            best = (long_time, short_time)
    assert best is not None and max(best) < FAST, f"best of 3 (long, hallo): {best}"


def test_message_at_the_limit_is_not_cut(server: Assistant) -> None:
    sender = new_sender("exact")
    reply = post(server, sender, long_message(MAX_MESSAGE_CHARS))
    assert NOTICE not in texts(reply.json())
    assert [len(t) for t in user_texts(server, sender)] == [MAX_MESSAGE_CHARS]


async def socket_chat(
    server: Assistant, messages: list[tuple[str, dict[str, Any]]], origin: Optional[str], settle: float = 2.0
) -> list[tuple[str, list[tuple[float, str]]]]:
    """Send each message at once, each on its own socket.io session; per message its session id
    and the replies with the seconds after sending. (python-socketio's async client, polling.)"""
    chats = []
    for text, metadata in messages:
        client = socketio.AsyncClient(reconnection=False)
        chat = SocketChat(client, new_sender("sio"), text, metadata)
        client.on("bot_uttered", chat.received)
        client.on("session_confirm", lambda _data, confirmed=chat.confirmed: confirmed.set())
        await client.connect(server.url, headers={"Origin": origin} if origin else {}, transports=["polling"])
        await client.emit("session_request", {"session_id": chat.session})
        await asyncio.wait_for(chat.confirmed.wait(), 10)
        chats.append(chat)
    await asyncio.gather(*(chat.send() for chat in chats))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not all(chat.replies for chat in chats):
        await asyncio.sleep(0.05)
    await asyncio.sleep(settle)
    for chat in chats:
        await chat.client.disconnect()
    return [(chat.session, chat.replies) for chat in chats]


class SocketChat:
    """One socket.io session sending one message and collecting the replies."""

    def __init__(self, client: socketio.AsyncClient, session: str, text: str, metadata: dict[str, Any]) -> None:
        self.client, self.session, self.text, self.metadata = client, session, text, metadata
        self.confirmed = asyncio.Event()
        self.replies: list[tuple[float, str]] = []
        self.sent_at = 0.0

    def received(self, data: dict[str, Any]) -> None:
        self.replies.append((time.monotonic() - self.sent_at, data.get("text", "")))

    async def send(self) -> None:
        self.sent_at = time.monotonic()
        await self.client.emit(
            "user_uttered", {"message": self.text, "session_id": self.session, "customData": self.metadata}
        )


def test_long_message_over_socketio_is_cut_and_answered_fast_while_others_are_too(server: Assistant) -> None:
    message = long_message()
    best: Optional[tuple[float, float]] = None
    for _attempt in range(3):
        (long_session, long_replies), (_, short_replies) = asyncio.run(
            socket_chat(server, [(message, {CLIENT_KEY: "forged"}), ("hallo", {})], origin=server.url)
        )
        assert long_replies and short_replies, (long_replies, short_replies)
        assert long_replies[0][1] == NOTICE
        answers = [seconds for seconds, text in long_replies if text != NOTICE]
        assert answers, "the cut message itself was answered too"
        long_time, short_time = answers[0], short_replies[0][0]
        print(f"\nsocket.io: 100,000 characters answered in {long_time:.3f} s, parallel 'hallo' in {short_time:.3f} s")
        assert "Welkom bij Samenspraak" in short_replies[0][1]
        assert user_texts(server, long_session) == [message[:MAX_MESSAGE_CHARS]]
        # the key of the client address comes from the server, never from the client
        metadata = user_metadata(server, long_session)[0]
        assert len(metadata[CLIENT_KEY]) == 64 and metadata[CLIENT_KEY] != "forged"
        if best is None or max(long_time, short_time) < max(best):
            best = (long_time, short_time)
    assert best is not None and max(best) < FAST, f"best of 3 (long, hallo): {best}"


# --- body sizes ---------------------------------------------------------------------------------

ROUTES = [
    ("POST", "/webhooks/rest/webhook"),
    ("POST", "/socket.io/?EIO=4&transport=polling"),
    ("POST", "/team"),
    ("GET", "/team"),
    ("GET", "/chat"),
    ("GET", "/"),
    ("POST", "/model/parse"),
    ("POST", "/conversations/someone/messages"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_one_megabyte_body_gets_413_on_every_route(server: Assistant, method: str, path: str) -> None:
    body = b'{"sender": "big", "message": "' + b"x" * 1_000_000 + b'"}'
    response = requests.request(
        method, server.url + path, data=body, headers={"Content-Type": "application/json"}, timeout=30
    )
    assert response.status_code == 413, (response.status_code, response.text[:200])


@pytest.mark.parametrize(
    ("method", "path"), [("POST", "/team"), ("POST", "/model/parse"), ("POST", "/conversations/someone/messages")]
)
def test_more_than_64_kb_gets_413_outside_the_chat(server: Assistant, method: str, path: str) -> None:
    body = b'{"text": "' + b"x" * (64 * 1024) + b'"}'
    response = requests.request(
        method, server.url + path, data=body, headers={"Content-Type": "application/json"}, timeout=30
    )
    assert response.status_code == 413, (response.status_code, response.text[:200])


def test_small_bodies_still_pass(server: Assistant) -> None:
    response = requests.post(server.url + "/model/parse", json={"text": "hallo"}, timeout=30)
    assert response.status_code == 200 and response.json()["intent"]["name"] == "greet"


# --- origins ------------------------------------------------------------------------------------


def test_rest_webhook_refuses_a_foreign_page_and_sends_it_no_cors(server: Assistant) -> None:
    refused = post(server, new_sender("cors"), "hallo", headers={"Origin": FOREIGN_SITE})
    assert refused.status_code == 403
    assert "Access-Control-Allow-Origin" not in refused.headers
    preflight = requests.options(
        f"{server.url}/webhooks/rest/webhook",
        headers={"Origin": FOREIGN_SITE, "Access-Control-Request-Method": "POST"},
        timeout=30,
    )
    assert preflight.headers.get("Access-Control-Allow-Origin") is None
    # the site in ALLOWED_ORIGINS may use the chat
    allowed = post(server, new_sender("cors"), "hallo", headers={"Origin": EMBEDDING_SITE})
    assert allowed.status_code == 200
    assert allowed.headers.get("Access-Control-Allow-Origin") == EMBEDDING_SITE
    assert "Welkom bij Samenspraak" in texts(allowed.json())


@pytest.mark.parametrize("path", ["/team", "/team/antwoorden.csv", "/chat"])
def test_pages_send_a_foreign_origin_no_cors(server: Assistant, path: str) -> None:
    response = requests.get(server.url + path, headers={"Origin": FOREIGN_SITE}, timeout=30)
    assert "Access-Control-Allow-Origin" not in response.headers


def test_socketio_refuses_a_foreign_origin_over_polling(server: Assistant) -> None:
    with pytest.raises(socketio.exceptions.ConnectionError, match="403"):
        asyncio.run(socket_chat(server, [("hallo", {})], origin=FOREIGN_SITE))
    for origin in (server.url, EMBEDDING_SITE, None):
        [(_, replies)] = asyncio.run(socket_chat(server, [("hallo", {})], origin=origin, settle=0))
        assert replies and "Welkom bij Samenspraak" in replies[0][1], origin


@pytest.mark.parametrize(
    ("origin", "accepted"),
    [(FOREIGN_SITE, False), ("http://127.0.0.1:1", False), (EMBEDDING_SITE, True), ("own", True)],
)
def test_socketio_websocket_checks_the_origin(server: Assistant, origin: str, accepted: bool) -> None:
    url = server.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    sent_origin = server.url if origin == "own" else origin

    async def open_socket() -> str:
        async with connect(url, origin=sent_origin) as socket:  # type: ignore[arg-type]
            return str(await socket.recv())

    if accepted:
        assert asyncio.run(open_socket()).startswith("0{")  # Engine.IO "open" packet
    else:
        with pytest.raises(InvalidStatusCode, match="403"):
            asyncio.run(open_socket())


# --- new scans per client address ---------------------------------------------------------------


def count(server: Assistant, column: Any) -> int:
    engine = create_engine(server.database_url, future=True)
    with engine.connect() as connection:
        value = connection.execute(select(func.count(column))).scalar_one()
    engine.dispose()
    return int(value)


def start_scan(server: Assistant, address: str, metadata: Optional[dict[str, Any]] = None) -> tuple[str, str]:
    """Start a scan from `address` (as a proxy on this machine reports it) and say yes."""
    sender = new_sender("limit")
    headers = {"X-Forwarded-For": address}
    post(server, sender, "/start_scan", headers=headers, metadata={"afdeling": UNIT, **(metadata or {})})
    reply = post(server, sender, "/affirm", headers=headers, metadata=metadata)
    return sender, texts(reply.json())


def test_new_scans_per_client_address_are_limited(server: Assistant, low_limit: None) -> None:
    address = f"198.51.100.{random.randint(1, 250)}"
    for _ in range(SCANS_PER_HOUR):
        sender, reply = start_scan(server, address)
        assert limit_texts().too_many_scans not in reply
        assert ScanRepository(server.database_url).state(sender) is not None, reply

    respondents, starts = count(server, Respondent.id), count(server, ScanStart.id)
    # one more from the same address, also when the client sends a key of its own
    for metadata in (None, {CLIENT_KEY: uuid.uuid4().hex}):
        sender, reply = start_scan(server, address, metadata)
        assert limit_texts().too_many_scans in reply
        assert ScanRepository(server.database_url).state(sender) is None
        assert (count(server, Respondent.id), count(server, ScanStart.id)) == (respondents, starts)

    # another address still can
    sender, reply = start_scan(server, f"203.0.113.{random.randint(1, 250)}")
    assert limit_texts().too_many_scans not in reply
    assert ScanRepository(server.database_url).state(sender) is not None
