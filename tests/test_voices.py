"""Who reads (relative or carer), the replies in both voices, strict content files, interruptions.

- the rule in bot/reader.py;
- every shared reply with both voices says "u" to relatives and "je" to carers, and the
  relatives' menu holds no carers' option;
- domain.yml holds the replies exactly as generated from bot/content/replies.yml;
- a misspelt key in a content file fails, naming file, record and key;
- the interruptions per form (bot/content/forms.yml) match the rules in data/rules/ both ways.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from bot.content import ContentError, load_content
from bot.content.forms import FORMS, load_interruptions
from bot.content.replies import CARER, RELATIVE, load_replies
from bot.languages import LANGUAGES
from bot.reader import reader_for

ROOT = Path(__file__).resolve().parent.parent
YOU_INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)
YOU_FORMAL = re.compile(r"\b(u|uw|uzelf)\b", re.IGNORECASE)
CARERS_PAYLOADS = {"/tip", "/start_rehearsal", "/start_walkthrough"}


def test_the_page_decides_first() -> None:
    assert reader_for(None, {"afdeling": "B2"}, "greet") == RELATIVE
    assert reader_for(None, {"pagina": "naasten"}, "greet") == RELATIVE
    assert reader_for(None, {"pagina": "oefenen"}, "greet") == CARER
    # a relative on the relatives' page stays a relative, whatever they type
    assert reader_for(RELATIVE, {"afdeling": "B2"}, "start_rehearsal") == RELATIVE
    assert reader_for(CARER, {"pagina": "oefenen"}, "start_scan") == CARER


def test_a_choice_or_what_was_started_decides_without_a_page() -> None:
    assert reader_for(None, {}, "greet", [{"entity": "reader", "value": "medewerker"}]) == CARER
    assert reader_for(None, {}, "greet", [{"entity": "reader", "value": "naaste"}]) == RELATIVE
    assert reader_for(None, {}, "greet", [{"entity": "reader", "value": "directeur"}]) is None
    assert reader_for(None, None, "start_scan") == RELATIVE
    assert reader_for(None, None, "start_rehearsal") == CARER
    assert reader_for(None, None, "start_walkthrough") == CARER
    assert reader_for(None, None, "tip", text="/tip") == CARER
    # a typed question says nothing about who asks it: the reader stays as it was
    assert reader_for(None, None, "tip", text="wat is een mdo?") is None
    assert reader_for(RELATIVE, None, "tip", text="wat is een mdo?") == RELATIVE
    assert reader_for(CARER, {}, "greet") == CARER


def test_every_shared_reply_has_the_right_voice() -> None:
    replies = load_replies()
    records = {**replies.responses, **replies.messages}
    both = [r for r in records.values() if r.both_voices]
    assert len(both) >= 12
    for reply in records.values():
        if RELATIVE in reply.voices:
            assert not YOU_INFORMAL.search(reply.voices[RELATIVE]), f"{reply.key}: 'je' to a relative"
        if CARER in reply.voices:
            assert not YOU_FORMAL.search(reply.voices[CARER]), f"{reply.key}: 'u' to a carer"
        if reply.unknown is not None:
            assert not YOU_INFORMAL.search(reply.unknown), f"{reply.key}: 'je' to someone unknown"


def test_menus_per_reader() -> None:
    replies = load_replies()
    relatives = {b["payload"] for b in replies.menu(RELATIVE)}
    carers = {b["payload"] for b in replies.menu(CARER)}
    assert "/start_scan" in relatives and not relatives & CARERS_PAYLOADS
    assert CARERS_PAYLOADS <= carers
    unknown = [b["payload"] for b in replies.menu(None)]
    assert unknown == ['/greet{"reader": "naaste"}', '/greet{"reader": "medewerker"}']


def test_domain_holds_the_replies_as_generated() -> None:
    from scripts.generate_responses import domain_with_replies

    before = (ROOT / "domain.yml").read_text()
    assert domain_with_replies(before) == before, "domain.yml was edited by hand: run make generate"
    domain = yaml.safe_load(before)
    greet = domain["responses"]["utter_greet"]
    conditions = [tuple((c["name"], c["value"]) for c in v.get("condition", [])) for v in greet]
    # relatives and readers not known yet per language (slot taal), carers in Dutch, then the fallback
    per_language = [("reader", RELATIVE)], [("reader", None)]
    expected = [
        *[(*per_language[0], ("taal", lang)) for lang in LANGUAGES],
        (("reader", CARER),),
        *[(*per_language[1], ("taal", lang)) for lang in LANGUAGES],
        (),
    ]
    assert conditions == expected
    assert "reader" in domain["slots"] and domain["slots"]["reader"]["influence_conversation"] is False


def test_a_misspelt_key_names_file_record_and_key(content_copy: Path) -> None:
    path = content_copy / "tips.yml"
    path.write_text(path.read_text().replace("    walkthrough: true\n", "    walktrough: true\n", 1))
    with pytest.raises(ContentError) as error:
        load_content(content_copy)
    expected = r"tips\.yml: tips\[0: contact_voor_inhoud\]\.walktrough: unknown key .*"
    assert re.fullmatch(expected, str(error.value)), str(error.value)


def test_an_unknown_key_in_the_replies_fails(content_copy: Path) -> None:
    path = content_copy / "replies.yml"
    path.write_text(path.read_text().replace("  utter_thank:\n", '  utter_thank:\n    medewerkr: "Graag!"\n', 1))
    with pytest.raises(ContentError, match=r"replies\.yml: responses\.utter_thank\.medewerkr: unknown key"):
        load_replies(content_copy)


def rule_interruptions() -> dict[str, set[str]]:
    """Per form, the intents of the rules that run while that form is active."""
    found: dict[str, set[str]] = defaultdict(set)
    for path in sorted((ROOT / "data" / "rules").glob("*.yml")):
        for rule in yaml.safe_load(path.read_text()).get("rules") or []:
            loops = [c["active_loop"] for c in rule.get("condition") or [] if "active_loop" in c]
            for loop in loops:
                found[loop].update(step["intent"] for step in rule["steps"] if "intent" in step)
    return found


def test_interruptions_match_the_rules_both_ways() -> None:
    listed = load_interruptions()
    in_rules = rule_interruptions()
    for form in FORMS:
        missing_rule = listed[form] - in_rules[form]
        missing_list = in_rules[form] - listed[form]
        assert not missing_rule, f"{form}: no rule with active_loop {form} for {sorted(missing_rule)}"
        assert not missing_list, f"{form}: rules interrupt with {sorted(missing_list)}, not in forms.yml"
    interrupted = {form for form, intents in in_rules.items() if intents}
    assert interrupted <= set(FORMS), f"forms with interrupting rules but no list: {interrupted - set(FORMS)}"
