"""`make bench`: REST latency and throughput of Samenspraak against a bare `rasa init` assistant, same run.

For 1, 20 and 100 concurrent conversations (closed loop: each simulated user waits for the reply before
the next message) it prints p50/p95/p99 latency and messages per second for both assistants and the
ratios Samenspraak/bare, then the resident memory of every server. Samenspraak's users do the whole
relatives' quick scan (consent, unit, relation, every statement, desired rung, remark); the bare
assistant's users talk to the mood bot. Both are started here on free ports, Samenspraak on a fresh
database (SQLite, or a new database on the PostgreSQL server of DATABASE_URL); `--target URL` points
the same load at an already running Samenspraak (e.g. `make run-cluster`) instead.

    .venv/bin/python scripts/bench.py [--users 1,20,100] [--no-baseline] [--target URL] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import platform
import shutil
import sys
import time
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Optional

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench_load import Conversation, LevelResult, bare_conversation, run_level, scan_conversation  # noqa: E402
from bench_servers import BENCH_DIR, MODEL, Server, bare_server, fresh_database, samenspraak_servers  # noqa: E402

AIMS = "aims (issue 15): 1 user p50 <= 1.2x bare, 20 users p95 <= 1.2x bare, Rasa server memory <= 1.2 GB"


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", default="1,20,100", help="concurrent conversations per level (default 1,20,100)")
    parser.add_argument(
        "--min-messages",
        type=int,
        default=60,
        help="each level sends at least this many messages (whole scans per user; default 60)",
    )
    parser.add_argument("--target", metavar="URL", help="measure the Samenspraak already running at URL")
    parser.add_argument("--cluster", metavar="URL", dest="target", help="the same as --target")
    parser.add_argument("--no-baseline", action="store_true", help="skip the bare Rasa assistant")
    parser.add_argument("--model", type=Path, default=MODEL, help="Samenspraak model (models/samenspraak.tar.gz)")
    parser.add_argument("--unit", default="B2", help="registered unit the scans use (default B2)")
    parser.add_argument("--quick", action="store_true", help="a handful of requests: 1 and 2 users, one scan each")
    args = parser.parse_args(argv)
    args.levels = [1, 2] if args.quick else [int(n) for n in args.users.split(",")]
    if args.quick:
        args.min_messages = 1
    return args


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
        platform.processor() or "?",
    )
    memory = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    return f"{os.cpu_count()} cores ({cpu}), {memory / 2**20:.0f} GB RAM, Python {platform.python_version()}"


def load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def measure(
    url: str, conversations: list[Conversation], users: int, min_messages: int, tag: str, servers: Sequence[Server] = ()
) -> LevelResult:
    """One load level; the CPU time each of `servers` used during it."""
    per_user = max(1, math.ceil(min_messages / users / len(conversations[0].turns)))
    before = {server.name: server.cpu for server in servers}
    result = asyncio.run(run_level(url, users, conversations, per_user, tag))
    result.cpu = {server.name: server.cpu - before[server.name] for server in servers}
    print(f"  {tag:<11} {users:>3} users: {len(result.latencies)} messages in {result.seconds:.1f} s", file=sys.stderr)
    return result


def ms(seconds: float) -> str:
    return "-" if math.isnan(seconds) else f"{seconds * 1000:.0f}"


def ratio(ours: float, bare: float) -> str:
    return "-" if math.isnan(ours) or math.isnan(bare) or not bare else f"{ours / bare:.2f}x"


def cpu_cell(result: LevelResult) -> str:
    total = result.cpu_per_message()
    if math.isnan(total):
        return "-"
    parts = [ms(result.cpu_per_message(name)) for name in result.cpu]
    return ms(total) + (f" ({' + '.join(parts)})" if len(parts) > 1 else "")


def row(users: int, name: str, result: LevelResult) -> str:
    cells = [
        str(users),
        name,
        str(len(result.latencies)),
        ms(result.percentile(50)),
        ms(result.percentile(95)),
        ms(result.percentile(99)),
        f"{result.messages_per_second:.1f}",
        cpu_cell(result),
        f"{result.errors} / {result.incomplete} of {result.conversations}",
    ]
    return "| " + " | ".join(cells) + " |"


def ratio_row(users: int, ours: LevelResult, bare: LevelResult) -> str:
    cells = [
        str(users),
        "**ratio**",
        "",
        *(ratio(ours.percentile(q), bare.percentile(q)) for q in (50, 95, 99)),
        ratio(ours.messages_per_second, bare.messages_per_second),
        ratio(ours.cpu_per_message(), bare.cpu_per_message()),
        "",
    ]
    return "| " + " | ".join(cells) + " |"


Results = list[tuple[int, Optional[LevelResult], LevelResult]]


def report(results: Results, servers: list[Server], args: argparse.Namespace, database: str, started_load: str) -> None:
    print(
        f"\nSamenspraak {'at ' + args.target if args.target else 'on ' + database.split(':')[0]}"
        f"{'' if args.no_baseline else ' vs bare `rasa init` (REST, in-memory tracker store)'}"
    )
    print(f"machine: {machine()}; load average before {started_load}, after {load()}\n")
    print("| users | assistant | messages | p50 ms | p95 ms | p99 ms | msg/s | CPU ms/msg | errors / unfinished |")
    print("|---|---|---|---|---|---|---|---|---|")
    for users, bare, ours in results:
        if bare is not None:
            print(row(users, "bare Rasa", bare))
        print(row(users, "Samenspraak", ours))
        if bare is not None:
            print(ratio_row(users, ours, bare))
    print(
        "\nCPU ms/msg: CPU time of the assistant's servers per message (Samenspraak: Rasa server + action server);"
        " unlike latency it hardly depends on what else runs on the machine."
    )
    for server in servers:
        print(f"memory after the run: {server.name}: {server.rss / 2**20:.0f} MB (RSS)")
    if not args.no_baseline:
        print(AIMS)


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    run_dir = BENCH_DIR / "last-run"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    started_load = load()
    with ExitStack() as stack:
        servers: list[Server] = []
        ours: list[Server] = []
        if args.target:
            url, database = args.target.rstrip("/"), ""
        else:
            database = stack.enter_context(fresh_database(os.environ.get("DATABASE_URL"), run_dir))
            actions, rasa = samenspraak_servers(database, args.unit, run_dir / "logs", args.model)
            ours = [rasa, actions]
            servers = [*ours]
            url = rasa.health_url
        bare = None
        if not args.no_baseline:
            bare = bare_server(run_dir / "logs")
            servers.append(bare)
        for server in servers:  # all start at once; Rasa takes a minute or more to load a model
            stack.callback(server.stop)
            server.launch()
        for server in servers:
            server.wait_until_up()
        scans = [scan_conversation(args.unit, typed_unit=False), scan_conversation(args.unit, typed_unit=True)]
        tag = time.strftime("%H%M%S")
        print("Warming up (one conversation each, not measured) ...", file=sys.stderr)
        measure(url, scans[1:], 1, 1, f"warm{tag}")
        if bare is not None:
            measure(bare.health_url, [bare_conversation()], 1, 1, f"bwarm{tag}")
        results = []
        for users in args.levels:
            bare_result = None
            if bare is not None:
                bare_result = measure(
                    bare.health_url, [bare_conversation()], users, args.min_messages, f"bare{tag}", [bare]
                )
            results.append((users, bare_result, measure(url, scans, users, args.min_messages, f"scan{tag}", ours)))
        report(results, servers, args, database, started_load)
        failed = any(r.errors or r.incomplete for _, b, r in results) or any(b and b.errors for _, b, _ in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
