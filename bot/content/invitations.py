"""Texts of invitation letters and of the code in the chat (invitations.yml), validated on load."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bot.content.reader import CONTENT_DIR, _read, strict

LETTER_TEXTS = (
    "title",
    "greeting",
    "how_qr",
    "how_code",
    "code_label",
    "valid",
    "answers_title",
    "erase_title",
    "erase",
    "closing",
    "signature",
)
LETTER_LISTS = ("why", "answers", "months")
CHAT_TEXTS = ("code_hint", "needs_invitation", "wrong", "used", "expired", "resumed", "limited")
PAGE_TEXTS = ("title", "text", "link")


@dataclass(frozen=True)
class InvitationTexts:
    letter: dict[str, str]
    letter_lists: dict[str, tuple[str, ...]]
    chat: dict[str, str]
    bad_code_page: dict[str, str]


@strict
def load_invitation_texts(directory: Path = CONTENT_DIR, lang: str = "nl") -> InvitationTexts:
    """The letter, chat and page texts (every key required, no other keys)."""
    root = _read("invitations.yml", directory, lang)
    letter, chat, page = root.child("letter"), root.child("chat"), root.child("bad_code_page")
    return InvitationTexts(
        letter={key: letter.required_text(key) for key in LETTER_TEXTS},
        letter_lists={key: letter.text_list(key) for key in LETTER_LISTS},
        chat={key: chat.required_text(key) for key in CHAT_TEXTS},
        bad_code_page={key: page.required_text(key) for key in PAGE_TEXTS},
    )


@cache
def invitation_texts(lang: str = "nl") -> InvitationTexts:
    """The invitation texts in `lang`, loaded once per process and language."""
    return load_invitation_texts(lang=lang)
