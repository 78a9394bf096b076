"""Strict reading of one YAML content file: typed fields, errors that name file, record and key.

Every key a loader does not read is an error too (a misspelt `walktrough: true` must not load
as false): loaders are wrapped in `strict`, which checks after loading that each mapping read
through `_Reader` had no keys left unread.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, Optional, TypeVar

import yaml

from bot.content.models import ScaleOption

CONTENT_DIR = Path(__file__).resolve().parent
T = TypeVar("T")


class ContentError(ValueError):
    """A content file is missing, unreadable or does not follow its schema."""


class _Tracked(dict[Any, Any]):
    """A YAML mapping that remembers which keys were read (iterating reads them all)."""

    def __init__(self, data: dict[Any, Any]) -> None:
        super().__init__(data)
        self.read: set[Any] = set()

    def get(self, key: Any, default: Any = None) -> Any:
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key: Any) -> Any:
        self.read.add(key)
        return super().__getitem__(key)

    def items(self) -> Any:
        self.read.update(self.keys())
        return super().items()

    def values(self) -> Any:
        self.read.update(self.keys())
        return super().values()

    def __iter__(self) -> Any:
        self.read.update(self.keys())
        return super().__iter__()


# the readers opened by the loader that runs now (see `strict`)
_opened: list[_Reader] = []


class _Reader:
    """Typed access to one YAML mapping, naming file and field in every error."""

    def __init__(self, file: str, data: Any, where: str = "") -> None:
        if not isinstance(data, dict):
            raise ContentError(f"{file}: {where or 'top level'}: expected a mapping")
        self.file, self.where = file, where
        self.data: _Tracked = _Tracked(data)
        _opened.append(self)

    def read_elsewhere(self, *keys: str) -> None:
        """Mark keys of this mapping that another loader reads (one file, two loaders)."""
        self.data.read.update(keys)

    def unknown_keys(self) -> list[str]:
        """The keys of this mapping that no loader read (misspelt or not part of the schema)."""
        return [str(key) for key in dict.keys(self.data) if key not in self.data.read]

    def _field(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def _fail(self, key: str, problem: str) -> ContentError:
        return ContentError(f"{self.file}: {self._field(key)}: {problem}")

    def text(self, key: str, optional: bool = False) -> Optional[str]:
        value = self.data.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self._fail(key, "missing or empty text")
        # spaces are tidied; line breaks written as such (a `|` block) are kept
        return "\n".join(" ".join(line.split()) for line in value.strip().splitlines() if line.strip())

    def required_text(self, key: str) -> str:
        value = self.text(key)
        assert value is not None
        return value

    def integer(self, key: str, allowed: tuple[int, ...]) -> int:
        value = self.data.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value not in allowed:
            raise self._fail(key, f"must be one of {list(allowed)}, got {value!r}")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self._fail(key, f"must be true or false, got {value!r}")
        return value

    def text_list(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self._fail(key, "must be a list of texts")
        return tuple(v.strip() for v in value)

    def records(self, key: str) -> list[_Reader]:
        value = self.data.get(key)
        if not isinstance(value, list) or not value:
            raise self._fail(key, "must be a non-empty list")
        field = self._field(key)
        return [_Reader(self.file, item, f"{field}[{_record_name(i, item)}]") for i, item in enumerate(value)]

    def child(self, key: str) -> _Reader:
        return _Reader(self.file, self.data.get(key), self._field(key))


def _record_name(index: int, item: Any) -> str:
    """A list record named by its position and, where it has one, its `key` (`questions[2: mdo]`)."""
    key = item.get("key") if isinstance(item, dict) else None
    return f"{index}: {key}" if isinstance(key, str) and key.strip() else str(index)


def _read(name: str, directory: Path, lang: str = "nl") -> _Reader:
    """The Dutch content file `name`, with its translation into `lang` laid over it (overlay.py)."""
    from bot.content.overlay import overlay, read_translation

    path = directory / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ContentError(f"{name}: file not found in {directory}") from error
    except yaml.YAMLError as error:
        raise ContentError(f"{name}: not valid YAML: {error}") from error
    if lang != "nl":
        data = overlay(data, read_translation(directory, lang, name), f"translations/{lang}/{name}")
    return _Reader(name if lang == "nl" else f"{name} ({lang})", data)


def _unique(file: str, field: str, values: list[Any]) -> None:
    seen = set()
    for value in values:
        if value in seen:
            raise ContentError(f"{file}: {field}: {value!r} occurs more than once")
        seen.add(value)


def strict(loader: Callable[..., T]) -> Callable[..., T]:
    """Run `loader` and fail on any key it did not read, naming file, record and key."""

    @functools.wraps(loader)
    def load(*args: Any, **kwargs: Any) -> T:
        start = len(_opened)
        try:
            result = loader(*args, **kwargs)
            for reader in _opened[start:]:
                unknown = reader.unknown_keys()
                if unknown:
                    raise reader._fail(unknown[0], "unknown key (misspelt, or not part of this file's schema)")
            return result
        finally:
            del _opened[start:]

    return load


def read_scale(file: str, root: _Reader) -> list[ScaleOption]:
    """The answer scale of a questionnaire: values 1-4 and null ("weet ik niet"), with synonyms."""
    scale = []
    for option in root.records("scale"):
        value = option.data.get("value")
        if value is not None:
            value = option.integer("value", (1, 2, 3, 4))
        scale.append(ScaleOption(value, option.required_text("label"), option.text_list("synonyms")))
    if sorted((o.value or 0) for o in scale) != [0, 1, 2, 3, 4]:
        raise ContentError(f"{file}: scale: needs the values 1, 2, 3, 4 and null (weet ik niet)")
    return scale
