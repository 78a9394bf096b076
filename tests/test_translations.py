"""Every translation of the relatives' path (bot/content/translations/SPEC.md) against the Dutch.

For every language: every Dutch text a relative can see is translated (the same keys), with the
same placeholders; no Dutch left (lingua on every translated sentence of at least 4 words); no
sentence longer than the Dutch B1 limit (tests/test_b1.py); every word list and command filled.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
import yaml

from bot.content import CONTENT_DIR, load_content, load_limit_texts
from bot.content.invitations import load_invitation_texts
from bot.content.overlay import FIXED_KEYS, FIXED_LISTS, placeholders, translation_path
from bot.content.pages import load_pages
from bot.content.relatives_questions import load_relatives_questions, load_talk_to_person
from bot.content.replies import load_replies
from bot.content.words import COMMAND_KEYS, load_words
from bot.languages import LANGUAGES
from tests.test_b1 import LIMITS

TRANSLATED = LANGUAGES[1:]
FILES = (
    "advice.yml",
    "invitations.yml",
    "ladder.yml",
    "limits.yml",
    "pages.yml",
    "privacy.yml",
    "relatives_questions.yml",
    "replies.yml",
    "scan_relatives.yml",
    "senses.yml",
    "talk_to_person.yml",
    "words.yml",
)
# what relatives never see (SPEC.md): the carers' voice and texts, the team's pages, staff word lists
STAFF_ONLY = {
    "replies.yml": ("menus.medewerker", "*.medewerker"),
    "pages.yml": ("chat_carers", "team", "invitations", "other_unit", "form_refused"),
    "privacy.yml": ("erasure_carer",),
    "talk_to_person.yml": ("carer_configured", "carer_general"),
    "words.yml": ("surprise", "next", "back", "skip", "staff_stop"),
}
# may stay Dutch: a file name (an Arabic one would not survive a download header)
OPTIONAL = {"pages.yml": ("result_copy.pdf_file",)}
# names are no language: left out before a sentence's language is detected
NAMES = re.compile(r"Samenspraak|JavaScript", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?:؟])\s+|\n+")
WORD = re.compile(r"\w+(?:['’-]\w+)*")
MIN_WORDS_TO_DETECT = 4


def _staff_only(file: str, path: str) -> bool:
    for pattern in STAFF_ONLY.get(file, ()):
        if pattern.startswith("*.") and path.endswith(pattern[1:]):
            return True
        if path == pattern or path.startswith(pattern + ".") or path.startswith(pattern + "["):
            return True
    return False


def texts(data: Any, path: str = "", in_record: bool = False) -> Iterator[tuple[str, Any]]:
    """(path, text or list of texts) of every text leaf that a translation may hold."""
    if isinstance(data, dict):
        for key, value in data.items():
            fixed = not isinstance(value, dict) and (
                (in_record and key in FIXED_KEYS) or (key in FIXED_LISTS and isinstance(value, list))
            )
            if not fixed:
                yield from texts(value, f"{path}.{key}" if path else str(key), in_record)
    elif isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        for index, item in enumerate(data):
            yield from texts(item, f"{path}[{index}]", True)
    elif isinstance(data, str | list):
        yield path, data


@cache
def _yaml(path: str) -> Any:
    with open(path, encoding="utf-8") as file:
        return yaml.safe_load(file)


def dutch_texts(file: str) -> dict[str, Any]:
    return {p: t for p, t in texts(_yaml(str(CONTENT_DIR / file))) if not _staff_only(file, p)}


def translated_texts(lang: str, file: str) -> dict[str, Any]:
    return dict(texts(_yaml(str(translation_path(CONTENT_DIR, lang, file)))))


def sentences(value: Any) -> Iterator[str]:
    for text in [value] if isinstance(value, str) else value:
        if isinstance(text, str):
            yield from (part.strip() for part in SENTENCE_END.split(text) if part.strip())
        elif isinstance(text, list):
            yield from sentences(text)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_content_file_loads_in_every_language(lang: str) -> None:
    load_content(lang=lang)
    load_limit_texts(lang=lang)
    load_replies(lang=lang)
    load_pages(lang=lang)
    load_invitation_texts(lang=lang)
    load_relatives_questions(lang=lang)
    load_talk_to_person(lang=lang)
    words = load_words(lang=lang)
    assert sorted(words.commands) == sorted(COMMAND_KEYS)
    assert all(words.commands.values())


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("file", FILES)
def test_every_text_a_relative_sees_is_translated_with_the_same_placeholders(lang: str, file: str) -> None:
    assert translation_path(CONTENT_DIR, lang, file).is_file(), f"translations/{lang}/{file} is missing"
    dutch, translated = dutch_texts(file), translated_texts(lang, file)
    missing = sorted(set(dutch) - set(translated) - set(OPTIONAL.get(file, ())))
    assert not missing, f"translations/{lang}/{file}: not translated: {missing[:10]}"
    for path, text in translated.items():
        assert text, f"translations/{lang}/{file}: {path}: empty"
        if path in dutch:
            assert placeholders(text) == placeholders(dutch[path]), f"translations/{lang}/{file}: {path}"


@cache
def _detector() -> Any:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_iso_codes_639_1(*(getattr(IsoCode639_1, c.upper()) for c in LANGUAGES)).build()


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_dutch_left_and_no_sentence_longer_than_the_dutch_limit(lang: str) -> None:
    dutch_sentences, too_long, checked = [], [], 0
    for file in FILES:
        if not translation_path(CONTENT_DIR, lang, file).is_file():
            continue  # reported by the test above
        dutch = dutch_texts(file)
        for path, value in translated_texts(lang, file).items():
            if file == "words.yml" or path.endswith("synonyms") or path not in dutch:
                continue  # word lists are not sentences
            for sentence in sentences(value):
                words = WORD.findall(sentence)
                if len(words) > LIMITS["longest_sentence"]:
                    too_long.append(f"{file}: {path}: {len(words)} words: {sentence[:80]}")
                without_names = NAMES.sub("", sentence)
                if len(WORD.findall(without_names)) >= MIN_WORDS_TO_DETECT:
                    checked += 1
                    found = _detector().detect_language_of(without_names)
                    if found is not None and found.iso_code_639_1.name.lower() == "nl":
                        dutch_sentences.append(f"{file}: {path}: {sentence[:80]}")
    assert checked > 100
    assert not dutch_sentences, f"{lang}: Dutch left: {dutch_sentences[:10]}"
    assert not too_long, f"{lang}: longer than {LIMITS['longest_sentence']} words: {too_long[:10]}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_word_lists_are_filled(lang: str) -> None:
    words, scan = load_words(lang=lang), load_content(lang=lang).relatives_scan
    for name in ("previous", "no_remark", "unknown_unit", "no_code"):
        assert getattr(words, name), f"{lang}: words.yml {name} is empty"
    assert all(typed for _, typed in words.relations.values()), lang
    assert all(option.synonyms for option in scan.scale), lang
