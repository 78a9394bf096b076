"""The trained model, measured with Rasa's own tools on data it was not trained on.

- NLU: per-intent precision/recall and top-1 per tip key on tests/nlu/ (held out by hand).
- Dialogue: the story tests of tests/stories/, every prediction right.
Both run what `rasa test nlu` and `rasa test core` run, on the model that tests/test_understanding.py
reads too (`trained_model`: one load for both). Floors are set a little below what the current model
reaches (docs/understanding.md).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.servers import ROOT
from tests.understanding import Model

RESULTS = ROOT / "results"
# Measured on 2026-11-29 with the linear classifiers (docs/understanding.md):
# weighted F1 0.877 over all held-out intents, lowest intent recall 0.67 (team_action_plan),
# tips top-1 0.932, lowest tip key 0.67 (ladder, stappenplan).
INTENT_F1_FLOOR = 0.86
INTENT_RECALL_FLOOR = 0.6
TIP_ACCURACY_FLOOR = 0.91
TIP_KEY_FLOOR = 0.6
HELDOUT = RESULTS / "nlu-heldout"
CORE = RESULTS / "core"


@pytest.fixture(scope="module")
def rasa_test(trained_model: Model) -> dict[str, Any]:
    """Rasa's evaluation of the held-out NLU data and of the story tests (reports in results/)."""
    from rasa.core.test import test as core_test
    from rasa.nlu.test import run_evaluation

    processor = trained_model.agent.processor
    assert processor is not None
    for folder in (HELDOUT, CORE):
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*"):
            old.unlink()
    nlu = trained_model.loop.run_until_complete(
        run_evaluation(
            str(ROOT / "tests" / "nlu"), processor, output_directory=str(HELDOUT), errors=True, disable_plotting=True
        )
    )
    core = trained_model.loop.run_until_complete(
        core_test(str(ROOT / "tests" / "stories"), trained_model.agent, out_directory=str(CORE), disable_plotting=True)
    )
    return {"nlu": nlu, "core": core}


@pytest.fixture(scope="module")
def heldout(rasa_test: dict[str, Any]) -> Path:
    return HELDOUT


@pytest.fixture(scope="module")
def intent_report(heldout: Path) -> dict:
    return json.loads((heldout / "intent_report.json").read_text())


@pytest.fixture(scope="module")
def tip_report(heldout: Path) -> dict:
    return json.loads((heldout / "response_selection_report.json").read_text())


def print_table(title: str, report: dict) -> None:
    print(f"\n{title}")
    print(f"{'label':<28}{'precision':>10}{'recall':>8}{'f1':>7}{'n':>5}")
    for label, row in sorted(report.items()):
        if isinstance(row, dict) and "support" in row and label not in {"macro avg", "weighted avg", "micro avg"}:
            print(
                f"{label:<28}{row['precision']:>10.2f}{row['recall']:>8.2f}{row['f1-score']:>7.2f}{row['support']:>5}"
            )
    for label in ("accuracy", "weighted avg"):
        if label in report:
            value = report[label] if label == "accuracy" else report[label]["f1-score"]
            print(f"{label:<28}{value:>25.3f}")


def test_heldout_intents(intent_report: dict) -> None:
    print_table("Held-out intents (tests/nlu/)", intent_report)
    assert intent_report["weighted avg"]["f1-score"] >= INTENT_F1_FLOOR
    weak = {
        label: row["recall"]
        for label, row in intent_report.items()
        if isinstance(row, dict)
        and "recall" in row
        and label not in {"macro avg", "weighted avg", "micro avg"}
        and row["recall"] < INTENT_RECALL_FLOOR
    }
    assert not weak, f"intents below the recall floor {INTENT_RECALL_FLOOR}: {weak}"


def test_newspaper_text_never_starts_a_scan_or_erases(intent_report: dict) -> None:
    errors_file = HELDOUT / "intent_errors.json"
    errors = json.loads(errors_file.read_text()) if errors_file.exists() else []
    dangerous = [
        e
        for e in errors
        if e["intent"] == "out_of_scope" and e["intent_prediction"]["name"] in {"start_scan", "delete_my_data"}
    ]
    assert not dangerous, dangerous


def top1(report: dict, retrieval_intent: str) -> float:
    """Top-1 over the keys of one retrieval intent (the report holds both selectors' keys)."""
    rows = [row for label, row in report.items() if label.startswith(f"{retrieval_intent}/")]
    return sum(row["recall"] * row["support"] for row in rows) / sum(row["support"] for row in rows)


def test_heldout_tips_top1(tip_report: dict) -> None:
    print_table("Held-out tip and relatives' questions, top-1 per key (tests/nlu/)", tip_report)
    print(f"tips top-1 {top1(tip_report, 'tip'):.3f}")
    print(f"relatives' questions top-1 (selector only) {top1(tip_report, 'vraag_naaste'):.3f}")
    assert top1(tip_report, "tip") >= TIP_ACCURACY_FLOOR
    weak = {
        label: row["recall"]
        for label, row in tip_report.items()
        if label.startswith("tip/") and row["recall"] < TIP_KEY_FLOOR
    }
    assert not weak, f"tip keys below the top-1 floor {TIP_KEY_FLOOR}: {weak}"


def test_story_tests_have_no_prediction_errors(rasa_test: dict[str, Any]) -> None:
    report = json.loads((CORE / "story_report.json").read_text())
    stories = report["conversation_accuracy"]
    failed = CORE / "failed_test_stories.yml"
    print(f"story tests: {stories['correct']} of {stories['total']} right")
    assert stories["total"] > 0 and stories["correct"] == stories["total"], failed.read_text()[-4000:]
