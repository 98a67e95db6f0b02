"""Strict MkDocs builds: the real site, and the fixture site with broken inputs."""

from __future__ import annotations

import os
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from notekit.commands import cli
from notekit.notes.collection import load_collection
from notekit.notes.config import read_settings
from notekit.notes.inline import markdown_text
from notekit.site import Build
from support import ROOT, run_mkdocs, tree_snapshot


@pytest.fixture
def real_site(live_site) -> Path:
    """The real site's files, from the session's one strict build (tests/conftest.py)."""
    return live_site.root


def home_rows(html: str) -> list[tuple[str, str]]:
    """(href, title) of the title link in each row of the home page's topic table."""
    table = re.search(r"<table[^>]*>\s*<thead>\s*<tr>\s*<th>Note</th>.*?</table>", html, re.S)
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


def test_a_later_build_compiles_no_template_again(site, tmp_path):
    # scripts/hooks/notes.py gives the theme's Jinja environment a bytecode cache beside the
    # render cache: Jinja writes an entry only for a template it had to compile.
    assert cli.main(["--config", str(site / "mkdocs.yml")]) == 0
    cache = site / ".cache" / "render" / "templates"
    assert build(site, tmp_path, "--strict").returncode == 0
    first = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert len(first) > 10  # main.html, base.html and Material's partials
    assert build(site, tmp_path, "--strict").returncode == 0
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == first


def test_stale_readme_fails_a_strict_build_naming_the_command(site, tmp_path):
    result = build(site, tmp_path, "--strict")  # README region still empty: stale
    assert result.returncode != 0
    assert "README.md: topic table: is stale (run `python3 scripts/dev.py notes-index`)" in result.stderr


def test_stale_readme_only_warns_without_strict(site, tmp_path):
    config = site / "mkdocs.yml"
    config.write_text(config.read_text().replace("strict: true", "strict: false"))
    result = build(site, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "topic table: is stale" in result.stderr


def test_malformed_front_matter_stops_the_build_with_its_location(site, tmp_path):
    cli.main(["--config", str(site / "mkdocs.yml")])
    note = site / "docs/notes/first-note.md"
    note.write_text(note.read_text().replace("tags: [alpha]", "tags: [alpha"))
    result = build(site, tmp_path)  # even without --strict
    assert result.returncode != 0
    assert (
        "docs/notes/first-note.md:4: front-matter: a '[' list is never closed (close the list with ']')"
        in result.stderr
    )
    assert not (tmp_path / "out/notes/first-note/index.html").exists()


def test_home_page_without_markers_fails(site, tmp_path):
    cli.main(["--config", str(site / "mkdocs.yml")])
    (site / "docs/index.md").write_text("# Home\n")
    result = build(site, tmp_path)
    assert result.returncode != 0
    assert "docs/index.md:1: markers: '<!-- notes-index:start -->' is missing" in result.stderr
    assert str(site) not in result.stderr  # located as a contributor types the path, not absolute


# --- reader features on the real site ----------------------------------------------------------


def note_html(real_site: Path, note) -> str:
    return (real_site / Path(note.src_path).with_suffix("") / "index.html").read_text(encoding="utf-8")


def section_links(html: str, section_id: str) -> list[str]:
    match = re.search(rf'<h2 id="{section_id}">.*?</h2>\s*<ul>(.*?)</ul>', html, re.S)
    return re.findall(r'<a (?:data-preview="" )?href="([^"]+)">', match.group(1)) if match else []


def test_related_and_backlinks_sections_link_to_real_notes(real_site):
    from notekit.index import graph

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
        assert re.search(r'<span class="note-reading-time">\d+ min read</span>', html)
    assert any(connections.backlinks.values()), "no note links to another: backlinks untested"


class _MarkedTerms(HTMLParser):
    """Each glossary <abbr> in a page's article, with the elements it sits inside."""

    VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.found: list[tuple[str, ...]] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "abbr" and "article" in self.open:
            self.found.append(tuple(self.open))
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag) -> None:
        if tag in self.open:  # close it and anything left open inside it
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]


