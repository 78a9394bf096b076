"""The relatives' page in five languages: chosen from the link, else the browser, else Dutch;
every text from pages.yml in that language (none in the template), right to left for Arabic;
and invitation letters in Dutch plus a second language on one page."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from pathlib import Path

import pytest
from markupsafe import escape
from pypdf import PdfReader

from bot.config import answer_retention_days
from bot.content.invitations import invitation_texts
from bot.content.pages import pages
from bot.invitation_letters import build_letters, letters_pdf
from bot.languages import LANGUAGES, NATIVE_NAMES, readable_days
from bot.storage.invitations import InvitationRepository
from bot.storage.units import UnitRegistry
from bot.web import invitation_pages, site
from tests.test_invitations import decode_pdf_pages
from tests.test_web import logged_in

TEMPLATES = Path(site.__file__).resolve().parent / "templates"


def page_texts(body: str) -> dict[str, dict[str, str]]:
    found = re.search(r'<script type="application/json" id="chat-texts">(.*?)</script>', body, re.S)
    assert found, "the page holds its texts in every language"
    return dict(json.loads(found.group(1)))


@pytest.fixture
def units(sqlite_database: str) -> UnitRegistry:
    registry = UnitRegistry(sqlite_database)
    registry.add("B2", "Het Anker", open_link=True)
    return registry


@pytest.mark.parametrize(
    ("taal", "accept", "expected"),
    [
        ("tr", None, "tr"),
        ("AR", "pl-PL,pl;q=0.9", "ar"),  # the link comes first
        (None, "pl-PL,pl;q=0.9,en;q=0.8", "pl"),
        (None, "de-DE,de;q=0.9,en-GB;q=0.7", "en"),  # the first language offered here
        (None, "de-DE,fr;q=0.9", "nl"),
        ("xx", None, "nl"),
        ("<script>", "en", "en"),
        (None, None, "nl"),
    ],
)
def test_the_language_comes_from_the_link_else_the_browser_else_dutch(
    units: UnitRegistry, taal: str | None, accept: str | None, expected: str
) -> None:
    reply = site.chat_page("B2", units, taal=taal, accept_language=accept)
    assert reply.status == 200
    direction = "rtl" if expected == "ar" else "ltr"
    assert f'<html lang="{expected}" dir="{direction}">' in reply.body
    assert f'data-taal="{expected}"' in reply.body and "<script>alert" not in reply.body


def test_every_language_is_offered_in_its_own_name_and_keeps_the_link(units: UnitRegistry) -> None:
    body = site.chat_page(None, units, uitnodiging="kqm4xpa7d", taal="tr").body
    names = re.findall(r'<a href="\?taal=(\w+)&amp;uitnodiging=KQM-4XP-A7D"[^>]*>([^<]+)</a>', body)
    assert names == [(code, NATIVE_NAMES[code]) for code in LANGUAGES]
    assert [NATIVE_NAMES[code] for code in LANGUAGES] == ["Nederlands", "English", "Türkçe", "العربية", "Polski"]
    assert re.search(r'data-taal="tr"\s+aria-current="true"', body)
    unit_page = site.chat_page("B2", units, taal="pl").body
    assert 'href="?taal=en&amp;afdeling=B2"' in unit_page


def test_every_page_text_comes_from_the_content_in_each_language(units: UnitRegistry) -> None:
    for code in LANGUAGES:
        body = site.chat_page("B2", units, taal=code).body
        chat = pages(code)["chat_relatives"]
        for key in ("loading", "language_label", "noscript", "input_label", "offline", "reconnecting"):
            assert escape(chat[key]) in body, (code, key)
        texts = page_texts(body)
        assert sorted(texts) == sorted(LANGUAGES)
        assert texts[code]["loading"] == chat["loading"]
        assert texts["ar"]["direction"] == "rtl" and texts["nl"]["direction"] == "ltr"
        assert "B2" in texts[code]["subheading"]


def test_no_sentence_is_written_in_the_chat_template() -> None:
    source = (TEMPLATES / "chat.html").read_text(encoding="utf-8")
    source = re.sub(r"{% block body_class %}.*?{% endblock %}", " ", source)  # a class name
    without_code = re.sub(r"{[{%#].*?[}%#]}", " ", source, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", without_code)
    assert text.split() == [], text.split()
    script = (Path(site.__file__).resolve().parent / "static" / "chat.js").read_text(encoding="utf-8")
    for dutch in ("Het gesprek", "verbinding", "Versturen", "Taal"):
        assert dutch not in script


def test_the_relatives_error_pages_follow_the_language(units: UnitRegistry) -> None:
    bad = site.chat_page("<b>", units, taal="ar")
    assert bad.status == 400 and '<html lang="ar" dir="rtl">' in bad.body
    assert escape(pages("ar")["bad_unit"]["title"]) in bad.body and 'href="/chat?taal=ar"' in bad.body
    unknown = site.chat_page("ZZ9", units, accept_language="en")
    assert unknown.status == 404 and '<html lang="en" dir="ltr">' in unknown.body
    code = site.chat_page(None, units, uitnodiging="!!", taal="tr")
    assert code.status == 400 and escape(invitation_texts("tr").bad_code_page["title"]) in code.body
    # the team side stays Dutch
    assert '<html lang="nl" dir="ltr">' in site.rehearsal_page().body


# --- letters in two languages ----------------------------------------------------------------


@pytest.fixture
def url(sqlite_database: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", sqlite_database)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://samenspraak.zorg.example/")
    UnitRegistry(sqlite_database).add("B2", "Het Anker")
    return sqlite_database


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("taal", ["pl", "en"])
def test_a_letter_holds_dutch_and_the_second_language_on_one_page(url: str, taal: str) -> None:
    issued = InvitationRepository(url).create("B2", 2)
    pdf = letters_pdf(build_letters("Het Anker", issued, taal=taal))
    found = decode_pdf_pages(pdf)
    assert len(found) == 2, "one page per letter"
    for invitation, (text, codes) in zip(issued, found, strict=True):
        assert codes == [f"https://samenspraak.zorg.example/chat?uitnodiging={invitation.code}&taal={taal}"]
        page = flat(text)
        assert invitation_texts(taal).letter["closing"] != invitation_texts().letter["closing"]
        for language in ("nl", taal):
            letter = invitation_texts(language).letter
            assert flat(letter["closing"]) in page and flat(letter["answers_title"]) in page, language
        assert invitation.code in page and "Het Anker" in page
        # how long the answers are kept, in each language's own words ("1 jaar", "1 year", "1 rok")
        for language in ("nl", taal):
            assert readable_days(answer_retention_days(), language) in page, language


def test_arabic_is_joined_and_right_to_left_in_the_pdf(url: str) -> None:
    issued = InvitationRepository(url).create("B2", 1)
    pdf = letters_pdf(build_letters("Het Anker", issued, taal="ar"))
    ((text, codes),) = decode_pdf_pages(pdf)
    assert codes == [f"https://samenspraak.zorg.example/chat?uitnodiging={issued[0].code}&taal=ar"]
    assert flat(invitation_texts().letter["closing"]) in flat(text)
    # the Arabic is drawn in joined forms, right to left; a reader (pypdf) gives the sentences back
    assert any(0xFE70 <= ord(char) <= 0xFEFF for char in text), "joined letter forms"
    read = " ".join(unicodedata.normalize("NFKC", text).split())
    for key in ("answers_title", "erase_title", "closing"):  # Arabic only (pypdf does not reorder mixed lines)
        sentence = invitation_texts("ar").letter[key]
        assert " ".join(sentence.split()) in read, sentence
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_letters_in_two_languages_from_the_dashboard_and_the_command(url: str, tmp_path: Path) -> None:
    tokens, session_id = logged_in(url, "B2")
    form = site.team_page(session_id, tokens=tokens, url=url).body
    assert '<select id="letter-language" name="taal">' in form and '<option value="ar">Nederlands en Arabisch' in form
    page = invitation_pages.team_invitations(session_id, {"count": "2", "taal": "pl", "format": "html"}, tokens, url)
    assert page.body.count('<article class="letter two-languages"') == 2 and "&amp;taal=pl" in page.body
    arabic = invitation_pages.team_invitations(session_id, {"count": "1", "taal": "ar", "format": "html"}, tokens, url)
    assert '<div lang="ar" dir="rtl">' in arabic.body
    dutch = invitation_pages.team_invitations(session_id, {"count": "1", "taal": "xx", "format": "html"}, tokens, url)
    assert '<article class="letter two-languages"' not in dutch.body and "taal=" not in dutch.body

    from tests.cli import run_cli, run_cli_status

    pdf = tmp_path / "brieven.pdf"
    out = run_cli(url, "invite", "create", "--unit", "B2", "--count", "1", "--taal", "tr", "--pdf", str(pdf))
    assert out.strip().splitlines()[1].endswith("&taal=tr")
    text = flat(PdfReader(str(pdf)).pages[0].extract_text())
    assert flat(invitation_texts("tr").letter["closing"]) in text
    assert run_cli_status(url, "invite", "create", "--unit", "B2", "--count", "1", "--taal", "de").returncode == 2
