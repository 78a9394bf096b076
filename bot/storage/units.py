"""Registered units (afdelingen): answers are stored only under a unit an operator registered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from sqlalchemy import select

from bot.scan import parse_unit
from bot.storage.db import session_scope
from bot.storage.models import Unit, utcnow


def clean_unit_code(code: Optional[str]) -> Optional[str]:
    """The unit code as stored ("afdeling b2" -> "B2"), or None when it is no usable code."""
    unit = parse_unit(code or "")
    return None if unit is None or unit == "ONBEKEND" else unit


@dataclass(frozen=True)
class UnitInfo:
    """A registered unit, detached from the database session."""

    code: str
    name: str
    contact: Optional[str]
    # True: anyone with the unit's link may answer; False: only relatives with an invitation code
    open_link: bool = False


def _info(row: Unit) -> UnitInfo:
    return UnitInfo(code=str(row.code), name=str(row.name), contact=row.contact, open_link=bool(row.open_link))


class UnitRegistry:
    """Registers units and answers whether a unit takes part."""

    def __init__(self, url: Optional[str] = None) -> None:
        self.url = url

    def add(self, code: str, name: str, contact: Optional[str] = None, open_link: Optional[bool] = None) -> UnitInfo:
        """Register this unit, or update its name and contact when it is already registered.

        `open_link`: True for an open link, False for invitations only, None to keep it (new: False).
        """
        cleaned = clean_unit_code(code)
        if cleaned is None:
            raise ValueError(f"geen geldige afdelingscode: {code!r}")
        name = " ".join((name or "").split())
        if not name:
            raise ValueError("een afdeling heeft een naam nodig")
        with session_scope(self.url) as session:
            row = session.get(Unit, cleaned)
            if row is None:
                row = Unit(code=cleaned, name=name, contact=contact, created_at=utcnow(), open_link=bool(open_link))
                session.add(row)
            else:
                row.name = name
                row.contact = contact
                if open_link is not None:
                    row.open_link = open_link
            session.flush()
            return _info(row)

    def get(self, code: Optional[str]) -> Optional[UnitInfo]:
        """The registered unit for this code (cleaned first), or None."""
        cleaned = clean_unit_code(code)
        if cleaned is None:
            return None
        with session_scope(self.url) as session:
            row = session.get(Unit, cleaned)
            return None if row is None else _info(row)

    def all(self) -> list[UnitInfo]:
        """Every registered unit, by code."""
        with session_scope(self.url) as session:
            return [_info(row) for row in session.execute(select(Unit).order_by(Unit.code)).scalars()]

    def is_registered(self, code: Optional[str]) -> bool:
        """True when this code (cleaned first) is a registered unit."""
        return self.get(code) is not None
