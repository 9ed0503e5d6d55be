"""The source explains itself: every reference to a document resolves inside the repository."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SCANNED = ("src", "tests", "benchmarks", "examples")
SUFFIXES = {".py", ".md", ".txt", ".toml", ".cfg", ".ini", ".yml", ".yaml"}

QUIRK = re.compile(r"\bQ(\d+)\b")
DOC_REFERENCE = re.compile(r"\bdocs/([\w-]+\.md)(?:#([\w.-]+))?")
DOC_LINK = re.compile(r"\]\(([\w-]+\.md)?(?:#([\w.-]+))?\)")
EXPLICIT_ANCHOR = re.compile(r'<a id="([^"]+)"></a>')
HEADING = re.compile(r"^#{1,6} (.+)$", re.MULTILINE)
# The specification documents this project was written from live outside the repository.
OUTSIDE_DOCUMENTS = re.compile(r"\b(?:HUG|CORS)" + r"\.md\b")


def _source_files() -> list[Path]:
    files = []
    for top in SCANNED:
        for path in (ROOT / top).rglob("*"):
            if path.is_file() and path.suffix in SUFFIXES and "__pycache__" not in path.parts:
                files.append(path)
    return sorted(files)


def _slug(heading: str) -> str:
    """Return the anchor GitHub generates for a Markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


@cache
def _anchors(page: str) -> frozenset[str]:
    text = (DOCS / page).read_text(encoding="utf-8")
    return frozenset(EXPLICIT_ANCHOR.findall(text)) | {_slug(h) for h in HEADING.findall(text)}


def _occurrences(pattern: re.Pattern[str]) -> list[tuple[str, re.Match[str]]]:
    found = []
    for path in _source_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [(str(path.relative_to(ROOT)), match) for match in pattern.finditer(text)]
    return found


def test_every_quirk_number_in_the_code_has_an_entry_in_docs_quirks() -> None:
    anchors = _anchors("quirks.md")
    missing = {
        f"Q{m[1]} in {where}" for where, m in _occurrences(QUIRK) if f"q{m[1]}" not in anchors
    }
    assert sorted(missing) == []


def test_docs_quirks_numbers_every_quirk_from_1_to_45() -> None:
    anchors = _anchors("quirks.md")
    assert [n for n in range(1, 46) if f"q{n}" not in anchors] == []


def test_every_docs_reference_in_the_code_names_an_existing_page_and_anchor() -> None:
    broken = []
    for where, match in _occurrences(DOC_REFERENCE):
        page, anchor = match.groups()
        if not (DOCS / page).is_file():
            broken.append(f"{where}: docs/{page} does not exist")
        elif anchor and anchor not in _anchors(page):
            broken.append(f"{where}: docs/{page} has no anchor #{anchor}")
    assert broken == []


def test_the_code_does_not_refer_to_documents_outside_the_repository() -> None:
    assert sorted({where for where, _ in _occurrences(OUTSIDE_DOCUMENTS)}) == []


@pytest.mark.parametrize("page", sorted(p.name for p in DOCS.glob("*.md")))
def test_links_between_docs_pages_resolve(page: str) -> None:
    text = (DOCS / page).read_text(encoding="utf-8")
    broken = []
    for match in DOC_LINK.finditer(text):
        target, anchor = match.groups()
        target = target or page
        if not (DOCS / target).is_file():
            broken.append(f"{target} does not exist")
        elif anchor and anchor not in _anchors(target):
            broken.append(f"{target} has no anchor #{anchor}")
    assert broken == []


def test_docs_readme_indexes_every_page() -> None:
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    pages = {p.name for p in DOCS.glob("*.md")} - {"README.md"}
    assert sorted(p for p in pages if f"]({p})" not in index) == []
