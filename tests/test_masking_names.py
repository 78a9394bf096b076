"""Names in remarks masked by deduce, spaCy and the own rules: a table of 118 remarks, end to end.

Names of Dutch, Moroccan, Turkish, Surinamese and Polish origin, in lower case, after roles and
family words, next to ordinary words that look like names. deduce loads once per test session
(about 8 s from its cache; bot/deidentify.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from bot.masking import NAME_MASK, mask_remarks
from bot.storage.db import session_scope
from bot.storage.models import ReleasedRemark
from bot.storage.tokens import TeamTokens
from bot.web import site
from tests.browser.seed import seed_respondents
from tests.cli import run_cli

TABLE = Path(__file__).resolve().parent / "masking" / "remarks_table.yml"
ROOT = Path(__file__).resolve().parent.parent
NAMES_MASKED_FLOOR = 0.98
WORDS_KEPT_FLOOR = 0.95


def _present(word: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE) is not None


@pytest.fixture(scope="module")
def table() -> list[tuple[dict[str, object], str]]:
    remarks = yaml.safe_load(TABLE.read_text(encoding="utf-8"))["remarks"]
    return list(zip(remarks, mask_remarks([str(r["text"]) for r in remarks]), strict=True))


def test_names_are_masked_and_ordinary_words_kept(table: list[tuple[dict[str, object], str]]) -> None:
    names = [(str(n), masked) for remark, masked in table for n in remark.get("names", [])]  # type: ignore[attr-defined]
    words = [(str(w), masked) for remark, masked in table for w in remark.get("keep", [])]  # type: ignore[attr-defined]
    leaked = [f"{name}: {masked}" for name, masked in names if _present(name, masked)]
    lost = [f"{word}: {masked}" for word, masked in words if not _present(word, masked)]
    recall = 1 - len(leaked) / len(names)
    kept = 1 - len(lost) / len(words)
    print(
        f"\nMasking on {len(table)} remarks: names masked {recall:.1%} of {len(names)}, "
        f"ordinary words kept {kept:.1%} of {len(words)}"
    )
    print("leaked:\n  " + "\n  ".join(leaked) + "\nlost:\n  " + "\n  ".join(lost))
    assert len(table) >= 100
    assert recall >= NAMES_MASKED_FLOOR
    assert kept >= WORDS_KEPT_FLOOR


ISSUE_REMARKS = [
    "Ik heb met Ahmed gesproken",
    "Sanne van de avonddienst",
    "de EVV-er Fatima",
    "Truus is een schat en Petra ook",
    "mevrouw jansen, dochter van Riet Bakker, op kamer twaalf",
]
ISSUE_NAMES = ["Ahmed", "Sanne", "Fatima", "Truus", "Petra", "jansen", "Riet", "Bakker", "kamer twaalf"]


def test_names_never_reach_the_dashboard_or_its_csv(database: str) -> None:
    tokens = TeamTokens(database)
    seed_respondents(database, "B2", [1, 2, 3, 4, 5], [2, 3, 4, 5, 5], ISSUE_REMARKS)
    login = tokens.login(tokens.create("B2"))
    assert login is not None
    page = site.team_page(login.session_id, tokens=tokens, url=database)
    download = site.team_csv(login.session_id, tokens=tokens, url=database)
    assert page.status == 200 and download.status == 200
    assert 'id="remarks"' in page.body and page.body.count(NAME_MASK) >= len(ISSUE_NAMES) - 2
    for name in ISSUE_NAMES:
        assert not _present(name, page.body) and not _present(name, download.body), name
    # what was released is stored masked; the relatives' own words stay only with their scan
    with session_scope(database) as session:
        released = session.execute(select(ReleasedRemark.text)).scalars().all()
    assert len(released) == len(ISSUE_REMARKS)
    assert not any(_present(name, text) for name in ISSUE_NAMES for text in released)


def test_the_operators_check_prints_each_remark_as_the_team_sees_it() -> None:
    given = "\n".join([*ISSUE_REMARKS, "", "Mijn zus woont in Utrecht."]) + "\n"
    lines = run_cli("sqlite://", "mask", stdin=given).splitlines()
    assert lines == [
        "Ik heb met [naam] gesproken",
        "[naam] van de avonddienst",
        "de EVV-er [naam]",
        "[naam] is een schat en [naam] ook",
        "mevrouw [naam], dochter van [naam], op kamer [nummer]",
        "",
        "Mijn zus woont in Utrecht.",
    ]
