"""The dashboard's "In welke taal?": finished scans per page language by the small-cell rules, and
remarks in another language masked and shown with their language only where that count is shown.

The attacks: a hidden language count worked out from the table (every spread of 5 to 12 relatives
over the five languages), one relative's language seen from a change on the page or in the CSV
before the next release, and a remark's language label telling what the table hides.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from typing import Any, Optional

import pytest
from sqlalchemy import update

from bot.config import MINIMUM_GROUP
from bot.content import content
from bot.figures import RespondentData, compute_figures
from bot.languages import LANGUAGES
from bot.storage.db import session_scope
from bot.storage.models import Respondent
from bot.storage.releases import ReleaseRepository
from bot.storage.repository import ScanRepository, sender_key
from bot.storage.units import UnitRegistry
from bot.web import site
from tests.browser.seed import answers_for
from tests.test_hidden_counts import GROUPS, distributions, leaks
from tests.test_web import logged_in, without_live_lines

SCAN = content().relatives_scan


def finish_in(url: str, unit: str, sender: str, language: str, remark: Optional[str] = None) -> None:
    """A relative who finishes the scan on the page in `language` (no release is made here)."""
    units = UnitRegistry(url)
    if not units.is_registered(unit):
        units.add(unit, f"Afdeling {unit}")
    repository = ScanRepository(url)
    repository.give_consent(sender)
    repository.set_context(sender, relation="kind", unit=unit)
    for item in SCAN.items:
        repository.save_answer(sender, item.id, item.rung, answers_for(3)[item.id])
    repository.save_desired_rung(sender, 4)
    with session_scope(url) as session:
        session.execute(update(Respondent).where(Respondent.sender_key == sender_key(sender)).values(language=language))
    repository.finish(sender, remark)


def language_table(body: str) -> dict[str, str]:
    cells = re.findall(r'data-testid="language-(\w+)">(.*?)</td>', body)
    return {code: re.sub(r"<[^>]+>", "", cell) for code, cell in cells}


def test_no_hidden_language_count_follows_from_the_table() -> None:
    pages: dict[tuple[Any, ...], list[tuple[int, ...]]] = defaultdict(list)
    for total in GROUPS:
        for counts in distributions(total, len(LANGUAGES)):
            relatives = [
                RespondentData(relation="kind", desired=3, answers={}, finished=True, language=code)
                for code, count in zip(LANGUAGES, counts, strict=True)
                for _ in range(count)
            ]
            shown = [cell["count"] for cell in compute_figures(content(), relatives)["languages"]]
            pages[(total, *shown)].append(counts)
    assert leaks(pages, lambda page: [i for i, cell in enumerate(page[1:]) if cell is None]) == []
    # the check can fail: a table that hid only the counts from 1 to 4 (not also from the total) leaks
    naive: dict[tuple[Any, ...], list[tuple[int, ...]]] = defaultdict(list)
    for total in GROUPS:
        for counts in distributions(total, len(LANGUAGES)):
            naive[(total, *(c if c >= MINIMUM_GROUP or c == 0 else None for c in counts))].append(counts)
    assert leaks(naive, lambda page: [i for i, cell in enumerate(page[1:]) if cell is None]) != []


def test_the_figures_count_every_language_and_hide_small_ones() -> None:
    relatives = [
        RespondentData(relation="kind", desired=3, answers=answers_for(2), finished=True, language=code)
        for code in ["nl"] * 7 + ["tr"] * 6 + ["en"] * 3 + ["ar"] * 2
    ]
    figures = compute_figures(content(), relatives)
    assert [(cell["code"], cell["count"]) for cell in figures["languages"]] == [
        ("nl", 7),
        ("en", None),
        ("tr", 6),
        ("ar", None),
        ("pl", None),
    ]
    assert figures["respondents"] == 18, "the answers of every language count together"
    # without the three in English the hidden cells hold only 2 together: Turkish is hidden too
    fewer = compute_figures(content(), [r for r in relatives if r.language != "en"])
    assert [cell["count"] for cell in fewer["languages"]] == [7, None, None, None, None]
    # an unknown code counts as Dutch, never as a cell of its own
    odd = compute_figures(content(), [RespondentData("kind", 3, {}, True, language="xx")] * 5)
    assert odd["languages"][0] == {"code": "nl", "count": 5}


def test_the_table_moves_only_with_a_release(sqlite_database: str) -> None:
    url = sqlite_database
    tokens, session_id = logged_in(url)
    for index, language in enumerate(["nl"] * 5 + ["tr"] * 5):
        finish_in(url, "B2", f"first-{index}", language)
    ReleaseRepository(url).release_due("B2")
    page = site.team_page(session_id, tokens=tokens, url=url).body
    figures_csv = site.team_csv(session_id, tokens=tokens, url=url).body
    assert "In welke taal?" in page
    assert language_table(page) == {
        "nl": "5",
        "en": "minder dan 5",
        "tr": "5",
        "ar": "minder dan 5",
        "pl": "minder dan 5",
    }
    rows = [row for row in csv.reader(io.StringIO(figures_csv)) if row[0] == "language"]
    assert [(row[2], row[4]) for row in rows] == [
        ("nl", "5"),
        ("en", "minder dan 5"),
        ("tr", "5"),
        ("ar", "minder dan 5"),
        ("pl", "minder dan 5"),
    ]
    # one Arabic relative finishes: nothing on the page or in the CSV changes until a release
    finish_in(url, "B2", "one-arabic", "ar", "السيدة فاطمة لطيفة جدا")
    ReleaseRepository(url).release_due("B2")
    assert site.team_page(session_id, tokens=tokens, url=url).body == page
    assert site.team_csv(session_id, tokens=tokens, url=url).body == figures_csv
    # four more (Dutch) make the next release; the one Arabic relative stays hidden in it
    for index in range(MINIMUM_GROUP - 1):
        finish_in(url, "B2", f"later-{index}", "nl")
    ReleaseRepository(url).release_due("B2")
    after = site.team_page(session_id, tokens=tokens, url=url).body
    assert without_live_lines(after) != without_live_lines(page)
    assert language_table(after)["ar"] == "minder dan 5" and language_table(after)["nl"] == "9"


def test_remarks_in_another_language_are_masked_and_labelled_only_where_the_count_shows(
    sqlite_database: str,
) -> None:
    url = sqlite_database
    tokens, session_id = logged_in(url)
    turkish = "Hemşire Fatma çok iyi, beni 0612345678 numarasından arayın."
    polish = "Pani kowalska z pokoju 7 jest bardzo miła."
    for index in range(5):
        finish_in(url, "B2", f"tr-{index}", "tr", turkish if index == 0 else None)
    finish_in(url, "B2", "pl-0", "pl", polish)
    for index in range(4):
        finish_in(url, "B2", f"nl-{index}", "nl")
    ReleaseRepository(url).release_due("B2")
    release = ReleaseRepository(url).current("B2")
    assert release is not None
    labelled = dict(zip(release.remarks, release.remark_languages, strict=True))
    assert labelled == {
        "Hemşire [naam] çok iyi, beni [telefoonnummer] numarasından arayın.": "tr",
        # one Polish relative: a label would show what the table hides ("minder dan 5")
        "Pani [naam] z pokoju [nummer] jest bardzo miła.": None,
    }
    body = site.team_page(session_id, tokens=tokens, url=url).body
    assert language_table(body)["pl"] == "minder dan 5"
    assert body.count('data-testid="remark-language"') == 1
    assert 'Turks:</span> <bdi lang="tr">Hemşire [naam]' in body
    assert "Fatma" not in body and "kowalska" not in body and "0612345678" not in body


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_a_label_never_shows_a_language_of_fewer_than_five(sqlite_database: str, count: int) -> None:
    url = sqlite_database
    for index in range(count):
        finish_in(url, "B2", f"en-{index}", "en", "The staff are kind.")
    for index in range(MINIMUM_GROUP):
        finish_in(url, "B2", f"nl-{index}", "nl")
    ReleaseRepository(url).release_due("B2")
    release = ReleaseRepository(url).current("B2")
    assert release is not None and len(release.remarks) == count
    assert set(release.remark_languages) == {None}
