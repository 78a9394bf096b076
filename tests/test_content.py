"""Content files load, follow their schema, and report problems by file and field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.content import SENSE_KEYS, ContentError, load_content
from bot.scoring import build_result

TIP_KEYS = {
    "contact_voor_inhoud",
    "wie_is_belangrijk",
    "hoe_gaat_het_met_u",
    "luisteren",
    "mogelijkheden_uitleggen",
    "vanaf_het_begin",
    "hele_team",
    "meerdere_naasten",
    "wens_client",
    "niet_afdwingen",
    "breder_netwerk",
    "zorgoverleg",
    "rondetafelgesprek",
    "ladder",
    "senses",
    "relatiedriehoek",
    "vijf_bs",
    "van_weten_naar_doen",
    "training_team",
    "borging",
    "beleid",
    "stappenplan",
}
WALKTHROUGH_STEPS = [
    "voorbereiding",
    "opening",
    "hoe_gaat_het",
    "luisteren",
    "mogelijkheden",
    "afspraken",
    "afsluiting_en_opvolging",
]


def edit(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))


def test_all_content_loads() -> None:
    data = load_content()
    assert len(data.ladder) == 5
    assert {s.key for s in data.senses} == set(SENSE_KEYS)
    assert 12 <= len(data.relatives_scan.items) <= 20
    assert len(data.advice) == 25


def test_every_statement_has_a_source_and_a_rung() -> None:
    scan = load_content().relatives_scan
    assert all(item.source and item.rung in range(1, 6) for item in scan.items)
    assert {item.rung for item in scan.items} == {1, 2, 3, 4, 5}


def test_tip_keys_are_the_contract_and_every_tip_has_a_source() -> None:
    tips = load_content().tips
    assert set(tips) == TIP_KEYS
    for tip in tips.values():
        assert tip.source.strip()
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", tip.text) if s.strip()]
        assert 2 <= len(sentences) <= 5, (tip.key, len(sentences))


def test_no_tip_text_is_duplicated_between_files() -> None:
    data = load_content()
    tip_texts = [t.text for t in data.tips.values()] + [t.example for t in data.tips.values()]
    other_texts = [s.tip for s in data.walkthrough.steps] + [a.relative for a in data.advice.values()]
    other_texts += [r.explanation for r in data.ladder] + [r.example for r in data.ladder]
    assert len(set(tip_texts)) == len(tip_texts)
    assert not set(tip_texts) & set(other_texts)


def test_walkthrough_steps_in_order() -> None:
    assert [s.key for s in load_content().walkthrough.steps] == WALKTHROUGH_STEPS


def test_result_message_for_every_pair_of_rungs() -> None:
    data = load_content()
    for desired in range(1, 6):
        for value in (1, 4):
            answers = {item.id: value for item in data.relatives_scan.items}
            result = build_result(data, answers, desired)
            assert f"U zou graag op trede {desired} staan" in "\n".join(result.messages)
    result = build_result(data, {item.id: None for item in data.relatives_scan.items}, 3)
    assert result.current is None and "weet ik niet" in "\n".join(result.messages)


@pytest.mark.parametrize(
    ("file", "change", "expected"),
    [
        ("ladder.yml", lambda d: d["rungs"][2].pop("name"), r"ladder\.yml: rungs\[2\]\.name"),
        ("scan_relatives.yml", lambda d: d["items"][0].update(rung=7), r"scan_relatives\.yml: items\[0\]\.rung"),
        ("scan_relatives.yml", lambda d: d["items"][1].update(source=""), r"items\[1\]\.source"),
        ("scan_relatives.yml", lambda d: d["items"][0].update(sense="geluk"), r"items\[0\]\.sense"),
        ("advice.yml", lambda d: d["advice"].pop(), r"advice\.yml: advice: missing pairs"),
        ("tips.yml", lambda d: d["tips"][0].update(related=["bestaat_niet"]), r"tips\.yml: .*related"),
        ("senses.yml", lambda d: d["senses"].pop(), r"senses\.yml: senses"),
        ("walkthrough.yml", lambda d: d["steps"][0].pop("tip"), r"walkthrough\.yml: steps\[0: voorbereiding\]\.tip"),
        (
            "rehearsal.yml",
            lambda d: d["moves"][0].update(tip="onbekend"),
            r"rehearsal\.yml: moves\[0: introduce\]\.tip",
        ),
        ("rehearsal.yml", lambda d: d["moves"][1].pop("try"), r"rehearsal\.yml: moves\[1: ask_wellbeing\]\.try"),
        (
            "rehearsal.yml",
            lambda d: d["moves"][2].update({"try": "Hoe heet {naam}?"}),
            r"moves\[2: reflect_feelings\]\.try: the only",
        ),
        (
            "personas.yml",
            lambda d: d["personas"][0]["replies"].pop("introduce"),
            r"personas\[0: schuldige_dochter\]\.replies\.introduce",
        ),
        (
            "personas.yml",
            lambda d: d["personas"][1]["replies"]["plan_follow_up"].update(open=["één regel"]),
            r"personas\[1: uitgeputte_partner\]\.replies\.plan_follow_up\.open: needs at least 2",
        ),
        ("personas.yml", lambda d: d["personas"].pop(), r"personas\.yml: personas: needs at least 4"),
    ],
)
def test_broken_content_names_file_and_field(content_copy: Path, file: str, change, expected: str) -> None:  # type: ignore[no-untyped-def]
    edit(content_copy / file, change)
    with pytest.raises(ContentError, match=expected):
        load_content(content_copy)


def test_missing_and_invalid_files_are_reported(content_copy: Path) -> None:
    (content_copy / "tips.yml").write_text("tips: [unclosed")
    with pytest.raises(ContentError, match=r"tips\.yml: not valid YAML"):
        load_content(content_copy)
    (content_copy / "ladder.yml").unlink()
    with pytest.raises(ContentError, match=r"ladder\.yml: file not found"):
        load_content(content_copy)
