"""The shared replies and menus in both voices (replies.yml): "u" to relatives, "je" to carers."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Optional

from bot.content.reader import CONTENT_DIR, ContentError, _read, _Reader, strict

RELATIVE = "naaste"
CARER = "medewerker"
UNKNOWN = "onbekend"
VOICES = (RELATIVE, CARER)
MENUS = (RELATIVE, CARER, UNKNOWN)


@dataclass(frozen=True)
class Button:
    title: str
    payload: str

    def as_dict(self) -> dict[str, str]:
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True)
class Reply:
    """One reply: a text per voice (one voice means: for everyone), with the menu or own buttons."""

    key: str
    voices: dict[str, str]
    unknown: Optional[str]
    menu: bool
    buttons: tuple[Button, ...] = field(default=())

    @property
    def both_voices(self) -> bool:
        return all(voice in self.voices for voice in VOICES)

    def text(self, reader: Optional[str]) -> str:
        """The text for this reader (None: not known yet)."""
        if reader in self.voices:
            return self.voices[str(reader)]
        if reader is None and self.unknown is not None:
            return self.unknown
        return self.voices.get(RELATIVE) or next(iter(self.voices.values()))


@dataclass(frozen=True)
class Replies:
    menus: dict[str, tuple[Button, ...]]
    responses: dict[str, Reply]
    messages: dict[str, Reply]

    def menu(self, reader: Optional[str]) -> list[dict[str, str]]:
        """The menu buttons for this reader; before we know who reads, the buttons ask."""
        return [b.as_dict() for b in self.menus[reader if reader in VOICES else UNKNOWN]]

    def buttons(self, reply: Reply, reader: Optional[str]) -> list[dict[str, str]]:
        """The buttons under `reply` for this reader."""
        if reply.menu:
            return self.menu(reader)
        return [b.as_dict() for b in reply.buttons]

    def message(self, key: str, reader: Optional[str], **values: object) -> str:
        """The text of message `key` for this reader, `{placeholders}` filled with `values`."""
        return self.messages[key].text(reader).format(**values)


def _buttons(reader: _Reader, key: str) -> tuple[Button, ...]:
    return tuple(Button(b.required_text("title"), b.required_text("payload")) for b in reader.records(key))


def _reply(record: _Reader, key: str) -> Reply:
    voices = {voice: text for voice in VOICES if (text := record.text(voice, optional=True)) is not None}
    if not voices:
        raise ContentError(f"{record.file}: {record.where}: needs a text for 'naaste', 'medewerker' or both")
    unknown = record.text(UNKNOWN, optional=True)
    if unknown is not None and len(voices) < 2:
        raise ContentError(f"{record.file}: {record.where}.{UNKNOWN}: only for a reply with both voices")
    menu = record.boolean("menu", False)
    buttons = _buttons(record, "buttons") if "buttons" in dict.keys(record.data) else ()
    if menu and buttons:
        raise ContentError(f"{record.file}: {record.where}: either menu: true or buttons, not both")
    return Reply(key=key, voices=voices, unknown=unknown, menu=menu, buttons=buttons)


def _section(root: _Reader, name: str) -> dict[str, Reply]:
    section = root.child(name)
    return {key: _reply(section.child(key), key) for key in list(dict.keys(section.data))}


@strict
def load_replies(directory: Path = CONTENT_DIR, lang: str = "nl") -> Replies:
    """The menus per reader and the shared replies, each in the voices it needs."""
    root = _read("replies.yml", directory, lang)
    menus_reader = root.child("menus")
    menus = {reader: _buttons(menus_reader, reader) for reader in MENUS}
    return Replies(menus=menus, responses=_section(root, "responses"), messages=_section(root, "messages"))


@cache
def replies(lang: str = "nl") -> Replies:
    """The replies in `lang`, loaded once per process and language."""
    return load_replies(lang=lang)
