from pathlib import Path

import pytest

from notekit.index import glossary
from notekit.notes.errors import NotesError
from support import ROOT

BODIES = {
    "notes/a.md": "# Title with FSDP\n\nFSDP shards weights. See [KV cache](b.md).\n\n```python\nTTFT = 1\n```\n",
    "notes/b.md": "The KV cache grows with `TTFT` and context.\n",
}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "terms.yml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(NotesError) as exc:
        glossary.load(write(tmp_path, text), "glossary/terms.yml")
    return [str(p) for p in exc.value.problems]


ENTRY = "- term: {term}\n  definition: One sentence.\n  note: {note}\n"


def test_the_project_glossary_is_valid_and_large_enough():
    notes = {
        p.relative_to(ROOT / "docs").as_posix(): p.read_text() for p in (ROOT / "docs/notes").glob("*.md")
    }
    terms = glossary.load_checked(ROOT, notes)
    assert terms is not None and len(terms.terms) >= 80
    assert [t.term.casefold() for t in terms.terms] == sorted(t.term.casefold() for t in terms.terms)
    assert len({t.anchor for t in terms.terms}) == len(terms.terms)


def test_tooltip_and_anchor(tmp_path):
    text = "- term: KV cache\n  expansion: key-value cache\n  definition: Kept keys.\n  note: b.md\n"
    term = glossary.load(write(tmp_path, text), "g.yml").terms[0]
    assert (term.anchor, term.tooltip, term.src_path) == (
        "kv-cache",
        "key-value cache: Kept keys.",
        "notes/b.md",
    )
    assert glossary.Term("recall@k", "d", "n.md").anchor == "recall-k"


def test_entry_problems_are_located(tmp_path):
    text = (
        "- term: FSDP\n  definition: One.\n  note: a.md\n  see: x\n"
        "- term: fsdp\n  definition: Two.\n  note: a.md\n"
        "- term: C++\n  definition: Three.\n  note: a.md\n"
        "- term: TTFT\n  definition: Has `code`.\n  note: a.md\n"
        "- term: KL\n  note: a.md\n"
    )
    assert problems(tmp_path, text) == [
        "glossary/terms.yml:4: see: unknown key (use term, expansion, definition, note)",
        "glossary/terms.yml:8: term: 'C++' has characters a tooltip cannot match (letters, digits, spaces and . @ + / - only, starting and ending with a letter or digit)",
        "glossary/terms.yml:12: definition: must be one or two sentences of plain text (no Markdown: it is also the tooltip)",
        "glossary/terms.yml:14: definition: missing or empty (every entry needs it)",
        "glossary/terms.yml:5: term: duplicate term 'fsdp', also on line 1 (merge the two entries)",
    ]


def test_malformed_yaml_is_located(tmp_path):
    assert problems(tmp_path, "- term: A\n  definition: x: y\n  note: a.md\n") == [
        "glossary/terms.yml:2: glossary: malformed YAML: mapping values are not allowed in this context"
    ]


def test_checks_against_the_notes(tmp_path):
    text = ENTRY.format(term="FSDP", note="a.md") + ENTRY.format(term="TTFT", note="b.md")
    text += ENTRY.format(term="KV cache", note="a.md") + ENTRY.format(term="DPO", note="zz.md")
    terms = glossary.load(write(tmp_path, text), "glossary/terms.yml")
    assert [str(p) for p in glossary.check(terms, BODIES)] == [
        "glossary/terms.yml:12: note: no such note 'zz.md' (name a file in docs/notes/, e.g. a.md)",
        "glossary/terms.yml:9: note: a.md never uses 'KV cache' outside code, headings and links (it appears in b.md)",
        "glossary/terms.yml:6: note: b.md never uses 'TTFT' outside code, headings and links (no note uses it: remove the entry)",
    ]


def test_a_missing_note_is_named_with_the_closest_one(tmp_path):
    text = ENTRY.format(term="FSDP", note="a.md") + ENTRY.format(term="KV cache", note="bb.md")
    terms = glossary.load(write(tmp_path, text), "glossary/terms.yml")
    assert [str(p) for p in glossary.check(terms, BODIES)] == [
        "glossary/terms.yml:6: note: no such note 'bb.md' (did you mean 'b.md'?)"
    ]
    assert [str(p) for p in glossary.check(terms, {})] == [
        "glossary/terms.yml:3: note: no such note 'a.md' (add the note first)",
        "glossary/terms.yml:6: note: no such note 'bb.md' (add the note first)",
    ]


def test_a_file_not_in_utf8_is_located_not_a_traceback(tmp_path):
    path = tmp_path / "terms.yml"
    path.write_bytes(ENTRY.format(term="Caf\xe9", note="a.md").encode("latin-1"))
    with pytest.raises(NotesError) as exc:
        glossary.load(path, "glossary/terms.yml")
    assert [str(p) for p in exc.value.problems] == [
        "glossary/terms.yml:1: encoding: not valid UTF-8 (save the file as UTF-8)"
    ]


def test_usage_skips_code_headings_and_link_text(tmp_path):
    text = ENTRY.format(term="FSDP", note="a.md") + ENTRY.format(term="KV cache", note="b.md")
    text += ENTRY.format(term="TTFT", note="b.md")
    terms = glossary.load(write(tmp_path, text), "g.yml")
    used = glossary.usage(terms, BODIES)
    assert dict(used["notes/a.md"]) == {"FSDP": 1}
    assert dict(used["notes/b.md"]) == {"KV cache": 1}


def test_page_is_alphabetical_with_an_anchor_per_term(tmp_path):
    text = ENTRY.format(term="TTFT", note="b.md") + ENTRY.format(term="1F1B", note="a.md")
    text += "- term: FSDP\n  expansion: Fully Sharded\n  definition: Shards.\n  note: a.md\n"
    terms = glossary.load(write(tmp_path, text), "g.yml")
    page = glossary.page_markdown(terms, {"notes/a.md": "Note A"})
    assert page.splitlines()[4:] == [
        "## 0–9 { #letter-digits }", "", "### 1F1B { #1f1b }", "", "One sentence. Explained in [Note A](notes/a.md).",
        "", "## F { #letter-f }", "", "### FSDP { #fsdp }", "", "**Fully Sharded.** Shards. Explained in [Note A](notes/a.md).",
        "", "## T { #letter-t }", "", "### TTFT { #ttft }", "", "One sentence. Explained in [b.md](notes/b.md).",
    ]  # fmt: skip


def test_no_glossary_file_means_no_glossary(tmp_path):
    assert glossary.load_checked(tmp_path, BODIES) is None
