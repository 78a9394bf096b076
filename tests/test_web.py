"""The web pages' core without Rasa or a browser: team tokens, dashboard figures, page replies."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from bot.content import content
from bot.export import EXPORT_COLUMNS
from bot.storage import db
from bot.storage.db import session_scope
from bot.storage.models import TeamToken
from bot.web import site
from bot.web.dashboard import MINIMUM_RESPONDENTS, answers_csv, build_dashboard
from bot.web.tokens import MAX_TOKEN_LENGTH, TeamTokens, hash_token
from tests.browser.seed import XSS_REMARK, seed_respondents
from tests.test_cli import run_cli


@pytest.fixture
def database(sqlite_url: str) -> str:
    db.migrate(sqlite_url)
    return sqlite_url


def test_tokens_are_stored_hashed_and_scoped_to_one_unit(database: str) -> None:
    tokens = TeamTokens(database)
    token = tokens.create("b2")
    with session_scope(database) as session:
        rows = session.execute(select(TeamToken)).scalars().all()
        assert [(r.unit, r.token_hash) for r in rows] == [("B2", hash_token(token))]
        assert all(token not in (r.token_hash, r.unit) for r in rows)
    assert tokens.unit_for(token) == "B2"
    assert tokens.unit_for(token + "x") is None
    assert tokens.unit_for("x" * (MAX_TOKEN_LENGTH + 1)) is None
    assert tokens.unit_for("<script>") is None
    assert tokens.is_known_unit("B2") and not tokens.is_known_unit("C3")
    assert tokens.revoke("B2") == 1
    assert tokens.unit_for(token) is None and not tokens.is_known_unit("B2")
    with pytest.raises(ValueError):
        tokens.create("<b>")


def test_cli_prints_a_token_and_stores_only_its_hash(database: str) -> None:
    token = run_cli(database, "team", "create", "--unit", "C3").strip()
    assert len(token) == 43
    assert TeamTokens(database).unit_for(token) == "C3"


def test_dashboard_waits_for_five_relatives(database: str) -> None:
    seed_respondents(database, "B2", [1, 2, 3, 4], [2, 3, 4, 5])
    four = build_dashboard(content(), "B2", database)
    assert four.answered == 4 and not four.enough and four.rungs == () and four.remarks == ()
    seed_respondents(database, "B2", [5], [5], [XSS_REMARK], prefix="more")
    five = build_dashboard(content(), "B2", database)
    assert five.answered == MINIMUM_RESPONDENTS and five.enough
    assert [r.current for r in five.rungs] == [1, 1, 1, 1, 1]
    assert [r.desired for r in five.rungs] == [0, 1, 1, 1, 2]
    assert five.remarks == (XSS_REMARK,)
    assert five.funnel[0].count == 5 and five.funnel[-1].count == 5
    assert all((i.mean is None) == (i.answered < MINIMUM_RESPONDENTS) for i in five.items)
    assert any(i.mean is None for i in five.items) and any(i.mean is not None for i in five.items)
    assert build_dashboard(content(), "C3", database).answered == 0


def test_dashboard_csv_numbers_respondents(database: str) -> None:
    seed_respondents(database, "B2", [1, 2], [2, 3])
    rows = list(csv.reader(io.StringIO(answers_csv("B2", database))))
    assert rows[0] == EXPORT_COLUMNS
    assert {r[0] for r in rows[1:]} == {"1", "2"}


def test_pages_escape_what_they_show(database: str) -> None:
    tokens = TeamTokens(database)
    token = tokens.create("B2")
    seed_respondents(database, "B2", [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [XSS_REMARK])
    reply = site.team_page(token, tokens=tokens, url=database)
    assert reply.status == 200
    assert XSS_REMARK not in reply.body and "&lt;img src=x onerror=alert(1)&gt;" in reply.body
    assert "script-src 'self'" in reply.headers["Content-Security-Policy"]
    bad = site.chat_page("<script>", tokens)
    assert bad.status == 400 and "<script>" not in bad.body
    assert site.chat_page("ZZ9", tokens).status == 404
    assert site.chat_page("b2", tokens).status == 200


def test_team_login_and_refusals(database: str) -> None:
    tokens = TeamTokens(database)
    token = tokens.create("B2")
    assert site.team_page(None, tokens=tokens).status == 401
    assert site.team_login("", tokens=tokens).status == 401
    assert site.team_login("x" * 5000, tokens=tokens).status == 400
    assert site.team_login("nope", tokens=tokens).status == 403
    assert site.team_login(token, "C3", tokens=tokens).status == 403
    ok = site.team_login(token, tokens=tokens)
    assert ok.status == 303 and ok.headers["Location"] == "/team"
    assert ok.cookies[site.TEAM_COOKIE].value == token
    assert site.team_page(token, "C3", tokens=tokens).status == 403
    assert site.team_csv(token, tokens=tokens, url=database).status == 403  # fewer than five
    assert site.static_file("web", "../site.py") is None
    assert site.static_file("vendor", "index.js") is None
