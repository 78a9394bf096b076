"""Simulated relatives doing the whole quick scan over REST, all at once.

Each relative reads every reply and sends what a person would: the consent, the relation, the
answer to the statement the bot shows ("Vraag X van N"), the desired rung and a remark. When the
bot says it is away for a moment (or the balancer gives 502 because an instance died under the
request), the relative waits and presses "Verder met de vragenlijst" (/start_scan), as the
message offers, and goes on with the statement the bot then shows. The order is checked on every
reply: never a step skipped, and without a fault exactly the next step.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Optional

import aiohttp

from bot.content import content
from bot.content.replies import RELATIVE, replies
from bot.scan import parse_answer

SCAN = content().relatives_scan
N = len(SCAN.items)
LABELS = [option.label for option in SCAN.scale]
UNAVAILABLE = replies().message("service_unavailable", RELATIVE)
THANKS = content().privacy.code["thanks"]
QUESTION = re.compile(r"Vraag (\d+) van (\d+)")
# steps: 0 consent, 1 relation, 1 + X statement X, N + 2 desired rung, N + 3 remark, N + 4 done
CONSENT, RELATION, DESIRED, REMARK, DONE = 0, 1, N + 2, N + 3, N + 4
REQUEST_TIMEOUT = 300


@dataclass
class Relative:
    """One simulated relative with the answers they mean to give."""

    number: int
    unit: str
    targets: list[str]
    rng: random.Random
    sender: str = field(default_factory=lambda: f"load-{uuid.uuid4().hex[:16]}")
    answers: list[str] = field(default_factory=list)
    desired: int = 3
    remark: str = ""
    relation: str = "Zoon of dochter"
    sent: int = 0
    faults: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    step: int = -1
    done: bool = False

    def __post_init__(self) -> None:
        self.answers = [self.rng.choice(LABELS) for _ in range(N)]
        self.desired = self.rng.randint(1, 5)
        self.remark = f"Mijn opmerking {uuid.uuid4().hex[:12]} over de zorg"

    def expected_answers(self) -> dict[str, Optional[int]]:
        """The stored answers this relative should end with: item id to value."""
        return {item.id: parse_answer(label, SCAN).value for item, label in zip(SCAN.items, self.answers, strict=False)}


def _step_of(replies_: list[dict[str, Any]]) -> Optional[int]:
    text = "\n".join(r.get("text") or "" for r in replies_)
    buttons = [b.get("title") for r in replies_ for b in r.get("buttons") or []]
    if THANKS in text:
        return DONE
    if SCAN.remark_question.strip()[:40] in text:
        return REMARK
    if SCAN.desired_question.strip()[:40] in text:
        return DESIRED
    found = QUESTION.findall(text)
    if found:
        return RELATION + int(found[-1][0])
    if "Zoon of dochter" in buttons:
        return RELATION
    if "Ja, ik doe mee" in buttons:
        return CONSENT
    return None


class Counter:
    """Counts the messages all relatives sent, so a fault can start halfway."""

    def __init__(self) -> None:
        self.messages = 0
        self.started = time.monotonic()


async def _post(session: aiohttp.ClientSession, url: str, body: dict[str, Any]) -> tuple[int, list[dict[str, Any]]]:
    try:
        async with session.post(
            f"{url}/webhooks/rest/webhook", json=body, timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
        ) as response:
            if response.status != 200:
                return response.status, []
            return 200, await response.json()
    except (aiohttp.ClientError, asyncio.TimeoutError) as error:
        return -1, [{"text": f"client error {type(error).__name__}"}]


async def run_relative(
    relative: Relative, session: aiohttp.ClientSession, counter: Counter, allowed_statuses: frozenset[int]
) -> Relative:
    """The whole scan for one relative; problems go to `relative.errors` (never an exception)."""
    message = "/start_scan"
    step = -1
    after_fault = False
    while not relative.done:
        if relative.sent > 4 * (N + 5) + 60:
            relative.errors.append("too many messages: the scan does not end")
            break
        target = relative.targets[relative.sent % len(relative.targets)]
        started = time.monotonic()
        status, reply = await _post(
            session, target, {"sender": relative.sender, "message": message, "metadata": {"afdeling": relative.unit}}
        )
        relative.latencies.append(time.monotonic() - started)
        relative.sent += 1
        counter.messages += 1
        text = "\n".join(r.get("text") or "" for r in reply)
        if status != 200 or UNAVAILABLE in text:
            kind = "unavailable" if status == 200 else f"HTTP {status}"
            relative.faults.append(kind)
            if status != 200 and status not in allowed_statuses:
                relative.errors.append(f"{kind} after {message!r}: {text[:200]}")
            await asyncio.sleep(2 + relative.rng.random() * 2)
            message, after_fault = "/start_scan", True
            continue
        new_step = _step_of(reply)
        if new_step is None:
            relative.errors.append(f"unexpected reply to {message!r}: {text[:300]!r}")
            break
        if new_step > step + 1 or (not after_fault and new_step != step + 1):
            relative.errors.append(f"out of order: step {step} then {new_step} after {message!r}")
        step, after_fault = new_step, False
        relative.step = step
        if step == DONE:
            relative.done = True
        elif step == CONSENT:
            message = "/affirm"
        elif step == RELATION:
            message = relative.relation
        elif step == DESIRED:
            message = f"trede {relative.desired}"
        elif step == REMARK:
            message = relative.remark
        else:
            message = relative.answers[step - RELATION - 1]
    return relative


async def run_all(
    relatives: list[Relative], counter: Counter, allowed_statuses: frozenset[int] = frozenset()
) -> list[Relative]:
    """All relatives at once, each with its own conversation."""
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        return list(await asyncio.gather(*(run_relative(r, session, counter, allowed_statuses) for r in relatives)))
