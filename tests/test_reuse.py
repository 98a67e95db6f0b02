"""scripts/hooks/reuse.py: a page parsed by an earlier build from the same inputs is reused, and
the site it gives is the one a fresh build gives, whatever changed in between."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from notekit.commands import cli
from support import ROOT, run_mkdocs, tree_snapshot

NOTE = Path("docs/notes/second-note.md")
PNG = base64.b64decode(  # one transparent pixel
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@pytest.fixture
def reusing(site: Path) -> Path:
    """The fixture site (its hooks are mkdocs.yml's: the reuse hook after the notes hook)."""
    assert "scripts/hooks/reuse.py" in (site / "mkdocs.yml").read_text(encoding="utf-8")
    assert cli.main(["--config", str(site / "mkdocs.yml")]) == 0  # the README's table, as the build wants it
    return site


def store(project: Path) -> Path:
    """The folder of the fixture's page stores (its render cache is its own: .cache/render)."""
    return project / ".cache" / "render" / "pages"


def build(project: Path, out: str, *extra: str) -> tuple[int, str, dict[str, bytes], int]:
    """(exit code, log, the built files but the feed, pages reused). Without git history the
    feed's dates are the time of the build, reused pages or not."""
    site_dir = project.parent / out
    done = run_mkdocs(project / "mkdocs.yml", site_dir, *extra)
    reused = re.search(r"reused from an earlier build: (\d+) parsed pages", done.stderr)
    files = tree_snapshot(site_dir) if site_dir.is_dir() else {}
    files.pop("feed.xml", None)
    return done.returncode, done.stderr, files, int(reused.group(1)) if reused else 0


def warnings(log: str) -> list[str]:
    return [line for line in log.splitlines() if line.startswith("WARNING")]


def edit(project: Path, path: Path, old: str, new: str) -> None:
    file = project / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_build_reuses_each_unchanged_page_and_writes_the_site_a_fresh_build_writes(reusing: Path):
    code, log, cold, reused = build(reusing, "cold")
    assert code == 0, log
    assert reused == 0
    code, log, warm, reused = build(reusing, "warm")
    assert code == 0, log
    pages = [name for name in warm if name.endswith(".html") and name != "404.html"]
    assert reused == len(pages) >= 4
    assert warm == cold
    assert len(list(store(reusing).glob("*.json"))) == 1
    edit(reusing, NOTE, "Text.", "Text, edited.")
    code, log, edited, reused = build(reusing, "edited")
    assert code == 0, log
    assert reused == len(pages) - 1
    shutil.rmtree(store(reusing))
    _, _, fresh, reused = build(reusing, "fresh")
    assert reused == 0
    assert edited == fresh != cold
    assert "Text, edited." in edited["notes/second-note/index.html"].decode()
    # A damaged store is read as empty (every kind of damage: tests/test_page_store.py) and written whole.
    (kept,) = store(reusing).glob("*.json")
    kept.write_text('{"format": 1, "entries": {"truncated', encoding="utf-8")
    code, log, again, reused = build(reusing, "damaged")
    assert code == 0 and reused == 0, log
    assert again == edited
    assert json.loads(kept.read_text(encoding="utf-8"))["format"] == 1
    # A changed setting of a Markdown extension parses every page again.
    edit(reusing, Path("mkdocs.yml"), "permalink: true", 'permalink: "§"')
    code, log, changed, reused = build(reusing, "changed")
    assert code == 0 and reused == 0, log
    assert "§</a>" in changed["notes/second-note/index.html"].decode()


def test_a_reused_page_logs_its_problems_again_and_a_strict_build_still_fails(reusing: Path):
    edit(
        reusing,
        NOTE,
        "Text.",
        "Text, see [a missing note](missing.md) and [a missing heading](first-note.md#nowhere).",
    )
    code, log, _, _ = build(reusing, "first", "--no-strict")
    assert code == 0, log
    first = warnings(log)
    assert any("missing.md" in line for line in first) and any("nowhere" in line for line in first)
    code, log, _, reused = build(reusing, "again", "--no-strict")
    assert code == 0 and reused, log
    assert warnings(log) == first
    code, log, _, reused = build(reusing, "strict", "--strict")
    assert code != 0 and reused
    assert any("missing.md" in line for line in warnings(log))


def test_a_reused_page_sees_a_file_added_since(reusing: Path):
    # Links are resolved against every file of the site: a page that linked to a missing image
    # is parsed again once the image exists, and links to it.
    edit(reusing, NOTE, "Text.", "Text.\n\n![A figure](figure.png)")
    code, log, _, _ = build(reusing, "first", "--no-strict")
    assert code == 0 and any("figure.png" in line for line in warnings(log)), log
    (reusing / "docs" / "notes" / "figure.png").write_bytes(PNG)
    code, log, warm, _ = build(reusing, "warm", "--strict")
    assert code == 0, log
    assert b'src="../figure.png"' in warm["notes/second-note/index.html"]


def test_a_page_that_pulls_in_another_file_shows_its_newest_text(reusing: Path):
    config = reusing / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "  - pymdownx.snippets:\n      base_path: [docs]\n",
        encoding="utf-8",
    )
    (reusing / "docs" / "part.txt").write_text("First words.\n", encoding="utf-8")
    edit(reusing, NOTE, "Text.", 'Text.\n\n--8<-- "part.txt"')
    _, log, first, _ = build(reusing, "first", "--no-strict")
    assert "First words." in first["notes/second-note/index.html"].decode(), log
    (reusing / "docs" / "part.txt").write_text("Second words.\n", encoding="utf-8")
    _, log, warm, reused = build(reusing, "warm", "--no-strict")
    assert reused, log
    assert "Second words." in warm["notes/second-note/index.html"].decode()
    # llms-full.txt looks where the site's snippets extension does (its base_path is docs/ here).
    assert "Second words." in warm["llms-full.txt"].decode()


@pytest.mark.slow
def test_the_real_site_built_again_from_reused_pages_is_the_same_site(tmp_path: Path):
    # Diagrams and formulas drawn: each reused page brings its drawing record back (which style
    # sheet and scripts it needs, what search reads of its drawings). The drawn fragments come from
    # the tests' render cache, copied without its page stores.
    cache = tmp_path / "render"
    drawn = Path(os.environ.get("RENDER_CACHE", ROOT / ".cache" / "render"))
    if drawn.is_dir():
        shutil.copytree(drawn, cache, ignore=shutil.ignore_patterns("pages", "templates"))
    env = {"RENDER_CACHE": str(cache), "PRERENDER": "true", "SITE_URL": "https://notes.example.org/reuse/"}
    first = run_mkdocs(ROOT / "mkdocs.yml", tmp_path / "first", "--strict", env=env)
    assert first.returncode == 0, first.stderr
    assert "reused from an earlier build" not in first.stderr
    second = run_mkdocs(ROOT / "mkdocs.yml", tmp_path / "second", "--strict", env=env)
    assert second.returncode == 0, second.stderr
    built = tree_snapshot(tmp_path / "second")
    pages = [name for name in built if name.endswith(".html") and name != "404.html"]
    # All but the book (print-site joins the other pages) and the MCP note (it pulls code in).
    assert f"reused from an earlier build: {len(pages) - 2} parsed pages" in second.stderr
    assert built == tree_snapshot(tmp_path / "first")
    assert b'class="katex"' in built["notes/multi-gpu-training/index.html"]
    assert b"<svg" in built["notes/multi-gpu-training/index.html"]
