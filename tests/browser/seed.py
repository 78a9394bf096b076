"""Seeding relatives' answers straight into a database, for the dashboard tests."""

from __future__ import annotations

from typing import Optional

from bot.content import content
from bot.scoring import current_rung
from bot.storage.releases import ReleaseRepository
from bot.storage.repository import ScanRepository
from bot.storage.units import UnitRegistry

XSS_REMARK = "<img src=x onerror=alert(1)>"
NAMED_REMARK = "Fijn dat jullie dit vragen.\nMevrouw Jansen op kamer 12 helpt mijn moeder Truus goed."
MASKED_REMARK = "Fijn dat jullie dit vragen.\nMevrouw [naam] op kamer [nummer] helpt mijn moeder [naam] goed."


def answers_for(level: int) -> dict[str, Optional[int]]:
    """Answers that put a relative on rung `level` (4 up to that rung, 1 above; every 5th "weet niet")."""
    scan = content().relatives_scan
    answers: dict[str, Optional[int]] = {}
    for number, item in enumerate(scan.items):
        value: Optional[int] = 4 if item.rung <= level else 1
        if number % 5 == 4 and item.rung <= level:
            value = None
        answers[item.id] = value
    assert current_rung(scan, answers) == level
    return answers


def seed_respondents(
    url: str,
    unit: str,
    levels: list[int],
    desired: list[int],
    remarks: Optional[list[Optional[str]]] = None,
    prefix: str = "seed",
) -> None:
    """One finished relative per level: current rung `levels[i]`, desired rung `desired[i]`.

    The unit is registered first. After each finished scan the daily release job runs
    (`release_due`), so every fifth finished relative of a unit and round makes a release.
    """
    scan = content().relatives_scan
    units = UnitRegistry(url)
    if not units.is_registered(unit):
        units.add(unit, f"Afdeling {unit}")
    repository = ScanRepository(url)
    for index, (level, wish) in enumerate(zip(levels, desired, strict=False)):
        sender = f"{prefix}-{unit}-{index}"
        repository.give_consent(sender)
        repository.set_context(sender, relation="kind", unit=unit)
        for item in scan.items:
            repository.save_answer(sender, item.id, item.rung, answers_for(level)[item.id])
        repository.save_desired_rung(sender, wish)
        remark = remarks[index] if remarks and index < len(remarks) else None
        repository.finish(sender, remark)
        ReleaseRepository(url).release_due(unit)
