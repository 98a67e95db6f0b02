"""notekit.site.Build: one build's view of the notes, exercised without MkDocs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from notekit.commands import cli
from notekit.notes.config import read_settings
from notekit.site import Build


def load(site: Path, features: bool) -> Build:
    return Build.load(replace(read_settings(site / "mkdocs.yml"), reader_features=features))


def test_a_stale_readme_is_a_problem_when_building_and_refreshed_when_previewing(site: Path):
    build = load(site, features=True)
    problems, done = build.readme_problems(refresh=False)
    assert [str(p) for p in problems] == [
        "README.md: topic table: is stale (run `python3 scripts/dev.py notes-index`)"
    ]
    assert done == ""
    problems, done = build.readme_problems(refresh=True)
    assert problems == [] and done.startswith("README.md: refreshed the topic table")
    assert cli.main(["--config", str(site / "mkdocs.yml"), "--check"]) == 0


def test_page_meta_is_escaped_and_only_notes_get_a_title(site: Path):
    build = load(site, features=False)
    meta = build.page_meta("notes/tricky-note.md")
    assert meta["title"] == "2024-01-02"
    assert meta["description"].startswith("Pipes | and a|b code, &lt;script&gt;alert(1)&lt;/script&gt;")
    assert build.page_meta("index.md") == {}  # no revision date with reader features off


def test_page_markdown_fills_the_home_table_and_leaves_other_pages_alone(site: Path):
    build = load(site, features=True)
    docs = site / "docs"
    home = build.page_markdown((docs / "index.md").read_text(), "index.md", docs)
    assert "| [First note](notes/first-note.md) |" in home
    assert build.page_markdown("# Other\n", "other.md", docs) == "# Other\n"
    # A front-matter block MkDocs could not split never reaches the page.
    raw = (docs / "notes/first-note.md").read_text()
    out = build.page_markdown(raw, "notes/first-note.md", docs)
    assert "reviewed:" not in out and '<p class="note-lede">' in out


def test_extra_files_use_the_addresses_the_generator_built(site: Path):
    build = load(site, features=True)
    build.set_urls(
        {n.src_path: n.src_path.replace(".md", ".html") for n in build.collection.notes}, "https://x.org/"
    )
    files = build.extra_files("Site", "Summary.", "https://x.org/")
    assert set(files) == {"llms.txt", "llms-full.txt", "feed.xml", "fixture-notes.apkg", "fixture-notes.csv"}
    assert "(https://x.org/notes/first-note.html)" in files["llms.txt"]
    assert load(site, features=False).extra_files("Site", "S.", "") == {}
