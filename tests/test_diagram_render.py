"""Build-time diagrams: the fences found, Material's style sheet, the cache, the SVG's name."""

from __future__ import annotations

import pytest

from notekit import chromium, prerender
from notekit.diagram_render import (
    BrowserUnavailable,
    ChromiumPage,
    DiagramError,
    DiagramRenderer,
    figure,
    refusal,
    sized,
    theme_css,
)
from notekit.render_cache import RenderCache

# Stands in for mermaid.min.js: records initialize(), draws what render() is given, refuses "bad".
FAKE_MERMAID = """window.mermaid = {
  initialize(config) { window.mermaidConfig = config },
  async render(id, source) {
    if (source.startsWith("bad")) throw new Error("Parse error on line 1")
    const title = source.includes("accTitle") ? `<title>Named</title>` : ""
    const labels = source.split("\\n").slice(1).map(l => `<g class="node"><foreignObject><div><span class="nodeLabel">${l.trim()}</span></div></foreignObject></g>`)
    return { svg: `<svg id="${id}" role="graphics-document document" aria-roledescription="flowchart-v2" aria-labelledby="x">${title}${labels.join("")}</svg>` }
  },
}"""


class FakePage:
    css = ".node circle{fill:var(--md-mermaid-node-bg-color)}"

    def __init__(self):
        self.calls: list[str] = []

    def render(self, svg_id: str, source: str) -> str:
        self.calls.append(source)
        if source.startswith("bad"):
            raise DiagramError("Parse error on line 1")
        return f'<svg id="{svg_id}" role="img" aria-label="Flowchart diagram">{source}</svg>'


def test_the_style_sheet_is_read_from_materials_bundle():
    assert theme_css('x="a";var Xn=".node circle,.node rect{fill:var(--md-mermaid-node-bg-color)}";') == (
        ".node circle,.node rect{fill:var(--md-mermaid-node-bg-color)}"
    )
    assert theme_css("var Xn='nothing here'") is None


def test_the_installed_material_still_carries_its_mermaid_style_sheet():
    # A Material update that moves the style sheet would silently send diagrams back to the page.
    bundle = prerender.material_bundle()
    assert bundle is not None
    css = theme_css(bundle.read_text(encoding="utf-8"))
    assert css is not None and "--md-mermaid-edge-color" in css


def test_each_fence_becomes_a_focusable_figure_and_code_stays(tmp_path):
    page = (
        '<pre class="mermaid"><code>graph LR\n  A --&gt; B</code></pre>'
        "<pre><code>```mermaid\ngraph LR\n```</code></pre>"
    )
    fake = FakePage()
    out = DiagramRenderer(fake, RenderCache(tmp_path), "11").page(page, lambda *a: None)
    assert fake.calls == ["graph LR\n  A --> B"]
    assert out.startswith('<div class="mermaid" data-processed="true" tabindex="0" role="button"')
    assert out.endswith("<pre><code>```mermaid\ngraph LR\n```</code></pre>")


def test_a_warm_cache_draws_nothing_and_a_new_version_draws_again(tmp_path):
    page = '<pre class="mermaid"><code>graph LR\n  A</code></pre>'
    first, second, third = FakePage(), FakePage(), FakePage()
    out1 = DiagramRenderer(first, RenderCache(tmp_path), "11").page(page, lambda *a: None)
    out2 = DiagramRenderer(second, RenderCache(tmp_path), "11").page(page, lambda *a: None)
    DiagramRenderer(third, RenderCache(tmp_path), "12").page(page, lambda *a: None)
    assert out1 == out2 and len(first.calls) == 1 and second.calls == [] and len(third.calls) == 1


def test_a_refused_diagram_stays_a_fence_and_is_reported(tmp_path):
    page = '<pre class="mermaid"><code>bad diagram</code></pre>'
    problems = []
    out = DiagramRenderer(FakePage(), RenderCache(tmp_path), "11").page(page, lambda *a: problems.append(a))
    assert out == page
    assert problems == [
        ("bad diagram", "diagram: Parse error on line 1 (try the diagram at https://mermaid.live)", 1)
    ]


def test_within_one_build_a_refused_diagram_is_tried_and_reported_once(tmp_path):
    page = '<pre class="mermaid"><code>bad diagram</code></pre>'
    problems, fake = [], FakePage()
    renderer = DiagramRenderer(fake, RenderCache(tmp_path), "11")
    assert [renderer.page(page, lambda *a: problems.append(a)) for _ in range(2)] == [page, page]
    assert len(problems) == 1 and fake.calls == ["bad diagram"]


# Mermaid 11's refusals as Playwright passes them on (its stack cut short).
PARSE_ERROR = (
    "Page.evaluate: Error: Parse error on line 2:\n...owchart TB    A -->> --> ??\n"
    "----------------------^\nExpecting 'AMP', 'COLON', 'PIPE', got 'TAGEND'\n"
    "    at Parser.parseError (mermaid.min.js:840:131653)\n    at Parser.parse (mermaid.min.js:842:179)"
)


