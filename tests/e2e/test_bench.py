"""`make bench` keeps working: its quick mode against the running test assistant prints the table.

The full benchmark (both assistants, 1/20/100 users) is not a test; this only runs a handful of scans.
"""

from __future__ import annotations

import subprocess

from bot.storage.units import UnitRegistry
from tests.servers import ROOT, VENV_BIN, Assistant

# its own unit, so that the finished scans never reach the other tests' dashboards
BENCH_UNIT = "Z9"


def test_quick_bench_prints_the_table(assistant: Assistant) -> None:
    UnitRegistry(assistant.database_url).add(BENCH_UNIT, "Bench", open_link=True)
    run = subprocess.run(
        [
            str(VENV_BIN / "python"),
            "scripts/bench.py",
            "--quick",
            "--no-baseline",
            "--target",
            assistant.url,
            "--unit",
            BENCH_UNIT,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr[-3000:]
    lines = run.stdout.splitlines()
    assert "| users | assistant | messages | p50 ms | p95 ms | p99 ms | msg/s |" in run.stdout
    rows = [line.split("|") for line in lines if line.startswith("| ") and "Samenspraak" in line]
    assert [row[1].strip() for row in rows] == ["1", "2"], run.stdout
    for row in rows:
        assert int(row[3]) > 0 and float(row[4]) > 0, run.stdout
        assert row[-2].strip().startswith("0 / 0 of"), "every request answered and every scan finished"
