"""Strict MkDocs builds: the real site, and the fixture site with broken inputs."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from notekit import cli
from notekit.collection import load_collection
from support import ROOT, run_mkdocs, tree_snapshot


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    """The real site, built once for this module; fails the module if the strict build fails."""
    before = tree_snapshot(ROOT / "docs")
    out = tmp_path_factory.mktemp("site")
    result = run_mkdocs(ROOT / "mkdocs.yml", out, "--strict")
    assert result.returncode == 0, result.stderr
    (out.parent / f"{out.name}.log").write_text(result.stderr, encoding="utf-8")
    assert tree_snapshot(ROOT / "docs") == before, "the build wrote under docs/"
    return out


def home_rows(html: str) -> list[tuple[str, str]]:
    """(href, title) of the title link in each row of the home page's topic table."""
    table = re.search(r"<table>\s*<thead>\s*<tr>\s*<th>Note</th>.*?</table>", html, re.S)
    assert table, "no topic table on the home page"
    return [
        (href, unescape(text))
        for href, text in re.findall(
            r'<tr>\s*<td><a (?:data-preview="" )?href="([^"]+)">(.*?)</a></td>', table.group(), re.S
        )
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


# --- reader features on the real site ----------------------------------------------------------


def note_html(real_site: Path, note) -> str:
    return (real_site / Path(note.src_path).with_suffix("") / "index.html").read_text(encoding="utf-8")


def section_links(html: str, section_id: str) -> list[str]:
    match = re.search(rf'<h2 id="{section_id}">.*?</h2>\s*<ul>(.*?)</ul>', html, re.S)
    return re.findall(r'<a (?:data-preview="" )?href="([^"]+)">', match.group(1)) if match else []


def test_related_and_backlinks_sections_link_to_real_notes(real_site):
    from notekit import graph

    notes = load_collection(ROOT / "mkdocs.yml").notes
    connections = graph.connect(notes)
    for note in notes:
        html = note_html(real_site, note)
        related = section_links(html, "related-notes")
        assert related == [f"../{Path(n.src_path).stem}/" for n in connections.related[note.src_path]]
        backlinks = section_links(html, "linked-from")
        assert backlinks == [f"../{Path(n.src_path).stem}/" for n in connections.backlinks[note.src_path]]
        for href in related + backlinks:
            assert (real_site / "notes" / href.strip("./") / "index.html").exists()
        assert re.search(r'<p class="note-reading-time">\d+ min read</p>', html)
    assert any(connections.backlinks.values()), "no note links to another: backlinks untested"


def test_llms_txt_and_feed_list_every_note_with_its_url(real_site):
    import xml.etree.ElementTree as ET

    notes = load_collection(ROOT / "mkdocs.yml").notes
    site_url = "https://llm-study-notes.github.io/llm-study-notes/"
    urls = [f"{site_url}{n.src_path.removesuffix('.md')}/" for n in notes]
    llms = (real_site / "llms.txt").read_text(encoding="utf-8")
    for url, note in zip(urls, notes, strict=True):
        assert f"- [{note.title}]({url}): {note.description_text}" in llms
    full = (real_site / "llms-full.txt").read_text(encoding="utf-8")
    assert all(f"# {n.title}" in full for n in notes) and "\ntags:" not in full
    feed = ET.parse(real_site / "feed.xml")
    items = list(feed.iter("item"))
    assert sorted(item.findtext("link") for item in items) == sorted(urls)
    assert {item.findtext("title"): item.findtext("description") for item in items} == {
        n.title: n.description_html for n in notes
    }


def test_every_note_shows_when_it_last_changed_in_git(real_site):
    from notekit import history

    dates = history.last_changed(ROOT / "docs")
    for note in load_collection(ROOT / "mkdocs.yml").notes:
        when = dates.get(note.src_path) if dates else None
        html = note_html(real_site, note)
        assert re.search(r'title="Last update">.*?<time datetime="\d{4}-\d{2}-\d{2}">', html, re.S)
        if when:  # committed: the page shows the commit's date, not the build's
            assert f'<time datetime="{when:%Y-%m-%d}">' in html


def test_sharing_meta_and_sitemap(real_site):
    note = load_collection(ROOT / "mkdocs.yml").notes[0]
    html = note_html(real_site, note)
    assert f'<meta property="og:title" content="{note.title}">' in html
    assert re.search(r'<meta property="og:description" content="[^"]+">', html)
    assert '<meta name="twitter:card" content="summary">' in html
    assert '<link rel="canonical" href="https://llm-study-notes.github.io/llm-study-notes/notes/' in html
    sitemap = (real_site / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<loc>") >= len(load_collection(ROOT / "mkdocs.yml").notes) + 2
    assert (real_site / "404.html").exists()


def test_tags_page_lists_each_note_under_each_of_its_tags(real_site):
    html = (real_site / "tags" / "index.html").read_text(encoding="utf-8")
    for note in load_collection(ROOT / "mkdocs.yml").notes:
        for tag in note.tags:
            block = re.search(rf'<h2 id="tag:{re.escape(tag)}">.*?</ul>', html, re.S)
            assert block, f"no section for tag {tag}"
            assert f'href="../{note.src_path.removesuffix(".md")}/"' in block.group(), (tag, note.title)


def test_search_index_shows_each_note_description_first(real_site):
    import json

    docs = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    for note in load_collection(ROOT / "mkdocs.yml").notes:
        page = note.src_path.removesuffix(".md") + "/"
        first = next(d for d in docs if d["location"].startswith(page) and d["text"])
        assert unescape(re.sub(r"<[^>]+>", "", first["text"])).startswith(note.description_text), note.title


ASSET_REFS = re.compile(
    r'<(?:script|img|source|iframe)\b[^>]*\bsrc="([^"]+)"|<link\b[^>]*\bhref="([^"]+)"[^>]*>'
)


def external_requests(real_site: Path) -> set[str]:
    """Every URL on another origin that a built page or style sheet would make the browser load."""
    found = set()
    for page in real_site.rglob("*.html"):
        for match in ASSET_REFS.finditer(page.read_text(encoding="utf-8")):
            url = match.group(1) or match.group(2)
            tag = match.group(0)
            if match.group(2) and not re.search(
                r'rel="(stylesheet|preload|modulepreload|icon|manifest)"', tag
            ):
                continue  # canonical, alternate, and other links the browser does not fetch
            if url.startswith(("http://", "https://", "//")):
                found.add(url)
    for sheet in real_site.rglob("*.css"):
        found.update(re.findall(r"url\(\s*[\"']?((?:https?:)?//[^)\"']+)", sheet.read_text(encoding="utf-8")))
    for script in (real_site / "assets" / "javascripts").glob("bundle.*.js"):
        found.update(re.findall(r"https://unpkg\.com/[^\"']+", script.read_text(encoding="utf-8")))
    return found


def test_pages_request_nothing_from_another_origin(real_site):
    from notekit import assets

    log = (real_site.parent / f"{real_site.name}.log").read_text(encoding="utf-8")
    external = [p for p in assets.PACKAGES if f"{p.spec} stays external" in log]
    # Material's bundle names a polyfill it loads only in browsers without ResizeObserver (none that
    # Material supports); no page view in a current browser requests it.
    allowed = (*(p.url_prefix for p in external), "https://unpkg.com/resize-observer-polyfill")
    leftovers = {url for url in external_requests(real_site) if not url.startswith(allowed)}
    assert leftovers == set(), f"pages load from other origins: {sorted(leftovers)}"
    for package in assets.PACKAGES:
        if package in external or package.offline_only:
            continue  # the build said so, in the log, naming the package and its CDN
        for path in package.files:
            if path.endswith((".js", ".css", ".woff2")):  # woff and ttf are fallbacks we do not ship
                assert assets.cache_path(real_site / "assets" / "external", package.url(path)).is_file(), path


def test_offline_build_opens_from_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("OFFLINE", "true")
    out = tmp_path / "offline"
    result = run_mkdocs(ROOT / "mkdocs.yml", out, "--strict")
    assert result.returncode == 0, result.stderr
    home = (out / "index.html").read_text(encoding="utf-8")
    # file:// has no directory index: every link names its .html file, and search needs no server.
    assert 'href="notes/common-llm-files.html"' in home
    assert (out / "notes" / "common-llm-files.html").exists()
    assert (out / "search" / "search_index.js").exists()
    assert not re.search(r'<script src="https?://', home)


def test_a_copy_without_git_history_still_builds_strict(tmp_path):
    import shutil

    copy = tmp_path / "tarball"
    ignore = shutil.ignore_patterns(
        ".venv", ".git", "site", ".cache", "benchmarks", "*.egg-info", "__pycache__"
    )
    shutil.copytree(ROOT, copy, ignore=ignore)
    result = run_mkdocs(copy / "mkdocs.yml", tmp_path / "out", "--strict")
    assert result.returncode == 0, result.stderr
    assert "no git history here: page dates and the feed fall back to the build date" in result.stderr
    page = (tmp_path / "out" / "notes" / "common-llm-files" / "index.html").read_text(encoding="utf-8")
    assert 'title="Last update"' in page and "<time datetime=" in page


def test_a_renamed_note_keeps_its_old_url(site, tmp_path):
    notes = site / "docs" / "notes"
    (notes / "first-note.md").rename(notes / "renamed-note.md")
    pages = notes / ".pages"
    pages.write_text(pages.read_text().replace("first-note.md", "renamed-note.md"))
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  - search\n",
            "  - search\n  - redirects:\n      redirect_maps:\n        notes/first-note.md: notes/renamed-note.md\n",
        )
    )
    assert cli.main(["--config", str(config)]) == 0
    result = build(site, tmp_path, "--strict")
    assert result.returncode == 0, result.stderr
    old = (tmp_path / "out" / "notes" / "first-note" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<meta http-equiv="refresh" content="0; url=\.\./renamed-note/">', old), old
    assert (tmp_path / "out" / "notes" / "renamed-note" / "index.html").exists()


def test_a_long_notes_section_is_split_into_groups_in_order(tmp_path):
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import sitegen

    config = sitegen.generate(tmp_path / "big", 230)
    assert cli.main(["--config", str(config)]) == 0
    result = run_mkdocs(config, tmp_path / "out", "--strict")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "notes" / "note-0150" / "index.html").read_text(encoding="utf-8")
    sidebar = html[html.index("md-nav--primary") : html.index("md-sidebar--secondary")]
    groups = re.findall(r"Notes (\d+)\u2013(\d+)", sidebar)
    assert [(int(a), int(b)) for a, b in dict.fromkeys(groups)] == [
        (1, 50), (51, 100), (101, 150), (151, 200), (201, 230)
    ]  # fmt: skip
    # navigation.prune: this page's sidebar lists its own group's notes, not the others'.
    assert 'href="../note-0180/"' in sidebar and 'href="../note-0120/"' not in sidebar


def test_reader_features_can_be_turned_off_for_a_quick_preview(tmp_path, monkeypatch):
    monkeypatch.setenv("READER_FEATURES", "false")
    result = run_mkdocs(ROOT / "mkdocs.yml", tmp_path / "out", "--strict")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "notes" / "common-llm-files" / "index.html").read_text(encoding="utf-8")
    assert "related-notes" not in page and "note-lede" not in page
    assert not (tmp_path / "out" / "llms.txt").exists()
    home = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert len(home_rows(home)) == len(load_collection(ROOT / "mkdocs.yml").notes)  # the index stays


def test_offline_llms_txt_and_feed_link_to_the_html_files(tmp_path, monkeypatch):
    monkeypatch.setenv("OFFLINE", "true")
    out = tmp_path / "offline"
    assert run_mkdocs(ROOT / "mkdocs.yml", out, "--strict").returncode == 0
    llms = (out / "llms.txt").read_text(encoding="utf-8")
    for note in load_collection(ROOT / "mkdocs.yml").notes:
        target = note.src_path.removesuffix(".md") + ".html"
        assert f"]({target}):" in llms and (out / target).exists()
    assert "<link>notes/common-llm-files.html</link>" in (out / "feed.xml").read_text(encoding="utf-8")
