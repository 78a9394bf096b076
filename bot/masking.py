"""Masks what could identify a person in a relative's free-text remark before the team sees it.

Pure text in, text out: e-mail addresses, phone numbers, room numbers and names after a form
of address ("mevrouw Jansen", "dhr. De Vries") or a family word ("mijn moeder Truus") are
replaced by a placeholder in square brackets. Names are recognised by their capital letter, so
"mijn moeder is blij" stays as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Optional

EMAIL_MASK = "[e-mailadres]"
PHONE_MASK = "[telefoonnummer]"
ROOM_MASK = "[nummer]"
NAME_MASK = "[naam]"

# A phone number has at least this many digits (a date such as 12-03-2024 has eight).
MIN_PHONE_DIGITS = 9

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+|00|\()?\d[\d \-().]*\d(?![\w])")
# Numbers in words ("kamer twaalf", "kamer tweeëntwintig"): built from these parts; "een" alone
# is left out, it is mostly the article ("de kamer een keer luchten").
NUMBER_PARTS = (
    "een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|zestien|"
    "zeventien|achttien|negentien|twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig|"
    "honderd|ën|en"
)
NUMBER_WORD = rf"(?!een\b)(?:{NUMBER_PARTS})+"
ROOM = re.compile(
    r"\b(?P<word>kamer(?:nummer|nr\.?)?|kamer\s+(?:nummer|nr\.?)|k\.|kmr\.?)(?P<space>\s*)"
    rf"(?P<number>\d+\s?[a-z]?|(?<=\s){NUMBER_WORD})(?![\w])",
    re.IGNORECASE,
)

FORMS_OF_ADDRESS = (
    "mevrouw",
    "meneer",
    "mevr.",
    "mevr",
    "mw.",
    "mw",
    "dhr.",
    "dhr",
    "de heer",
    "mr.",
    "juffrouw",
    "zuster",
    "broeder",
    "dokter",
    "dr.",
    "tante",
    "oom",
    "opa",
    "oma",
)
FAMILY_WORDS = (
    "moeder",
    "vader",
    "man",
    "vrouw",
    "zus",
    "zuster",
    "broer",
    "zoon",
    "dochter",
    "oma",
    "opa",
    "tante",
    "oom",
    "schoonmoeder",
    "schoonvader",
    "stiefmoeder",
    "stiefvader",
    "partner",
    "echtgenoot",
    "echtgenote",
    "vriend",
    "vriendin",
    "neef",
    "nicht",
    "kleinzoon",
    "kleindochter",
    "schoonzus",
    "zwager",
    "mama",
    "papa",
    "moeke",
    "vadertje",
    "moedertje",
)
OWNERS = ("mijn", "onze", "m'n", "haar", "zijn", "hun")
CARE_ROLES = (
    "verzorgende",
    "verpleegkundige",
    "verpleger",
    "begeleider",
    "begeleidster",
    "collega",
    "arts",
    "specialist ouderengeneeskunde",
    "contactpersoon",
    "ev'er",
    "evv'er",
    "evv-er",
    "evver",
    "evv",
    "eerstverantwoordelijke",
    "helpende",
    "teamleider",
    "stagiaire",
    "stagiair",
    "leerling",
)
# Name particles (tussenvoegsels) that may come between the title and a capitalised surname.
PARTICLE_WORDS = (
    "van", "de", "der", "den", "het", "ten", "ter", "te", "in", "'t", "op", "la", "le", "du", "von", "el", "al",
)  # fmt: skip
PARTICLES = r"(?:(?:" + "|".join(re.escape(p) for p in PARTICLE_WORDS) + r")\s+)*"
# Capitalised words that start a sentence or clause rather than a name.
NOT_NAMES = frozenset(
    "Ik Wij We Zij Ze Hij Het De Een En Maar Dat Die Dit Deze Is Was Heeft Had Wordt Werd Kan Zou "
    "Als Of Want Omdat Toen Nu Dan Ook Niet Geen Er Hier Daar U Jij Je Jullie Ons Hun Zo Wel Al".split()
)
NAME_WORD = r"[A-ZÀ-Ý][\w'’-]*"
# Capitalised words that are no person in a remark (bot/deidentify.py): holidays, countries,
# languages and faiths that spaCy may tag as a proper noun.
NOT_PERSONS = frozenset(
    "kerst kerstmis pasen pinksteren sinterklaas oud nieuw ramadan suikerfeest offerfeest divali holi "
    "keti koti hemelvaart koningsdag nederland marokko turkije suriname polen belgië duitsland indonesië "
    "curaçao aruba antillen nederlands turks marokkaans arabisch berbers pools surinaams sranantongo "
    "hindi engels duits frans god allah jezus islam".split()
)


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def title_alternatives() -> str:
    """Forms of address, family words after an owner, and care roles, as one regex alternation."""
    return (
        _alternatives(FORMS_OF_ADDRESS)
        + r"|(?:"
        + _alternatives(OWNERS)
        + r")\s+(?:"
        + _alternatives(FAMILY_WORDS)
        + r")|(?:de\s+|het\s+)?(?:"
        + _alternatives(CARE_ROLES)
        + r")"
    )


NAME_AFTER = re.compile(
    r"(?P<title>(?<![\w.])(?i:"
    + title_alternatives()
    + r"))(?P<gap>,?\s+|(?<=\.))(?P<name>"
    + PARTICLES
    + NAME_WORD
    + r"(?:\s+"
    + PARTICLES
    + NAME_WORD
    + r")*)"
)


def _mask_phone(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = sum(c.isdigit() for c in text)
    return PHONE_MASK if digits >= MIN_PHONE_DIGITS else text


def _mask_room(match: re.Match[str]) -> str:
    return f"{match.group('word')}{match.group('space') or ' '}{ROOM_MASK}"


def _mask_name(match: re.Match[str]) -> str:
    words = match.group("name").split()
    # a capitalised word such as "Ik" or "En" starts a clause; it is no name and stays
    while words and words[-1] in NOT_NAMES:
        words.pop()
    if not words or (words[0] in NOT_NAMES and words[0].lower() not in PARTICLE_WORDS):
        return match.group(0)
    name = " ".join(words)
    rest = match.group("name")[len(name) :]
    return f"{match.group('title')}{match.group('gap')}{NAME_MASK}{rest}"


def prepare_masking() -> None:
    """Load deduce and spaCy now (once per process), before a release opens its transaction."""
    from bot.deidentify import name_lists

    name_lists()


def mask_remarks(remarks: Sequence[str], languages: Optional[Sequence[str]] = None) -> list[str]:
    """The remarks as the team sees them: these rules, then names found by deduce and spaCy.

    `languages`: the language of each remark's page (Dutch when not given). A remark in another
    language gets bot/masking_languages.py's rules, with deduce's name and place lists, and the
    Dutch pipeline too only when it is written in Dutch after all. Made for a batch (a release):
    deduce and spaCy load once per process (bot/deidentify.py), and not at all when there is no
    remark to mask.
    """
    if not any(remark.strip() for remark in remarks):
        return list(remarks)
    from bot.deidentify import mask_names, name_lists
    from bot.masking_languages import mask_other_language, reads_as_dutch

    languages = languages or ["nl"] * len(remarks)
    lists = name_lists()
    masked = []
    for remark, language in zip(remarks, languages, strict=True):
        if language == "nl":
            masked.append(mask_names(mask_remark(remark)))
            continue
        other = mask_other_language(remark, lists.names - lists.common, lists.places)
        masked.append(mask_names(other) if reads_as_dutch(remark) else other)
    return masked


def mask_remark(text: str) -> str:
    """The remark with e-mail addresses, phone numbers, room numbers and names after titles masked.

    Only these rules (no deduce, no spaCy): `mask_remarks` adds the names found elsewhere.
    """
    masked = EMAIL.sub(EMAIL_MASK, text)
    masked = PHONE_CANDIDATE.sub(_mask_phone, masked)
    masked = ROOM.sub(_mask_room, masked)
    return NAME_AFTER.sub(_mask_name, masked)
