"""The operator's command line (`python -m bot ...`) run in the test process, as its `main` runs.

A new Python process per command would cost about two seconds of imports each time; the entry
point itself is started as a process by the servers of the slow tests (`python -m bot migrate`).
"""

from __future__ import annotations

import io
import os
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass


@dataclass(frozen=True)
class Ran:
    """What a command left: its exit code and what it printed."""

    returncode: int
    stdout: str
    stderr: str


def run_cli_status(database: str, *args: str, stdin: str = "") -> Ran:
    """`python -m bot ARGS` on `database` (DATABASE_URL), with `stdin` as standard input."""
    from bot.__main__ import main

    saved_url, saved_stdin = os.environ.get("DATABASE_URL"), sys.stdin
    out, err = io.StringIO(), io.StringIO()
    os.environ["DATABASE_URL"] = database
    sys.stdin = io.StringIO(stdin)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as stopped:  # argparse refuses wrong arguments this way
                code = stopped.code if isinstance(stopped.code, int) else int(stopped.code is not None)
    finally:
        sys.stdin = saved_stdin
        if saved_url is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = saved_url
    return Ran(code, out.getvalue(), err.getvalue())


def run_cli(database: str, *args: str, stdin: str = "") -> str:
    """What a command that must succeed printed."""
    ran = run_cli_status(database, *args, stdin=stdin)
    assert ran.returncode == 0, ran.stderr
    return ran.stdout
