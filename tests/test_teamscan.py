"""The staff quick scan without storage: content, card input, group score, the mirror, proposals."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Optional

import pytest
import yaml

from bot.content import CONTENT_DIR, ContentError, action_plan, content, load_staff_scan, staff_scan
from bot.content.words import load_words
from bot.teamscan import (
    MIRROR_MARGIN,
    GroupScore,
    Mirror,
    MirrorRow,
    asks_to_stop,
    build_mirror,
    entry_part_people,
    group_score,
    mean_rests_on_shown_counts,
    ordered_items,
    parse_cards,
    parse_first_part,
    parse_group_size,
    parse_mode,
    parse_staff_answer,
    propose_tasks,
    relatives_rung_means,
    score_messages,
)

SCAN = staff_scan()
PLAN = action_plan()
LADDER = content().ladder
Tally = dict[Optional[int], int]


def same_for_all(tally: Tally, **overrides: Tally) -> dict[str, Tally]:
    """The same tally for every statement, except those named."""
    return {item.id: overrides.get(item.id, tally) for item in SCAN.items}


def score_of(tallies: dict[str, Tally], members: int, **kwargs: bool) -> GroupScore:
    """The group score of tallies where everyone answered every statement (people per part follow)."""
    return group_score(SCAN, tallies, members, entry_part_people(SCAN, tallies), **kwargs)


def by_part(means: dict[str, int], people: int = 6) -> dict[str, Tally]:
    """Every statement of a part answered with the same value by everyone."""
    return {item.id: {means[item.part]: people} for item in SCAN.items}


# --- content --------------------------------------------------------------------------------


def test_twelve_statements_of_our_own_six_doen_on_every_rung() -> None:
    assert SCAN.own_wording and len(SCAN.items) == 12
    doen = [i for i in SCAN.items if i.part == "doen"]
    assert len(doen) == 6 and {i.rung for i in doen} == {1, 2, 3, 4, 5}
    assert {i.part for i in SCAN.items} == {"doen", "weten", "willen", "kunnen", "mogen"}
    assert all(i.source.startswith("seed") and i.tips for i in SCAN.items)
    assert all(key in content().tips for i in SCAN.items for key in i.tips)
    assert SCAN.start_button["payload"] == "/start_team_scan" and SCAN.next_buttons
    # written for staff: "je"/"we", never the "u" of the relatives' scan
    assert not any(" u " in f" {i.text.lower()} " for i in SCAN.items)


def test_every_task_links_known_tips_and_statements() -> None:
    ids = {i.id for i in SCAN.items}
    assert len(PLAN.route_steps) == 7 and tuple(PLAN.statuses) == ("gepland", "bezig", "klaar", "geevalueerd")
    for task in PLAN.tasks:
        assert task.activity and task.measure and task.effect
        assert all(key in content().tips for key in task.tips)
        assert set(task.items) <= ids


def test_a_broken_staff_scan_names_file_and_field(tmp_path: Path) -> None:
    for name in ("scan_staff.yml", "tips.yml"):
        shutil.copy(CONTENT_DIR / name, tmp_path / name)
    data = yaml.safe_load((tmp_path / "scan_staff.yml").read_text())
    data["items"] = data["items"][:11]
    (tmp_path / "scan_staff.yml").write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(ContentError, match="scan_staff.yml: items: needs 12"):
        load_staff_scan(tmp_path)
    data = yaml.safe_load((CONTENT_DIR / "scan_staff.yml").read_text())
    data["items"][0]["tips"] = ["bestaat_niet"]
    (tmp_path / "scan_staff.yml").write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(ContentError, match=r"items\[0\].tips"):
        load_staff_scan(tmp_path, tips=content().tips)


# --- input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "size", "tally", "problem"),
    [
        ("0 1 3 2", 6, {2: 1, 3: 3, 4: 2}, None),
        ("0,1,3,2", 6, {2: 1, 3: 3, 4: 2}, None),
        ("  2 - 2 - 1 - 1 ", 6, {1: 2, 2: 2, 3: 1, 4: 1}, None),
        ("0 1 3 2 1", 7, {2: 1, 3: 3, 4: 2, None: 1}, None),
        ("0 0 0 6", 6, {4: 6}, None),
        ("0 1 3 3", 6, None, "wrong_total"),
        ("0 1 3 1", 6, None, "wrong_total"),
        ("0 1 e 2", 6, None, "unclear"),
        ("O 1 3 2", 6, None, "unclear"),
        ("0 1 32", 6, None, "unclear"),
        ("0 1 3 2 0 0", 6, None, "unclear"),
        ("drie", 6, None, "unclear"),
        ("", 6, None, "unclear"),
    ],
)
def test_group_cards_typos_and_wrong_totals_are_asked_again(
    text: str, size: int, tally: Optional[Tally], problem: Optional[str]
) -> None:
    parsed = parse_cards(text, size)
    assert parsed.tally == tally and parsed.problem == problem
    if problem == "wrong_total":
        assert parsed.total == sum(int(n) for n in text.split())


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 Klopt niet", 1),
        ("4 Klopt helemaal", 4),
        ("3", 3),
        ("klopt een beetje", 2),
        ("Weet ik niet", None),
        ("grotendeels", 3),
    ],
)
def test_staff_answers(text: str, value: Optional[int]) -> None:
    assert parse_staff_answer(text, SCAN) == (True, value)


def test_unclear_staff_answers_and_choices() -> None:
    assert parse_staff_answer("banaan", SCAN)[0] is False and parse_staff_answer("7", SCAN)[0] is False
    assert parse_mode("Alleen") == "alone" and parse_mode("Als groep met stemkaarten") == "group"
    assert parse_mode("Mijn antwoorden aanpassen") == "alone" and parse_mode("misschien") is None
    assert parse_first_part("Beginnen bij Doen") == "doen"
    assert parse_first_part("Beginnen bij Weten tot Mogen") == "wwkm"
    assert parse_first_part("doen of weten") is None
    assert parse_group_size("6") == 6 and parse_group_size("we zijn met 7 mensen") == 7
    assert parse_group_size("1") is None and parse_group_size("zes") is None and parse_group_size("99") is None


def test_the_chosen_half_comes_first() -> None:
    assert [i.part for i in ordered_items(SCAN, "doen")][:6] == ["doen"] * 6
    assert [i.part for i in ordered_items(SCAN, "wwkm")][6:] == ["doen"] * 6
    assert len(set(i.id for i in ordered_items(SCAN, "wwkm"))) == 12


# --- group score ----------------------------------------------------------------------------


def test_fewer_than_five_members_show_no_figures_and_no_count() -> None:
    score = score_of(same_for_all({4: 4}), members=4)
    assert not score.enough and score.items == () and score.parts == ()
    messages = score_messages(SCAN, score, "T0")
    assert len(messages) == 1 and "minder dan 5" in messages[0] and "Doen" not in messages[0]
    assert "4" not in messages[0]
    assert score_of(same_for_all({4: 5}), members=5).enough
    # an open round: no figures, only that they come when it closes
    opened = GroupScore(members=0, minimum=5, open=True)
    assert not opened.enough and score_messages(SCAN, opened, "T0") == [SCAN.texts["team_later"]]


def test_mean_and_spread_per_statement_and_part() -> None:
    # the cards of a group session (seen by all) show every mean; the team's figures do not
    tallies = same_for_all({2: 1, 3: 3, 4: 2})
    score = score_of(tallies, members=6, check_counts=False)
    item = score.items[0]
    # 2, 3, 3, 3, 4, 4: mean 3.17, population standard deviation 0.69
    assert (item.answered, item.mean, item.spread) == (6, 3.2, 0.7)
    doen = score.part("doen")
    assert doen is not None and (doen.answered, doen.people, doen.mean, doen.spread) == (36, 6, 3.2, 0.7)
    assert score.divided == ()
    assert "jullie zijn het eens" in score_messages(SCAN, score, "T0")[0]
    # one person answered 2: the statement's mean and spread would give that away
    team = score_of(tallies, members=6)
    assert team.items[0].mean is None and team.items[0].spread is None
    # the Doen part pools 36 answers (6 twos, 18 threes, 12 fours): every count at least five
    team_doen = team.part("doen")
    assert team_doen is not None and (team_doen.mean, team_doen.spread) == (3.2, 0.7)
    # Weten has one statement: its pooled counts are the statement's, so no mean either
    assert team.part("weten") is not None and team.part("weten").mean is None  # type: ignore[union-attr]
    assert SCAN.texts["items_hidden"].format(minimum=5) in score_messages(SCAN, team, "T0")[1]


@pytest.mark.parametrize(
    ("counts", "safe"),
    [
        ([0, 0, 5, 0, 0], True),
        ([0, 0, 5, 7, 0], True),
        ([0, 0, 1, 4, 0], False),  # 5 answers, mean 3,8: one 3 and four 4s
        ([0, 0, 5, 5, 1], False),  # one 'weet ik niet': members minus answers gives it away
        ([5, 0, 0, 6, 0], True),
        ([0, 0, 0, 0, 0], True),
    ],
)
def test_a_mean_needs_every_count_it_rests_on_to_be_shown(counts: list[int], safe: bool) -> None:
    assert mean_rests_on_shown_counts(counts) is safe


def test_a_part_mean_counts_people_not_answers() -> None:
    # five members; four answered every Doen statement 'weet ik niet', one gave 4 to all six
    tallies = same_for_all({3: 5})
    for item in SCAN.items:
        if item.part == "doen":
            tallies[item.id] = {4: 1, None: 4}
    score = group_score(SCAN, tallies, 5, {"doen": 1, "weten": 5, "willen": 5, "kunnen": 5, "mogen": 5})
    doen = score.part("doen")
    assert doen is not None and doen.answered == 6 and doen.people == 1 and doen.mean is None
    assert score.part("willen").mean == 3.0  # type: ignore[union-attr]
    # people per part of one entry: a person once, a group's cards at most the cards of one statement
    person = {SCAN.items[0].id: {2: 1}, SCAN.items[1].id: {None: 1}}
    assert entry_part_people(SCAN, person)["doen"] == 1 and entry_part_people(SCAN, person)["weten"] == 0
    cards = {SCAN.items[0].id: {2: 3, None: 3}, SCAN.items[1].id: {4: 5, None: 1}}
    assert entry_part_people(SCAN, cards)["doen"] == 5


def test_the_most_divided_statements_come_first() -> None:
    first, fourth = SCAN.items[0].id, SCAN.items[3].id
    tallies = same_for_all({3: 6}, **{fourth: {1: 3, 4: 3}, first: {2: 3, 4: 3}})
    score = score_of(tallies, members=6, check_counts=False)
    assert [i.id for i in score.divided] == [fourth, first]
    assert score.item(fourth) is not None and score.item(fourth).spread == 1.5  # type: ignore[union-attr]
    text = score_messages(SCAN, score, "T1")
    assert "Stelling 4" in text[1] and text[1].index("Stelling 4") < text[1].index("Stelling 1")
    assert "wat valt jullie op" in text[2].lower() and "winst" in text[2]


def test_dont_know_is_left_out_and_too_few_answers_show_no_mean() -> None:
    item = SCAN.items[6].id
    score = score_of(same_for_all({3: 6}, **{item: {2: 3, None: 3}}), members=6)
    assert score.item(item) is not None and score.item(item).mean is None  # type: ignore[union-attr]
    assert score.item(item).answered == 3  # type: ignore[union-attr]


# --- the mirror -----------------------------------------------------------------------------


def relatives_figures(rung_means: dict[int, Optional[float]]) -> dict:
    """Released figures with one statement per rung and this mean (None: fewer than five answers)."""
    return {"items": [{"rung": rung, "mean": mean} for rung, mean in rung_means.items()]}


def test_matching_views_name_nothing() -> None:
    score = score_of(by_part({"doen": 3, "weten": 3, "willen": 3, "kunnen": 3, "mogen": 3}), members=6)
    mirror = build_mirror(LADDER, score, relatives_figures({1: 3.0, 2: 2.8, 3: 3.2, 4: 2.7, 5: 3.4}))
    assert mirror.compared and mirror.first_to_discuss is None
    assert [row.gap for row in mirror.rows] == [0.0, 0.2, -0.2, 0.3, -0.4]


def test_a_team_clearly_above_the_relatives_is_the_first_place_to_talk() -> None:
    score = score_of(by_part({"doen": 4, "weten": 3, "willen": 3, "kunnen": 3, "mogen": 3}), members=6)
    mirror = build_mirror(LADDER, score, relatives_figures({1: 3.8, 2: 3.0, 3: 3.6, 4: 2.1, 5: None}))
    assert [row.team_higher for row in mirror.rows] == [False, True, False, True, False]
    first = mirror.first_to_discuss
    assert first is not None and first.rung == 4 and first.gap == 1.9
    assert mirror.rows[4].gap is None  # fewer than five relatives answered rung 5


def test_the_margin_is_half_a_step() -> None:
    assert MirrorRow(1, "x", 3.0, 3.0 - MIRROR_MARGIN).team_higher
    assert not MirrorRow(1, "x", 3.0, 3.0 - MIRROR_MARGIN + 0.1).team_higher


def test_no_mirror_without_five_team_members() -> None:
    score = score_of(by_part({"doen": 4, "weten": 3, "willen": 3, "kunnen": 3, "mogen": 3}, 4), members=4)
    mirror = build_mirror(LADDER, score, relatives_figures({1: 1.0, 2: 1.0, 3: 1.0, 4: 1.0, 5: 1.0}))
    assert not mirror.compared and all(row.team is None for row in mirror.rows)


def test_relatives_rung_means_skip_hidden_means() -> None:
    figures = {"items": [{"rung": 1, "mean": 3.0}, {"rung": 1, "mean": 2.0}, {"rung": 2, "mean": None}]}
    assert relatives_rung_means(figures) == {1: 2.5} and relatives_rung_means(None) == {}


# --- change tasks ---------------------------------------------------------------------------


def proposals_for(parts: dict[str, int], mirror: Optional[Mirror] = None, **doen_by_rung: int) -> list[str]:
    tallies = by_part(parts)
    for item in SCAN.items:
        if item.part == "doen" and f"rung_{item.rung}" in doen_by_rung:
            tallies[item.id] = {doen_by_rung[f"rung_{item.rung}"]: 6}
    score = score_of(tallies, members=6)
    return [p.task.key for p in propose_tasks(PLAN, LADDER, score, mirror)]


@pytest.mark.parametrize(
    ("parts", "doen", "expected"),
    [
        # everything high: keep what works, then the lowest of the rest
        ({"doen": 4, "weten": 4, "willen": 4, "kunnen": 4, "mogen": 4}, {}, ["vasthouden", "op_de_hoogte"]),
        # two weak parts, weakest first
        ({"doen": 4, "weten": 4, "willen": 4, "kunnen": 1, "mogen": 2}, {}, ["gesprek_oefenen", "ruimte_en_steun"]),
        # one weak rung of Doen: that task, then keep
        ({"doen": 4, "weten": 4, "willen": 4, "kunnen": 4, "mogen": 4}, {"rung_2": 2}, ["warm_welkom", "vasthouden"]),
        # everything weak: at most three, weakest first
        (
            {"doen": 2, "weten": 1, "willen": 2, "kunnen": 1, "mogen": 2},
            {"rung_4": 1},
            ["samen_beslissen", "ladder_bespreken", "gesprek_oefenen"],
        ),
    ],
)
def test_change_tasks_for_score_patterns(parts: dict[str, int], doen: dict[str, int], expected: list[str]) -> None:
    assert proposals_for(parts, **doen) == expected


def test_a_mirror_gap_comes_first() -> None:
    parts = {"doen": 4, "weten": 4, "willen": 4, "kunnen": 2, "mogen": 4}
    tallies = by_part(parts)
    score = score_of(tallies, members=6)
    mirror = build_mirror(LADDER, score, relatives_figures({1: 3.9, 2: 3.9, 3: 3.9, 4: 3.9, 5: 2.0}))
    proposals = propose_tasks(PLAN, LADDER, score, mirror)
    assert [p.task.key for p in proposals] == ["samen_doen", "gesprek_oefenen"]
    assert proposals[0].kind == "mirror" and "4,0" in proposals[0].reason and "2,0" in proposals[0].reason


def test_proposals_need_a_group_score() -> None:
    assert len(propose_tasks(PLAN, LADDER, GroupScore(members=3, minimum=5))) == 1  # only "keep"


# --- words ----------------------------------------------------------------------------------


def test_only_the_stop_words_of_the_content_pause_the_staff_scan(tmp_path: Path) -> None:
    assert asks_to_stop("ik wil stoppen") and asks_to_stop("Later verder!") and asks_to_stop("STOP")
    assert not asks_to_stop("heel veel") and not asks_to_stop("stopcontact") and not asks_to_stop("0 1 3 2")
    shutil.copy(CONTENT_DIR / "words.yml", tmp_path / "words.yml")
    data = yaml.safe_load((tmp_path / "words.yml").read_text())
    data["staff_stop"] = ["Stop!"]
    (tmp_path / "words.yml").write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(ContentError, match="words.yml: staff_stop"):
        load_words(tmp_path)
    data["staff_stop"] = []
    (tmp_path / "words.yml").write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(ContentError, match="words.yml: staff_stop"):
        load_words(tmp_path)


def distributions(people: int, cells: int = 5) -> list[tuple[int, ...]]:
    """Every way `people` answers fall into `cells` cells (1, 2, 3, 4, weet ik niet)."""
    if cells == 1:
        return [(people,)]
    return [(first, *rest) for first in range(people + 1) for rest in distributions(people - first, cells - 1)]


def test_no_hidden_count_follows_from_a_shown_statement_mean() -> None:
    """For 5 to 12 people on one statement: what the page shows never pins a count between 1 and 4."""
    item = SCAN.items[6].id  # Weten: one statement, so the part shows the same figure
    for people in range(5, 13):
        shown: dict[tuple, list[tuple[int, ...]]] = {}
        for counts in distributions(people):
            tally = {value: count for value, count in zip((1, 2, 3, 4, None), counts, strict=True) if count}
            score = score_of({item: tally}, members=people)
            statement = score.item(item)
            assert statement is not None
            page = (statement.mean, statement.spread, score.part("weten").mean)  # type: ignore[union-attr]
            shown.setdefault(page, []).append(counts)
        for page, consistent in shown.items():
            if page == (None, None, None):
                continue
            for cell in range(5):
                possible = {counts[cell] for counts in consistent}
                assert not possible <= {1, 2, 3, 4}, (people, page, cell, possible)
