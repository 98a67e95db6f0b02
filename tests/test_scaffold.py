"""The `new-note` command end to end on a copy of the fixture site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from notekit.commands import cli, scaffold
from notekit.notes.collection import load_collection
from notekit.notes.config import Settings
from notekit.outputs import readme
from support import run_mkdocs, tree_snapshot


def run(site: Path, *args: str, capsys) -> tuple[int, str, str]:
    code = scaffold.main([*args, "--config", str(site / "mkdocs.yml")])
    out = capsys.readouterr()
    return code, out.out, out.err


def pages_entries(site: Path) -> list[str]:
    text = (site / "docs" / "notes" / ".pages").read_text(encoding="utf-8")
    return [line.strip()[2:] for line in text.splitlines() if line.strip().startswith("- ")]


def test_creates_a_valid_note_lists_it_last_and_refreshes_readme(site, capsys):
    code, out, err = run(site, "KV cache basics", "--tag", "rag", "--tag", "alpha", capsys=capsys)
    assert code == 0, err
    note = site / "docs" / "notes" / "kv-cache-basics.md"
    assert f"Created docs/notes/{note.name} and docs/notes/kv-cache-basics.questions.yml." in out
    notes = load_collection(site / "mkdocs.yml").notes
    assert [n.title for n in notes] == ["no", "First note", "2024-01-02", "KV cache basics"]
    created = notes[-1]
    assert created.tags == ("rag", "alpha") and created.sources == ()
    assert created.description.startswith("TODO: say in one sentence")
    assert created.body.startswith("\n# KV cache basics\n")
    assert created.body.rstrip().splitlines()[-3] == "## Summary"
    assert pages_entries(site)[-1] == "kv-cache-basics.md"
    assert readme.check(load_collection(site / "mkdocs.yml")) == (True, "")
    assert "| [KV cache basics](docs/notes/kv-cache-basics.md) |" in (site / "README.md").read_text()


def test_a_second_run_refuses_and_changes_nothing(site, capsys):
    assert run(site, "KV cache basics", "--tag", "rag", capsys=capsys)[0] == 0
    before = tree_snapshot(site)
    code, out, err = run(site, "KV cache basics", "--tag", "rag", capsys=capsys)
    assert code == 1 and out == ""
    assert err == (
        "docs/notes/kv-cache-basics.md:1: file name: a note with this name already exists "
        "(edit that note, or choose a different title)\n"
    )
    assert tree_snapshot(site) == before


REFUSALS = {
    "no tag": (
        ["A topic"],
        "new-note: --tag: give at least one tag (allowed: alpha, beta, gamma, rag)",
    ),
    "unknown tag": (
        ["A topic", "--tag", "rags"],
        "new-note: --tag: unknown tag 'rags' (did you mean 'rag'?)",
    ),
    "unknown tag, nothing close": (
        ["A topic", "--tag", "zzz"],
        "new-note: --tag: unknown tag 'zzz' (allowed: alpha, beta, gamma, rag)",
    ),
    "tag given twice": (
        ["A topic", "--tag", "rag", "--tag", "rag"],
        "new-note: --tag: tag 'rag' is listed twice (remove the repeat)",
    ),
    "empty slug": (
        ["日本語", "--tag", "rag"],
        "new-note: title: '日本語' has no ASCII letters or digits to make a file name from",
    ),
    "only punctuation": (["?!", "--tag", "rag"], "new-note: title: '?!' has no ASCII letters or digits"),
    "blank title": (["   ", "--tag", "rag"], "new-note: title: is empty"),
    "two-line title": (["One\nTwo", "--tag", "rag"], "new-note: title: must be a single line"),
    "reserved slug": (["Index", "--tag", "rag"], "new-note: title: 'index.md' is reserved"),
    "slug clashes with a note": (
        ["First-Note!", "--tag", "rag"],
        "docs/notes/first-note.md:1: file name: a note with this name already exists",
    ),
    "title taken, other case": (
        ["NO", "--tag", "rag"],
        "docs/notes/second-note.md:2: title: 'no' is already the title of this note "
        "(titles must be unique across notes; choose another title)",
    ),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_refusals_exit_1_with_one_line_and_write_nothing(site, capsys, case):
    args, expected = REFUSALS[case]
    before = tree_snapshot(site)
    code, out, err = run(site, *args, capsys=capsys)
    assert code == 1 and out == ""
    assert err.startswith(expected), err
    assert err.count("\n") == 1, err
    assert tree_snapshot(site) == before


def test_seven_distinct_tags_are_too_many():
    # The fixture allows only four tags, so this limit is checked on the function itself.
    allowed = frozenset(f"t{i}" for i in range(7))
    settings = Settings(Path("/repo"), Path("/repo/docs"), allowed)
    with pytest.raises(scaffold.Refused, match=r"--tag: 7 tags, expected 1 to 6"):
        scaffold.checked_note("Seven tags", sorted(allowed), settings)


def test_an_invalid_existing_note_blocks_the_new_one(site, capsys):
    first = site / "docs" / "notes" / "first-note.md"
    first.write_text(first.read_text().replace("tags: [alpha]", "tags: [alpah]"))
    before = tree_snapshot(site)
    code, _, err = run(site, "A topic", "--tag", "rag", capsys=capsys)
    assert code == 1
    assert "docs/notes/first-note.md:4: tags: unknown tag 'alpah' (did you mean 'alpha'?)" in err
    assert err.rstrip().endswith("new-note: fix the problems above first; nothing was written.")
    assert tree_snapshot(site) == before


def test_broken_readme_markers_are_found_before_anything_is_written(site, capsys):
    (site / "README.md").write_text("# No markers here\n")
    before = tree_snapshot(site)
    code, _, err = run(site, "A topic", "--tag", "rag", capsys=capsys)
    assert code == 1 and "README.md:1: markers: '<!-- notes-index:start -->' is missing" in err
    assert tree_snapshot(site) == before


def test_pages_comments_layout_and_crlf_survive(site, capsys):
    pages = site / "docs" / "notes" / ".pages"
    original = (
        "# The sidebar order.\r\n"
        "nav:\r\n"
        "    - second-note.md   # oldest first\r\n"
        "    - First: first-note.md\r\n"
        "    - tricky-note.md\r\n"
        "\r\n"
        "# A trailing comment stays last.\r\n"
    )
    pages.write_bytes(original.encode())
    assert run(site, "A topic", "--tag", "rag", capsys=capsys)[0] == 0
    assert pages.read_bytes().decode() == original.replace(
        "    - tricky-note.md\r\n", "    - tricky-note.md\r\n    - a-topic.md\r\n"
    )


def test_pages_without_a_final_newline(site, capsys):
    pages = site / "docs" / "notes" / ".pages"
    pages.write_text(pages.read_text().rstrip("\n"))
    assert run(site, "A topic", "--tag", "rag", capsys=capsys)[0] == 0
    assert pages.read_text().endswith("  - tricky-note.md\n  - a-topic.md\n")


def test_flow_style_nav_is_refused(site, capsys):
    pages = site / "docs" / "notes" / ".pages"
    pages.write_text("nav: [second-note.md, first-note.md, tricky-note.md]\n")
    before = tree_snapshot(site)
    code, _, err = run(site, "A topic", "--tag", "rag", capsys=capsys)
    assert code == 1
    assert err == (
        "docs/notes/.pages:1: nav: written in flow style, which new-note cannot extend "
        "(list the notes one `- file.md` per line)\n"
    )
    assert tree_snapshot(site) == before


def test_without_a_pages_file_only_the_note_and_readme_change(site, capsys):
    (site / "docs" / "notes" / ".pages").unlink()
    code, out, _ = run(site, "A topic", "--tag", "rag", capsys=capsys)
    assert code == 0 and ".pages" not in out
    assert [n.src_path for n in load_collection(site / "mkdocs.yml").notes][0] == "notes/a-topic.md"


@pytest.mark.parametrize("title", ["no", "2024: a year in review", "Pipes | and `a: b` #hash", " 'quoted' "])
def test_titles_that_need_yaml_quoting_round_trip(site, capsys, title):
    expected = title.strip()
    if expected == "no":
        (site / "docs" / "notes" / "second-note.md").unlink()  # free the title for this case
        pages = site / "docs" / "notes" / ".pages"
        pages.write_text(pages.read_text().replace("  - second-note.md\n", ""))
    code, _, err = run(site, title, "--tag", "beta", capsys=capsys)
    assert code == 0, err
    assert load_collection(site / "mkdocs.yml").notes[-1].title == expected


def test_the_new_note_builds_strictly_once_its_todos_and_sources_are_written(site, tmp_path, capsys):
    # Kept as written, the outline is refused (tests/test_drafts.py); filled in, it builds.
    assert run(site, "KV cache basics", "--tag", "rag", capsys=capsys)[0] == 0
    note = site / "docs" / "notes" / "kv-cache-basics.md"
    sources = "sources:\n" + "".join(
        f"  - title: Source {i}\n    url: https://example.org/{i}\n    kind: docs\n" for i in range(3)
    )
    text = re.sub(r"TODO: [^\n\"]*", lambda m: f"Own words {m.start()}.", note.read_text(encoding="utf-8"))
    text = re.sub(r"# sources:[^\n]*\n", sources, text)
    note.write_text(text.replace("flowchart LR", "flowchart TD"), encoding="utf-8")
    asked = note.with_name("kv-cache-basics.questions.yml")
    asked.write_text(
        re.sub(r"TODO: [^\n\"]*", lambda m: f"Own words {m.start()}.", asked.read_text(encoding="utf-8"))
    )
    assert cli.main(["--config", str(site / "mkdocs.yml")]) == 0  # the description changed
    capsys.readouterr()
    result = run_mkdocs(site / "mkdocs.yml", tmp_path / "out", "--strict")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "notes" / "kv-cache-basics" / "index.html").is_file()


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("LLM deployment with llama.cpp", "llm-deployment-with-llama-cpp"),
        ("A developer's guide to LLMOps", "a-developers-guide-to-llmops"),
        ("Café, crème & Straße", "cafe-creme-strasse"),
        ("  Multi--GPU   training!  ", "multi-gpu-training"),
        ("MCP, the Model Context Protocol", "mcp-the-model-context-protocol"),
        ("日本語", ""),
    ],
)
def test_slugify(title, slug):
    assert scaffold.slugify(title) == slug


def test_missing_config_is_reported(tmp_path, capsys):
    assert scaffold.main(["A topic", "--tag", "rag", "--config", str(tmp_path / "mkdocs.yml")]) == 2
    assert "mkdocs.yml:1: config: file not found" in capsys.readouterr().err
