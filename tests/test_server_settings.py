"""The servers' settings have one home, bot/server_settings.py: the start scripts read it, the tests,
the benchmark and the Helm values agree with it."""

from __future__ import annotations

import os
import re
import subprocess

import yaml

from bot import server_settings
from tests.servers import ROOT

USERS = ["scripts/servers.sh", "scripts/bench_servers.py", "tests/servers.py", "tests/load/services.py"]


def shell_settings(**preset: str) -> dict[str, str]:
    """What scripts/servers.sh's settings line exports, with `preset` already in the environment."""
    script = 'eval "$(.venv/bin/python -m bot.server_settings)"; env'
    env = {key: value for key, value in os.environ.items() if key not in server_settings.SERVER_ENV}
    for name in ("RASA_PORT", "ACTIONS_PORT", "RASA_PORT_1", "RASA_PORT_2", "SERVER_HOST"):
        env.pop(name, None)
    run = subprocess.run(["bash", "-c", script], cwd=ROOT, env={**env, **preset}, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return dict(line.split("=", 1) for line in run.stdout.splitlines() if "=" in line)


def test_the_scripts_get_the_settings_and_the_environment_wins() -> None:
    exported = shell_settings()
    for name, value in server_settings.SERVER_ENV.items():
        assert exported[name] == value, name
    assert exported["RASA_PORT"] == str(server_settings.RASA_PORT)
    assert exported["ACTIONS_PORT"] == str(server_settings.ACTIONS_PORT)
    assert exported["SERVER_HOST"] == server_settings.HOST
    assert [exported["RASA_PORT_1"], exported["RASA_PORT_2"]] == [str(p) for p in server_settings.CLUSTER_RASA_PORTS]
    chosen = shell_settings(RASA_PORT="6005", SANIC_RESPONSE_TIMEOUT="30")
    assert chosen["RASA_PORT"] == "6005" and chosen["SANIC_RESPONSE_TIMEOUT"] == "30"


def test_the_servers_of_the_tests_get_the_same_environment() -> None:
    env = server_settings.server_env(5999, base={"PATH": "/bin"})
    assert env["ACTION_ENDPOINT_URL"] == f"http://{server_settings.HOST}:5999/webhook"
    assert {key: env[key] for key in server_settings.SERVER_ENV} == dict(server_settings.SERVER_ENV)


def test_no_other_copy_of_the_timeouts() -> None:
    copy = re.compile(r"SANIC_(KEEP_ALIVE|RESPONSE)_TIMEOUT\W{0,4}[=:]\W{0,4}\d|\b(5005|5055)\b")
    copies = {path: copy.findall((ROOT / path).read_text()) for path in USERS}
    assert {path: found for path, found in copies.items() if found} == {}


def test_the_helm_values_agree() -> None:
    values = yaml.safe_load((ROOT / "deploy" / "helm" / "values-rasa.yaml").read_text())
    env = {item["name"]: item.get("value") for item in values["extraEnv"]}
    assert env["SANIC_RESPONSE_TIMEOUT"] == server_settings.SERVER_ENV["SANIC_RESPONSE_TIMEOUT"]
    assert env["SQLALCHEMY_SILENCE_UBER_WARNING"] == server_settings.SERVER_ENV["SQLALCHEMY_SILENCE_UBER_WARNING"]
    args = values["args"]
    assert args[args.index("--port") + 1] == str(server_settings.RASA_PORT)