def test_no_glossary_term_is_marked_in_headings_links_or_code(real_site):
    """A tooltip inside a heading, link or code would hide what a reader clicks or copies."""
    marked = 0
    for note in load_collection(ROOT / "mkdocs.yml").notes:
        parser = _MarkedTerms()
        parser.feed(note_html(real_site, note))
        inside = [
            a for a in parser.found if {"h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre"} & set(a)
        ]
        assert inside == [], note.src_path
        assert any("p" in a for a in parser.found), f"{note.src_path}: no term marked in its prose"
        marked += len(parser.found)
    assert marked > 50, "hardly any glossary terms marked: the check would see nothing"


def test_every_permalink_is_named_and_has_no_title_for_materials_tooltips(real_site):
    """Material's content.tooltips sets up a tooltip at load for each element with a title; the
    permalinks next to the headings have none (mkdocs.yml, toc), and their name is an aria-label
    (notekit.markdown.preview_scope), which javascripts/glossary-tooltips.js shows on hover."""
    for note in load_collection(ROOT / "mkdocs.yml").notes:
        links = re.findall(r'<a [^>]*class="headerlink"[^>]*>', note_html(real_site, note))
        assert len(links) > 3, note.src_path
        assert [a for a in links if "title=" in a or 'aria-label="Permanent link"' not in a] == [], (
            note.src_path
        )


def test_every_table_is_written_in_materials_wrapper_and_styled_as_material_styles_it(real_site):
    """notekit.markdown.table_wraps: no plain table is left for Material's bundle to take out and
    put back at start-up, and Material's own style sheet (rewritten in memory by
    scripts/hooks/assets.py) styles the wrapped ones."""
    from notekit.markdown.table_wraps import MATERIAL_SELECTOR, WIDENED_SELECTOR

    wrapped = 0
    for page in [
        real_site / "index.html",
        *(real_site / "notes").glob("*/index.html"),
        real_site / "book" / "index.html",
    ]:
        html = page.read_text(encoding="utf-8")
        assert "<table>" not in html, page
        wrapped += html.count(
            '<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table class="data-table">'
        )
    assert wrapped > 100
    (sheet,) = (real_site / "assets" / "stylesheets").glob("main.*.min.css")
    css = sheet.read_text(encoding="utf-8")
    assert MATERIAL_SELECTOR not in css and css.count(WIDENED_SELECTOR) >= 10


def test_a_material_that_styles_tables_otherwise_fails_the_build_with_a_located_hint(site, tmp_path):
    """scripts/hooks/assets.py widens Material's plain-table rules; a theme whose style sheet has
    none (here a custom_dir copy standing in for a changed Material) stops the build with a line
    naming the extension, not a traceback."""
    import material

    (sheet,) = (Path(material.__file__).parent / "templates" / "assets" / "stylesheets").glob(
        "main.*.min.css"
    )
    override = site / "overrides" / "assets" / "stylesheets" / sheet.name
    override.parent.mkdir(parents=True)
    override.write_text(".md-typeset table{border:0}", encoding="utf-8")
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n", 1)
    text = text.replace(
        "hooks:\n", f"hooks:\n  - {(ROOT / 'scripts' / 'hooks' / 'assets.py').as_posix()}\n", 1
    )
    text = text.replace("  - tables\n", "  - tables\n  - notekit.markdown.table_wraps\n", 1)
    config.write_text(text, encoding="utf-8")
    assert cli.main(["--config", str(config)]) == 0  # README's table, which a build checks first
    result = build(site, tmp_path, "--strict")
    assert result.returncode != 0
    assert (
        "mkdocs.yml: markdown_extensions: notekit.markdown.table_wraps: no table:not([class]) rule in "
        "Material's style sheet" in result.stderr
    )
    assert "hint: " in result.stderr and "Traceback" not in result.stderr


def test_materials_icons_in_the_article_are_named_without_a_title(real_site):
    """The edit and view buttons and the last-change icon: an aria-label instead of the title
    Material's content.tooltips would set up a tooltip for at load (overrides/main.html)."""
    html = note_html(real_site, load_collection(ROOT / "mkdocs.yml").notes[0])
    assert ' aria-label="Edit this page" class="md-content__button md-icon"' in html
    assert ' aria-label="View source of this page" class="md-content__button md-icon"' in html
    assert '<span class="md-icon" role="img" aria-label="Last update">' in html
    assert 'title="Edit this page"' not in html and 'title="Last update"' not in html


