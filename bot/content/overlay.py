"""A translation laid over its Dutch content file (bot/content/translations/SPEC.md).

Mappings are merged key by key, lists of records element by element (same length, same order),
a text or a list of texts replaces the Dutch one as a whole. Strict: a key the Dutch file does not
have, a list of records of another length, another type, other placeholders, or a changed
identifier (`payload`, `code`, `value`, ...) is a ContentError naming file, language and field.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from bot.content.reader import ContentError

TRANSLATIONS = "translations"
# keys of a record (an element of a list) that are not text for a relative: a translation leaves
# them out or repeats them unchanged; numbers, booleans and null are never translated anywhere
FIXED_KEYS = frozenset({"source", "code", "payload", "key", "id", "sense", "tip", "related", "kind"})
# lists of keys outside records (relatives_questions.yml menu)
FIXED_LISTS = frozenset({"menu"})
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def placeholders(value: Any) -> Counter[str]:
    """The `{placeholders}` in a text or in a (nested) list of texts, with their counts."""
    if isinstance(value, str):
        return Counter(PLACEHOLDER.findall(value))
    if isinstance(value, list):
        return sum((placeholders(item) for item in value), Counter())
    return Counter()


def translation_path(directory: Path, lang: str, name: str) -> Path:
    """Where the translation of content file `name` into `lang` lives."""
    return directory / TRANSLATIONS / lang / name


def read_translation(directory: Path, lang: str, name: str) -> Any:
    """The translation file's YAML, or None when this language has no such file."""
    path = translation_path(directory, lang, name)
    if not path.is_file():
        return None
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ContentError(f"translations/{lang}/{name}: not valid YAML: {error}") from error


def _fixed(key: Any, dutch: Any, in_record: bool) -> bool:
    if isinstance(dutch, dict):
        return False
    return (in_record and key in FIXED_KEYS) or (key in FIXED_LISTS and isinstance(dutch, list))


def overlay(dutch: Any, translated: Any, where: str, in_record: bool = False) -> Any:
    """`translated` laid over `dutch`; `where` names the file and field in every error."""
    if translated is None:
        return dutch
    if isinstance(dutch, dict):
        if not isinstance(translated, dict):
            raise ContentError(f"{where}: expected a mapping as in Dutch")
        merged = dict(dutch)
        for key, value in translated.items():
            field = f"{where}.{key}"
            if key not in dutch:
                raise ContentError(f"{field}: not a key of the Dutch file")
            if _fixed(key, dutch[key], in_record):
                if value != dutch[key]:
                    raise ContentError(f"{field}: is not translated (leave it out or as in Dutch)")
                continue
            merged[key] = overlay(dutch[key], value, field)
        return merged
    if isinstance(dutch, list) and dutch and all(isinstance(item, dict) for item in dutch):
        if not isinstance(translated, list) or len(translated) != len(dutch):
            count = len(translated) if isinstance(translated, list) else "no list"
            raise ContentError(f"{where}: needs {len(dutch)} records in the Dutch order, found {count}")
        pairs = enumerate(zip(dutch, translated, strict=True))
        return [overlay(d, t or {}, f"{where}[{i}]", in_record=True) for i, (d, t) in pairs]
    if isinstance(dutch, str | list):
        if type(translated) is not type(dutch):
            raise ContentError(f"{where}: expected a {type(dutch).__name__} as in Dutch")
        if placeholders(translated) != placeholders(dutch):
            expected, found = sorted(placeholders(dutch).elements()), sorted(placeholders(translated).elements())
            raise ContentError(f"{where}: placeholders {found} differ from the Dutch {expected}")
        return translated
    if translated != dutch:
        raise ContentError(f"{where}: is not translated (leave it out or as in Dutch)")
    return dutch
