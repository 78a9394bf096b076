"""Settings read from the environment, with defaults that work on a fresh checkout."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from datetime import timedelta
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


# The Rasa server sends the action token in this header; the action server refuses a call without it.
ACTION_TOKEN_HEADER = "X-Samenspraak-Action-Token"


def action_token() -> str:
    """The shared token of the Rasa server and the action server, derived from the server secret."""
    return hmac.new(pseudonym_secret(), b"action-server", hashlib.sha256).hexdigest()


def actions_host() -> str:
    """The address the action server listens on (`ACTIONS_HOST`, default loopback: 127.0.0.1)."""
    return os.environ.get("ACTIONS_HOST", "").strip() or "127.0.0.1"


def _int_setting(name: str, default: int, minimum: int = 0) -> int:
    """A whole-number setting from the environment; an unusable value is an error, not a guess."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return value


# The team sees figures of groups of at least this many relatives (fixed: the consent promises it).
MINIMUM_GROUP = 5
# Team dashboard sessions last this long after a login.
TEAM_SESSION_HOURS = 8
# A relative's chat kept in the browser lapses after this many hours without use.
BROWSER_SESSION_HOURS = 12
# Messages are cut to this many characters before NLU; larger request bodies are refused.
MAX_MESSAGE_CHARS = 2000
MAX_BODY_BYTES = 64 * 1024
# Except on the chat message routes (REST webhook, socket.io): there a very long message (100,000
# characters) is still answered, cut to MAX_MESSAGE_CHARS, rather than refused.
MAX_CHAT_BODY_BYTES = 512 * 1024
# Wrong erasure codes allowed per conversation and per client address in this window; then the
# form ends kindly and nothing is looked up (actions/privacy.py).
ERASURE_CODE_TRIES = 5
ERASURE_CODE_WINDOW = timedelta(hours=1)


def retention_days() -> int:
    """Days a conversation (Rasa's events) is kept (`RETENTION_DAYS`, default 30)."""
    return _int_setting("RETENTION_DAYS", 30, minimum=1)


def answer_retention_days() -> int:
    """Days scan answers are kept (`ANSWER_RETENTION_DAYS`, default 730: compare two measurements)."""
    return _int_setting("ANSWER_RETENTION_DAYS", 730, minimum=1)


def scans_per_client_per_hour() -> int:
    """New scans (consents) allowed per client address per hour (`SCANS_PER_CLIENT_PER_HOUR`)."""
    return _int_setting("SCANS_PER_CLIENT_PER_HOUR", 10, minimum=1)


def chat_pause_ms() -> int:
    """The longest pause before the chat shows the assistant's next message (`CHAT_PAUSE_MS`).

    In milliseconds, default 1200: the widget's "typing", shorter for a short message.
    """
    return _int_setting("CHAT_PAUSE_MS", 1200)


def allowed_origins() -> list[str]:
    """Other sites allowed to embed the chat (`ALLOWED_ORIGINS`, comma-separated; default none)."""
    raw = os.environ.get("ALLOWED_ORIGINS", "")
    return [origin.strip().rstrip("/") for origin in raw.split(",") if origin.strip()]


def trusted_proxies() -> list[str]:
    """Peers whose X-Forwarded-For header is believed (`TRUSTED_PROXIES`, comma-separated).

    Default: a proxy on this machine (loopback). A client's own X-Forwarded-For is never believed.
    """
    raw = os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1")
    return [address.strip() for address in raw.split(",") if address.strip()]


def staff_contact() -> str:
    """Whom carers ask about working with relatives (`STAFF_CONTACT`, e.g. a name and extension).

    Empty: the assistant advises the carer's own manager (bot/content/talk_to_person.yml).
    """
    return " ".join(os.environ.get("STAFF_CONTACT", "").split())


def public_base_url() -> str:
    """The organisation's public address for links and QR codes on invitations (`PUBLIC_BASE_URL`).

    For example https://samenspraak.verpleeghuis.nl; default http://localhost:5005 (the Rasa server).
    """
    raw = os.environ.get("PUBLIC_BASE_URL", "").strip().rstrip("/")
    if raw and not raw.startswith(("http://", "https://")):
        raise ValueError(f"PUBLIC_BASE_URL must start with http:// or https://, got {raw!r}")
    return raw or "http://localhost:5005"


def invitation_days() -> int:
    """Days an invitation code stays valid (`INVITATION_DAYS`, default 60)."""
    return _int_setting("INVITATION_DAYS", 60, minimum=1)


def wrong_codes_per_client_per_hour() -> int:
    """Wrong invitation codes allowed per client address per hour (`WRONG_CODES_PER_CLIENT_PER_HOUR`)."""
    return _int_setting("WRONG_CODES_PER_CLIENT_PER_HOUR", 20, minimum=1)


def release_hour() -> int:
    """The hour (0-23, Dutch time) at which due releases are made each day (`RELEASE_HOUR`, default 6)."""
    hour = _int_setting("RELEASE_HOUR", 6, minimum=0)
    if hour > 23:
        raise ValueError(f"RELEASE_HOUR must be 0..23, got {hour}")
    return hour
