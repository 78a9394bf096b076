"""Invitations: codes, one scan per code, wrong codes limited, letters that print, and the attack
of fake respondents (four scripted scans plus one victim) that must not make a release."""

from __future__ import annotations

import io
import math
import re
from datetime import datetime, timedelta, timezone
from typing import Any

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy import text as sa_text

from actions.scan import ValidateScanForm
from actions.scan_questions import ActionAskUnit
from actions.scan_result import ActionScanResult
from bot.config import MINIMUM_GROUP
from bot.content import content
from bot.content.invitations import invitation_texts
from bot.intake import CLIENT_KEY
from bot.invitation_letters import build_letters, letters_pdf
from bot.invitations import CODE_ALPHABET, CODE_LENGTH, code_hash, new_code, normalize_code, parse_round
from bot.storage import db
from bot.storage.db import session_scope
from bot.storage.invitations import Claim, InvitationRepository
from bot.storage.models import Invitation, Respondent
from bot.storage.releases import ReleaseRepository, next_release_time
from bot.storage.repository import ScanRepository
from bot.storage.units import UnitRegistry
from bot.web import invitation_pages, site
from tests.browser.seed import answers_for
from tests.test_actions import DOMAIN, run, tracker
from tests.test_web import logged_in

SCAN = content().relatives_scan
CHAT = invitation_texts().chat


