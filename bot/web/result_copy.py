"""A relative's copy of their scan result to take along: a print-friendly page and a one-page PDF.

- The link: /uitslag/<public id>.<tag>. The tag is an HMAC (SHA-256, 192 bits kept) of the public
  respondent id and the conversation's pseudonymous key (bot.storage.repository.sender_key), with
  a key derived from SAMENSPRAAK_SECRET for this purpose only. Only the conversation that did the
  scan gets it (at the end of the scan); a link for another id cannot be made without the secret.
- The erasure code opens the same page from anywhere (/uitslag, a form), through the same code
  lookup as erasing; wrong codes count per client with the erasure code's limit
  (bot.config.ERASURE_CODE_TRIES, bot/storage/attempts.py).
- The copy holds the profile, the wish, the statements to talk about, the next step and the
  question to ask the team; never a unit, relation, remark, date or conversation id.
- Once the answers are erased (on request or after their term) the link and the code open nothing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import Any, Optional

from bot.config import ERASURE_CODE_TRIES, ERASURE_CODE_WINDOW, pseudonym_secret
from bot.content import content
from bot.content.pages import pages
from bot.languages import DIRECTION, DUTCH, pick
from bot.scoring import ScanResult, build_result
from bot.storage.attempts import ERASURE_CODE, FailedAttempts
from bot.storage.repository import FinishedScan, ScanRepository
from bot.web import pdf
from bot.web.site import Reply, message_page, redirect, render

PATH = "/uitslag"
TAG_BYTES = 24
TOKEN = re.compile(r"([0-9a-f]{32})\.([A-Za-z0-9_-]{32})")
MAX_TALK_ABOUT = 6  # statements listed on the copy (the rest is counted): it stays one A4 page
PDF_BAR_MM = {"goed": 1.0, "deels": 0.55, "nog_niet": 0.12, "onbekend": 0.0}


def _texts(lang: str = DUTCH) -> dict[str, str]:
    return pages(lang)["result_copy"]


def _language(taal: Optional[str], scan: Optional[FinishedScan] = None) -> str:
    """The copy's language: the address's (?taal=), else the one the relative last used, else Dutch."""
    return pick(taal) or (scan.language if scan is not None else DUTCH)


def _page_language(lang: str) -> dict[str, str]:
    return {"lang": lang, "direction": DIRECTION[lang]}


# --- the link ------------------------------------------------------------------------------


def _link_key() -> bytes:
    """A key for result links only, derived from SAMENSPRAAK_SECRET (never the pseudonym key itself)."""
    return hmac.new(pseudonym_secret(), b"samenspraak result copy link v1", hashlib.sha256).digest()


def _tag(respondent_id: str, sender_key: str) -> str:
    digest = hmac.new(_link_key(), f"{respondent_id}:{sender_key}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:TAG_BYTES]).decode().rstrip("=")


def copy_token(respondent_id: str, sender_key: str) -> str:
    """The unguessable token of one finished scan, bound to the conversation that did it."""
    return f"{respondent_id}.{_tag(respondent_id, sender_key)}"


def copy_path(respondent_id: str, sender_key: str) -> str:
    """The address of the copy, relative to the assistant's own site."""
    return f"{PATH}/{copy_token(respondent_id, sender_key)}"


def scan_for_token(token: str, repository: Optional[ScanRepository] = None) -> Optional[FinishedScan]:
    """The finished scan this token belongs to, or None (malformed, wrong tag, erased)."""
    match = TOKEN.fullmatch(token or "")
    if match is None:
        return None
    found = (repository or ScanRepository()).finished_scan(match.group(1))
    if found is None or not hmac.compare_digest(_tag(found.id, found.sender_key), match.group(2)):
        return None
    return found


# --- what the copy shows -------------------------------------------------------------------


@dataclass(frozen=True)
class Copy:
    """The parts of the copy, shared by the page and the PDF."""

    result: ScanResult
    desired: str
    talk_about: tuple[str, ...]
    talk_more: Optional[str]

    @property
    def rungs(self) -> list[dict[str, Any]]:
        return list(self.result.picture["rungs"])


def build_copy(scan: FinishedScan, lang: str = DUTCH) -> Copy:
    """The copy of this finished scan in `lang`, from the same result the chat showed."""
    data = content(lang)
    result = build_result(data, scan.answers, scan.desired_rung)
    texts = data.relatives_scan.result
    wanted = data.rung(scan.desired_rung)
    rest = len(result.talk_about) - MAX_TALK_ABOUT
    more = None
    if rest > 0:
        more = texts.weak_more_one if rest == 1 else texts.weak_more.format(count=rest)
    return Copy(
        result=result,
        desired=texts.desired.format(number=wanted.number, name=wanted.name),
        talk_about=result.talk_about[:MAX_TALK_ABOUT],
        talk_more=more,
    )


def _gone(lang: str = DUTCH) -> Reply:
    texts = _texts(lang)
    return message_page(404, texts["gone_title"], texts["gone_text"], {"href": PATH, "label": texts["reopen_link"]})


def copy_page(token: str, repository: Optional[ScanRepository] = None, taal: Optional[str] = None) -> Reply:
    """GET /uitslag/<token>: the print-friendly page (in ?taal= or the relative's language), or "gone" (404)."""
    scan = scan_for_token(token, repository)
    if scan is None:
        return _gone(_language(taal))
    lang = _language(taal, scan)
    copy = build_copy(scan, lang)
    texts = _texts(lang)
    return Reply(
        200,
        render(
            "result_copy.html",
            **_page_language(lang),
            title=texts["title"],
            t=texts,
            copy=copy,
            picture=copy.result.picture,
            pdf_href=f"{PATH}/{token}/pdf",
            code_href=PATH,
        ),
    )


