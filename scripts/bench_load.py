"""Closed-loop REST load for `make bench`: simulated users, each waiting for a reply before the next message."""

from __future__ import annotations

import asyncio
import math
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Optional

import aiohttp

Turn = tuple[str, Optional[dict[str, Any]]]
Replies = list[dict[str, Any]]
WEBHOOK = "/webhooks/rest/webhook"
# the last reply of a finished scan shows the erasure code (e.g. K7QM-4XPA)
ERASURE_CODE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b")


@dataclass(frozen=True)
class Conversation:
    """The messages of one conversation, and how to tell from the last replies that it got through."""

    turns: tuple[Turn, ...]
    completed: Callable[[Replies], bool]


def scan_conversation(unit: str, typed_unit: bool) -> Conversation:
    """A relative's whole quick scan: start, consent, unit, relation, every statement, desired rung, remark.

    The answers are the scale's own button labels in turn, one typed in words; the unit comes from the
    page (message metadata `afdeling`) or, with `typed_unit`, is typed when the assistant asks for it.
    """
    from bot.content import content
    from bot.content.words import words
    from bot.scan import RELATIONS

    scan = content().relatives_scan
    labels = [option.label for option in scan.scale if option.value is not None]
    page = None if typed_unit else {"afdeling": unit}
    turns: list[Turn] = [("/start_scan", page), ("/affirm", page)]
    if typed_unit:
        turns.append((unit, None))
    turns.append((RELATIONS["kind"][0], page))
    for index in range(len(scan.items)):
        answer = scan.scale[2].synonyms[1] if index == 3 else labels[index % len(labels)]  # one typed answer
        turns.append((answer, page))
    turns += [("trede 4", page), (words().no_remark[0], page)]
    return Conversation(tuple(turns), lambda replies: any(ERASURE_CODE.search(r.get("text", "")) for r in replies))


def bare_conversation() -> Conversation:
    """A conversation with the `rasa init` mood bot as long as a scan (its own stories, four times over)."""
    turns: tuple[Turn, ...] = (
        ("hello", None),
        ("I am very sad", None),
        ("yes", None),
        ("hi there", None),
        ("great", None),
        ("bye", None),
    )
    return Conversation(turns * 4, lambda replies: bool(replies))


@dataclass
class LevelResult:
    """Latencies and failures of one load level against one assistant."""

    users: int
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    incomplete: int = 0
    conversations: int = 0
    seconds: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds per server during the level

    def percentile(self, q: float) -> float:
        """Nearest-rank percentile of the latencies in seconds (nan without any)."""
        if not self.latencies:
            return math.nan
        ordered = sorted(self.latencies)
        return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]

    @property
    def messages_per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else math.nan

    def cpu_per_message(self, server: Optional[str] = None) -> float:
        """CPU seconds per message of one server, or of all measured servers together (nan if none)."""
        if not self.cpu or not self.latencies:
            return math.nan
        used = self.cpu[server] if server else sum(self.cpu.values())
        return used / len(self.latencies)


async def _send(
    session: aiohttp.ClientSession, url: str, sender: str, turn: Turn, result: LevelResult
) -> Optional[Replies]:
    text, metadata = turn
    body: dict[str, Any] = {"sender": sender, "message": text}
    if metadata:
        body["metadata"] = metadata
    started = time.perf_counter()
    try:
        async with session.post(url, json=body) as response:
            replies = await response.json(content_type=None) if response.status == 200 else None
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
        replies = None
    result.latencies.append(time.perf_counter() - started)
    if not isinstance(replies, list) or not replies:
        result.errors += 1
        return None
    return replies


async def _user(
    session: aiohttp.ClientSession,
    url: str,
    name: str,
    conversations: Sequence[Conversation],
    count: int,
    offset: int,
    result: LevelResult,
) -> None:
    """One user: `count` conversations one after the other, each with a new sender id."""
    for number in range(count):
        conversation = conversations[(offset + number) % len(conversations)]
        replies: Optional[Replies] = None
        for turn in conversation.turns:
            replies = await _send(session, url, f"{name}-{number}", turn, result)
        result.conversations += 1
        if replies is None or not conversation.completed(replies):
            result.incomplete += 1


async def run_level(
    base_url: str, users: int, conversations: Sequence[Conversation], per_user: int, tag: str
) -> LevelResult:
    """`users` users at once, each holding `per_user` conversations in turn; the wall time and every latency."""
    result = LevelResult(users=users)
    url = base_url.rstrip("/") + WEBHOOK
    timeout = aiohttp.ClientTimeout(total=300)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0), timeout=timeout) as session:
        started = time.perf_counter()
        await asyncio.gather(
            *(_user(session, url, f"bench-{tag}-{users}-{i}", conversations, per_user, i, result) for i in range(users))
        )
        result.seconds = time.perf_counter() - started
    return result