@pytest.fixture
def url(sqlite_database: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", sqlite_database)
    units = UnitRegistry(sqlite_database)
    units.add("B2", "Het Anker")  # invitations only (the default for a new unit)
    units.add("C3", "De Linde", open_link=True)
    return sqlite_database


# --- codes ----------------------------------------------------------------------------------


def test_codes_are_short_typeable_and_without_look_alikes() -> None:
    codes = {new_code() for _ in range(300)}
    assert len(codes) == 300
    for code in codes:
        assert re.fullmatch(r"[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}", code)
        assert not set(code) & set("0O1IL2Z5S8B")
        assert any(c.isdigit() for c in code)
        assert normalize_code(code.lower().replace("-", " ")) == code.replace("-", "")
    assert CODE_LENGTH * math.log2(len(CODE_ALPHABET)) > 40
    # a typed word or a unit code is never taken for a code; the erasure code's form neither
    for text in ("afdeling B2", "B2", "verwijder", "K7QM-4XPA", "WAARDERING", "KQM-4XP-A7O", "KQM-4XP-A72"):
        assert normalize_code(text) is None


def test_only_an_hmac_of_the_code_is_stored(url: str) -> None:
    code = InvitationRepository(url).create("B2", 1)[0].code
    with session_scope(url) as session:
        stored = session.execute(select(Invitation.code_hash)).scalar_one()
    assert stored == code_hash(code, __import__("bot.config").config.pseudonym_secret())
    assert code.replace("-", "") not in stored and len(stored) == 64


def test_rounds() -> None:
    assert parse_round("t1") == "T1" and parse_round(" T03 ") == "T3"
    assert parse_round("ronde 1") is None and parse_round("T100") is None


# --- one code, one scan -----------------------------------------------------------------------


def test_a_code_starts_one_scan_that_its_relative_can_resume(url: str) -> None:
    invitations = InvitationRepository(url)
    code = invitations.create("B2", 2, "T1")[0].code
    started = invitations.claim(code, "phone", "client-a")
    assert (started.outcome, started.unit, started.round) == (Claim.STARTED, "B2", "T1")
    state = ScanRepository(url).state("phone")
    assert state is not None and state.consented and state.unit == "B2"
    # the same conversation again, then the same relative on another device: the scan continues
    assert invitations.claim(code, "phone", "client-a").outcome == Claim.RESUMED
    assert invitations.claim(code.lower(), "laptop", "client-b").outcome == Claim.RESUMED
    assert ScanRepository(url).state("phone") is None and ScanRepository(url).state("laptop") is not None
    ScanRepository(url).finish("laptop", None)
    # once finished, the code never starts or continues another scan
    assert invitations.claim(code, "tablet", "client-c").outcome == Claim.USED
    assert ScanRepository(url).state("tablet") is None
    # a conversation with a scan of its own cannot take a second code
    other = invitations.create("B2", 1, "T1")[0].code
    assert invitations.claim(other, "laptop", "client-b").outcome == Claim.USED


def test_expired_codes_start_nothing(url: str) -> None:
    invitations = InvitationRepository(url)
    old = datetime.now(timezone.utc) - timedelta(days=400)
    code = invitations.create("B2", 1, now=old)[0].code
    assert invitations.claim(code, "late", "client").outcome == Claim.EXPIRED
    assert ScanRepository(url).state("late") is None


def test_wrong_codes_are_limited_per_client_without_lookup(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WRONG_CODES_PER_CLIENT_PER_HOUR", "3")
    invitations = InvitationRepository(url)
    code = invitations.create("B2", 1)[0].code
    for guess in ("AAA-AAA-AA2", "not a code", "CCC-CCC-CC3"):
        assert invitations.claim(guess, "guesser", "client-x").outcome == Claim.WRONG
    # past the limit even a right code is refused: nothing is looked up for this client
    assert invitations.claim(code, "guesser", "client-x").outcome == Claim.LIMITED
    assert ScanRepository(url).state("guesser") is None
    # another client (another address) is not blocked
    assert invitations.claim(code, "relative", "client-y").outcome == Claim.STARTED


# --- in the scan ----------------------------------------------------------------------------


def consent(metadata: dict[str, Any], sender: str = "relative-1") -> tuple[dict[str, Any], str]:
    dispatcher = CollectingDispatcher()
    slots = ValidateScanForm().validate_scan_consent(
        True, dispatcher, tracker(metadata=metadata, sender=sender), DOMAIN
    )
    return slots, " ".join(m.get("text") or "" for m in dispatcher.messages)


def test_the_page_code_starts_the_scan_and_skips_the_address_limit(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCANS_PER_CLIENT_PER_HOUR", "1")
    codes = [i.code for i in InvitationRepository(url).create("B2", 3)]
    # three relatives on the home's one Wi-Fi, each with their own letter
    for index, code in enumerate(codes):
        slots, _ = consent({"uitnodiging": code, CLIENT_KEY: "lobby"}, sender=f"family-{index}")
        assert slots == {"scan_consent": True, "unit": "B2"}
    # without a code, the open-link unit is limited per address as before
    assert consent({"afdeling": "C3", CLIENT_KEY: "lobby"}, "open-1")[0]["unit"] == "C3"
    assert consent({"afdeling": "C3", CLIENT_KEY: "lobby"}, "open-2")[0]["scan_stop"] == "rate_limited"


def test_an_invitation_unit_without_a_code_stores_nothing_and_asks_for_it(url: str) -> None:
    slots, said = consent({"afdeling": "B2", CLIENT_KEY: "someone"})
    assert slots == {"scan_consent": True, "unit": None}
    assert CHAT["needs_invitation"] in said
    assert ScanRepository(url).state("relative-1") is None
    # the unit question offers only open-link units, and says a code can be typed
    _, messages = run(ActionAskUnit(), tracker())
    assert [b["title"] for b in messages[0]["buttons"]] == ["De Linde", "Weet ik niet"]
    assert CHAT["code_hint"] in messages[0]["text"]
    form = ValidateScanForm()
    dispatcher = CollectingDispatcher()
    assert form.validate_unit("Het Anker", dispatcher, tracker("Het Anker"), DOMAIN) == {"unit": None}
    assert dispatcher.messages[0]["text"] == CHAT["needs_invitation"]
    # typing the code from the letter starts the scan
    code = InvitationRepository(url).create("B2", 1)[0].code
    typed = code.lower().replace("-", " ")
    assert form.validate_unit(typed, CollectingDispatcher(), tracker(typed), DOMAIN) == {"unit": "B2"}
    assert ScanRepository(url).state("relative-1").unit == "B2"  # type: ignore[union-attr]


def test_wrong_typed_codes_get_a_clear_answer_then_end_kindly(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WRONG_CODES_PER_CLIENT_PER_HOUR", "2")
    form = ValidateScanForm()
    metadata = {CLIENT_KEY: "guesser"}
    for guess in ("AAA-AAA-AA3", "CCC-CCC-CC3"):
        dispatcher = CollectingDispatcher()
        assert form.validate_unit(guess, dispatcher, tracker(guess, metadata=metadata), DOMAIN) == {"unit": None}
        assert dispatcher.messages[0]["text"] == CHAT["wrong"]
    slots = form.validate_unit("DDD-DDD-DD4", CollectingDispatcher(), tracker("x", metadata=metadata), DOMAIN)
    assert slots == {"scan_stop": "code_limited", "unit": None}
    _, messages = run(ActionScanResult(), tracker(slots=slots))
    assert messages[0]["text"] == CHAT["limited"]
    assert ScanRepository(url).state("relative-1") is None


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_units_registered_before_invitations_keep_their_open_link(request: pytest.FixtureRequest, backend: str) -> None:
    database: str = request.getfixturevalue("sqlite_url" if backend == "sqlite" else "postgres_url")
    db.migrate(database, revision="0005")
    with db.get_engine(database).begin() as connection:
        connection.execute(
            sa_text("INSERT INTO units (code, name, created_at) VALUES ('OLD', 'Oude afdeling', CURRENT_TIMESTAMP)")
        )
    db.migrate(database)
    units = UnitRegistry(database)
    assert units.get("OLD").open_link  # type: ignore[union-attr]
    assert not units.add("NEW", "Nieuwe afdeling").open_link
    db.downgrade(database, revision="0005")
    db.migrate(database)


# --- the attack: fake respondents cannot make a release -------------------------------------


def finish_scan(url: str, sender: str, remark: str | None = None) -> None:
    repository = ScanRepository(url)
    repository.set_context(sender, relation="kind")
    for item in SCAN.items:
        repository.save_answer(sender, item.id, item.rung, answers_for(3)[item.id])
    repository.save_desired_rung(sender, 4)
    repository.finish(sender, remark)


def test_four_scripted_scans_and_a_victim_make_no_second_release(url: str) -> None:
    codes = [i.code for i in InvitationRepository(url).create("B2", MINIMUM_GROUP + 1)]
    for index, code in enumerate(codes[:MINIMUM_GROUP]):
        assert consent({"uitnodiging": code, CLIENT_KEY: f"home-{index}"}, f"invited-{index}")[0]["unit"] == "B2"
        finish_scan(url, f"invited-{index}")
    releases = ReleaseRepository(url)
    assert releases.release_due("B2") == [1]
    # four scripted scans by someone with the unit's address, with and without made-up codes
    for index in range(4):
        attempts = [{"afdeling": "B2"}, {"uitnodiging": f"AAA-AAA-A{'3467'[index]}A"}, {"uitnodiging": codes[0]}]
        for metadata in attempts:
            slots, _ = consent({**metadata, CLIENT_KEY: f"attacker-{index}"}, f"fake-{index}")
            assert slots["unit"] is None and slots.get("scan_stop") in (None, "code_limited")
            assert ScanRepository(url).state(f"fake-{index}") is None
    # the victim finishes with a real code and a remark
    assert consent({"uitnodiging": codes[-1], CLIENT_KEY: "victim"}, "victim")[0]["unit"] == "B2"
    finish_scan(url, "victim", "Mijn moeder Truus voelt zich hier niet thuis.")
    assert releases.release_due("B2") == []
    assert releases.current("B2").number == 1  # type: ignore[union-attr]
    with session_scope(url) as session:
        stored = session.execute(select(Respondent.id).where(Respondent.unit == "B2")).scalars().all()
    assert len(stored) == MINIMUM_GROUP + 1


def test_on_an_open_link_the_same_attack_works_and_the_dashboard_says_so(url: str) -> None:
    for index in range(MINIMUM_GROUP):
        assert consent({"afdeling": "C3", CLIENT_KEY: f"home-{index}"}, f"open-{index}")[0]["unit"] == "C3"
        finish_scan(url, f"open-{index}")
    ReleaseRepository(url).release_due("C3")
    tokens, session_id = logged_in(url, "C3")
    page = site.team_page(session_id, tokens=tokens, url=url).body
    assert 'data-testid="open-link"' in page and "open link" in page
    tokens, session_id = logged_in(url, "B2")
    assert 'data-testid="open-link"' not in site.team_page(session_id, tokens=tokens, url=url).body


# --- rounds side by side, response, next release --------------------------------------------


def test_rounds_are_released_apart_and_compared_per_rung(url: str) -> None:
    invitations = InvitationRepository(url)
    for name, level in (("T0", 2), ("T1", 4)):
        codes = [i.code for i in invitations.create("B2", 8, name)]
        for index, code in enumerate(codes[:MINIMUM_GROUP]):
            sender = f"{name}-{index}"
            InvitationRepository(url).claim(code, sender, sender)
            repository = ScanRepository(url)
            for item in SCAN.items:
                repository.save_answer(sender, item.id, item.rung, answers_for(level)[item.id])
            repository.save_desired_rung(sender, 5)
            repository.finish(sender, None)
    releases = ReleaseRepository(url)
    assert releases.release_due("B2") == [1, 2]
    t0, t1 = releases.latest_per_round("B2")
    assert (t0.round, t1.round) == ("T0", "T1") and t0.respondents == t1.respondents == MINIMUM_GROUP
    assert t0.figures["rungs"][1]["current"] == MINIMUM_GROUP and t1.figures["rungs"][3]["current"] == MINIMUM_GROUP
    assert t1.figures["response"] == {"invited": 8, "finished": MINIMUM_GROUP, "rate": 62}
    tokens, session_id = logged_in(url, "B2")
    page = site.team_page(session_id, tokens=tokens, url=url).body
    table = re.search(r'<table class="data" id="rounds-table">.*?</table>', page, flags=re.S)
    assert table is not None and "T0 nu" in table.group(0) and "T1 gewenst" in table.group(0)
    assert 'data-testid="rate">62%<' in page and 'data-testid="sent-T1">meetronde T1: 8<' in page


def test_next_release_is_at_the_fixed_hour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELEASE_HOUR", "6")
    winter = datetime(2027, 1, 15, 4, 30, tzinfo=timezone.utc)  # 05:30 in Amsterdam
    assert next_release_time(winter) == datetime(2027, 1, 15, 5, 0, tzinfo=timezone.utc)
    assert next_release_time(winter.replace(hour=5)) == datetime(2027, 1, 16, 5, 0, tzinfo=timezone.utc)
    summer = datetime(2027, 7, 1, 12, 0, tzinfo=timezone.utc)
    assert next_release_time(summer) == datetime(2027, 7, 2, 4, 0, tzinfo=timezone.utc)


# --- the printed letter ---------------------------------------------------------------------


def decode_pdf_pages(pdf: bytes) -> list[tuple[str, list[str]]]:
    """Per page: its text (pypdf) and the QR codes found in its rendering (zxing-cpp)."""
    document = pypdfium2.PdfDocument(pdf)
    texts = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    found = []
    for index in range(len(document)):
        image = document[index].render(scale=2).to_pil()
        found.append([result.text for result in zxingcpp.read_barcodes(image)])
    return list(zip(texts, found, strict=True))


def test_the_letter_has_the_unit_a_qr_code_of_the_link_and_the_code(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://samenspraak.zorg.example/")
    issued = InvitationRepository(url).create("B2", 2, "T1")
    pdf = letters_pdf(build_letters("Het Anker", issued))
    pages = decode_pdf_pages(pdf)
    assert len(pages) == 2
    for invitation, (text, codes) in zip(issued, pages, strict=True):
        flat = " ".join(text.split())
        assert "Het Anker" in flat and invitation.code in flat
        assert codes == [f"https://samenspraak.zorg.example/chat?uitnodiging={invitation.code}"]
        assert "verwijder mijn gegevens" in flat and "geldig tot en met" in flat
    # the page the QR code opens sends this code; a mangled code gets a clear page
    chat = site.chat_page(None, uitnodiging=issued[0].code.lower())
    assert chat.status == 200 and f'data-uitnodiging="{issued[0].code}"' in str(chat.body)
    assert site.chat_page(None, uitnodiging="<script>").status == 400


def test_letters_from_the_dashboard(url: str) -> None:
    tokens, session_id = logged_in(url, "B2")
    page = invitation_pages.team_invitations(session_id, {"count": "3", "round": "t1", "format": "html"}, tokens, url)
    body = str(page.body)
    assert page.status == 200 and body.count('<article class="letter"') == 3
    assert "Het Anker" in body and "break-after: page" in body
    pdf = invitation_pages.team_invitations(session_id, {"count": "2", "format": "pdf"}, tokens, url)
    assert pdf.content_type == "application/pdf" and isinstance(pdf.body, bytes) and pdf.body.startswith(b"%PDF")
    assert InvitationRepository(url).sent("B2") == {"T1": 5}, "without a round: the latest round"
    assert invitation_pages.team_invitations(session_id, {"count": "0"}, tokens, url).status == 400
    assert invitation_pages.team_invitations(session_id, {"count": "2", "round": "x"}, tokens, url).status == 400
    assert invitation_pages.team_invitations(None, {"count": "2"}, tokens, url).status == 303
    assert [entry.what for entry in tokens.access_log("B2")].count("invitations") == 2


def test_invite_and_release_commands(sqlite_database: str, tmp_path: Any) -> None:
    from tests.cli import run_cli, run_cli_status

    run_cli(sqlite_database, "unit", "add", "B2", "--name", "Het Anker")
    pdf, html = tmp_path / "brieven.pdf", tmp_path / "brieven.html"
    out = run_cli(
        sqlite_database,
        "invite",
        "create",
        "--unit",
        "b2",
        "--count",
        "3",
        "--round",
        "t1",
        "--pdf",
        str(pdf),
        "--html",
        str(html),
    )
    rows = [line.split("\t") for line in out.strip().splitlines()]
    assert rows[0] == ["code", "link"] and len(rows) == 4
    assert all(normalize_code(code) and link.endswith(f"uitnodiging={code}") for code, link in rows[1:])
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(str(pdf)).pages)
    assert all(code in text for code, _ in rows[1:]) and "Het Anker" in text
    assert html.read_text(encoding="utf-8").count('<article class="letter"') == 3
    assert run_cli(sqlite_database, "invite", "list", "--unit", "B2").splitlines() == ["round\tinvitations", "T1\t3"]
    assert run_cli_status(sqlite_database, "invite", "create", "--unit", "B2", "--count", "0").returncode == 2
    assert run_cli_status(sqlite_database, "invite", "create", "--unit", "ZZ9", "--count", "2").returncode == 2
    # nothing due: exit 1; five finished scans: the release is made at once
    assert run_cli_status(sqlite_database, "release", "--unit", "B2").returncode == 1
    repository = ScanRepository(sqlite_database)
    for index in range(MINIMUM_GROUP):
        repository.give_consent(f"r{index}", unit="B2")
        repository.finish(f"r{index}", None)
    made = run_cli_status(sqlite_database, "release", "--unit", "B2")
    assert made.returncode == 0 and "Vrijgave 1" in made.stderr
    assert ReleaseRepository(sqlite_database).current("B2") is not None