def test_every_front_matter_source_is_linked_on_its_page_with_host_and_kind(real_site):
    notes = load_collection(ROOT / "mkdocs.yml").notes
    for note in notes:
        html = note_html(real_site, note)
        match = re.search(
            r'<h2 id="sources[^"]*">Sources.*?</h2>\s*<ol class="note-sources">(.*?)</ol>', html, re.S
        )
        assert match, f"{note.path}: no Sources section"
        items = re.findall(
            r'<li><a href="([^"]+)">(.*?)</a> <span class="note-source-meta">\((.*?)\)</span></li>', match[1]
        )
        assert [unescape(href) for href, _, _ in items] == [s.url for s in note.sources], note.path
        for (_, title, meta), source in zip(items, note.sources, strict=True):
            assert unescape(title) == source.title
            assert meta.startswith(source.host) and (source.kind is None or " · " in meta)
        # Sources come after the note's own text and before "Related notes".
        related = html.find('id="related-notes"')
        assert related == -1 or html.index('id="sources"') < related


def test_every_note_shows_the_date_its_facts_were_checked(real_site):
    for note in load_collection(ROOT / "mkdocs.yml").notes:
        day = note.reviewed
        expected = f'Facts checked on <time datetime="{day:%Y-%m-%d}">{day:%B} {day.day}, {day.year}</time>'
        assert expected in note_html(real_site, note), note.path


def test_llms_txt_and_feed_list_every_note_with_its_url(real_site, live_site):
    import xml.etree.ElementTree as ET

    notes = load_collection(ROOT / "mkdocs.yml").notes
    site_url = live_site.url  # the SITE_URL the session's build used
    urls = [f"{site_url}{n.src_path.removesuffix('.md')}/" for n in notes]
    llms = (real_site / "llms.txt").read_text(encoding="utf-8")
    for url, note in zip(urls, notes, strict=True):
        assert f"- [{markdown_text(note.title)}]({url}): {markdown_text(note.description_text)}" in llms
    full = (real_site / "llms-full.txt").read_text(encoding="utf-8")
    assert all(f"# {n.title}" in full for n in notes) and "\ntags:" not in full
    feed = ET.parse(real_site / "feed.xml")
    # One item per note, at its address; each entry of a note's `changes` adds one more, at its
    # "What changed" section.
    items = list(feed.iter("item"))
    added = [item for item in items if "#" not in item.findtext("link")]
    assert sorted(item.findtext("link") for item in added) == sorted(urls)
    assert {item.findtext("title"): item.findtext("description") for item in added} == {
        n.title: n.description_html for n in notes
    }
    changed = [item.findtext("link") for item in items if "#" in item.findtext("link")]
    assert len(changed) == sum(len(n.changes) for n in notes) > 0
    assert all(link.split("#")[0] in urls and link.endswith("#what-changed") for link in changed)


def test_every_note_shows_when_it_last_changed_in_git(real_site):
    from notekit.index import history

    past = history.read(ROOT / "docs")
    dates = past.changed if past else None
    for note in load_collection(ROOT / "mkdocs.yml").notes:
        when = dates.get(note.src_path) if dates else None
        html = note_html(real_site, note)
        assert re.search(r'aria-label="Last update">.*?<time datetime="\d{4}-\d{2}-\d{2}">', html, re.S)
        if when:  # committed: the page shows the commit's date, not the build's
            assert f'<time datetime="{when:%Y-%m-%d}">' in html


def test_sharing_meta_and_sitemap(real_site, live_site):
    note = load_collection(ROOT / "mkdocs.yml").notes[0]
    html = note_html(real_site, note)
    assert f'<meta property="og:title" content="{note.title}">' in html
    assert re.search(r'<meta property="og:description" content="[^"]+">', html)
    assert '<meta name="twitter:card" content="summary">' in html
    assert f'<link rel="canonical" href="{live_site.url}notes/' in html
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


