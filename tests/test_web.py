"""The web pages' core without Rasa or a browser: team codes and sessions, released figures, page replies."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.config import MINIMUM_GROUP, TEAM_SESSION_HOURS
from bot.content import content
from bot.scan import RELATIONS
from bot.storage.db import session_scope
from bot.storage.models import DashboardAccess, TeamSession, TeamToken, utcnow
from bot.storage.releases import ReleaseRepository
from bot.storage.repository import ScanRepository
from bot.storage.tokens import MAX_TOKEN_LENGTH, TeamTokens, hash_token
from bot.storage.units import UnitRegistry
from bot.web import site
from bot.web.dashboard import FIGURES_CSV_COLUMNS, SMALL_CELL, build_dashboard
from tests.browser.seed import XSS_REMARK, seed_respondents
from tests.test_releases import start_unfinished

SCAN = content().relatives_scan


def logged_in(url: str, unit: str = "B2", label: str = "") -> tuple[TeamTokens, str]:
    """A code for the unit and a session id as the cookie would hold it."""
    tokens = TeamTokens(url)
    login = tokens.login(tokens.create(unit, label=label))
    assert login is not None
    return tokens, login.session_id


def without_live_lines(html: str) -> str:
    """The page without the two lines that may change between releases: when the next release can
    come (moves once a day), and the rehearsals of all units."""
    html = re.sub(r'<p id="next-release".*?</p>', "", html, flags=re.S)
    return re.sub(r'<strong id="rehearsals">\d+</strong>', "", html)


# --- codes and sessions ---------------------------------------------------------------------


def test_codes_are_stored_hashed_with_label_and_expiry(sqlite_database: str) -> None:
    tokens = TeamTokens(sqlite_database)
    token = tokens.create("b2", days=30, label="Ans (teamleider)")
    with session_scope(sqlite_database) as session:
        rows = session.execute(select(TeamToken)).scalars().all()
        assert [(r.unit, r.token_hash, r.label) for r in rows] == [("B2", hash_token(token), "Ans (teamleider)")]
        lifetime = rows[0].expires_at - rows[0].created_at
        assert lifetime == timedelta(days=30)
    assert tokens.unit_for(token) == "B2"
    assert tokens.unit_for(token + "x") is None
    assert tokens.unit_for("x" * (MAX_TOKEN_LENGTH + 1)) is None
    assert tokens.unit_for("<script>") is None
    with pytest.raises(ValueError):
        tokens.create("<b>")
    # creating a code registers a unit that was not registered yet; an existing name stays
    assert UnitRegistry(sqlite_database).get("B2") is not None
    UnitRegistry(sqlite_database).add("C3", "De Eik")
    tokens.create("C3")
    assert UnitRegistry(sqlite_database).get("C3").name == "De Eik"  # type: ignore[union-attr]
    listed = tokens.codes("B2")
    assert [(c.label, c.revoked_at) for c in listed] == [("Ans (teamleider)", None)]
    assert token not in repr(listed) and hash_token(token) not in repr(listed)


def test_expired_code_and_its_sessions_stop_working(sqlite_database: str) -> None:
    tokens, session_id = logged_in(sqlite_database)
    assert tokens.session(session_id) is not None
    with session_scope(sqlite_database) as session:
        session.execute(update(TeamToken).values(expires_at=utcnow() - timedelta(minutes=1)))
    assert tokens.session(session_id) is None
    assert site.team_page(session_id, tokens=tokens, url=sqlite_database).status == 403


def test_expired_session_is_refused(database: str) -> None:
    tokens, session_id = logged_in(database)
    with session_scope(database) as session:
        stored = session.execute(select(TeamSession)).scalar_one()
        # the cookie holds a random id; only its hash is stored, and the session lasts TEAM_SESSION_HOURS
        assert stored.session_hash == hash_token(session_id)
        assert stored.expires_at - stored.created_at == timedelta(hours=TEAM_SESSION_HOURS)
        session.execute(update(TeamSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert tokens.session(session_id) is None
    refused = site.team_page(session_id, tokens=tokens, url=database)
    assert refused.status == 403 and 'data-problem="session_ended"' in refused.body
    assert refused.cookies[site.TEAM_COOKIE].max_age == 0
    assert site.team_csv(session_id, tokens=tokens, url=database).status == 403


def test_revoking_one_code_leaves_the_others_working(database: str) -> None:
    tokens = TeamTokens(database)
    first, second = tokens.create("B2", label="Ans"), tokens.create("B2", label="Bram")
    first_login, second_login = tokens.login(first), tokens.login(second)
    assert first_login and second_login
    ids = {c.label: c.id for c in tokens.codes("B2")}
    revoked = tokens.revoke_one(ids["Ans"])
    assert revoked is not None and revoked.revoked_at is not None
    assert tokens.unit_for(first) is None and tokens.login(first) is None
    assert tokens.session(first_login.session_id) is None
    assert tokens.unit_for(second) == "B2" and tokens.session(second_login.session_id) is not None
    assert tokens.revoke_one(99999) is None
    # revoking all codes of the unit keeps its invitation link working: the unit stays registered
    assert tokens.revoke("B2") == 1
    assert tokens.session(second_login.session_id) is None
    assert site.chat_page("b2", UnitRegistry(database)).status == 200


def test_logout_ends_the_session_on_the_server(sqlite_database: str) -> None:
    tokens, session_id = logged_in(sqlite_database)
    reply = site.team_logout(session_id, tokens)
    assert reply.status == 303 and reply.cookies[site.TEAM_COOKIE].max_age == 0
    assert tokens.session(session_id) is None
    # the old cookie no longer opens the dashboard, even if the browser kept it
    assert site.team_page(session_id, tokens=tokens, url=sqlite_database).status == 403


def test_every_access_is_logged_with_the_label(sqlite_database: str) -> None:
    tokens, session_id = logged_in(sqlite_database, label="Ans")
    seed_respondents(sqlite_database, "B2", [1, 2, 3, 4, 5], [1, 2, 3, 4, 5])
    assert site.team_page(session_id, tokens=tokens, url=sqlite_database).status == 200
    assert site.team_csv(session_id, tokens=tokens, url=sqlite_database).status == 200
    site.team_logout(session_id, tokens)
    log = tokens.access_log("b2")
    assert [(e.unit, e.label, e.what) for e in log] == [
        ("B2", "Ans", "login"),
        ("B2", "Ans", "view"),
        ("B2", "Ans", "csv"),
        ("B2", "Ans", "logout"),
    ]
    assert tokens.access_log("C3") == []
    with session_scope(sqlite_database) as session:
        assert session.execute(select(DashboardAccess)).scalars().all()


def test_login_form_and_refusals(sqlite_database: str) -> None:
    tokens = TeamTokens(sqlite_database)
    token = tokens.create("B2")
    assert site.team_page(None, tokens=tokens).status == 401
    assert site.team_login("", tokens=tokens).status == 401
    assert site.team_login("x" * 5000, tokens=tokens).status == 400
    assert site.team_login("nope", tokens=tokens).status == 403
    assert site.team_login(token, "C3", tokens=tokens).status == 403
    ok = site.team_login(token, tokens=tokens)
    assert ok.status == 303 and ok.headers["Location"] == "/team"
    session_id = ok.cookies[site.TEAM_COOKIE].value
    assert session_id != token and tokens.session(session_id) is not None
    assert site.team_page(session_id, "C3", tokens=tokens).status == 403
    assert site.team_page(token, tokens=tokens).status == 403, "the code itself is no session"
    # a code in the address is refused, with the reason, and logs no one in
    in_address = site.team_token_in_address()
    assert in_address.status == 400 and site.TEAM_COOKIE not in in_address.cookies
    assert "webadres" in in_address.body and 'data-problem="in_address"' in in_address.body
    assert site.static_file("web", "../site.py") is None
    assert site.static_file("vendor", "index.js") is None


def test_chat_page_accepts_registered_units_only(sqlite_database: str) -> None:
    units = UnitRegistry(sqlite_database)
    units.add("B2", "De Linde")
    bad = site.chat_page("<script>", units)
    assert bad.status == 400 and "<script>" not in bad.body
    assert site.chat_page("ZZ9", units).status == 404
    assert site.chat_page("b2", units).status == 200
    # a new team code registers its unit, so its invitation link works
    TeamTokens(sqlite_database).create("C3")
    assert site.chat_page("C3", units).status == 200


def test_both_chat_pages_carry_the_pause_before_a_message(
    sqlite_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    units = UnitRegistry(sqlite_database)
    units.add("B2", "De Linde", open_link=True)
    pages = (lambda: site.chat_page("B2", units), site.rehearsal_page)
    for page in pages:
        assert 'data-pause-ms="1200"' in page().body
    monkeypatch.setenv("CHAT_PAUSE_MS", "50")
    for page in pages:
        assert 'data-pause-ms="50"' in page().body
    monkeypatch.setenv("CHAT_PAUSE_MS", "kort")
    with pytest.raises(ValueError, match="CHAT_PAUSE_MS must be a whole number"):
        site.rehearsal_page()


# --- released figures ---------------------------------------------------------------------


def test_nothing_is_shown_before_the_first_release(sqlite_database: str) -> None:
    tokens, session_id = logged_in(sqlite_database)
    start_unfinished(sqlite_database, "B2", 4)
    seed_respondents(sqlite_database, "B2", [3], [4])
    dashboard = build_dashboard("B2", sqlite_database)
    assert dashboard.release is None and dashboard.next_release is not None
    page = site.team_page(session_id, tokens=tokens, url=sqlite_database)
    assert page.status == 200 and "nog geen cijfers vrijgegeven" in page.body
    assert 'id="rung-table"' not in page.body and 'id="csv-link"' not in page.body
    assert site.team_csv(session_id, tokens=tokens, url=sqlite_database).status == 403
    # nothing on the page tells how many finished: three more change nothing (before the daily job)
    for index in range(3):
        extreme_relative(sqlite_database, "B2", f"quiet-{index}")
    assert site.team_page(session_id, tokens=tokens, url=sqlite_database).body == page.body
    assert f"minstens {MINIMUM_GROUP} nieuwe vragenlijsten" in page.body


def extreme_relative(url: str, unit: str, sender: str) -> None:
    """A finished relative whose answers stand out: all 'nee, nooit', wishing the top rung."""
    repository = ScanRepository(url)
    repository.give_consent(sender)
    repository.set_context(sender, relation="vriend", unit=unit)
    for item in SCAN.items:
        repository.save_answer(sender, item.id, item.rung, 1)
    repository.save_desired_rung(sender, 5)
    repository.finish(sender, "Alles is slecht, bel mij op 06-12345678")
    ReleaseRepository(url).release_due(unit)  # the daily job, as if it ran after each scan


def test_a_sixth_relative_changes_nothing_until_the_tenth(database: str) -> None:
    tokens, session_id = logged_in(database)
    seed_respondents(database, "B2", [1, 2, 3, 4, 5], [2, 3, 4, 5, 5], ["Fijn.", None, None, None, None])
    page_at_five = site.team_page(session_id, tokens=tokens, url=database).body
    csv_at_five = site.team_csv(session_id, tokens=tokens, url=database).body
    assert "vrijgegeven op" in page_at_five and "(vrijgave 1)" in page_at_five
    extreme_relative(database, "B2", "sixth")
    page_at_six = site.team_page(session_id, tokens=tokens, url=database).body
    csv_at_six = site.team_csv(session_id, tokens=tokens, url=database).body
    assert csv_at_six == csv_at_five
    assert without_live_lines(page_at_six) == without_live_lines(page_at_five)
    assert page_at_six == page_at_five, "no line counts down with each finished scan"
    assert "bel mij" not in page_at_six
    for index in range(3):
        extreme_relative(database, "B2", f"later-{index}")
    assert site.team_csv(session_id, tokens=tokens, url=database).body == csv_at_five
    extreme_relative(database, "B2", "tenth")
    page_at_ten = site.team_page(session_id, tokens=tokens, url=database).body
    assert "(vrijgave 2)" in page_at_ten and 'data-testid="answered">10<' in page_at_ten
    assert site.team_csv(session_id, tokens=tokens, url=database).body != csv_at_five
    assert "bel mij op [telefoonnummer]" in page_at_ten


def test_csv_holds_aggregates_only(sqlite_database: str) -> None:
    tokens, session_id = logged_in(sqlite_database)
    seed_respondents(sqlite_database, "B2", [1, 2, 2, 3, 5, 4, 2], [3, 3, 4, 4, 5, 2, 3])
    reply = site.team_csv(session_id, tokens=tokens, url=sqlite_database)
    assert reply.status == 200 and reply.content_type.startswith("text/csv")
    rows = list(csv.reader(io.StringIO(reply.body)))
    assert rows[0] == FIGURES_CSV_COLUMNS
    body = rows[1:]
    assert len(body) == len(SCAN.items) * 5 + 2 * 5 + 5  # five page languages
    assert {r[0] for r in body} == {"statement", "rung_current", "rung_desired", "language"}
    for row in body:
        assert row[4] == SMALL_CELL or int(row[4]) >= MINIMUM_GROUP
    assert any(r[4] == SMALL_CELL for r in body) and any(r[4] != SMALL_CELL for r in body)
    # no respondent id, sender, relation or time anywhere
    text = reply.body
    assert not re.search(r"\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}", text)
    # statement texts may use a word like 'familie'; no column holds a relation
    assert not any(field in RELATIONS for row in body for field in (row[0], row[3], row[4]))
    assert "seed-" not in text
    for respondent in {row.respondent for row in ScanRepository(sqlite_database).export(unit="B2")}:
        assert respondent not in text


def test_pages_escape_what_they_show(sqlite_database: str) -> None:
    tokens, session_id = logged_in(sqlite_database)
    seed_respondents(sqlite_database, "B2", [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [XSS_REMARK])
    reply = site.team_page(session_id, tokens=tokens, url=sqlite_database)
    assert reply.status == 200
    assert XSS_REMARK not in reply.body and "&lt;img src=x onerror=alert(1)&gt;" in reply.body
    assert "script-src 'self'" in reply.headers["Content-Security-Policy"]


def test_small_cells_read_minder_dan_5(sqlite_database: str) -> None:
    tokens, session_id = logged_in(sqlite_database)
    seed_respondents(sqlite_database, "B2", [1] * 9 + [2], [3] * 10)
    body = site.team_page(session_id, tokens=tokens, url=sqlite_database).body
    rows = re.findall(r"<tr><th scope=\"row\">(\d)\. [^<]*</th><td>(.*?)</td><td>(.*?)</td></tr>", body)
    assert len(rows) == 5
    # nine on rung 1 and one on rung 2: the one would follow from the total, so rung 1 is hidden too
    assert all("minder dan 5" in now for _, now, _ in rows)
    assert [wish for _, _, wish in rows][2] == "10"
    assert 'data-testid="total-current">10<' in body
