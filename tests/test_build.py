"""Strict MkDocs builds: the real site, and the fixture site with broken inputs."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from conftest import ROOT, run_mkdocs, tree_snapshot
from notekit import cli
from notekit.collection import load_collection


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    """The real site, built once for this module; fails the module if the strict build fails."""
    before = tree_snapshot(ROOT / "docs")
    out = tmp_path_factory.mktemp("site")
    result = run_mkdocs(ROOT / "mkdocs.yml", out, "--strict")
    assert result.returncode == 0, result.stderr
    assert tree_snapshot(ROOT / "docs") == before, "the build wrote under docs/"
    return out


def home_rows(html: str) -> list[tuple[str, str]]:
    """(href, title) of the title link in each row of the home page's topic table."""
    table = re.search(r"<table>\s*<thead>\s*<tr>\s*<th>Note</th>.*?</table>", html, re.S)
    assert table, "no topic table on the home page"
    return [
        (href, unescape(text))
        for href, text in re.findall(r'<tr>\s*<td><a href="([^"]+)">(.*?)</a></td>', table.group(), re.S)
    ]


def test_home_table_lists_every_note_in_pages_order_with_working_links(real_site):
    notes = load_collection(ROOT / "mkdocs.yml").notes
    rows = home_rows((real_site / "index.html").read_text(encoding="utf-8"))
    assert [title for _, title in rows] == [n.title for n in notes]
    order = [
        line.strip()[2:]
        for line in (ROOT / "docs/notes/.pages").read_text().splitlines()
        if line.strip().startswith("- ")
    ]
    assert [href for href, _ in rows] == [f"notes/{name[:-3]}/" for name in order]
    for href, title in rows:
        page = (real_site / href / "index.html").read_text(encoding="utf-8")
        assert "<h1" in page and unescape(re.search(r"<title>(.*?)</title>", page).group(1)).startswith(title)


def test_sidebar_follows_the_same_order(real_site):
    titles = [n.title for n in load_collection(ROOT / "mkdocs.yml").notes]
    html = (real_site / "notes" / "multi-gpu-training" / "index.html").read_text(encoding="utf-8")
    sidebar = html[html.index("md-nav--primary") : html.index("md-sidebar--secondary")]
    labels = [
        unescape(t.strip()) for t in re.findall(r'<span class="md-ellipsis">(.*?)</span>', sidebar, re.S)
    ]
    in_order = [t for i, t in enumerate(labels) if t in titles and (i == 0 or labels[i - 1] != t)]
    assert in_order == titles


def test_readme_is_fresh_on_main():
    assert cli.main(["--config", str(ROOT / "mkdocs.yml"), "--check"]) == 0


def test_note_meta_description_is_plain_text(real_site):
    for note in load_collection(ROOT / "mkdocs.yml").notes:
        page = (real_site / Path(note.src_path).with_suffix("") / "index.html").read_text(encoding="utf-8")
        meta = re.search(r'<meta name="description" content="([^"]*)">', page).group(1)
        assert unescape(meta) == note.description_text


# --- the fixture site --------------------------------------------------------------------------


def build(site: Path, tmp_path: Path, *args: str):
    return run_mkdocs(site / "mkdocs.yml", tmp_path / "out", *args)


def test_fixture_builds_and_keeps_yaml_words_as_text(site, tmp_path):
    assert cli.main(["--config", str(site / "mkdocs.yml")]) == 0
    before = tree_snapshot(site / "docs")
    result = build(site, tmp_path, "--strict")
    assert result.returncode == 0, result.stderr
    assert tree_snapshot(site / "docs") == before
    tricky = (tmp_path / "out/notes/tricky-note/index.html").read_text(encoding="utf-8")
    assert "<title>2024-01-02 - Fixture notes</title>" in tricky
    assert (
        '<meta name="description" content="Pipes | and a|b code, &lt;script&gt;alert(1)&lt;/script&gt;'
        in tricky
    )
    assert "<script>alert" not in tricky
    second = (tmp_path / "out/notes/second-note/index.html").read_text(encoding="utf-8")
    assert "<title>no - Fixture notes</title>" in second
    home = (tmp_path / "out/index.html").read_text(encoding="utf-8")
    assert [t for _, t in home_rows(home)] == ["no", "First note", "2024-01-02"]


def test_stale_readme_fails_a_strict_build_naming_the_command(site, tmp_path):
    result = build(site, tmp_path, "--strict")  # README region still empty: stale
    assert result.returncode != 0
    assert "README.md: the topic table is stale; run `python3 scripts/dev.py notes-index`" in result.stderr


def test_stale_readme_only_warns_without_strict(site, tmp_path):
    config = site / "mkdocs.yml"
    config.write_text(config.read_text().replace("strict: true", "strict: false"))
    result = build(site, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "the topic table is stale" in result.stderr


def test_malformed_front_matter_stops_the_build_with_its_location(site, tmp_path):
    cli.main(["--config", str(site / "mkdocs.yml")])
    note = site / "docs/notes/first-note.md"
    note.write_text(note.read_text().replace("tags: [alpha]", "tags: [alpha"))
    result = build(site, tmp_path)  # even without --strict
    assert result.returncode != 0
    assert "docs/notes/first-note.md:5: front-matter: malformed YAML" in result.stderr
    assert not (tmp_path / "out/notes/first-note/index.html").exists()


def test_home_page_without_markers_fails(site, tmp_path):
    cli.main(["--config", str(site / "mkdocs.yml")])
    (site / "docs/index.md").write_text("# Home\n")
    result = build(site, tmp_path)
    assert result.returncode != 0
    assert "markers: '<!-- notes-index:start -->' is missing" in result.stderr
