"""notekit.outputs.book_anchors: the print-site plugin's id renaming, the same result in one pass."""

from __future__ import annotations

import pytest
from mkdocs_print_site_plugin import urls

from notekit.outputs.book_anchors import prefix_ids

# A diagram drawn at build time, as one long line: the case that made the plugin's pattern slow.
SVG = (
    '<svg id="d1">'
    + "".join(f'<g class="node"><rect id="r{i}"/><text>n{i}</text></g>' for i in range(300))
    + "</svg>"
)

PAGES = {
    "headings": '<h2 id="setup">Setup<a class="headerlink" href="#setup">¶</a></h2>\n<p>x</p>\n<h3 id="b">B</h3>',
    "footnotes": '<ol>\n<li id="fn:1">\n<p>Src</p>\n</li>\n</ol>',
    "untouched tags": '<div id="keep"><span id="me">x</span></div>\n<input id="t" name="t">',
    "upper-case tags, left as the plugin leaves them": '<H2 id="loud">x</H2>',
    "a diagram between headings": f'<h2 id="before">x</h2>\n<div class="mermaid">{SVG}</div>\n<h2 id="after">y</h2>',
    "an id whose text recurs in the tag": '<h2 id="a" class="a">a</h2>',
}


@pytest.mark.parametrize("html", PAGES.values(), ids=PAGES.keys())
def test_it_renames_what_the_plugins_own_function_renames(html):
    assert prefix_ids(html, "notes-x") == urls.update_anchor_ids(html, "notes-x")


@pytest.mark.parametrize(
    ("html", "renamed"),
    [
        ('<link href="katex.min.css" rel="stylesheet" /><h1 id="intro">Intro</h1>', 'id="notes-x-intro"'),
        ('<p>Claim<sup id="fnref:1"><a href="#fn:1">1</a></sup></p>', 'id="notes-x-fnref:1"'),
        (
            '<details class="question note-question" id="q-why">\n<summary>Why?</summary>',
            'id="notes-x-q-why"',
        ),
    ],
    ids=["a title after a style sheet link", "a footnote mark inside its paragraph", "a self-check question"],
)
def test_what_the_plugin_left_alone_but_links_point_at_is_renamed_too(html, renamed):
    # The intended difference (see the module): the plugin's pattern starts at the first tag of
    # the line and runs past the one to rename, which kept an id that other notes' pages share.
    assert renamed not in urls.update_anchor_ids(html, "notes-x")
    assert renamed in prefix_ids(html, "notes-x")


def test_every_renamed_id_on_a_diagram_page_is_unique_and_prefixed():
    html = PAGES["a diagram between headings"]
    out = prefix_ids(html, "k")
    assert 'id="k-before"' in out and 'id="k-after"' in out
    assert SVG in out  # the drawing's own ids are not the book's business
