"""Throwaway PostgreSQL and Redis servers and a two-instance cluster behind nginx, for tests/load.

Each test run starts its own PostgreSQL (initdb into a temporary directory) and redis-server on
free ports, so the fault tests can stop and restart them; the machine's shared servers are never
touched. All traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Optional

from sqlalchemy import create_engine, text

from bot.server_settings import HOST, server_env
from tests import servers
from tests.servers import MODEL, ROOT, VENV_BIN, free_port, wait_until_up

# a loaded cluster may take longer to stop than a single test assistant
stop_process = partial(servers.stop_process, timeout=60)


def _binary(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if found is None and name == "nginx" and Path("/usr/sbin/nginx").exists():
        found = "/usr/sbin/nginx"
    if found is None:
        raise RuntimeError(f"{name} is not installed (`make install` installs it when run as root)")
    return found


def _as_postgres_user(command: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the `postgres` user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Postgres:
    """A PostgreSQL server of our own in `directory`, on a free port, trusting local users."""

    directory: Path
    port: int = field(default_factory=free_port)

    @property
    def data(self) -> Path:
        return self.directory / "data"

    @property
    def url(self) -> str:
        return f"postgresql://postgres@{HOST}:{self.port}/samenspraak"

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            _as_postgres_user([_binary("pg_ctl"), "-D", str(self.data), *args]),
            check=True,
            stdout=subprocess.DEVNULL,
            cwd="/",
        )

    def init(self) -> Postgres:
        self.directory.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        subprocess.run(
            _as_postgres_user(
                [_binary("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
            cwd="/",
        )
        self.start()
        admin = create_engine(self.url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT", future=True)
        with admin.connect() as connection:
            connection.execute(text("CREATE DATABASE samenspraak"))
        admin.dispose()
        return self

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses={HOST} -k {self.directory} -c fsync=off -c max_connections=400 "
            # as docs/privacy.md asks of every PostgreSQL behind Samenspraak: no failed statement in its log
            "-c log_min_error_statement=panic"
        )
        self._ctl("-o", options, "-l", str(self.directory / "postgres.log"), "-w", "start")

    def stop(self) -> None:
        self._ctl("-m", "fast", "-w", "stop")

    def log(self) -> str:
        path = self.directory / "postgres.log"
        return path.read_text(errors="replace") if path.exists() else ""


@dataclass
class Redis:
    """A redis-server of our own on a free port, without persistence."""

    log_path: Path
    port: int = field(default_factory=free_port)
    process: Optional[subprocess.Popen] = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/1"

    def start(self) -> Redis:
        self.process = subprocess.Popen(
            [
                _binary("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=self.log_path.open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                import redis

                if redis.Redis(port=self.port).ping():
                    return self
            except Exception:  # noqa: BLE001 - not up yet
                time.sleep(0.2)
        raise RuntimeError("redis-server did not come up")

    def stop(self) -> None:
        stop_process(self.process)


NGINX_TEMPLATE = ROOT / "deploy" / "nginx.conf.template"


@dataclass
class Cluster:
    """The action server, two Rasa instances and nginx, as `make run-cluster` starts them."""

    database_url: str
    redis_url: str
    log_dir: Path
    key_prefix: str
    actions_port: int = field(default_factory=free_port)
    rasa_ports: tuple[int, int] = field(default_factory=lambda: (free_port(), free_port()))
    nginx_port: int = field(default_factory=free_port)
    actions: Optional[subprocess.Popen] = None
    rasa: list[Optional[subprocess.Popen]] = field(default_factory=lambda: [None, None])
    nginx: Optional[subprocess.Popen] = None

    @property
    def env(self) -> dict[str, str]:
        env = server_env(self.actions_port)  # as scripts/run_cluster.sh
        env.update(
            DATABASE_URL=self.database_url,
            REDIS_URL=self.redis_url,
            REDIS_KEY_PREFIX=self.key_prefix,
            # the same key as this test process, so it can find the stored scans
            SAMENSPRAAK_SECRET=os.environ.get("SAMENSPRAAK_SECRET", "test-secret"),
            SCANS_PER_CLIENT_PER_HOUR="100000",
            # a killed instance's conversation locks lapse after this many seconds (Rasa: 60)
            TICKET_LOCK_LIFETIME="30",
        )
        env.pop("LOG_LEVEL", None)  # the default log level, as in production
        return env

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.nginx_port}"

    def instance_url(self, index: int) -> str:
        return f"http://{HOST}:{self.rasa_ports[index]}"

    def start(self) -> Cluster:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [str(VENV_BIN / "python"), "-m", "bot", "migrate"],
            cwd=ROOT,
            env=self.env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.start_actions(wait=False)
        for index in (0, 1):
            self.start_rasa(index, wait=False)
        self.wait_for_actions()
        for index in (0, 1):
            self.wait_for_rasa(index)
        self.start_nginx()
        return self

    def start_actions(self, wait: bool = True) -> None:
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
        if wait:
            self.wait_for_actions()

    def wait_for_actions(self) -> None:
        assert self.actions is not None
        wait_until_up(f"http://{HOST}:{self.actions_port}/health", self.actions, self.log_dir / "actions.log", 300)

    def start_rasa(self, index: int, wait: bool = True) -> None:
        servers.count_model_start(f"cluster instance {index + 1}")
        log = self.log_dir / f"rasa-{index + 1}.log"
        self.rasa[index] = subprocess.Popen(
            [
                str(VENV_BIN / "rasa"),
                "run",
                "--model",
                str(MODEL),
                "--interface",
                HOST,
                "--port",
                str(self.rasa_ports[index]),
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
        if wait:
            self.wait_for_rasa(index)

    def wait_for_rasa(self, index: int) -> None:
        process = self.rasa[index]
        assert process is not None
        wait_until_up(f"{self.instance_url(index)}/", process, self.log_dir / f"rasa-{index + 1}.log", 420)

    def start_nginx(self) -> None:
        run_dir = self.log_dir / "nginx"
        run_dir.mkdir(exist_ok=True)
        config = (
            NGINX_TEMPLATE.read_text()
            .replace("__LISTEN__", f"{HOST}:{self.nginx_port}")
            .replace("__RASA_1__", f"{HOST}:{self.rasa_ports[0]}")
            .replace("__RASA_2__", f"{HOST}:{self.rasa_ports[1]}")
            .replace("__RUN_DIR__", str(run_dir))
        )
        (run_dir / "nginx.conf").write_text(config)
        self.nginx = subprocess.Popen(
            [_binary("nginx"), "-p", str(run_dir), "-c", str(run_dir / "nginx.conf")],
            stdout=(self.log_dir / "nginx.out").open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until_up(f"{self.url}/", self.nginx, self.log_dir / "nginx.out", 60)

    def kill_rasa(self, index: int) -> None:
        """Kill one instance hard, as a crash would."""
        stop_process(self.rasa[index], hard=True)

    def stop_actions(self) -> None:
        stop_process(self.actions)

    def stop(self) -> None:
        stop_process(self.nginx)
        for process in self.rasa:
            stop_process(process)
        stop_process(self.actions)

    def logs(self) -> dict[str, str]:
        """Every log of the cluster by file name (Rasa, actions, nginx)."""
        return {
            str(path.relative_to(self.log_dir)): path.read_text(errors="replace")
            for path in sorted(self.log_dir.rglob("*"))
            if path.is_file() and path.suffix in {".log", ".out"}
        }

    def usage(self) -> dict[str, tuple[float, float]]:
        """CPU seconds and resident memory (MB) of each running server process, from /proc."""
        ticks = os.sysconf("SC_CLK_TCK")
        processes = {"rasa-1": self.rasa[0], "rasa-2": self.rasa[1], "actions": self.actions}
        found = {}
        for name, process in processes.items():
            if process is None or process.poll() is not None:
                continue
            stat = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
            rss = next(
                line
                for line in Path(f"/proc/{process.pid}/status").read_text().splitlines()
                if line.startswith("VmRSS")
            )
            found[name] = ((int(stat[11]) + int(stat[12])) / ticks, int(rss.split()[1]) / 1024)
        return found

    def upstreams_served(self) -> dict[int, int]:
        """How many chat requests each instance served through nginx (from its access log)."""
        log = (self.log_dir / "nginx" / "nginx-access.log").read_text()
        return {
            port: sum(1 for line in log.splitlines() if "/webhooks/rest/webhook" in line and f":{port}" in line)
            for port in self.rasa_ports
        }
