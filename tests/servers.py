"""Starting and stopping the real action server and Rasa server for end-to-end tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import requests

from bot.server_settings import HOST, server_env

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
MODEL = ROOT / "models" / "samenspraak.tar.gz"


# Every start of a Rasa model in this test process (a server, an instance, `rasa test`): the most
# expensive step of the slow tests. Printed at the end of the run (tests/conftest.py).
MODEL_STARTS: list[str] = []


def count_model_start(what: str) -> None:
    MODEL_STARTS.append(what)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def stop_process(process: Optional[subprocess.Popen], hard: bool = False, timeout: float = 30) -> None:
    """Stop a server started in its own session (SIGTERM, or SIGKILL as a crash would), then reap it."""
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGKILL if hard else signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early, log:\n{log.read_text()[-4000:]}")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"server at {url} did not come up, log:\n{log.read_text()[-4000:]}")


@dataclass
class Assistant:
    """Both servers of one running assistant, on free ports, with their own database."""

    database_url: str
    log_dir: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    actions_port: int = field(default_factory=free_port)
    rasa_port: int = field(default_factory=free_port)
    actions: Optional[subprocess.Popen] = None
    rasa: Optional[subprocess.Popen] = None

    @property
    def env(self) -> dict[str, str]:
        env = server_env(self.actions_port)  # as scripts/run.sh
        env.update(
            DATABASE_URL=self.database_url,
            SAMENSPRAAK_SECRET="test-secret",
            # every test relative comes from 127.0.0.1; tests of the limit itself set it lower
            SCANS_PER_CLIENT_PER_HOUR="1000",
        )
        env.update(self.extra_env)
        return env

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.rasa_port}"

    def start(self) -> Assistant:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run([str(VENV_BIN / "python"), "-m", "bot", "migrate"], cwd=ROOT, env=self.env, check=True)
        self.start_actions()
        self.start_rasa()
        return self

    def start_actions(self) -> None:
        log = self.log_dir / "actions.log"
        self.actions = subprocess.Popen(
            [
                str(VENV_BIN / "python"),
                "-m",
                "addons.action_server",
                "--port",
                str(self.actions_port),
                "--actions",
                "actions",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log.open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until_up(f"http://{HOST}:{self.actions_port}/health", self.actions, log)

    @contextmanager
    def actions_with(self, **settings: str) -> Iterator[Assistant]:
        """The action server restarted with these settings added, and back as it was afterwards.

        A few seconds, where a server of its own would cost a Rasa start (about a minute).
        """
        before = dict(self.extra_env)
        self._stop(self.actions)
        self.extra_env = {**before, **settings}
        self.start_actions()
        try:
            yield self
        finally:
            self._stop(self.actions)
            self.extra_env = before
            self.start_actions()

    def start_rasa(self) -> None:
        count_model_start(f"Rasa server ({self.log_dir.parent.name})")
        log = self.log_dir / "rasa.log"
        origins = [o.strip().rstrip("/") for o in self.env.get("ALLOWED_ORIGINS", "").split(",") if o.strip()]
        self.rasa = subprocess.Popen(
            [
                str(VENV_BIN / "rasa"),
                "run",
                "--model",
                str(MODEL),
                "--port",
                str(self.rasa_port),
                "--enable-api",
                *(["--cors", *origins] if origins else []),
                "--endpoints",
                "endpoints.yml",
                "--credentials",
                "credentials.yml",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log.open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until_up(f"{self.url}/", self.rasa, log)

    @staticmethod
    def _stop(process: Optional[subprocess.Popen], hard: bool = False) -> None:
        stop_process(process, hard)

    def kill_rasa(self) -> None:
        """Kill the Rasa server hard, as a crash would."""
        self._stop(self.rasa, hard=True)

    def stop(self) -> None:
        self._stop(self.rasa)
        self._stop(self.actions)

    def say(self, sender: str, message: str, metadata: Optional[dict[str, Any]] = None) -> list[dict[str, Any]]:
        """Send one message over the REST channel and return the bot's replies."""
        body: dict[str, Any] = {"sender": sender, "message": message}
        if metadata:
            body["metadata"] = metadata
        response = requests.post(f"{self.url}/webhooks/rest/webhook", json=body, timeout=60)
        assert response.status_code == 200, (response.status_code, response.text[:500])
        return response.json()

    def tracker(self, sender: str) -> dict[str, Any]:
        response = requests.get(f"{self.url}/conversations/{sender}/tracker", timeout=30)
        response.raise_for_status()
        return response.json()


def texts(replies: list[dict[str, Any]]) -> str:
    """All reply texts joined, for assertions."""
    return "\n".join(r.get("text", "") for r in replies)


def buttons(replies: list[dict[str, Any]]) -> list[str]:
    """All button titles in the replies."""
    return [b["title"] for r in replies for b in r.get("buttons", [])]


class StartScript:
    """`scripts/run.sh` or `scripts/run_cluster.sh` as a user starts it, read line by line.

    `stop()` sends SIGTERM to the script alone, so that its own trap has to stop the servers.
    """

    def __init__(self, script: str, env: dict[str, str]) -> None:
        self.lines: list[str] = []
        count_model_start(script)
        self.process = subprocess.Popen(
            ["bash", script],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for_line(self, start: str, timeout: float = 420) -> str:
        """The first printed line that starts with `start` (fails when the script ends first)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [line for line in self.lines if line.startswith(start)]
            if found:
                return found[0]
            if self.process.poll() is not None:
                time.sleep(0.5)  # the last lines
                raise RuntimeError("the script ended:\n" + "\n".join(self.lines[-40:]))
            time.sleep(0.5)
        raise RuntimeError(f"no line {start!r} within {timeout} s:\n" + "\n".join(self.lines[-40:]))

    def stop(self, timeout: float = 60) -> int:
        """SIGTERM to the script (as Ctrl-C reaches it); its exit code. Kills what is left after."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        finally:
            stop_process(self.process, hard=True)


def refuses(port: int) -> bool:
    """True when nothing listens on this local port."""
    with socket.socket() as sock:
        return sock.connect_ex((HOST, port)) != 0