def copy_pdf(token: str, repository: Optional[ScanRepository] = None, taal: Optional[str] = None) -> Reply:
    """GET /uitslag/<token>/pdf: the copy as one A4 page, or "gone" (404)."""
    scan = scan_for_token(token, repository)
    if scan is None:
        return _gone(_language(taal))
    lang = _language(taal, scan)
    texts = _texts(lang)
    return Reply(
        200,
        content_type="application/pdf",
        body=render_pdf(build_copy(scan, lang), lang),
        headers={"Content-Disposition": f'attachment; filename="{texts["pdf_file"]}"'},
    )


def render_pdf(copy: Copy, lang: str = DUTCH) -> bytes:
    """One A4 page: title, purpose, headline, the profile as bars, wish, statements, step, question."""
    texts = _texts(lang)
    picture = copy.result.picture
    document = pdf.a4(texts["title"])
    pdf.heading(document, texts["title"], size=16)
    pdf.paragraph(document, texts["purpose"])
    pdf.paragraph(document, copy.result.headline)
    pdf.heading(document, picture["title"])
    _pdf_ladder(document, copy.rungs, picture, right_to_left=DIRECTION[lang] == "rtl")
    pdf.heading(document, texts["desired_title"])
    pdf.paragraph(document, copy.desired)
    pdf.heading(document, texts["talk_title"])
    if copy.talk_about:
        pdf.paragraph(document, texts["talk_intro"], after=1)
        pdf.bullets(document, [*copy.talk_about, *([copy.talk_more] if copy.talk_more else [])])
    else:
        pdf.paragraph(document, texts["talk_none"])
    pdf.heading(document, texts["step_title"])
    pdf.paragraph(document, copy.result.advice.relative)
    pdf.heading(document, texts["ask_title"])
    pdf.paragraph(document, copy.result.advice.ask_team)
    pdf.paragraph(document, texts["private"], size=9)
    return pdf.output(document)


def _pdf_ladder(document: Any, rungs: list[dict[str, Any]], picture: dict[str, Any], right_to_left: bool) -> None:
    """The profile picture: rung 5 on top, a bar per rung whose length shows the status.

    Right to left (Arabic) the picture is mirrored: the number on the right, bars filling leftwards.
    """
    bar_width, row, circle, gap = 55.0, 7.5, 6.0, 3.0
    left, right = document.l_margin, document.w - document.r_margin

    def place(x: float, width: float) -> float:
        """Where a shape of `width` that starts `x` mm from the reading edge begins on the page."""
        return right - x - width if right_to_left else left + x

    label_x = circle + gap + bar_width + 4
    for rung in reversed(rungs):
        y = document.get_y()
        document.set_font(pdf.FONT, "B", 10.5)
        document.set_draw_color(*pdf.BRAND_RGB)
        document.set_fill_color(*pdf.BRAND_RGB)
        document.set_text_color(*((255, 255, 255) if rung["now"] else pdf.INK_RGB))
        document.ellipse(place(0, circle), y, circle, circle, style="DF" if rung["now"] else "D")
        document.set_xy(place(0, circle), y)
        document.cell(circle, circle, str(rung["number"]), align="C")
        document.set_text_color(*pdf.INK_RGB)
        document.set_draw_color(*pdf.LINE_RGB)
        document.set_dash_pattern(dash=1, gap=1) if rung["status"] == "onbekend" else document.set_dash_pattern()
        document.rect(place(circle + gap, bar_width), y + 1.5, bar_width, 3)
        document.set_dash_pattern()
        fill = PDF_BAR_MM[rung["status"]] * bar_width
        if fill:
            document.rect(place(circle + gap, fill), y + 1.5, fill, 3, style="F")
        marks = [picture["now_label"]] if rung["now"] else []
        marks += [picture["desired_label"]] if rung["desired"] else []
        label = f"{rung['name']}: {rung['label']}" + (f" ({', '.join(marks)})" if marks else "")
        document.set_font(pdf.FONT, "B" if marks else "", 10.5)
        width = right - left - label_x
        document.set_xy(place(label_x, width), y)
        document.cell(width, circle, pdf.one_line(label), align="R" if right_to_left else "L")
        document.set_xy(left, y + row)
    document.ln(2)


# --- opening by erasure code ---------------------------------------------------------------


def code_form(status: int = 200, problem: Optional[str] = None, taal: Optional[str] = None) -> Reply:
    """GET /uitslag: the form that opens a result with the erasure code (in ?taal=, else Dutch)."""
    lang = _language(taal)
    texts = _texts(lang)
    return Reply(
        status,
        render("result_code.html", **_page_language(lang), title=texts["code_title"], t=texts, problem=problem),
    )


def open_by_code(
    code: Optional[str],
    client_key: Optional[str],
    repository: Optional[ScanRepository] = None,
) -> Reply:
    """POST /uitslag: the copy's page (303) for a right code; refused after too many wrong ones.

    Wrong codes count together with those typed in the chat (the erasure code's own limit).
    """
    repository = repository or ScanRepository()
    wrong_codes = FailedAttempts(ERASURE_CODE, ERASURE_CODE_TRIES, ERASURE_CODE_WINDOW, repository.url)
    keys = [client_key]
    if wrong_codes.blocked(keys):
        return code_form(429, "code_blocked")
    scan = repository.finished_scan_by_code(code or "")
    if scan is None:
        wrong_codes.record(keys)
        return code_form(404, "code_wrong")
    return redirect(copy_path(scan.id, scan.sender_key))
