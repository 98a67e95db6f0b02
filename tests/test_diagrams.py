"""Build-time diagrams: Material's style sheet, the cache, turned variants chosen per screen, unique
ids, Mermaid's refusals in one line, and a browser that hangs or dies given up in time."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from notekit.render import chromium, drawing, legibility
from notekit.render.cache import RenderCache
from notekit.render.diagrams import (
    BrowserUnavailable,
    ChromiumPage,
    DiagramError,
    DiagramRenderer,
    RendererFailed,
    refusal,
    sized,
    theme_css,
    turned,
    valid,
)
from support import running

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
    """Draws a flowchart as wide as it has nodes side by side: 200 px each left to right, one
    column top-down. Refuses sources that start with "bad"."""

    css = ".node circle{fill:var(--md-mermaid-node-bg-color)}"
    path = None

    def __init__(self):
        self.calls: list[str] = []

    def render(self, svg_id: str, source: str) -> str:
        self.calls.append(source)
        if source.startswith("bad"):
            raise DiagramError("Parse error on line 1")
        nodes = len(source.splitlines()) - 1
        width = 200 * nodes if " LR" in source.splitlines()[0] else 200
        return (
            f'<svg id="{svg_id}" width="100%" style="max-width: {width}px;" viewBox="0 0 {width} 100" '
            f'role="img" aria-roledescription="flowchart-v2" aria-label="Flowchart diagram">'
            f'<style>#{svg_id}{{font-size:16px;}}</style><g class="node" id="flowchart-A-0"></g>'
            f'<path marker-end="url(#arrowhead)"/><marker id="arrowhead"/></svg>'
        )


def renderer(tmp_path, page=None, version="11") -> DiagramRenderer:
    return DiagramRenderer(page or FakePage(), RenderCache(tmp_path), version)


def test_the_style_sheet_is_read_from_materials_bundle():
    assert theme_css('x="a";var Xn=".node circle,.node rect{fill:var(--md-mermaid-node-bg-color)}";') == (
        ".node circle,.node rect{fill:var(--md-mermaid-node-bg-color)}"
    )
    assert theme_css("var Xn='nothing here'") is None


def test_the_installed_material_still_carries_its_mermaid_style_sheet():
    # A Material update that moves the style sheet would silently send diagrams back to the page.
    bundle = drawing.material_bundle()
    assert bundle is not None
    css = theme_css(bundle.read_text(encoding="utf-8"))
    assert css is not None and "--md-mermaid-edge-color" in css


def test_a_narrow_diagram_is_one_focusable_figure_for_every_screen(tmp_path):
    page = FakePage()
    html, problems = renderer(tmp_path, page).draw("graph TD\n  A --> B")
    assert page.calls == ["graph TD\n  A --> B"] and problems == []
    assert html.startswith(
        '<div class="diagram"><div class="mermaid" data-processed="true" tabindex="0" role="button" '
        'aria-haspopup="dialog"><svg id="mermaid-'
    )
    assert "only-" not in html and "diagram-hint" not in html


def test_a_long_chain_is_turned_top_down_where_the_screen_is_too_narrow_for_it(tmp_path):
    # Four nodes side by side: 800 px. On a laptop it shrinks to 688 px (13.8 px labels); on a
    # phone it would be 7.2 px, so the phone gets the same diagram drawn top-down.
    page = FakePage()
    source = "graph LR\n  A\n  B\n  C\n  D"
    html, problems = renderer(tmp_path, page).draw(source)
    assert page.calls == [source, "graph TB\n  A\n  B\n  C\n  D"] and problems == []
    assert html.count('class="mermaid only-wide"') == 1 and html.count('class="mermaid only-narrow"') == 1
    assert html.index("only-wide") < html.index("only-narrow")


def test_a_diagram_that_scrolls_says_so_and_keeps_its_legible_width(tmp_path):
    class Wide(FakePage):  # 700 px wide whichever way it is drawn
        def render(self, svg_id, source):
            return super().render(svg_id, source).replace('"0 0 200 100"', '"0 0 700 100"')

    html, problems = renderer(tmp_path, Wide()).draw("sequenceDiagram\n  A->>B: x")
    assert problems == []
    assert '<div class="diagram scrolls-narrow">' in html and 'style="--min-narrow: 481.2px"' in html
    assert html.endswith(
        '<p class="diagram-hint">Wider than the screen: scroll it sideways, or select it to see it enlarged.</p></div>'
    )


def test_a_diagram_no_way_legible_is_reported_and_still_shown(tmp_path):
    source = "sequenceDiagram\n" + "\n".join(f"  A{i}->>B: x" for i in range(12))

    class Huge(FakePage):
        def render(self, svg_id, source):
            drawn = super().render(svg_id, source).replace('viewBox="0 0 200', 'viewBox="0 0 3000')
            return drawn.replace('"flowchart-v2"', '"sequence"')

    html, problems = renderer(tmp_path, Huge()).draw(source)
    assert [p.split(" (")[0] for p in problems] == [
        "labels would be drawn at 3.7 px on a laptop",
        "labels would be drawn at 1.9 px on a phone",
    ]
    assert problems[1].endswith("Use fewer participants, or break long messages with <br>")
    assert html.count("<svg") == 1


def test_a_subgraph_title_on_two_lines_is_reported_once_whichever_variants_show_it(tmp_path):
    class Titled(FakePage):  # every drawing, as written or turned, has the same two-line title
        def render(self, svg_id, source):
            title = (
                '<g class="cluster-label"><foreignObject width="200" height="48"><div style="line-height: 1.5;">'
                "<p>A title Mermaid wraps</p></div></foreignObject></g>"
            )
            return super().render(svg_id, source).replace("<g class=", f"{title}<g class=", 1)

    page = Titled()
    html, problems = renderer(tmp_path, page).draw("graph LR\n  A\n  B\n  C\n  D")
    assert len(page.calls) == 2  # both variants are shown (wide and narrow) and both have it
    assert problems == [legibility.title_problem("A title Mermaid wraps", 2)]
    assert html.count("A title Mermaid wraps") == 2  # still drawn: the build says, the page shows


def test_turning_swaps_the_direction_of_the_chart_and_its_subgraphs_only():
    source = "flowchart LR\n  subgraph S\n    direction LR\n    A --> B\n  end\n  C[LR label]"
    assert turned(source) == "flowchart TB\n  subgraph S\n    direction TB\n    A --> B\n  end\n  C[LR label]"
    assert turned("graph TD\n  A") == "graph LR\n  A"
    assert turned("sequenceDiagram\n  A->>B: x") is None


def test_every_id_in_a_drawing_is_its_own_so_arrows_point_into_it(tmp_path):
    html, _ = renderer(tmp_path).draw("graph TD\n  A", "-1")
    svg_id = html.split('<svg id="', 1)[1].split('"', 1)[0]
    assert svg_id.startswith("mermaid-") and svg_id.endswith("-1a")
    assert f'<marker id="{svg_id}-arrowhead"/>' in html and f"url(#{svg_id}-arrowhead)" in html
    assert f'id="{svg_id}-flowchart-A-0"' in html and 'id="arrowhead"' not in html
    assert f"#{svg_id}{{font-size:16px;}}" in html
    again, _ = renderer(tmp_path).draw("graph TD\n  A", "-2")
    assert again.replace("-2a", "-1a") == html  # the same drawing elsewhere on the page: other ids


def test_a_warm_cache_draws_nothing_and_a_new_version_or_browser_draws_again(tmp_path):
    first, second, third = FakePage(), FakePage(), FakePage()
    out1 = renderer(tmp_path, first).draw("graph TD\n  A")
    out2 = renderer(tmp_path, second).draw("graph TD\n  A")
    renderer(tmp_path, third, version="12").draw("graph TD\n  A")
    assert out1 == out2 and len(first.calls) == 1 and second.calls == [] and len(third.calls) == 1
    browser = tmp_path / "chromium"
    browser.write_text("v1", encoding="utf-8")
    other = FakePage()
    other.path = browser
    renderer(tmp_path, other).draw("graph TD\n  A")
    browser.write_text("version 2", encoding="utf-8")  # an upgrade replaces the file
    renderer(tmp_path, other).draw("graph TD\n  A")
    assert len(other.calls) == 2


def test_a_refused_diagram_raises_with_mermaids_words(tmp_path):
    with pytest.raises(DiagramError, match="Parse error on line 1"):
        renderer(tmp_path).draw("bad diagram")


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
    # Drawing anyway is the same fallback, not a diagram error, and says why.
    with pytest.raises(BrowserUnavailable) as caught:
        page.render("d1", "graph LR\n A")
    assert str(caught.value) == "Chromium did not start: it could not be run (No such file or directory)"


@pytest.fixture(scope="module")
def chromium_page(tmp_path_factory):
    script = tmp_path_factory.mktemp("mermaid") / "mermaid.min.js"
    script.write_text(FAKE_MERMAID, encoding="utf-8")
    page = ChromiumPage(script, ".x{}", chromium.executable(), chromium.ARGS, timeout=20)
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
        "sequence": {
            "actorFontSize": "16px", "messageFontSize": "16px", "noteFontSize": "16px",
            "width": 100, "actorMargin": 24,
        },
    }  # fmt: skip


def fake_mermaid(tmp_path):
    script = tmp_path / "mermaid.min.js"
    script.write_text(FAKE_MERMAID, encoding="utf-8")
    return script


def fake_browser(tmp_path, body: str):
    path = tmp_path / "fake-chromium"
    path.write_text(f"#!{sys.executable}\nimport sys, time\n{body}", encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.mark.parametrize(
    "body, said",
    [
        ("time.sleep(3600)", "Chromium did not start: it did not answer within 1 s"),
        ("sys.exit(3)", "Chromium did not start: it exited with code 3 while starting"),
    ],
    ids=["hangs", "dies"],
)
def test_a_browser_that_hangs_or_dies_while_starting_is_given_up_in_time(tmp_path, body, said):
    page = ChromiumPage(fake_mermaid(tmp_path), ".x{}", fake_browser(tmp_path, body), [], timeout=1)
    started = time.monotonic()
    with pytest.raises(BrowserUnavailable) as caught:
        page.render("d1", "graph LR\n  A")
    assert str(caught.value) == said
    assert time.monotonic() - started < 8
    assert running(str(tmp_path / "fake-chromium")) == []


@pytest.mark.browser
@pytest.mark.parametrize("signal_name, said", [
    ("SIGSTOP", "Chromium stopped answering (nothing drawn in 2 s)"),
    ("SIGKILL", "Chromium stopped while drawing (exit code -9)"),
], ids=["hangs", "dies"])  # fmt: skip
def test_a_browser_that_hangs_or_dies_while_drawing_is_stopped_and_not_blamed_on_the_diagram(
    tmp_path, signal_name, said
):
    page = ChromiumPage(fake_mermaid(tmp_path), ".x{}", chromium.executable(), chromium.ARGS, timeout=2)
    try:
        assert page.render("d1", "graph LR\n  A").startswith('<svg id="d1"')
        # Every process of this browser names its profile folder on its command line (Linux's /proc).
        command = Path(f"/proc/{page.browser.process.pid}/cmdline").read_bytes().decode().split("\0")
        profile = next(arg.split("=", 1)[1] for arg in command if arg.startswith("--user-data-dir="))
        os.killpg(page.browser.process.pid, getattr(signal, signal_name))
        started = time.monotonic()
        with pytest.raises(RendererFailed) as caught:
            page.render("d2", "graph LR\n  B")
        assert time.monotonic() - started < 8
    finally:
        page.close()
    if signal_name == "SIGKILL":  # the code depends on which process of the group the kernel reaps
        assert str(caught.value).startswith("Chromium stopped while drawing") or "closed" in str(caught.value)
    else:
        assert str(caught.value) == said
    assert running(profile) == [], "a Chromium process outlived the build"


def test_mermaid_labels_and_shapes_become_valid_html():
    svg = (
        '<svg id="m"><g class="node"><foreignObject><div style="display: table-cell">'
        '<span class="nodeLabel"><p>Tokenizer</p></span></div></foreignObject></g>'
        '<rect x="1" name="M" class="actor"></rect><line id="l" name="M" x1="2"></line>'
        '<text data-name="keep">M</text></svg>'
    )
    assert valid(svg) == (
        '<svg id="m"><g class="node"><foreignObject><div style="display: table-cell">'
        '<div class="nodeLabel"><p>Tokenizer</p></div></div></foreignObject></g>'
        '<rect x="1" class="actor"></rect><line id="l" x1="2"></line>'
        '<text data-name="keep">M</text></svg>'
    )
    # A span that is not a label's is left as Mermaid wrote it.
    plain = '<svg id="m"><text><tspan>a</tspan></text><span class="x">b</span></svg>'
    assert valid(plain) == plain
