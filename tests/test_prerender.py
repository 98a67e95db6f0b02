"""A page finished after build-time rendering, the fallback without Chromium or Node, and a build
without them that still passes and says so once."""

from __future__ import annotations

from notekit import prerender
from notekit.prerender import finish, locate

HEAD = (
    "<head>\n"
    '    <script defer src="../../javascripts/katex.js"></script>\n'
    '    <script src="../assets/external/unpkg.com/mermaid@11/dist/mermaid.min.js"></script>\n'
    "</head>"
)
CSS = "../../assets/external/katex.min.css"
TYPESET = '<span class="arithmatex"><span class="katex">x</span></span>'
RAW = '<span class="arithmatex">\\(x\\)</span>'


def test_a_page_with_typeset_math_gets_the_style_sheet_in_its_article_and_no_renderers():
    out = finish(f'{HEAD}<article class="md-content__inner">{TYPESET}</article>', CSS)
    assert (
        out
        == f'<head>\n</head><article class="md-content__inner"><link rel="stylesheet" href="{CSS}">{TYPESET}</article>'
    )


def test_a_page_without_math_gets_no_style_sheet():
    assert (
        finish(f"{HEAD}<article><p>prose</p></article>", CSS)
        == "<head>\n</head><article><p>prose</p></article>"
    )


def test_what_is_left_raw_keeps_its_in_page_renderer():
    fence = '<pre class="mermaid"><code>graph LR</code></pre>'
    out = finish(f"{HEAD}<article>{RAW}{fence}</article>", CSS)
    assert out == f"{HEAD}<article>{RAW}{fence}</article>"


def test_problems_are_located_on_the_notes_line():
    note = "---\ntitle: T\n---\n# T\n\n```mermaid\ngraph LR\n  A --> B\n```\n"
    assert locate(note, "graph LR\n  A --> B") == 7
    assert locate(note, "not there") == 1


def test_without_chromium_or_node_each_half_says_so_once_and_leaves_pages_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("CHROME_PATH", str(tmp_path / "chromium"))
    said = []
    renderer = prerender.Prerenderer(tmp_path, tmp_path / "assets", "assets/external", said.append)
    page = f'<article>{RAW}<pre class="mermaid"><code>graph LR</code></pre></article>'
    assert renderer.page(page, "", "docs/notes/x.md", CSS, said.append) == page
    assert renderer.page(page, "", "docs/notes/y.md", CSS, said.append) == page
    assert said == [
        "math is typeset in the reader's browser, not at build time: Node is not installed",
        f"diagrams are drawn in the reader's browser, not at build time: no Chromium at {tmp_path / 'chromium'}",
    ]
    assert renderer.close() == ""


def test_the_real_site_builds_without_chromium_or_node_and_draws_in_the_page(bare_site):
    assert bare_site.log.count("math is typeset in the reader's browser") == 1, bare_site.log
    assert bare_site.log.count("diagrams are drawn in the reader's browser") == 1, bare_site.log
    note = (bare_site.root / "notes" / "model-context-protocol" / "index.html").read_text(encoding="utf-8")
    assert '<pre class="mermaid"><code>' in note and '<span class="arithmatex">\\(' in note
    assert "javascripts/katex.js" in note and "katex.min.css" not in note
