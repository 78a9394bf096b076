"""The servers' settings, in one place.

scripts/servers.sh (`make run`, `make run-cluster`) reads them as shell exports
(`python -m bot.server_settings`), scripts/bench_servers.py, tests/servers.py and tests/load/services.py
import them, and a test holds the Helm values of deploy/helm to them. A variable already set in the
environment wins in the scripts, as before.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping

# the local address every server of one machine listens on and is reached at
HOST = "127.0.0.1"
RASA_PORT = 5005
ACTIONS_PORT = 5055
# the two instances behind nginx in `make run-cluster` (nginx listens on RASA_PORT)
CLUSTER_RASA_PORTS = (5006, 5007)

# The action server (Sanic) closes a connection that sends nothing for KEEP_ALIVE_TIMEOUT (5 s),
# also a new one: a Rasa server busy with many messages at once can take longer to send the
# action call, which then fails. Rasa's own server uses 120 s.
KEEP_ALIVE_SECONDS = 120
# Without --enable-api Rasa leaves Sanic's response timeout at 60 s: a message that waits longer
# under load is cancelled and answered with nothing. Five minutes, as nginx waits in run-cluster.
RESPONSE_TIMEOUT_SECONDS = 300

# The environment of both servers, in every way they are started.
SERVER_ENV: Mapping[str, str] = {
    "RASA_TELEMETRY_ENABLED": "false",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "SANIC_KEEP_ALIVE_TIMEOUT": str(KEEP_ALIVE_SECONDS),
    "SANIC_RESPONSE_TIMEOUT": str(RESPONSE_TIMEOUT_SECONDS),
}


def action_endpoint_url(port: int = ACTIONS_PORT, host: str = HOST) -> str:
    """Where the Rasa server calls the action server."""
    return f"http://{host}:{port}/webhook"


def server_env(actions_port: int, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """`base` (default: this process's environment) with the servers' settings and the action endpoint."""
    env = dict(os.environ if base is None else base)
    env.update(SERVER_ENV)
    env["ACTION_ENDPOINT_URL"] = action_endpoint_url(actions_port)
    return env


def shell_exports() -> str:
    """The settings as shell lines; a variable already set in the environment keeps its value."""
    defaults = {
        "RASA_PORT": str(RASA_PORT),
        "ACTIONS_PORT": str(ACTIONS_PORT),
        "RASA_PORT_1": str(CLUSTER_RASA_PORTS[0]),
        "RASA_PORT_2": str(CLUSTER_RASA_PORTS[1]),
        "SERVER_HOST": HOST,
        "SANIC_KEEP_ALIVE_TIMEOUT": SERVER_ENV["SANIC_KEEP_ALIVE_TIMEOUT"],
        "SANIC_RESPONSE_TIMEOUT": SERVER_ENV["SANIC_RESPONSE_TIMEOUT"],
    }
    lines = [f'export {name}="${{{name}:-{shlex.quote(value)}}}"' for name, value in defaults.items()]
    # not a choice: set whatever the environment says
    lines += [f"export {name}={shlex.quote(SERVER_ENV[name])}" for name in SERVER_ENV if name not in defaults]
    return "\n".join(lines)


if __name__ == "__main__":
    print(shell_exports())