def test_a_refusal_is_one_line_with_the_diagrams_line_and_what_mermaid_expected():
    error = refusal(Exception(PARSE_ERROR))
    assert str(error) == "cannot parse line 2 of the diagram: expecting 'AMP', 'COLON', 'PIPE', got 'TAGEND'"
    assert error.line == 2
    other = refusal(
        Exception("Page.evaluate: Error: No diagram type detected matching given configuration\n    at x")
    )
    assert (str(other), other.line) == ("No diagram type detected matching given configuration", None)
    assert str(refusal(Exception(""))) == "Exception"


def test_a_refusal_is_located_on_the_notes_own_line(tmp_path):
    note = "---\ntitle: x\n---\n\nText.\n\n```mermaid\nflowchart TB\n    A --> B\n    A -->> --> ??\n```\n"
    fence = '<pre class="mermaid"><code>flowchart TB\n    A --&gt; B\n    A --&gt;&gt; --&gt; ??</code></pre>'

    class Refuses(FakePage):
        def render(self, svg_id, source):
            raise refusal(Exception(PARSE_ERROR.replace("line 2", "line 3")))

    warnings = []
    renderer = prerender.Prerenderer.__new__(prerender.Prerenderer)
    renderer.math, renderer.diagrams = None, DiagramRenderer(Refuses(), RenderCache(tmp_path), "11")
    renderer.page(f"<article>{fence}</article>", note, "docs/notes/x.md", "k.css", warnings.append)
    assert [w.split(": diagram:")[0] for w in warnings] == ["docs/notes/x.md:10"]


def test_figure_wraps_the_svg():
    assert figure("<svg></svg>") == (
        '<div class="mermaid" data-processed="true" tabindex="0" role="button" aria-haspopup="dialog">'
        "<svg></svg></div>"
    )


def test_the_svg_carries_its_shape_from_its_view_box():
    # As Mermaid writes it: a style with max-width, then the viewBox.
    drawn = '<svg id="m" width="100%" style="max-width: 797.5px;" viewBox="-50 -10 797.5 1112" role="img"><g/></svg>'
    assert sized(drawn) == (
        '<svg id="m" width="100%" style="aspect-ratio: 797.5 / 1112; max-width: 797.5px;" '
        'viewBox="-50 -10 797.5 1112" role="img"><g/></svg>'
    )
    assert sized('<svg viewBox="0 0 4 3"><g style="x"/></svg>') == (
        '<svg viewBox="0 0 4 3" style="aspect-ratio: 4 / 3;"><g style="x"/></svg>'
    )
    assert figure('<svg viewBox="0,0,4,3"></svg>').endswith(
        '<svg viewBox="0,0,4,3" style="aspect-ratio: 4 / 3;"></svg></div>'
    )


def test_an_svg_without_a_usable_view_box_is_left_as_it_is():
    for svg in (
        "<svg></svg>",
        '<svg viewBox="0 0 0 10"></svg>',
        '<svg viewBox="0 0 10"></svg>',
        '<svg viewBox="0 0 1.2.3 10"></svg>',
        '<svg data-viewBox="0 0 4 3"></svg>',
        '<g viewBox="0 0 4 3"></g>',
        '<svg width="4"></svg><svg viewBox="0 0 4 3"></svg>',  # only the outer element's own box counts
    ):
        assert sized(svg) == svg, svg


def test_a_missing_browser_is_unavailable_not_an_error(tmp_path):
    page = ChromiumPage(tmp_path / "mermaid.js", "", tmp_path / "no-chromium", [])
    assert page.unavailable() == f"no Chromium at {tmp_path / 'no-chromium'}"
    with pytest.raises(BrowserUnavailable):
        page.render("d1", "graph LR\n A")


@pytest.fixture(scope="module")
def chromium_page(tmp_path_factory):
    script = tmp_path_factory.mktemp("mermaid") / "mermaid.min.js"
    script.write_text(FAKE_MERMAID, encoding="utf-8")
    page = ChromiumPage(script, ".x{}", chromium.executable(), chromium.ARGS)
    yield page
    page.close()


@pytest.mark.browser
def test_the_svg_gets_role_img_and_a_name_from_its_labels(chromium_page):
    svg = chromium_page.render("d1", "graph LR\n  Host\n  Client\n  Host")
    assert svg.startswith('<svg id="d1" role="img" aria-roledescription="flowchart-v2"')
    assert 'aria-label="Flowchart diagram: Host, Client"' in svg and "aria-labelledby" not in svg


@pytest.mark.browser
def test_an_authors_acc_title_names_the_svg(chromium_page):
    svg = chromium_page.render("d2", "graph LR\n  accTitle: Named")
    assert 'role="img"' in svg and 'aria-labelledby="x"' in svg and "aria-label=" not in svg


@pytest.mark.browser
def test_mermaid_is_initialised_as_material_does_and_errors_are_diagram_errors(chromium_page):
    with pytest.raises(DiagramError, match="Parse error on line 1"):
        chromium_page.render("d3", "bad")
    config = chromium_page.evaluate("window.mermaidConfig")
    assert config == {
        "startOnLoad": False,
        "themeCSS": ".x{}",
        "sequence": {"actorFontSize": "16px", "messageFontSize": "16px", "noteFontSize": "16px"},
    }
