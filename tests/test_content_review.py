"""The content says only what the seeds support (issue 13): sources name existing seeds, and the
corrected wordings stay corrected."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.content import CONTENT_DIR, ContentError, load_content
from tests.servers import ROOT

DATA = load_content()
SEEDS_DIR = ROOT.parent / "shared" / "seeds"
SEED_REFERENCE = re.compile(r"seed (\d{3})")
RESIDENT_AS_NAASTE = re.compile(r"\b(uw|mijn|je|jouw|hun|eigen) naaste\b", re.IGNORECASE)


def seed_ids() -> set[str]:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"the seed documents are not at {SEEDS_DIR}")
    return {path.name[:3] for path in SEEDS_DIR.glob("[0-9][0-9][0-9]_*.txt")}


def seed_text(seed: str) -> str:
    path = next(SEEDS_DIR.glob(f"{seed}_*.txt"))
    return " ".join(path.read_text(encoding="utf-8").split())


def all_sources() -> list[tuple[str, str]]:
    named = [(f"ladder {r.number}", r.source) for r in DATA.ladder]
    named += [(f"sense {s.key}", s.source) for s in DATA.senses]
    named += [(f"statement {i.id}", i.source) for i in DATA.relatives_scan.items]
    named += [(f"tip {t.key}", t.source) for t in DATA.tips.values()]
    named += [(f"step {s.key}", s.source) for s in DATA.walkthrough.steps]
    named += [(f"move {m.key}", m.source) for m in DATA.rehearsal.moves]
    named += [(f"persona {p.key}", p.source) for p in DATA.personas.values()]
    return named


def all_texts() -> list[str]:
    """Every user-facing text in the content files."""
    texts: list[str] = []
    for path in CONTENT_DIR.glob("*.yml"):
        texts += _strings(yaml.safe_load(path.read_text(encoding="utf-8")))
    return texts


def _strings(node: object, key: str = "") -> list[str]:
    if isinstance(node, str):
        return [] if key in ("source", "key", "id") else [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _strings(v, str(k))]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v, key)]
    return []


def test_every_source_names_an_existing_seed() -> None:
    existing = seed_ids()
    assert existing == {"000", "001", "002", "003", "004"}
    for name, source in all_sources():
        cited = set(SEED_REFERENCE.findall(source))
        assert cited, f"{name}: source names no seed: {source!r}"
        assert cited <= existing, f"{name}: unknown seed {cited - existing}"


def test_behaviour_model_is_named_as_in_the_seed() -> None:
    tip = DATA.tips["van_weten_naar_doen"].text.lower()
    seed = seed_text("000").lower()
    for factor in ("persoonlijke motivatie", "persoonlijke kracht", "ervaren omgevingssteun"):
        assert factor in seed and factor in tip
    assert "situatie praktijk" in seed and "situatie in de praktijk" in tip
    assert "balm" in tip and "drie dingen" not in tip


def test_mdo_and_zorgoverleg_are_two_meetings() -> None:
    assert "MDO's en zorgoverleg" in seed_text("003")
    tip = DATA.tips["zorgoverleg"]
    assert "twee aparte overleggen" in tip.text and "MDO" in tip.title and "zorgoverleg" in tip.title
    joined = "\n".join(all_texts())
    for merged in ("zorgoverleg of MDO", "MDO of zorgoverleg", "soms MDO genoemd", "zorgoverleg (MDO)"):
        assert merged not in joined


def test_tips_claim_no_more_than_their_seeds() -> None:
    possibilities = DATA.tips["mogelijkheden_uitleggen"]
    assert "wet" not in possibilities.text.lower() and "wetgeving" not in possibilities.source
    assert "gedoe, tijd en energie" in seed_text("004") and "gedoe, tijd en energie" in possibilities.text
    start = DATA.tips["vanaf_het_begin"]
    assert "zes weken zijn belangrijk" not in start.text and "want dan" not in start.text
    assert "Inhuizing bewoners 1e zes weken" in seed_text("000") and "eerste zes weken" in start.text
    assert "vanaf het eerste uur" in seed_text("004") and "eerste uur" in start.text


def test_one_follow_up_timing() -> None:
    last_step = DATA.walkthrough.steps[-1]
    follow_up = next(m for m in DATA.rehearsal.moves if m.key == "plan_follow_up")
    for text in (
        last_step.tip,
        last_step.example_question,
        follow_up.try_sentence or "",
        DATA.tips["vanaf_het_begin"].example,
    ):
        assert "twee weken" in text
    # no other follow-up term anywhere ("over drie weken", "na een week", ...)
    joined = "\n".join(all_texts())
    assert not re.search(r"\b(over|na|binnen) (een|drie|vier|\d+) we(ek|ken)\b", joined)


def test_moves_map_to_rungs_as_the_ladder_defines_them() -> None:
    moves = {m.key: m for m in DATA.rehearsal.moves}
    assert moves["explain_possibilities"].rung == 1, "explaining is one-way communication"
    assert {moves[k].rung for k in ("introduce", "ask_wellbeing", "reflect_feelings")} == {2}
    assert max(m.rung or 0 for m in moves.values()) == 3, "a first conversation reaches at most rung 3"


# the words in the tip's text that teach the move
TEACHES = {
    "introduce": ("contact_voor_inhoud", "stel jezelf en je rol voor"),
    "ask_wellbeing": ("hoe_gaat_het_met_u", "hoe het met de naaste zelf gaat"),
    "reflect_feelings": ("luisteren", "luister"),
    "ask_life_story": ("senses", "levensverhaal"),
    "ask_who_matters": ("wie_is_belangrijk", "wie belangrijk"),
    "explain_possibilities": ("mogelijkheden_uitleggen", "wat de mogelijkheden zijn"),
    "make_agreements": ("meerdere_naasten", "spreek samen af"),
    "plan_follow_up": ("vanaf_het_begin", "eerste zes weken"),
}


def test_each_move_points_to_the_tip_that_teaches_it() -> None:
    for move in DATA.rehearsal.moves:
        if not move.good:
            continue
        tip, words = TEACHES[move.key]
        assert move.tip == tip, move.key
        assert words in DATA.tips[tip].text.lower(), (move.key, words)


def test_the_resident_is_never_called_naaste() -> None:
    offending = [text for text in all_texts() if RESIDENT_AS_NAASTE.search(text)]
    assert offending == []


def test_statements_ask_one_thing_and_rung_5_is_partnership() -> None:
    items = DATA.relatives_scan.items
    for item in items:
        assert ", en " not in item.text and " en zij " not in item.text, item.text
    rung5 = [item for item in items if item.rung == 5]
    assert all("team" in item.text for item in rung5)
    assert not any(item.text.startswith("Ik help") for item in items)
    # every rung has a statement with a Sense, so the weakest rung can always be explained
    assert all(any(i.sense for i in items if i.rung == rung) for rung in range(1, 6))
    assert 12 <= len(items) <= 20


def test_the_questionnaire_is_called_our_own() -> None:
    scan = DATA.relatives_scan
    assert scan.title == "Vragenlijst voor naasten"
    assert "eigen vragenlijst van dit project" in scan.why
    assert "Quick scan" not in scan.title


def test_step_plan_in_order() -> None:
    text = DATA.tips["stappenplan"].text
    positions = [text.index(f"Stap {n}") for n in (1, 2, 3, 4)]
    assert positions == sorted(positions)
    seed = seed_text("003")
    for heading, said in (
        ("Check het beleid", "check het beleid"),
        ("Organiseer een training", "training"),
        ("Wie neemt deel?", "wie deelneemt"),
        ("Borging", "borg het"),
    ):
        assert heading in seed and said in text.lower()


def test_senses_and_triangle_reach_the_result_and_the_feedback() -> None:
    assert "organisatie" in DATA.relatives_scan.result.intro
    assert "relatiedriehoek" in DATA.rehearsal.ladder_note
    assert "{name}" in DATA.relatives_scan.result.sense
    assert "organisatie" in DATA.tips["relatiedriehoek"].text.split(". ")[-1]


@pytest.mark.parametrize(
    ("file", "change", "expected"),
    [
        ("advice.yml", lambda d: d["first_steps"].pop(), r"advice\.yml: first_steps: missing desired rungs \[5\]"),
        ("scan_relatives.yml", lambda d: d["result"].pop("too_few"), r"scan_relatives\.yml: result\.too_few"),
        ("scan_relatives.yml", lambda d: d["result"]["statuses"].pop("deels"), r"result\.statuses\.deels"),
        ("rehearsal.yml", lambda d: d["moves"][0].update(rung=4), r"rehearsal\.yml: moves\[0: introduce\]\.rung"),
    ],
)
def test_new_content_fields_are_checked(content_copy: Path, file: str, change, expected: str) -> None:  # type: ignore[no-untyped-def]
    path = content_copy / file
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(ContentError, match=expected):
        load_content(content_copy)


def test_issue_21_corrections_stay_corrected() -> None:
    """Claims beyond the seeds or overstated (issue 21), outside the relatives' questions."""
    texts = " ".join(" ".join(t.split()) for t in all_texts())
    for overstated in ("Dat komt vaak voor", "komt vaak na een zware tijd", "en later door leidinggevenden"):
        assert overstated not in texts, overstated
    # welzijn at an MDO is the seed's example of working together, not a rule for every MDO
    assert "Laat bij het MDO ook iemand van welzijn aanschuiven" not in texts
    # the follow-up is two weeks everywhere, also in the personas' replies
    assert "Drie weken" not in texts
    # the Sense of achievement is about the resident too
    achievement = next(s for s in DATA.senses if s.key == "achievement")
    assert "bewoner" in achievement.explanation and "bewoner" in achievement.about


def test_each_rehearsal_move_points_to_a_tip_that_teaches_it() -> None:
    moves = {m.key: m for m in DATA.rehearsal.moves}
    listening = DATA.tips[moves["reflect_feelings"].tip].text
    assert "Benoem wat je hoort" in listening and "gevoel" in listening
    follow_up = DATA.tips[moves["plan_follow_up"].tip].text
    assert "terugkijken" in follow_up and "twee weken" in follow_up
