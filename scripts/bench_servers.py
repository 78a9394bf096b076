"""The servers `make bench` measures: Samenspraak on a fresh database, and a bare `rasa init` assistant."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.server_settings import HOST, SERVER_ENV, action_endpoint_url

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
MODEL = ROOT / "models" / "samenspraak.tar.gz"
BENCH_DIR = ROOT / "var" / "bench"
BARE_DIR = BENCH_DIR / "bare"
TRAIN_LOCK = "/tmp/samenspraak-train.lock"  # one training at a time on this machine
# the servers' settings of `make run` (bot/server_settings.py), for both assistants alike
BASE_ENV = dict(SERVER_ENV)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _group(pid: int) -> Iterator[Path]:
    """The /proc entries of a process and every process in its group (the server and any children)."""
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[2]) == pid:
                yield entry
        except (OSError, IndexError, ValueError):
            continue


def rss_bytes(pid: int) -> int:
    """Resident memory of a server's process group."""
    total = 0
    for entry in _group(pid):
        try:
            total += sum(
                int(line.split()[1]) * 1024
                for line in (entry / "status").read_text().splitlines()
                if line.startswith("VmRSS:")
            )
        except OSError:
            continue
    return total


def cpu_seconds(pid: int) -> float:
    """CPU time (user and system) used so far by a server's process group."""
    total = 0
    for entry in _group(pid):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            continue
    return total / CLOCK_TICKS


@dataclass
class Server:
    """One server process in its own process group, with its log."""

    name: str
    command: list[str]
    cwd: Path
    env: dict[str, str]
    log: Path
    health_url: str
    process: Optional[subprocess.Popen] = None

    def launch(self) -> Server:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            self.command,
            cwd=self.cwd,
            env=self.env,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def wait_until_up(self, timeout: float = 400) -> Server:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} stopped while starting, see {self.log}")
            try:
                with urllib.request.urlopen(self.health_url, timeout=2):
                    return self
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"{self.name} did not answer within {timeout:.0f} s, see {self.log}")

    @property
    def rss(self) -> int:
        return rss_bytes(self.process.pid) if self.process else 0

    @property
    def cpu(self) -> float:
        return cpu_seconds(self.process.pid) if self.process else 0.0

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


@contextmanager
def fresh_database(database_url: Optional[str], run_dir: Path) -> Iterator[str]:
    """A new empty database: a SQLite file in `run_dir`, or one created (and dropped) on `database_url`'s server."""
    if not database_url or database_url.startswith("sqlite"):
        yield f"sqlite:///{run_dir / 'bench.db'}"
        return
    name = f"samenspraak_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(database_url, future=True, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(database_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": name}
            )
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def samenspraak_servers(database_url: str, unit: str, log_dir: Path, model: Path = MODEL) -> tuple[Server, Server]:
    """Migrate the fresh database, register the bench unit, and start the action and Rasa servers."""
    env = {
        **os.environ,
        **BASE_ENV,
        "DATABASE_URL": database_url,
        "SAMENSPRAAK_SECRET": uuid.uuid4().hex,
        # every simulated relative comes from 127.0.0.1
        "SCANS_PER_CLIENT_PER_HOUR": "1000000",
    }
    env.pop("REDIS_URL", None)
    python = str(BIN / "python")
    subprocess.run([python, "-m", "bot", "migrate"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(
        [python, "-m", "bot", "unit", "add", unit, "--name", f"Bench {unit}", "--open"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    actions_port, rasa_port = free_port(), free_port()
    env["ACTION_ENDPOINT_URL"] = action_endpoint_url(actions_port)
    actions = Server(
        "action server",
        [str(BIN / "python"), "-m", "addons.action_server", "--port", str(actions_port), "--actions", "actions"],
        ROOT,
        env,
        log_dir / "actions.log",
        f"http://{HOST}:{actions_port}/health",
    )
    rasa = Server(
        "Samenspraak Rasa server",
        [
            str(BIN / "rasa"),
            "run",
            "--model",
            str(model),
            "--port",
            str(rasa_port),
            "--endpoints",
            "endpoints.yml",
            "--credentials",
            "credentials.yml",
        ],
        ROOT,
        env,
        log_dir / "rasa.log",
        f"http://{HOST}:{rasa_port}/",
    )
    return actions, rasa


def _rasa_version() -> str:
    return subprocess.run([str(BIN / "rasa"), "--version"], capture_output=True, text=True).stdout.strip()


def bare_model() -> Path:
    """The `rasa init --no-prompt` assistant's model, trained once per Rasa version and cached in var/bench/."""
    version = _rasa_version()
    stamp = BARE_DIR / "rasa-version.txt"
    models = sorted((BARE_DIR / "models").glob("*.tar.gz"))
    if models and stamp.exists() and stamp.read_text() == version:
        return models[-1]
    shutil.rmtree(BARE_DIR, ignore_errors=True)
    BARE_DIR.mkdir(parents=True)
    print("Training the bare `rasa init` assistant once (cached in var/bench/bare) ...", flush=True)
    made = subprocess.run(
        ["flock", TRAIN_LOCK, str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(BARE_DIR)],
        env={**os.environ, **BASE_ENV},
        capture_output=True,
        text=True,
    )
    if made.returncode != 0 or not list((BARE_DIR / "models").glob("*.tar.gz")):
        raise RuntimeError(f"`rasa init` failed:\n{(made.stdout + made.stderr)[-3000:]}")
    stamp.write_text(version)
    return sorted((BARE_DIR / "models").glob("*.tar.gz"))[-1]


def bare_server(log_dir: Path) -> Server:
    """The bare assistant as `rasa init` made it: REST channel, in-memory tracker store, no action server."""
    model = bare_model()
    port = free_port()
    return Server(
        "bare Rasa server",
        [
            str(BIN / "rasa"),
            "run",
            "--model",
            str(model),
            "--port",
            str(port),
            "--credentials",
            "credentials.yml",
            "--endpoints",
            "endpoints.yml",
        ],
        BARE_DIR,
        {**os.environ, **BASE_ENV},
        log_dir / "bare.log",
        f"http://{HOST}:{port}/",
    )
