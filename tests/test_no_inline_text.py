"""No user-facing Dutch in Python: every sentence, button title and word list is in bot/content.

The rule, checked on the syntax tree of every module in actions/ and bot/: a string literal
(also the literal parts of an f-string) that, stripped, contains a space and at least one common
Dutch word (de, het, een, u, je, niet, ...) or is used as a button title (`"title": ...`) is
user-facing text, unless it is
- a docstring;
- an argument of a log call (debug/info/warning/error/exception), of an exception being raised,
  of `re.compile`/`re.search`/... (a pattern) or of SQLAlchemy's `text()` (SQL).
Exempt modules, each for a reason:
- bot/__main__.py and bot/*_cli.py: the operator's command line (help texts and shell output
  for the person who runs the server), not the assistant;
- bot/masking.py: the patterns that find names in remarks (forms of address, family words,
  particles), part of the regular expressions, never shown;
- bot/storage/migrations: database revisions.
Single Dutch words without a space (an answer code such as "weet_niet", a payload) are ids.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXEMPT = {"bot/__main__.py", "bot/masking.py"}
OPERATOR_CLI = re.compile(r"bot/\w+_cli\.py")
EXEMPT_DIRS = ("bot/storage/migrations/",)
DUTCH_WORDS = frozenset(
    "de het een en van je jij jouw u uw is niet met voor op dat wat we wij ik kan kunt dit die er naar bij "
    "of ook nog geen zijn heeft hebt bent wilt wil hier om te als maar mijn".split()
)
WORD = re.compile(r"[a-zà-ÿ']+")
SKIPPED_CALLS = frozenset(
    {
        "debug",
        "info",
        "warning",
        "error",
        "exception",
        "compile",
        "search",
        "match",
        "fullmatch",
        "sub",
        "split",
        "findall",
        "text",
        "execute",
    }
)


def is_dutch_text(value: str) -> bool:
    stripped = value.strip()
    return " " in stripped and any(word in DUTCH_WORDS for word in WORD.findall(stripped.lower()))


def _skipped_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skipped.add(id(first.value))
        call_name = ""
        if isinstance(node, ast.Call):
            func = node.func
            call_name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if isinstance(node, ast.Raise) or call_name in SKIPPED_CALLS or call_name.endswith("Error"):
            skipped.update(id(sub) for sub in ast.walk(node))
    return skipped


def _titles(tree: ast.AST) -> set[int]:
    """String literals given as a button title: {"title": "..."} or title="..."."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == "title" and isinstance(value, ast.Constant):
                    found.add(id(value))
        if isinstance(node, ast.keyword) and node.arg == "title" and isinstance(node.value, ast.Constant):
            found.add(id(node.value))
    return found


def inline_texts(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped, titles = _skipped_nodes(tree), _titles(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped:
            if is_dutch_text(node.value) or (id(node) in titles and node.value.strip()):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value.strip()[:70]!r}")
    return found


def modules() -> list[Path]:
    paths = sorted((ROOT / "actions").rglob("*.py")) + sorted((ROOT / "bot").rglob("*.py"))
    return [
        p
        for p in paths
        if str(p.relative_to(ROOT)) not in EXEMPT
        and not OPERATOR_CLI.fullmatch(str(p.relative_to(ROOT)))
        and not str(p.relative_to(ROOT)).startswith(EXEMPT_DIRS)
    ]


def test_the_rule_finds_inline_text(tmp_path: Path) -> None:
    """The check itself: it finds a sentence, an f-string part and a button title, and skips the rest."""
    sample = ROOT / "tests" / "_sample_inline.py"
    sample.write_text(
        '"""Docstring met een zin."""\n'
        "import logging, re\n"
        "logger = logging.getLogger(__name__)\n"
        'A = "Dank u wel. Dan beginnen we."\n'
        'B = f"Vraag {1} van de lijst"\n'
        'C = {"title": "Overslaan", "payload": "/skip"}\n'
        'logger.info("dit is een logregel")\n'
        'D = re.compile(r"weet ik niet")\n'
        'E = "weet_niet"\n'
    )
    try:
        found = inline_texts(sample)
    finally:
        sample.unlink()
    expected = ["'Dank u wel. Dan beginnen we.'", "'Overslaan'", "'van de lijst'"]
    assert sorted(f.split(": ", 1)[1] for f in found) == expected


def test_no_user_facing_text_in_python() -> None:
    found = [line for path in modules() for line in inline_texts(path)]
    assert not found, "user-facing text in Python; move it to bot/content/:\n" + "\n".join(found)
