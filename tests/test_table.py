"""Golden files for both tables, and proof that GitHub and the site show the same text."""

import re
from html import unescape

import markdown
from markdown_it import MarkdownIt

from notekit.index.table import readme_link, render_table, site_link
from notekit.notes.collection import load_collection
from support import FIXTURE_SITE, golden


def fixture_notes():
    return load_collection(FIXTURE_SITE / "mkdocs.yml").notes


def test_readme_table_golden():
    golden("readme_table.md", render_table(fixture_notes(), readme_link, "github") + "\n")


def test_site_table_golden():
    golden("site_table.md", render_table(fixture_notes(), site_link, "python-markdown") + "\n")


def cells(html: str) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    return [
        [unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[dh]>(.*?)</t[dh]>", r, re.S)]
        for r in rows
    ]


def test_github_and_site_render_the_same_rows_and_text():
    notes = fixture_notes()
    on_github = MarkdownIt("commonmark").enable("table").render(render_table(notes, readme_link, "github"))
    on_site = markdown.markdown(render_table(notes, site_link, "python-markdown"), extensions=["tables"])
    assert cells(on_github) == cells(on_site)
    assert len(cells(on_site)) == len(notes) + 1
    assert [row[0] for row in cells(on_site)[1:]] == [n.title for n in notes]
    # Nothing from the descriptions became markup.
    for html in (on_github, on_site):
        assert (
            "<script" not in html
            and "<b>" not in html
            and "onclick=" not in html.replace("{: onclick=x}", "")
        )
