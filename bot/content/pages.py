"""Texts of the web pages that are not in the templates (pages.yml), validated on load."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from bot.content.reader import CONTENT_DIR, _read, strict

CHAT_KEYS = (
    "loading",
    "input_label",
    "input_hint",
    "button_hint",
    "send_label",
    "log_label",
    "offline",
    "reconnecting",
    "noscript",
)
PAGE_KEYS = {
    "chat_relatives": ("heading", "subheading_unit", "language_label", *CHAT_KEYS),
    "chat_carers": ("title", "heading", "subheading", *CHAT_KEYS),
    "bad_unit": ("title", "text", "link"),
    "unknown_unit": ("title", "text", "link"),
    "other_unit": ("title", "text", "link"),
    # a dashboard form sent from another site or without its token (CSRF)
    "form_refused": ("title", "text", "link"),
    "team": ("login_title", "title", "no_release_title"),
    "invitations": ("problem_title", "bad_count", "bad_round", "back", "print_note"),
    "result_copy": (
        "title",
        "purpose",
        "desired_title",
        "talk_title",
        "talk_intro",
        "talk_none",
        "step_title",
        "ask_title",
        "private",
        "print",
        "pdf",
        "pdf_file",
        "reopen",
        "reopen_link",
        "code_title",
        "code_text",
        "code_label",
        "code_button",
        "code_wrong",
        "code_blocked",
        "gone_title",
        "gone_text",
    ),
}
Pages = dict[str, dict[str, str]]


@strict
def load_pages(directory: Path = CONTENT_DIR, lang: str = "nl") -> Pages:
    """Per section of pages.yml, its texts (every key required, no other keys)."""
    root = _read("pages.yml", directory, lang)
    sections = {section: root.child(section) for section in PAGE_KEYS}
    return {section: {key: sections[section].required_text(key) for key in keys} for section, keys in PAGE_KEYS.items()}


@cache
def pages(lang: str = "nl") -> Pages:
    """The page texts in `lang`, loaded once per process and language."""
    return load_pages(lang=lang)
