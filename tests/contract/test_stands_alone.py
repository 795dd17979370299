"""The project stands alone: every rule and design a text cites is in the repository.

The code once cited reference files kept outside the repository. Their content now lives
in docs/domain.md (rules), docs/architecture.md (design) and docs/content.md (the bank),
with the same section numbers. These tests keep it that way: no text names the outside
files, and every `docs/domain.md §N` or `docs/architecture.md §N` names a section that
exists. This file has to spell the old names to look for them, so it skips itself.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.contract

ROOT = Path(__file__).resolve().parents[2]
THIS = Path(__file__).resolve().relative_to(ROOT).as_posix()
TEXT_SUFFIXES = {".py", ".md", ".yaml", ".yml", ".sh", ".json", ".toml", ".html", ".txt", ".cfg", ".ini"}
TEXT_NAMES = {"Makefile", "Procfile", "run"}
SKIPPED_DIRS = (".venv/", "var/", ".git/")

OUTSIDE_REFERENCES = re.compile(
    r"\b(?:DOMAIN|DESIGN|CONTENT)\.md\b"  # the old file names
    r"|\b(?:DOMAIN|DESIGN)\s+§"  # their short form, "DESIGN §5"
    r"|\.\./shared\b|\bshared/(?:DOMAIN|DESIGN|CONTENT)\b"  # the folder they lived in
)
# `docs/domain.md §3`, `docs/domain.md` §3-5, docs/architecture.md §1, §5 and §6 …
CITATION = re.compile(
    r"docs/(?P<doc>domain|architecture)\.md`?(?P<refs>\s*§\s?\d+(?:\s*[-–]\s*§?\d+)?"
    r"(?:\s*(?:,|and|et|&)\s*§\s?\d+(?:\s*[-–]\s*§?\d+)?)*)")
SECTION_REF = re.compile(r"§\s?(\d+)(?:\s*[-–]\s*§?(\d+))?")
NUMBERED_HEADING = re.compile(r"^#{2,6}\s+(\d+)\.\s", re.MULTILINE)
CONTENT_TITLE = re.compile(r"docs/content\.md`?\s*«\s*([^»]+?)\s*»")


def tree_files() -> list[str]:
    """What git tracks, and new files it does not ignore: the tree as a clone will get it."""
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            check=True, capture_output=True).stdout.decode().split("\0")
    return sorted(rel for rel in set(filter(None, listed))
                  if not rel.startswith(SKIPPED_DIRS) and rel != THIS
                  and (Path(rel).suffix in TEXT_SUFFIXES or Path(rel).name in TEXT_NAMES)
                  and (ROOT / rel).is_file())


def texts() -> dict[str, str]:
    return {rel: (ROOT / rel).read_text(encoding="utf-8", errors="replace") for rel in tree_files()}


def numbered_sections(doc: str) -> set[int]:
    return {int(n) for n in NUMBERED_HEADING.findall((ROOT / "docs" / f"{doc}.md").read_text(encoding="utf-8"))}


def cited_sections(refs: str) -> list[int]:
    out: list[int] = []
    for first, last in SECTION_REF.findall(refs):
        out += list(range(int(first), int(last or first) + 1))
    return out


def test_the_docs_that_replace_the_outside_references_exist():
    for doc in ("domain", "architecture"):
        assert numbered_sections(doc) >= set(range(1, 10)), f"docs/{doc}.md keeps sections 1 to 9"
    assert (ROOT / "docs" / "content.md").is_file()


def test_no_text_names_a_reference_outside_the_repository():
    found = {rel: sorted({m.group(0) for m in OUTSIDE_REFERENCES.finditer(text)})
             for rel, text in texts().items() if OUTSIDE_REFERENCES.search(text)}
    assert found == {}, f"{len(found)} files still cite files outside the repository"


def test_every_cited_section_exists():
    sections = {doc: numbered_sections(doc) for doc in ("domain", "architecture")}
    missing = sorted({(rel, f"docs/{m['doc']}.md §{n}")
                      for rel, text in texts().items() for m in CITATION.finditer(text)
                      for n in cited_sections(m["refs"]) if n not in sections[m["doc"]]})
    assert missing == []


def test_every_cited_content_title_exists():
    headings = set(re.findall(r"^#{2,6}\s+(.+?)\s*$", (ROOT / "docs" / "content.md").read_text(encoding="utf-8"),
                              re.MULTILINE))
    missing = sorted({(rel, title) for rel, text in texts().items()
                      for title in CONTENT_TITLE.findall(text) if title not in headings})
    assert missing == []


def test_the_citation_reader_reads_ranges_and_lists():
    # The reader itself, on the forms the tree uses: a wrong reader would pass anything.
    refs = [cited_sections(m["refs"]) for m in CITATION.finditer(
        "(docs/domain.md §3-5) `docs/architecture.md` §1, §5 and §6; docs/domain.md §4–5; docs/domain.md §12")]
    assert refs == [[3, 4, 5], [1, 5, 6], [4, 5], [12]]
    assert OUTSIDE_REFERENCES.search("see " + "DOMAIN" + ".md §3") and not OUTSIDE_REFERENCES.search("DOMAIN_ERROR")
