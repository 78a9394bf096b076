"""The documentation holds together: every figure has one home, every link a target.

A *figure* is a measured or quoted quantity in the prose of README.md and docs/*.md:
- a decimal number such as 0.915 or 1.63x (not a three-part version such as 3.6.21, not an
  address; a two-part version such as 3.10 counts too, so name it once);
- a number with a percent sign, or with a unit of time or size: 3 %, 886 MB, 1.9 min, 60 s, 64 KiB.
Text in code blocks and `code spans` (commands, paths, settings) is not prose. The same figure in
two places would drift apart, so each may appear once; other places link to it. History, where a
figure is true of its day only, lives in CHANGELOG.md, which is not checked.
docs/notes-*.md are notes of branches waiting to be folded into the topic pages; they are skipped.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UNIT = r"(?:(?:\s?(?:%|ms|s|min|MB|GB|KiB|MiB|KB)|x)(?!\w))"  # 886 MB, 3 %, 1.63x (a ratio)
FIGURE = re.compile(
    r"(?<![\w.,/])"  # not inside a word, a version, an address or a larger number
    r"(?:\d{1,3}(?:,\d{3})+|\d+)"  # 2,508 or 886
    rf"(?:\.\d+(?![.\d]){UNIT}?|{UNIT})"
)
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"`[^`\n]*`")
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$", re.MULTILINE)


def pages() -> list[Path]:
    docs = sorted(p for p in (ROOT / "docs").glob("*.md") if not p.name.startswith("notes-"))
    return [ROOT / "README.md", *docs]


def prose(text: str) -> str:
    """The text without code blocks, code spans and comments (a figure there is not prose)."""
    for pattern in (FENCE, COMMENT, CODE_SPAN):
        text = pattern.sub(" ", text)
    return text


def figures(text: str) -> list[str]:
    """Each figure in the prose, normalised (no space before the unit)."""
    return [re.sub(r"\s", "", match.group(0)) for match in FIGURE.finditer(prose(text))]


def anchors(text: str) -> set[str]:
    """The #anchors of a Markdown page's headings, as GitHub makes them."""
    seen: dict[str, int] = defaultdict(int)
    result = set()
    for heading in HEADING.findall(FENCE.sub("", text)):
        slug = re.sub(r"[^\w\- ]", "", heading.replace("`", "").strip().lower()).replace(" ", "-")
        result.add(slug if not seen[slug] else f"{slug}-{seen[slug]}")
        seen[slug] += 1
    return result


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.915 (321 of 351), 1.63x bare and 886 MB", ["0.915", "1.63x", "886MB"]),
        ("0.93 x words per sentence - 77 x syllables", ["0.93"]),
        ("0.08 % of 2,508; 1.9 min; 60 s; 512 KiB; 3 %", ["0.08%", "1.9min", "60s", "512KiB", "3%"]),
        ("Rasa 3.6.21 on 127.0.0.1, `0.5` in code, seed 002, p50, 5-10 s", ["10s"]),
        ("```\nmake bench 0.75\n```\n12 hours, 18 statements", []),
    ],
)
def test_what_counts_as_a_figure(text: str, expected: list[str]) -> None:
    assert figures(text) == expected


def test_every_figure_appears_once() -> None:
    places: dict[str, list[str]] = defaultdict(list)
    for page in pages():
        for figure in figures(page.read_text(encoding="utf-8")):
            places[figure].append(page.relative_to(ROOT).as_posix())
    twice = {figure: where for figure, where in places.items() if len(where) > 1}
    assert places, "no figure found: is the pattern still right?"
    assert not twice, f"figures quoted more than once (keep one, link to it): {twice}"


def test_every_relative_link_resolves() -> None:
    broken = []
    for page in pages():
        for target in LINK.findall(prose(page.read_text(encoding="utf-8"))):
            if re.match(r"[a-z]+:", target):
                continue  # http(s), mailto: not checked here
            path, _, anchor = target.partition("#")
            file = (page.parent / path).resolve() if path else page
            if not file.exists():
                broken.append(f"{page.name}: {target} (no such file)")
            elif anchor and file.suffix == ".md" and anchor not in anchors(file.read_text(encoding="utf-8")):
                broken.append(f"{page.name}: {target} (no such heading)")
    assert not broken, broken


def test_readme_is_short_and_points_into_every_topic_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 250
    linked = {Path(target.partition("#")[0]).name for target in LINK.findall(readme)}
    topics = {p.name for p in pages()[1:]}
    assert topics <= linked, f"topic pages the README does not link to: {topics - linked}"
