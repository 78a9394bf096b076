"""The layers stay apart: bot/ (the domain core) and the generator of Rasa's responses import
neither Rasa nor the actions or add-ons, so they run and are tested without Rasa."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.servers import ROOT

FORBIDDEN = ("rasa", "rasa_sdk", "actions", "addons")
CORE = [*sorted((ROOT / "bot").rglob("*.py")), ROOT / "scripts" / "generate_responses.py"]


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_core_imports_no_rasa_actions_or_addons() -> None:
    wrong = {
        path.relative_to(ROOT).as_posix(): sorted(n for n in imported(path) if n.split(".")[0] in FORBIDDEN)
        for path in CORE
    }
    assert {path: names for path, names in wrong.items() if names} == {}
