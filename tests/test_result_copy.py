"""The copy of a scan result to take along: link, page, PDF, opening by erasure code, erasure."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from bot.config import ERASURE_CODE_TRIES
from bot.content import content
from bot.content.pages import pages
from bot.storage.repository import ScanRepository, sender_key
from bot.web.result_copy import copy_page, copy_path, copy_pdf, copy_token, open_by_code

SCAN = content().relatives_scan
TEXTS = pages()["result_copy"]
SENDER = "copy-test-sender-4711"
UNIT = "B2"


@pytest.fixture
def repository(database: str) -> ScanRepository:
    return ScanRepository(database)


def finish_scan(repository: ScanRepository, sender: str, value_for: dict[int, int], desired: int = 4) -> str:
    """A finished scan (unit B2, relation kind, a remark); returns its erasure code."""
    repository.give_consent(sender, unit=UNIT)
    repository.set_context(sender, relation="kind")
    for item in SCAN.items:
        repository.save_answer(sender, item.id, item.rung, value_for[item.rung])
    repository.save_desired_rung(sender, desired)
    repository.finish(sender, "Mevrouw Jansen op kamer 12 heeft het fijn")
    code = repository.issue_erasure_code(sender)
    assert code is not None
    return code


def token_of(repository: ScanRepository, sender: str) -> str:
    state = repository.state(sender)
    assert state is not None
    return copy_token(state.id, sender_key(sender))


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_the_page_and_the_pdf_hold_the_profile_and_the_next_step_and_nothing_that_identifies(
    repository: ScanRepository,
) -> None:
    finish_scan(repository, SENDER, {1: 4, 2: 4, 3: 3, 4: 2, 5: 1}, desired=5)
    token = token_of(repository, SENDER)
    state = repository.state(SENDER)
    assert state is not None
    page = copy_page(token, repository)
    assert page.status == 200
    assert TEXTS["purpose"] in page.body and "eerste zorgoverleg" in page.body
    assert "4. Samen overleggen en afstemmen: deels" in page.body
    assert "U zou graag op trede 5 staan" in page.body
    advice = content().advice[(4, 5)]
    assert advice.relative in page.body and advice.ask_team in page.body
    r5 = [item for item in SCAN.items if item.rung == 5]
    assert all(item.lacking in page.body for item in r5)
    reply = copy_pdf(token, repository)
    assert reply.status == 200 and reply.content_type == "application/pdf"
    assert reply.headers["Content-Disposition"] == f'attachment; filename="{TEXTS["pdf_file"]}"'
    count, text = pdf_text(reply.body)
    flat = " ".join(text.split())
    assert count == 1
    for expected in (
        "Samen overleggen en afstemmen: deels (nu)",
        "Samen doen: nog niet (gewenst)",
        "Elkaar informeren: gaat goed",
        "U zou graag op trede 5 staan",
        TEXTS["step_title"],
        TEXTS["ask_title"],
        "eerste zorgoverleg",
    ):
        assert expected in flat, expected
    assert " ".join(advice.relative.split()[:6]) in flat and " ".join(advice.ask_team.split()[:6]) in flat
    # nothing that identifies the relative: no sender id or key, no public id, unit, relation,
    # remark or date (of birth or otherwise)
    for body in (page.body, flat, reply.body.decode("latin-1")):
        for secret in (SENDER, sender_key(SENDER), "Jansen", "kamer 12", "Zoon of dochter"):
            assert secret not in body
        assert not re.search(r"\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b", body), "a date"
    assert state.id not in flat and UNIT not in flat
    assert "afdeling" not in flat.replace(TEXTS["private"], "").lower()
    assert "B2" not in page.body.replace(token, "")


def test_the_pdf_stays_one_page_with_many_statements_to_talk_about(repository: ScanRepository) -> None:
    finish_scan(repository, SENDER, {1: 2, 2: 2, 3: 2, 4: 2, 5: 2}, desired=5)
    count, text = pdf_text(copy_pdf(token_of(repository, SENDER), repository).body)
    assert count == 1
    assert "Bij nog 12 andere stellingen" in " ".join(text.split())


def test_a_link_opens_only_its_own_conversation(repository: ScanRepository) -> None:
    finish_scan(repository, SENDER, {1: 4, 2: 4, 3: 4, 4: 4, 5: 4})
    finish_scan(repository, "someone-else", {1: 1, 2: 1, 3: 1, 4: 1, 5: 1})
    mine, other = token_of(repository, SENDER), token_of(repository, "someone-else")
    assert copy_page(mine, repository).status == 200
    respondent_id, tag = mine.split(".")
    other_id = other.split(".")[0]
    # another id with my tag, my id with a changed tag, a tag made for another conversation
    assert copy_page(f"{other_id}.{tag}", repository).status == 404
    assert copy_page(f"{respondent_id}.{tag[:-1]}{'A' if tag[-1] != 'A' else 'B'}", repository).status == 404
    assert copy_page(copy_token(respondent_id, sender_key("someone-else")), repository).status == 404
    assert copy_page("../../etc/passwd", repository).status == 404
    assert copy_path(respondent_id, sender_key(SENDER)) == f"/uitslag/{mine}"


def test_an_unfinished_scan_has_no_copy(repository: ScanRepository) -> None:
    repository.give_consent(SENDER, unit=UNIT)
    repository.save_answer(SENDER, SCAN.items[0].id, 1, 4)
    assert copy_page(token_of(repository, SENDER), repository).status == 404


def test_the_erasure_code_opens_it_again_until_the_answers_are_erased(repository: ScanRepository) -> None:
    code = finish_scan(repository, SENDER, {1: 4, 2: 4, 3: 4, 4: 4, 5: 4})
    token = token_of(repository, SENDER)
    opened = open_by_code(code.lower().replace("-", " "), "client-a", repository)
    assert opened.status == 303 and opened.headers["Location"] == f"/uitslag/{token}"
    repository.erase_by_code(code)
    # gone: the link, the PDF and the code
    assert copy_page(token, repository).status == 404
    assert copy_pdf(token, repository).status == 404
    assert TEXTS["gone_title"] in copy_page(token, repository).body
    assert open_by_code(code, "client-a", repository).status == 404


def test_wrong_codes_are_limited_per_client(repository: ScanRepository) -> None:
    code = finish_scan(repository, SENDER, {1: 4, 2: 4, 3: 4, 4: 4, 5: 4})
    for _ in range(ERASURE_CODE_TRIES):
        reply = open_by_code("AAAA-AAAA-AAAA", "client-a", repository)
        assert reply.status == 404 and TEXTS["code_wrong"] in reply.body
    # the right code is refused too now, from this client; another client still gets in
    blocked = open_by_code(code, "client-a", repository)
    assert blocked.status == 429 and TEXTS["code_blocked"] in blocked.body
    assert open_by_code(code, "client-b", repository).status == 303


def _letters(text: str) -> set[str]:
    """The letters of a text, with Arabic presentation forms folded back to plain letters."""
    return {char for char in unicodedata.normalize("NFKC", text) if char.isalpha()}


@pytest.mark.parametrize("lang", ["en", "tr", "pl", "ar"])
def test_the_pdf_in_the_relatives_language_keeps_its_letters(repository: ScanRepository, lang: str) -> None:
    """The copy a relative downloads is in their language with every letter of it, on one page."""
    finish_scan(repository, SENDER, {1: 4, 2: 4, 3: 3, 4: 2, 5: 1}, desired=5)
    repository.set_language(SENDER, lang)
    texts = pages(lang)["result_copy"]
    reply = copy_pdf(token_of(repository, SENDER), repository)
    assert reply.status == 200
    assert reply.headers["Content-Disposition"] == f'attachment; filename="{texts["pdf_file"]}"'
    count, text = pdf_text(reply.body)
    assert count == 1
    advice = content(lang).advice[(4, 5)]
    expected = texts["title"] + texts["step_title"] + advice.relative + content(lang).ladder[0].name
    assert _letters(expected) <= _letters(text), sorted(_letters(expected) - _letters(text))
    # Arabic is drawn in joined forms and visual order; the PDF's text reads in logical order
    flat = " ".join(unicodedata.normalize("NFKC", text).split())
    assert " ".join(texts["title"].split()) in flat
    assert " ".join(advice.relative.split()[:5]) in flat
