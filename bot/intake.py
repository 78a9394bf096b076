"""What the chat channels accept: message length, body size, client address and page origins.

Rasa-free: the channels in addons/channels.py apply these rules to every request.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Optional
from urllib.parse import urlsplit

from bot.config import MAX_MESSAGE_CHARS, pseudonym_secret

# Message metadata key that carries the server-derived client key (anything a client sends under
# this key is overwritten).
CLIENT_KEY = "client_key"


# The message metadata a page or REST client may send; anything else is dropped before Rasa.
# afdeling, pagina, language: the chat page (chat.js); uitnodiging: an invitation code;
# taal: the reader's language (future). CLIENT_KEY is set by the server after this filter.
METADATA_KEYS = ("afdeling", "pagina", "language", "uitnodiging", "taal")
MAX_METADATA_BYTES = 1024


def clean_metadata(sent: object) -> dict[str, Any]:
    """The known keys of a message's metadata with plain values, together at most MAX_METADATA_BYTES.

    Anything else (unknown keys, nested values, a value that would make it larger) is dropped; the
    longest values go first.
    """
    if not isinstance(sent, dict):
        return {}
    kept = {key: sent[key] for key in METADATA_KEYS if isinstance(sent.get(key), str | int | float | bool)}
    while kept and len(json.dumps(kept).encode()) > MAX_METADATA_BYTES:
        del kept[max(kept, key=lambda key: len(json.dumps(kept[key])))]
    return kept


@dataclass(frozen=True)
class CutMessage:
    text: Optional[str]
    was_cut: bool


def cut_message(text: object, limit: int = MAX_MESSAGE_CHARS) -> CutMessage:
    """The message as NLU may see it: at most `limit` characters."""
    if not isinstance(text, str) or len(text) <= limit:
        return CutMessage(text if isinstance(text, str) else None, False)
    return CutMessage(text[:limit], True)


def _is_trusted(address: str, trusted: Iterable[str]) -> bool:
    """True when `address` is one of the trusted proxies (an address or a network such as 10.0.0.0/8)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address in trusted
    for entry in trusted:
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def client_address(peer: str, forwarded_for: Optional[str], trusted_proxies: Iterable[str]) -> str:
    """The address of the person behind a request.

    X-Forwarded-For is believed only when the direct peer is a trusted proxy (an address or a
    network, e.g. the pod network of a Kubernetes ingress); the list is read from the right and
    the first address that is not a trusted proxy is the client.
    """
    trusted = list(trusted_proxies)
    if not _is_trusted(peer, trusted) or not forwarded_for:
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, trusted):
            return hop
    return hops[0] if hops else peer


def client_key(address: str) -> str:
    """A pseudonymous key for a client address (never the address itself)."""
    return hmac.new(pseudonym_secret(), f"client:{address}".encode(), hashlib.sha256).hexdigest()


def own_origins(host: Optional[str], forwarded_host: Optional[str] = None) -> set[str]:
    """The origins of the pages this server serves itself (http or https, direct or via a proxy)."""
    hosts = {h.split(",")[0].strip().lower() for h in (host, forwarded_host) if h and h.strip()}
    return {f"{scheme}://{h}" for h in hosts for scheme in ("http", "https")}


def origin_allowed(
    origin: Optional[str], host: Optional[str], forwarded_host: Optional[str], allowed: Iterable[str]
) -> bool:
    """Whether a browser page from `origin` may talk to the chat (no Origin: not a browser page)."""
    if not origin:
        return True
    parts = urlsplit(origin.strip().lower())
    normalised = f"{parts.scheme}://{parts.netloc}"
    return normalised in own_origins(host, forwarded_host) or normalised in {a.lower() for a in allowed}
