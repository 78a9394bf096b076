"""Reading what a member or a group's scribe types: answers, cards, group size, the order of the halves."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, cast

from bot.content import RelativesScan, StaffItem, StaffScan
from bot.content.words import words
from bot.scan import normalize, parse_answer

# A group session (the paper version) has at most this many people around the table.
MAX_GROUP_SIZE = 30
# The Weten-Mogen half: everything but Doen.
WWKM = "wwkm"


def asks_to_stop(text: str) -> bool:
    """True when the words really ask to stop ("stop", "later verder": words.yml staff_stop).

    NLU takes some round codes, counts and short answers for "stop"; only these words pause the scan.
    """
    norm = normalize(text)
    return any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", norm) for word in words().staff_stop)


def parse_staff_answer(text: str, scan: StaffScan) -> tuple[bool, Optional[int]]:
    """(understood, value) for a typed or clicked answer; value None is 'weet ik niet'."""
    # parse_answer reads only the scale, which the staff scan has in the same form
    parsed = parse_answer(text, cast(RelativesScan, scan))
    return parsed.understood, parsed.value


def ordered_items(scan: StaffScan, first_part: str) -> tuple[StaffItem, ...]:
    """The twelve statements in the order a member answers them: the chosen half first."""
    doen = tuple(i for i in scan.items if i.part == "doen")
    rest = tuple(i for i in scan.items if i.part != "doen")
    return rest + doen if first_part == WWKM else doen + rest


def parse_first_part(text: str) -> Optional[str]:
    """'doen' or 'wwkm' from a button or a typed answer ("bij doen", "weten", "blz 2")."""
    norm = normalize(text)
    doen = bool(re.search(r"\bdoen\b|\b(blz|bladzijde|pagina)\s*1\b|^1$", norm))
    rest = bool(re.search(r"\b(weten|willen|kunnen|mogen)\b|\b(blz|bladzijde|pagina)\s*2\b|^2$", norm))
    if doen == rest:
        return None
    return "doen" if doen else WWKM


def parse_mode(text: str) -> Optional[str]:
    """'alone' or 'group' ("alleen", "als groep met stemkaarten", "groepje")."""
    norm = normalize(text)
    group = bool(re.search(r"\bgroep|\bstemkaart|\bkaarten\b|\bsamen\b|\bscores? op", norm))
    alone = bool(re.search(r"\balleen\b|\bzelf\b|\bik\b|\baanpassen\b|\bindividueel\b", norm))
    if group == alone:
        return None
    return "group" if group else "alone"


def parse_group_size(text: str) -> Optional[int]:
    """The number of people in a group session (2 to MAX_GROUP_SIZE), or None."""
    numbers = re.findall(r"\d+", text)
    if len(numbers) != 1 or re.sub(r"[\d\s]|mensen|personen|we zijn|met|wij zijn", "", normalize(text)):
        return None
    size = int(numbers[0])
    return size if 2 <= size <= MAX_GROUP_SIZE else None


@dataclass(frozen=True)
class CardInput:
    """What a scribe typed for one statement: the cards per value, or why it must be asked again."""

    tally: Optional[dict[Optional[int], int]]
    problem: Optional[str] = None  # "unclear" or "wrong_total"
    total: int = 0


def same_card_buttons(scan: StaffScan, size: int) -> list[dict[str, str]]:
    """Buttons for a group where everyone held up the same card ("0 0 0 6" for all 4s)."""
    return [
        {
            "title": scan.texts["all_cards"].format(value=value),
            "payload": " ".join(str(size if v == value else 0) for v in (1, 2, 3, 4)),
        }
        for value in (1, 2, 3, 4)
    ]


def parse_cards(text: str, size: int) -> CardInput:
    """'0 1 3 2' (cards for 1, 2, 3 and 4; a fifth number for 'weet ik niet') for a group of `size`.

    Anything but numbers and separators is a typo; four or five numbers are needed; they must
    add up to the group size. Otherwise the scribe is asked again and nothing is stored.
    """
    if re.sub(r"[\d\s,;/|.-]", "", text) or not text.strip():
        return CardInput(None, "unclear")
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    if len(numbers) not in (4, 5) or any(n > MAX_GROUP_SIZE for n in numbers):
        return CardInput(None, "unclear")
    total = sum(numbers)
    if total != size:
        return CardInput(None, "wrong_total", total)
    values: list[Optional[int]] = [1, 2, 3, 4, None]
    return CardInput({value: count for value, count in zip(values, numbers, strict=False) if count}, total=total)