def test_pages_request_nothing_from_another_origin(real_site, live_site):
    from notekit.render import assets

    log = live_site.log
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


def test_offline_build_opens_from_disk(offline_site):
    out = offline_site.root
    home = (out / "index.html").read_text(encoding="utf-8")
    # file:// has no directory index: every link names its .html file, and search needs no server.
    assert 'href="notes/common-llm-files.html"' in home
    assert (out / "notes" / "common-llm-files.html").exists()
    assert (out / "search" / "search_index.js").exists()
    assert re.search(r'<script\b[^>]*\ssrc="[^"]*bundle', home)  # the pattern below sees script tags
    assert not re.search(r'<script\b[^>]*\ssrc="https?://', home)


def test_a_copy_without_git_history_still_builds_strict(bare_site):
    assert "no git history here: page dates and the feed fall back to the build date" in bare_site.log
    page = (bare_site.root / "notes" / "common-llm-files" / "index.html").read_text(encoding="utf-8")
    assert 'aria-label="Last update"' in page and "<time datetime=" in page


def test_a_renamed_note_keeps_its_old_url(site, tmp_path):
    notes = site / "docs" / "notes"
    (notes / "first-note.md").rename(notes / "renamed-note.md")
    (notes / "first-note.questions.yml").rename(notes / "renamed-note.questions.yml")
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


