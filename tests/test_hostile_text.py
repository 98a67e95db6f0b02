"""A hostile title and description pushed through every output: each shows them as the same plain
text, and none turns them into markup (issue: careless and hostile input, item 1)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from notekit.commands import cli
from support import run_mkdocs

TITLE = "</title><script>alert(1)</script> Q&A *em* `code` [x](y) | pipe"
DESCRIPTION = (
    "Says <img src=x onerror=alert(2)> and **bold** & `a|b` code, then </p><script>alert(3)</script>."
)
SOURCE_TITLE = '<script>alert(4)</script> "Quoted" & *starred*'
# What a reader sees of the description: its Markdown rendered, raw HTML shown as text.
DESCRIPTION_TEXT = (
    "Says <img src=x onerror=alert(2)> and bold & a|b code, then </p><script>alert(3)</script>."
)


class _Text(HTMLParser):
    """Visible text of an HTML fragment, and every script and event handler it would run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        self.handlers += [f"{tag} {name}" for name, _ in attrs if name.startswith("on")]

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.parts).append(data)


def text_of(fragment: str) -> str:
    parser = _Text()
    parser.feed(fragment)
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def runs_nothing_hostile(page: str) -> bool:
    parser = _Text()
    parser.feed(page)
    return not any("alert(" in s for s in parser.scripts) and not parser.handlers


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The fixture site with a hostile note that shares a tag with, and links to, another note."""
    import shutil

    from support import FIXTURE_SITE, ROOT, with_our_hooks

    site = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(FIXTURE_SITE, site)
    config = site / "mkdocs.yml"
    # The real templates (sharing meta, feed link) and a tags page, as on the real site.
    text = with_our_hooks(config.read_text())
    config.write_text(
        text.replace("  name: material\n", f"  name: material\n  custom_dir: {ROOT.as_posix()}/overrides\n")
    )
    shutil.copy(ROOT / "docs" / "tags.md", site / "docs" / "tags.md")
    (site / "docs/notes/tricky-note.md").write_text(
        "---\n"
        f"title: {json.dumps(TITLE)}\n"
        f"description: {json.dumps(DESCRIPTION)}\n"
        "tags: [rag, alpha]\n"
        "reviewed: 2026-11-01\n"
        "sources:\n"  # three, as the strict build asks; the hostile one last
        "  - title: Plain source one\n    url: https://example.org/one\n    kind: docs\n"
        "  - title: Plain source two\n    url: https://example.org/two\n    kind: spec\n"
        f"  - title: {json.dumps(SOURCE_TITLE)}\n"
        "    url: https://example.org/a?b=1&c=2\n"
        "    kind: paper\n"
        "---\n\n# Tricky\n\nSee [the first note](first-note.md).\n",
        encoding="utf-8",
    )
    assert cli.main(["--config", str(config)]) == 0
    out = site / "site"
    result = run_mkdocs(config, out, "--strict")
    assert result.returncode == 0, result.stderr
    return site


def page(site: Path, path: str) -> str:
    return (site / "site" / path).read_text(encoding="utf-8")


def section(html: str, heading_id: str) -> str:
    match = re.search(rf'<h2 id="{heading_id}">.*?</h2>(.*?)(?=<h2|</article>)', html, re.S)
    assert match, f"no section #{heading_id}"
    return match[1]


def link_texts(fragment: str) -> list[str]:
    return [text_of(inner) for inner in re.findall(r"<a\b[^>]*>(.*?)</a>", fragment, re.S)]


def test_no_page_runs_the_hostile_text(hostile_site):
    for html in (hostile_site / "site").rglob("*.html"):
        assert runs_nothing_hostile(html.read_text(encoding="utf-8")), html


def test_readme_shows_the_same_plain_text_on_github(hostile_site):
    readme = (hostile_site / "README.md").read_text(encoding="utf-8")
    rendered = MarkdownIt("commonmark").enable("table").render(readme)
    assert runs_nothing_hostile(rendered)
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", rendered, re.S)
    assert (TITLE, DESCRIPTION_TEXT) in [(text_of(a), text_of(b)) for a, b in rows]


def test_home_table_related_backlinks_and_sources_show_plain_text(hostile_site):
    home = page(hostile_site, "index.html")
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", home, re.S)
    assert (TITLE, DESCRIPTION_TEXT) in [(text_of(a), text_of(b)) for a, b in rows]
    first = page(hostile_site, "notes/first-note/index.html")
    assert TITLE in link_texts(section(first, "related-notes"))
    assert TITLE in link_texts(section(first, "linked-from"))
    tricky = page(hostile_site, "notes/tricky-note/index.html")
    sources = section(tricky, "sources")
    assert link_texts(sources) == ["Plain source one", "Plain source two", SOURCE_TITLE]
    assert 'href="https://example.org/a?b=1&amp;c=2"' in sources
    assert text_of(sources).endswith("(example.org · paper)")
    lede = re.search(r'<p class="note-lede">(.*?)</p>\n', tricky, re.S)
    assert text_of(lede[1]) == DESCRIPTION_TEXT


def test_title_and_sharing_meta_carry_the_title_as_text(hostile_site):
    tricky = page(hostile_site, "notes/tricky-note/index.html")
    title = re.search(r"<title>(.*?)</title>", tricky, re.S)
    assert text_of(title[1]) == f"{TITLE} - Fixture notes"
    metas = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', tricky))
    from html import unescape

    assert unescape(metas["og:title"]) == TITLE
    assert unescape(metas["twitter:title"]) == TITLE
    assert unescape(metas["og:description"]) == DESCRIPTION_TEXT
    assert unescape(metas["description"]) == DESCRIPTION_TEXT


def test_tags_page_lists_the_title_as_text(hostile_site):
    tags = page(hostile_site, "tags/index.html")
    for tag in ("rag", "alpha"):
        block = re.search(rf'<h2 id="tag:{tag}">.*?</ul>', tags, re.S)
        assert TITLE in link_texts(block[0]), tag


def test_feed_and_llms_txt_carry_the_title_as_text(hostile_site):
    feed = ET.parse(hostile_site / "site" / "feed.xml")
    items = {item.findtext("title"): item for item in feed.iter("item")}
    assert TITLE in items
    assert text_of(items[TITLE].findtext("description")) == DESCRIPTION_TEXT
    llms = MarkdownIt("commonmark").render(page(hostile_site, "llms.txt"))
    assert runs_nothing_hostile(llms)
    assert f"{TITLE}: {DESCRIPTION_TEXT}" in [text_of(li) for li in re.findall(r"<li>(.*?)</li>", llms, re.S)]
    full = MarkdownIt("commonmark").render(page(hostile_site, "llms-full.txt"))
    assert SOURCE_TITLE in link_texts(full)


def test_search_index_holds_the_title_as_text(hostile_site):
    docs = json.loads(page(hostile_site, "search/search_index.json"))["docs"]
    entry = next(d for d in docs if d["location"] == "notes/tricky-note/")
    assert text_of(entry["title"]) == TITLE or entry["title"] == "Tricky"
    for doc in docs:
        assert "<script" not in doc["text"] and "<img" not in doc["text"]
    assert any(
        DESCRIPTION_TEXT in text_of(d["text"]) for d in docs if d["location"].startswith("notes/tricky")
    )
