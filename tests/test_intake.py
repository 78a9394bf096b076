"""What the chat channels accept: cutting long messages, client keys, page origins, limit texts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.config import MAX_MESSAGE_CHARS, trusted_proxies
from bot.content import CONTENT_DIR, ContentError, limit_texts, load_limit_texts
from bot.intake import client_address, client_key, cut_message, origin_allowed
from bot.languages import format_number

LOOPBACK = ("127.0.0.1", "::1")


@pytest.mark.parametrize(
    ("text", "expected", "was_cut"),
    [
        ("hallo", "hallo", False),
        ("x" * MAX_MESSAGE_CHARS, "x" * MAX_MESSAGE_CHARS, False),
        ("x" * (MAX_MESSAGE_CHARS + 1), "x" * MAX_MESSAGE_CHARS, True),
        ("🙂" * 100_000, "🙂" * MAX_MESSAGE_CHARS, True),
        (None, None, False),
        (12, None, False),
    ],
    ids=["short", "exactly-limit", "one-over", "100k-emoji", "none", "not-text"],
)
def test_messages_are_cut_to_the_limit(text: object, expected: object, was_cut: bool) -> None:
    cut = cut_message(text)
    assert (cut.text, cut.was_cut) == (expected, was_cut)


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "expected"),
    [
        ("203.0.113.7", None, "203.0.113.7"),
        # a client's own header is never believed
        ("203.0.113.7", "10.1.1.1", "203.0.113.7"),
        # a proxy on this machine: the address it saw
        ("127.0.0.1", "198.51.100.4", "198.51.100.4"),
        ("::1", "198.51.100.4", "198.51.100.4"),
        # the client put its own value in front: the proxy's entry (rightmost) counts
        ("127.0.0.1", "10.9.9.9, 198.51.100.4", "198.51.100.4"),
        ("127.0.0.1", "198.51.100.4, 127.0.0.1", "198.51.100.4"),
        ("127.0.0.1", "", "127.0.0.1"),
        ("127.0.0.1", None, "127.0.0.1"),
    ],
)
def test_client_address_believes_forwarded_for_only_from_a_trusted_proxy(
    peer: str, forwarded_for: str | None, expected: str
) -> None:
    assert client_address(peer, forwarded_for, LOOPBACK) == expected


def test_trusted_proxies_default_to_loopback_and_follow_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRUSTED_PROXIES", raising=False)
    assert trusted_proxies() == ["127.0.0.1", "::1"]
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.2, 10.0.0.3")
    assert trusted_proxies() == ["10.0.0.2", "10.0.0.3"]
    assert client_address("10.0.0.3", "198.51.100.4", trusted_proxies()) == "198.51.100.4"
    assert client_address("127.0.0.1", "198.51.100.4", trusted_proxies()) == "127.0.0.1"


def test_trusted_proxies_may_be_networks() -> None:
    """Behind a Kubernetes ingress the proxy's address changes: its network is trusted instead."""
    trusted = ["10.42.0.0/16", "127.0.0.1"]
    assert client_address("10.42.7.9", "198.51.100.4", trusted) == "198.51.100.4"
    assert client_address("10.42.7.9", "198.51.100.4, 10.42.1.1", trusted) == "198.51.100.4"
    assert client_address("10.43.0.1", "198.51.100.4", trusted) == "10.43.0.1"
    assert client_address("not-an-ip", "198.51.100.4", trusted) == "not-an-ip"


def test_client_key_is_a_keyed_hash_never_the_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMENSPRAAK_SECRET", "one")
    key = client_key("198.51.100.4")
    assert len(key) == 64 and "198" not in key
    assert client_key("198.51.100.4") == key
    assert client_key("198.51.100.5") != key
    monkeypatch.setenv("SAMENSPRAAK_SECRET", "two")
    assert client_key("198.51.100.4") != key


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        (None, True),
        ("http://chat.example:5005", True),
        ("https://chat.example:5005", True),
        ("HTTP://Chat.Example:5005/", True),
        ("https://embed.example", True),
        ("http://chat.example:5006", False),
        ("https://evil.example", False),
        ("https://chat.example.evil.example:5005", False),
        ("null", False),
    ],
)
def test_origin_own_page_or_allowed_list(origin: str | None, allowed: bool) -> None:
    assert origin_allowed(origin, "chat.example:5005", None, ["https://embed.example"]) is allowed


def test_origin_behind_a_proxy_uses_the_forwarded_host() -> None:
    assert origin_allowed("https://zorg.example", "127.0.0.1:5005", "zorg.example", [])
    assert not origin_allowed("https://zorg.example", "127.0.0.1:5005", None, [])


def test_cut_notice_names_the_limit_the_dutch_way() -> None:
    notice = limit_texts().cut_notice(MAX_MESSAGE_CHARS)
    assert "2.000 tekens" in notice
    assert "{" not in notice


@pytest.mark.parametrize("lang", ["en", "tr", "ar", "pl"])
def test_cut_notice_in_the_relatives_language(lang: str) -> None:
    notice = limit_texts(lang).cut_notice(MAX_MESSAGE_CHARS)
    assert notice != limit_texts().cut_notice(MAX_MESSAGE_CHARS) and "{" not in notice
    assert format_number(MAX_MESSAGE_CHARS, lang) in notice


@pytest.mark.parametrize(
    ("text", "problem"),
    [("Te lang: {aantal} tekens.", "placeholder"), ("Te lang.", "{limit}")],
    ids=["unknown-placeholder", "no-number"],
)
def test_limit_texts_are_checked_on_load(tmp_path: Path, text: str, problem: str) -> None:
    shutil.copy(CONTENT_DIR / "limits.yml", tmp_path / "limits.yml")
    data = (tmp_path / "limits.yml").read_text(encoding="utf-8")
    start = data.index("message_cut:")
    end = data.index("\n\n", start)
    (tmp_path / "limits.yml").write_text(data[:start] + f"message_cut: {text!r}" + data[end:], encoding="utf-8")
    with pytest.raises(ContentError, match="limits.yml: message_cut") as error:
        load_limit_texts(tmp_path)
    assert problem in str(error.value)
