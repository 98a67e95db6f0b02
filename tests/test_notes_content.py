"""What every study note must have (issue: the eight notes), checked on the real notes."""

from __future__ import annotations

import re

import pytest

from notekit.notes.collection import load_collection
from support import ROOT

NOTES = load_collection(ROOT / "mkdocs.yml").notes
FENCE_OPEN = re.compile(r"^(`{3,})(.*)$", re.M)


def fences(body: str) -> list[str]:
    """The info strings of the opening fences (closing fences skipped)."""
    infos, open_fence = [], None
    for match in FENCE_OPEN.finditer(body):
        ticks, info = match.groups()
        if open_fence is None:
            open_fence = ticks
            infos.append(info.strip())
        elif ticks == open_fence and not info.strip():
            open_fence = None
    return infos


EIGHT_TOPICS = [
    "LLM deployment with llama.cpp",
    "Common LLM-related files",
    "A comprehensive overview from training to inference",
    "A developer's guide to LLMOps",
    "How to productionize large language models",
    "Generate and use synthetic data for fine-tuning",
    "Multi-GPU training of LLMs from scratch",
    "MCP, the Model Context Protocol",
]


def test_the_eight_topics_keep_their_order():
    # New notes (python3 scripts/dev.py new-note ...) may sit between these eight in
    # docs/notes/.pages (model-sizing.md follows common-llm-files.md), but the eight stay
    # present and in this order.
    titles = [n.title for n in NOTES]
    assert [t for t in titles if t in EIGHT_TOPICS] == EIGHT_TOPICS


def test_the_newcomers_introduction_comes_first():
    assert NOTES[0].title == "An introduction to AI for newcomers"


@pytest.mark.parametrize("note", NOTES, ids=[n.src_path for n in NOTES])
def test_note_meets_the_checklist(note):
    words = len(note.body.split())
    assert 1500 <= words <= 6500, f"{note.path}: {words} words"
    assert len(note.sources) >= 3, f"{note.path}: fewer than three sources"
    assert note.body.lstrip().startswith(f"# {note.title}\n"), f"{note.path}: the H1 must equal the title"
    headings = re.findall(r"^## (.+)$", note.body, re.M)
    assert len(headings) >= 4, f"{note.path}: too few sections for a useful table of contents"
    assert re.match(r"(Summary|Checklist)\b", headings[-1]), f"{note.path}: last section {headings[-1]!r}"
    infos = fences(note.body)
    assert "mermaid" in infos or re.search(r"^\| ?-{3}", note.body, re.M), f"{note.path}: no diagram or table"
    assert all(infos), f"{note.path}: a code block without a language"
    assert "pypi.org" not in note.body and "npmjs" not in note.body


def test_notes_link_to_each_other():
    for note in NOTES:
        others = [n for n in NOTES if n is not note and f"]({n.src_path.split('/')[-1]}" in note.body]
        assert others, f"{note.path} links to no other note"
