"""What the team dashboard shows for one unit, computed from the stored scan answers.

Everything per group is shown only when at least MINIMUM_RESPONDENTS relatives of the unit
answered; below that only the count is given. No respondent id or sender key leaves here.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from statistics import mean
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from bot.content import RUNGS, Content
from bot.export import RespondentNumbers, write_answers_csv
from bot.scoring import current_rung
from bot.storage.db import session_scope
from bot.storage.models import Rehearsal, Respondent
from bot.storage.repository import ScanRepository

MINIMUM_RESPONDENTS = 5


@dataclass(frozen=True)
class RungCount:
    """How many relatives stand on a rung now and how many would like to."""

    number: int
    name: str
    current: int
    desired: int


@dataclass(frozen=True)
class ItemAverage:
    """The mean answer (1-4) to one statement, "weet ik niet" left out; None below five answers."""

    number: int
    text: str
    rung: int
    answered: int
    dont_know: int
    mean: Optional[float]


@dataclass(frozen=True)
class FunnelStep:
    """How many relatives got this far in the scan."""

    label: str
    count: int


@dataclass(frozen=True)
class Dashboard:
    unit: str
    answered: int
    minimum: int
    rungs: tuple[RungCount, ...] = ()
    without_current: int = 0
    without_desired: int = 0
    items: tuple[ItemAverage, ...] = ()
    remarks: tuple[str, ...] = ()
    funnel: tuple[FunnelStep, ...] = ()
    rehearsals_finished: int = 0

    @property
    def enough(self) -> bool:
        return self.answered >= self.minimum


@dataclass(frozen=True)
class _Respondent:
    finished: bool
    desired: Optional[int]
    remark: Optional[str]
    answers: dict[str, Optional[int]]


def _load(unit: str, url: Optional[str]) -> list[_Respondent]:
    with session_scope(url) as session:
        rows = session.execute(
            select(Respondent)
            .where(Respondent.unit == unit, Respondent.consent_at.is_not(None))
            .options(selectinload(Respondent.answers))
        ).scalars().all()
        return [
            _Respondent(
                finished=r.finished_at is not None,
                desired=r.desired_rung,
                remark=r.remark,
                answers={a.item_id: a.value for a in r.answers},
            )
            for r in rows
        ]


def finished_rehearsals(url: Optional[str] = None) -> int:
    """Rehearsals finished by any carer (rehearsals are not tied to a unit)."""
    with session_scope(url) as session:
        return int(session.execute(select(func.count(Rehearsal.id)).where(Rehearsal.finished_at.is_not(None))).scalar())


def build_dashboard(content: Content, unit: str, url: Optional[str] = None) -> Dashboard:
    """The dashboard of one unit; only the count when fewer than the minimum answered."""
    started = _load(unit, url)
    respondents = [r for r in started if r.answers]
    rehearsals = finished_rehearsals(url)
    if len(respondents) < MINIMUM_RESPONDENTS:
        return Dashboard(unit=unit, answered=len(respondents), minimum=MINIMUM_RESPONDENTS,
                         rehearsals_finished=rehearsals)
    scan = content.relatives_scan
    currents = [current_rung(scan, r.answers) for r in respondents]
    rungs = tuple(
        RungCount(
            number=rung,
            name=content.rung(rung).name,
            current=sum(1 for c in currents if c == rung),
            desired=sum(1 for r in respondents if r.desired == rung),
        )
        for rung in RUNGS
    )
    items = []
    for number, item in enumerate(scan.items, start=1):
        given = [r.answers[item.id] for r in respondents if item.id in r.answers]
        values = [v for v in given if v is not None]
        items.append(
            ItemAverage(
                number=number, text=item.text, rung=item.rung, answered=len(values),
                dont_know=len(given) - len(values),
                # a mean of fewer than five answers would come close to showing one relative's answer
                mean=round(mean(values), 2) if len(values) >= MINIMUM_RESPONDENTS else None,
            )
        )
    funnel = [FunnelStep("Gestart (toestemming gegeven)", len(started))]
    for number, item in enumerate(scan.items, start=1):
        funnel.append(FunnelStep(f"Vraag {number} beantwoord", sum(1 for r in started if item.id in r.answers)))
    funnel.append(FunnelStep("Gewenste trede gekozen", sum(1 for r in started if r.desired is not None)))
    funnel.append(FunnelStep("Afgerond", sum(1 for r in started if r.finished)))
    return Dashboard(
        unit=unit,
        answered=len(respondents),
        minimum=MINIMUM_RESPONDENTS,
        rungs=rungs,
        without_current=sum(1 for c in currents if c is None),
        without_desired=sum(1 for r in respondents if r.desired is None),
        items=tuple(items),
        # sorted, so the order says nothing about who wrote what or when
        remarks=tuple(sorted(r.remark.strip() for r in respondents if r.remark and r.remark.strip())),
        funnel=tuple(funnel),
        rehearsals_finished=rehearsals,
    )


def answers_csv(unit: str, url: Optional[str] = None) -> str:
    """The unit's answers with the columns of `python -m bot export answers`, respondents numbered."""
    stream = io.StringIO()
    write_answers_csv(stream, ScanRepository(url).export(unit=unit), respondent_label=RespondentNumbers())
    return stream.getvalue()
