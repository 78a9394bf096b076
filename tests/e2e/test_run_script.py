"""`make run` as a new user meets it: scripts/run.sh starts both servers, prints the address and
stops both again (scripts/servers.sh). The cluster script is tested with the load tests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import requests

from tests.servers import MODEL, ROOT, VENV_BIN, StartScript, free_port, refuses, texts


def test_run_script_starts_answers_and_stops(tmp_path: Path) -> None:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does this)")
    rasa_port, actions_port = free_port(), free_port()
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'samenspraak.db'}",
        "LOG_DIR": str(tmp_path / "logs"),
        "RASA_PORT": str(rasa_port),
        "ACTIONS_PORT": str(actions_port),
        "SAMENSPRAAK_SECRET": "test-secret",
    }
    # make run migrates before it runs the script
    subprocess.run([str(VENV_BIN / "python"), "-m", "bot", "migrate"], cwd=ROOT, env={**os.environ, **env}, check=True)
    script = StartScript("scripts/run.sh", env)
    try:
        assert (
            script.wait_for_line("Samenspraak is running at")
            == f"Samenspraak is running at http://localhost:{rasa_port}"
        )
        reply = requests.post(
            f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook",
            json={"sender": "run-script", "message": "hallo"},
            timeout=60,
        )
        assert "Welkom bij Samenspraak" in texts(reply.json())
        assert requests.get(f"http://127.0.0.1:{rasa_port}/oefenen", timeout=30).ok
        assert (tmp_path / "logs" / "rasa.log").is_file() and (tmp_path / "logs" / "actions.log").is_file()
    finally:
        code = script.stop()
    assert code == 0, script.lines[-20:]
    assert refuses(rasa_port) and refuses(actions_port), "the script's trap stops both servers"
    assert "==> Stopping Samenspraak" in script.lines