def generated_site(folder: Path, notes: int, questions: bool = True) -> Path:
    """benchmarks/sitegen.py's site of `notes` notes, listed in an explicit .pages; its mkdocs.yml."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import sitegen

    return sitegen.generate(folder, notes, questions)


def test_a_2000_note_site_with_an_explicit_pages_file_is_read(tmp_path):
    # The build's first step (the hook's on_config), without the pages: a .pages
    # listing 2,000 notes is larger than a front-matter may be, and has a limit of its own.
    # Without self-check questions (the strict build below has them): the .pages file is the point.
    config = generated_site(tmp_path / "big", 2000, questions=False)
    assert (config.parent / "docs/notes/.pages").stat().st_size > 32 * 1024
    build = Build.load(read_settings(config))
    names = [note.src_path for note in build.collection.notes]
    assert names == [f"notes/note-{i:04d}.md" for i in range(2000)]


@pytest.mark.slow
def test_a_2000_note_site_with_an_explicit_pages_file_builds(tmp_path):
    # The whole strict build of the same site: minutes on two busy cores, so in the slow tier.
    config = generated_site(tmp_path / "big", 2000)
    assert cli.main(["--config", str(config)]) == 0
    # 400 s on two cores shared with other work; CI's 90 minutes leave room for a slower machine.
    result = run_mkdocs(config, tmp_path / "out", "--strict", timeout=1800)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "notes" / "note-1999" / "index.html").is_file()


def test_a_long_notes_section_is_split_into_groups_in_order(tmp_path):
    # The same split at any size: groups of 5 here (extra.sidebar_group_size; 50 by default).
    config = generated_site(tmp_path / "big", 12)
    text = config.read_text(encoding="utf-8")
    assert "\n  sidebar_group_size: 50\n" in text
    config.write_text(
        text.replace("\n  sidebar_group_size: 50\n", "\n  sidebar_group_size: 5\n"), encoding="utf-8"
    )
    assert cli.main(["--config", str(config)]) == 0
    result = run_mkdocs(config, tmp_path / "out", "--strict")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "notes" / "note-0008" / "index.html").read_text(encoding="utf-8")
    sidebar = html[html.index("md-nav--primary") : html.index("md-sidebar--secondary")]
    groups = re.findall(r"Notes (\d+)\u2013(\d+)", sidebar)
    assert [(int(a), int(b)) for a, b in dict.fromkeys(groups)] == [(1, 5), (6, 10), (11, 12)]
    # navigation.prune: this page's sidebar lists its own group's notes, not the others'.
    assert 'href="../note-0006/"' in sidebar and 'href="../note-0002/"' not in sidebar


def test_reader_features_can_be_turned_off_for_a_quick_preview(tmp_path, monkeypatch):
    monkeypatch.setenv("READER_FEATURES", "false")
    result = run_mkdocs(ROOT / "mkdocs.yml", tmp_path / "out", "--strict")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "notes" / "common-llm-files" / "index.html").read_text(encoding="utf-8")
    assert "related-notes" not in page and "note-lede" not in page
    assert not (tmp_path / "out" / "llms.txt").exists()
    home = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert len(home_rows(home)) == len(load_collection(ROOT / "mkdocs.yml").notes)  # the index stays


def test_offline_llms_txt_and_feed_link_to_the_html_files(offline_site):
    out = offline_site.root
    llms = (out / "llms.txt").read_text(encoding="utf-8")
    for note in load_collection(ROOT / "mkdocs.yml").notes:
        target = note.src_path.removesuffix(".md") + ".html"
        assert f"]({target}):" in llms and (out / target).exists()
    assert "<link>notes/common-llm-files.html</link>" in (out / "feed.xml").read_text(encoding="utf-8")


def glossary_file(site: Path, data: bytes) -> None:
    (site / "glossary").mkdir()
    (site / "glossary/terms.yml").write_bytes(data)


@pytest.mark.parametrize(
    ("break_it", "expected"),
    [
        (
            lambda s: (s / "docs/notes/ghost.md").symlink_to("nowhere.md"),
            "docs/notes/ghost.md:1: file: is a broken symlink",
        ),
        (
            lambda s: (s / "docs/img.png").symlink_to("nowhere.png"),
            "docs/img.png:1: file: is a broken symlink",
        ),
        (
            lambda s: (s / "docs/notes/sub").mkdir() or (s / "docs/notes/sub/x.md").write_text("# x\n"),
            "docs/notes/sub/x.md:1: file: a note in a subfolder",
        ),
        (
            lambda s: (s / "docs/notes/extra.MD").write_text("# x\n"),
            "docs/notes/extra.MD:1: file name: ends in '.MD'",
        ),
        (
            lambda s: (s / "docs/notes/first-note.md").write_text("---\ntitle: &a [*a]\n---\n"),
            "docs/notes/first-note.md:2: front-matter: YAML anchor '&a' is not allowed",
        ),
        (
            lambda s: glossary_file(
                s, b"- term: Caf\xe9\n  definition: One sentence.\n  note: first-note.md\n"
            ),
            "glossary/terms.yml:1: encoding: not valid UTF-8 (save the file as UTF-8)",
        ),
        (
            # Reported by the glossary before anything is built, not as a broken link of its page.
            lambda s: glossary_file(s, b"- term: Ghost\n  definition: One sentence.\n  note: missing.md\n"),
            "glossary/terms.yml:3: note: no such note 'missing.md' (name a file in docs/notes/, e.g. first-note.md)",
        ),
    ],
    ids=[
        "symlink in notes",
        "symlink elsewhere",
        "subfolder",
        ".MD",
        "alias cycle",
        "glossary not UTF-8",
        "glossary names a missing note",
    ],
)
def test_careless_files_stop_the_build_with_a_located_line_not_a_traceback(
    site, tmp_path, break_it, expected
):
    if "symlink" in expected and os.name == "nt":
        pytest.skip("creating symlinks needs administrator rights on Windows")
    assert cli.main(["--config", str(site / "mkdocs.yml")]) == 0
    break_it(site)
    result = build(site, tmp_path, "--strict")
    assert result.returncode != 0
    assert expected in result.stderr.splitlines()[0]  # the first thing said: before any page is built
    assert "Traceback" not in result.stderr


def test_only_the_book_page_loads_the_print_sites_style_sheets_and_script(real_site):
    def assets(page: str) -> list[str]:
        html = (real_site / page).read_text(encoding="utf-8")
        return re.findall(r'<(?:link rel="stylesheet" href|script\b[^>]*\ssrc)="([^"]+)"', html)

    book = [ref for ref in assets("book/index.html") if "print-site" in ref]
    assert sorted(ref.rsplit("/", 2)[-2] + "/" + ref.rsplit("/", 1)[-1] for ref in book) == [
        "css/print-site-material.css",
        "css/print-site.css",
        "js/print-site.js",
    ]
    pages = ["index.html", "glossary/index.html", "tags/index.html"] + [
        f"notes/{path.stem}/index.html" for path in sorted((ROOT / "docs" / "notes").glob("*.md"))
    ]
    for page in pages:
        refs = assets(page)
        assert any("stylesheets/extra.css" in ref for ref in refs), page  # the pattern sees the tags
        assert [ref for ref in refs if "print-site" in ref] == [], page


def test_every_script_with_an_address_waits_for_the_page_to_be_parsed(real_site):
    for page in ("index.html", "book/index.html", "notes/model-context-protocol/index.html", "404.html"):
        html = (real_site / page).read_text(encoding="utf-8")
        tags = re.findall(r"<script\b[^>]*\ssrc=[^>]*>", html)
        assert any("bundle." in tag for tag in tags), page
        assert [tag for tag in tags if not re.search(r"\sdefer\b", tag)] == [], page


def test_every_link_within_the_book_leads_to_a_place_in_it(real_site):
    # The print-site plugin points each in-note link at `#<note key>-<anchor>`; its target must
    # carry that id (notekit.outputs.book_anchors renames headings, footnotes and questions).
    html = (real_site / "book" / "index.html").read_text(encoding="utf-8")
    ids = set(re.findall(r"""\sid=["']([^"']+)["']""", html))
    links = re.findall(r'href="#([^"]+)"', html)
    # The home page's link to the book itself, and a changed note's "what changed" link, which
    # study.js shows only when the note has that section.
    left = {x for x in links if x not in ids and x != "book" and not x.endswith("-what-changed")}
    assert len(links) > 500 and left == set(), sorted(left)[:10]


def test_every_style_sheet_of_the_book_is_a_file_of_the_site(real_site):
    # Addresses written for a note (notes/<slug>/) point elsewhere from book/: one level too high
    # would leave the site, which only a server at the host's root forgives.
    html = (real_site / "book" / "index.html").read_text(encoding="utf-8")
    tags = [t for t in re.findall(r"<link\b[^>]*>", html) if 'rel="stylesheet"' in t]
    sheets = [re.search(r'href="([^"]+)"', t).group(1) for t in tags]
    local = [s for s in sheets if not s.startswith(("http:", "https:", "//"))]
    assert local, sheets
    for href in local:
        target = (real_site / "book" / href.split("?")[0]).resolve()
        assert target.is_relative_to(real_site.resolve()) and target.is_file(), href


@pytest.mark.browser  # formulas are typeset at build time only in a session with browser tests
def test_math_pages_preload_the_katex_fonts_their_style_sheet_asks_for(real_site):
    """notekit.outputs.book_assets.katex_font_preloads names KaTeX's fonts by file and guesses which a
    page uses from KaTeX's class names: both must be what KaTeX's own style sheet says, or the
    preload fetches a file no formula uses (and the formulas' font arrives late anyway)."""
    from notekit.outputs.book_assets import KATEX_PRELOADED_FONTS

    (sheet,) = real_site.rglob("katex.min.css")
    css = sheet.read_text(encoding="utf-8")
    faces = dict(re.findall(r"@font-face\{([^}]*?)src:url\(([^)]+)\)", css))
    first_source = set(faces.values())
    for font, _ in KATEX_PRELOADED_FONTS:
        assert f"fonts/{font}.woff2" in first_source, font  # the file the browser asks for first
    # The italic letters: class `mathnormal`, KaTeX's math italic font.
    assert re.search(r"\.mathnormal\{font-family:KaTeX_Math;font-style:italic\}", css)
    pages = 0
    for page in real_site.glob("notes/*/index.html"):
        html = page.read_text(encoding="utf-8")
        head = html[: html.index("</head>")]
        preloads = re.findall(
            r'<link rel="preload" href="([^"]+)" as="font" type="font/woff2" crossorigin>', head
        )
        if 'class="katex"' not in html:
            assert preloads == [], page
            continue
        pages += 1
        assert any(p.endswith("/KaTeX_Main-Regular.woff2") for p in preloads), page
        assert any(p.endswith("/KaTeX_Math-Italic.woff2") for p in preloads) == ("mathnormal" in html), page
        for href in preloads:
            assert (page.parent / href).resolve().is_file(), href
    assert pages >= 5
