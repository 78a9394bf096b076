"""Settings read from the environment, with defaults that work on a fresh checkout."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = PROJECT_ROOT / "var"


def database_url() -> str:
    """The database for answers and Rasa's tracker store (`DATABASE_URL`, default SQLite)."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    VAR_DIR.mkdir(exist_ok=True)
    return f"sqlite:///{VAR_DIR / 'samenspraak.db'}"


def pseudonym_secret() -> bytes:
    """Key that turns a chat session id into a pseudonymous respondent key.

    Taken from `SAMENSPRAAK_SECRET` (needed when several instances share a database),
    otherwise generated once into `var/secret`.
    """
    value = os.environ.get("SAMENSPRAAK_SECRET", "").strip()
    if value:
        return value.encode()
    VAR_DIR.mkdir(exist_ok=True)
    path = VAR_DIR / "secret"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip().encode()
