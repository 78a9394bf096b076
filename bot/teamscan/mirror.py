"""The mirror: per rung the team's Doen score beside what the unit's relatives experience."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Optional

from bot.content import Rung
from bot.figures import one_decimal
from bot.teamscan.score import GroupScore, relatives_rung_means, rung_means

# The team scores a rung "clearly higher" than relatives experience it from this difference on
# (both on a 1-4 scale): half a step on the scale.
MIRROR_MARGIN = 0.5


@dataclass(frozen=True)
class MirrorRow:
    rung: int
    name: str
    team: Optional[float]
    relatives: Optional[float]

    @property
    def gap(self) -> Optional[float]:
        if self.team is None or self.relatives is None:
            return None
        return one_decimal(self.team - self.relatives)

    @property
    def team_higher(self) -> bool:
        """The team rates itself clearly higher than relatives experience this rung."""
        return self.gap is not None and self.gap >= MIRROR_MARGIN


@dataclass(frozen=True)
class Mirror:
    rows: tuple[MirrorRow, ...]

    @property
    def first_to_discuss(self) -> Optional[MirrorRow]:
        """The rung where the team rates itself most clearly above the relatives' experience."""
        higher = [row for row in self.rows if row.team_higher]
        return max(higher, key=lambda row: (row.gap or 0, -row.rung)) if higher else None

    @property
    def compared(self) -> bool:
        return any(row.gap is not None for row in self.rows)


def build_mirror(ladder: Sequence[Rung], score: GroupScore, relatives_figures: Optional[Mapping[str, Any]]) -> Mirror:
    """Per rung the team's Doen score beside the relatives' experience (each only when shown)."""
    team = rung_means(score) if score.enough else {}
    relatives = relatives_rung_means(relatives_figures)
    return Mirror(
        tuple(MirrorRow(rung.number, rung.name, team.get(rung.number), relatives.get(rung.number)) for rung in ladder)
    )
