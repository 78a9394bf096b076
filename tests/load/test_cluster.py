"""Load and fault tests against two Rasa instances behind nginx (marker `load`).

`make test` runs a short version (LOAD_RELATIVES=40 at once, fewer in each fault test);
`make load` the full one (200). The tests share one cluster and run in this order; each fault
test leaves the cluster whole again, except the last one, which kills an instance for good.
Figures are printed (pytest -s), never asserted: the machine may be busy.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import requests
import socketio
from sqlalchemy import create_engine, text
from websockets.client import connect

from bot.storage.repository import ScanRepository, sender_key
from bot.storage.tokens import TeamTokens
from tests.e2e.test_scan import RESULT, answer_items, event_count, finish, new_sender, start_and_consent
from tests.load.conftest import UNIT, Setup
from tests.load.relatives import LABELS, Counter, N, Relative, run_all
from tests.servers import Assistant, StartScript, free_port, refuses

RELATIVES = int(os.environ.get("LOAD_RELATIVES", "40"))
FAULT_RELATIVES = max(10, RELATIVES // 4)
# a fault starts when this share of all messages was sent, and lasts this long
HALFWAY = 0.4
OUTAGE_SECONDS = 8


def relatives(setup: Setup, count: int, spread_directly: bool = False) -> list[Relative]:
    """`count` relatives; with `spread_directly`, every other one alternates between the instances."""
    cluster = setup.cluster
    direct = [cluster.instance_url(0), cluster.instance_url(1)]
    made = []
    for number in range(count):
        targets = direct if spread_directly and number % 2 else [cluster.url]
        relative = Relative(number=number, unit=UNIT, targets=targets, rng=random.Random(number))
        setup.secrets.append(relative.remark)
        made.append(relative)
    return made


def stored(database_url: str, done: list[Relative]) -> dict[str, dict[str, int | None]]:
    """The answers table as it is: sender key to {item id: value} (every row counted)."""
    engine = create_engine(database_url, future=True)
    rows: dict[str, dict[str, int | None]] = {}
    doubled = []
    with engine.connect() as connection:
        result = connection.execute(
            text("SELECT r.sender_key, a.item_id, a.value FROM answers a JOIN respondents r ON r.id = a.respondent_id")
        )
        for key, item, value in result:
            if item in rows.setdefault(key, {}):
                doubled.append(item)
            rows[key][item] = value
        finished = dict(connection.execute(text("SELECT sender_key, finished_at IS NOT NULL FROM respondents")).all())
    engine.dispose()
    assert not doubled, f"answers stored twice: {doubled[:5]}"
    for relative in done:
        assert finished.get(sender_key(relative.sender)), f"{relative.sender}: scan not finished"
    return rows


def check(setup: Setup, done: list[Relative]) -> None:
    """Every relative finished with exactly the answers they gave, none lost, none doubled."""
    problems = [f"{r.sender}: {error}" for r in done for error in r.errors]
    assert not problems, "\n".join(problems[:20])
    assert all(r.done for r in done)
    rows = stored(setup.postgres.url, done)
    for relative in done:
        assert rows.get(sender_key(relative.sender)) == relative.expected_answers(), relative.sender


def report(name: str, done: list[Relative], seconds: float) -> None:
    latencies = sorted(x for r in done for x in r.latencies)
    messages = len(latencies)
    faults = sum(len(r.faults) for r in done)
    p95 = latencies[int(0.95 * (messages - 1))] if latencies else 0.0
    print(
        f"\n[{name}] {len(done)} relatives, {messages} messages in {seconds:.1f} s "
        f"({messages / seconds:.1f} messages/s), p50 {statistics.median(latencies):.2f} s, p95 {p95:.2f} s, "
        f"replies saying a service was away or a 502: {faults}"
    )


def run(
    setup: Setup,
    crowd: list[Relative],
    fault: Callable[[], Awaitable[None]] | None = None,
    allowed_statuses: frozenset[int] = frozenset(),
) -> tuple[list[Relative], float]:
    """All relatives at once; `fault` starts when HALFWAY of their messages were sent."""
    counter = Counter()
    total = len(crowd) * (N + 5)

    async def main() -> list[Relative]:
        scans = asyncio.ensure_future(run_all(crowd, counter, allowed_statuses))
        if fault is not None:
            while counter.messages < HALFWAY * total and not scans.done():
                await asyncio.sleep(0.2)
            assert not scans.done(), "the scans ended before the fault could start"
            await fault()
        return await scans

    started = time.monotonic()
    done = asyncio.run(main())
    return done, time.monotonic() - started


def log_in(url: str, code: str) -> requests.Response:
    """Log in to the dashboard as the login form does: its CSRF token and its login cookie go along."""
    browser = requests.Session()
    page = browser.get(f"{url}/team", timeout=60).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf is not None and "samenspraak_login" in browser.cookies, page[:300]
    return browser.post(f"{url}/team", data={"token": code, "csrf": csrf.group(1)}, timeout=60, allow_redirects=False)


def test_all_relatives_at_once_nothing_lost_or_doubled(setup: Setup) -> None:
    code = TeamTokens(setup.postgres.url).create(UNIT)
    setup.secrets.append(code)
    response = log_in(setup.cluster.url, code)
    assert response.status_code in (200, 303), response.status_code
    crowd = relatives(setup, RELATIVES, spread_directly=True)
    done, seconds = run(setup, crowd)
    report("load", done, seconds)
    check(setup, done)
    assert not any(r.faults for r in done), "no fault happened, so no reply may say a service was away"
    served = setup.cluster.upstreams_served()
    print(f"[load] chat requests through nginx per instance: {served}")
    usage = ", ".join(f"{name} {cpu:.0f} s CPU, {rss:.0f} MB" for name, (cpu, rss) in setup.cluster.usage().items())
    print(f"[load] processes since start: {usage}")
    assert all(count > 0 for count in served.values()), served


def test_socketio_through_nginx(setup: Setup) -> None:
    """The web chat's transport through the balancer: a chat over polling, and the websocket upgrade.

    (python-socketio's client cannot upgrade with this aiohttp, so the websocket is opened raw.)
    """
    url = setup.cluster.url
    replies: list[str] = []

    async def chat() -> None:
        client = socketio.AsyncClient(reconnection=False)
        confirmed = asyncio.Event()
        client.on("session_confirm", lambda _data: confirmed.set())
        client.on("bot_uttered", lambda data: replies.append(data.get("text", "")))
        await client.connect(url, headers={"Origin": url}, transports=["polling"])
        session = f"sio-{uuid.uuid4().hex[:12]}"
        await client.emit("session_request", {"session_id": session})
        await asyncio.wait_for(confirmed.wait(), 60)
        await client.emit("user_uttered", {"message": "hallo", "session_id": session, "customData": {"afdeling": UNIT}})
        deadline = time.monotonic() + 120
        while not replies and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        await client.disconnect()

    async def open_websocket() -> str:
        socket_url = url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        async with connect(socket_url, origin=url) as socket:  # type: ignore[arg-type]
            return str(await socket.recv())

    asyncio.run(chat())
    assert replies and "Welkom bij Samenspraak" in replies[0], replies
    assert asyncio.run(open_websocket()).startswith("0{")  # Engine.IO "open" packet


def test_full_scan_on_postgresql(setup: Setup) -> None:
    """One relative's whole scan and erasure through nginx, on the cluster's PostgreSQL (and Redis)."""
    # a client of the running cluster (never started itself): say() and the database the helpers read
    cluster = Assistant(
        database_url=setup.postgres.url, log_dir=setup.cluster.log_dir, rasa_port=setup.cluster.nginx_port
    )
    sender = new_sender()
    start_and_consent(cluster, sender, UNIT)
    answer_items(cluster, sender, 1, N, answer="Soms")
    result = finish(cluster, sender, desired="trede 2")
    # every rung "soms": every rung is "deels", so the collaboration stands on rung 5, partly
    assert "staat op trede 5 van 5" in result and RESULT.rung_partly in result
    assert event_count(cluster, sender) > 0
    cluster.say(sender, "verwijder mijn gegevens")
    cluster.say(sender, "ja")
    assert ScanRepository(cluster.database_url).state(sender) is None
    assert event_count(cluster, sender) == 0


def test_run_cluster_script_starts_spreads_and_stops(setup: Setup, tmp_path: Path) -> None:
    """`make run-cluster` as a user starts it: one address, both instances used, Ctrl-C stops all."""
    ports = {name: free_port() for name in ("RASA_PORT", "RASA_PORT_1", "RASA_PORT_2", "ACTIONS_PORT")}
    env = {
        "DATABASE_URL": setup.postgres.url,
        "REDIS_URL": setup.redis.url,
        "REDIS_KEY_PREFIX": f"script{uuid.uuid4().hex[:8]}",
        "SAMENSPRAAK_SECRET": "load-test-secret",
        "LOG_DIR": str(tmp_path / "logs"),
        "RUN_DIR": str(tmp_path / "run"),
        **{name: str(port) for name, port in ports.items()},
    }
    script = StartScript("scripts/run_cluster.sh", env)
    url = f"http://127.0.0.1:{ports['RASA_PORT']}"
    try:
        line = script.wait_for_line("Samenspraak (two instances behind nginx) is running at")
        assert line.endswith(f"http://localhost:{ports['RASA_PORT']}")
        for number in range(4):
            body = {"sender": f"script-{number}", "message": "hallo"}
            reply = requests.post(f"{url}/webhooks/rest/webhook", json=body, timeout=60)
            assert reply.ok and "Welkom bij Samenspraak" in reply.text
        access = (tmp_path / "run" / "nginx-access.log").read_text()
        for name in ("RASA_PORT_1", "RASA_PORT_2"):
            assert f":{ports[name]}" in access, f"REST requests reach both instances:\n{access}"
    finally:
        code = script.stop()
    assert code == 0, script.lines[-20:]
    assert all(refuses(port) for port in ports.values()), "the trap stops all four servers"


def _outage(stop: Callable[[], object], start: Callable[[], object]) -> Callable[[], Awaitable[None]]:
    async def fault() -> None:
        await asyncio.to_thread(stop)
        await asyncio.sleep(OUTAGE_SECONDS)
        await asyncio.to_thread(start)

    return fault


def test_action_server_stopped_mid_scan(setup: Setup) -> None:
    cluster = setup.cluster
    crowd = relatives(setup, FAULT_RELATIVES)
    done, seconds = run(setup, crowd, _outage(cluster.stop_actions, cluster.start_actions))
    report("action server stopped", done, seconds)
    check(setup, done)
    assert any("unavailable" in r.faults for r in done), "someone must have been told to try again"


def test_postgres_restarted_mid_run(setup: Setup) -> None:
    crowd = relatives(setup, FAULT_RELATIVES)
    done, seconds = run(setup, crowd, _outage(setup.postgres.stop, setup.postgres.start))
    report("PostgreSQL restarted", done, seconds)
    check(setup, done)
    assert any("unavailable" in r.faults for r in done), "someone must have been told to try again"


def test_redis_stopped_mid_run(setup: Setup) -> None:
    """Without Redis no message is handled (never two replies to one message): a kind refusal."""
    crowd = relatives(setup, FAULT_RELATIVES)
    done, seconds = run(setup, crowd, _outage(setup.redis.stop, setup.redis.start))
    report("Redis stopped", done, seconds)
    check(setup, done)
    assert any("unavailable" in r.faults for r in done), "someone must have been told to try again"


def test_instance_killed_halfway_the_other_takes_over(setup: Setup) -> None:
    cluster = setup.cluster

    async def kill() -> None:
        await asyncio.to_thread(cluster.kill_rasa, 0)

    crowd = relatives(setup, FAULT_RELATIVES)
    # a request the killed instance was handling gets 502 from nginx; the relative goes on
    done, seconds = run(setup, crowd, kill, allowed_statuses=frozenset({502}))
    report("instance killed", done, seconds)
    check(setup, done)


def test_no_answer_remark_or_team_code_in_any_log(setup: Setup) -> None:
    logs = {**setup.cluster.logs(), "postgres.log": setup.postgres.log()}
    assert logs and setup.secrets
    found = [
        f"{name}: {secret!r}" for name, log in logs.items() for secret in [*setup.secrets, *LABELS] if secret in log
    ]
    assert not found, "\n".join(found[:20])
