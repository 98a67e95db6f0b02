"""Diagrams and math drawn at build time (issue #11) and the site served at any address (#10.10).

- with JavaScript off, every note shows all its diagrams as named inline SVG and no raw TeX;
- axe's contrast rule passes on the diagrams in the light and the dark palette;
- the search index holds each drawing's words (a formula's TeX, a diagram's accessible name), not
  its markup;
- a diagram opens from the keyboard (Enter or Space), Escape closes it, focus returns;
- a build served at an address other than its site_url draws diagrams and math with zero
  requests to another origin, whether they were drawn at build time or in the page.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from support import ROOT, fonts_loaded, serving

pytestmark = pytest.mark.browser

NOTES = sorted((ROOT / "docs" / "notes").glob("*.md"))
MOST_DIAGRAMS = max(NOTES, key=lambda p: p.read_text(encoding="utf-8").count("```mermaid"))
# Text a reader must never see: TeX delimiters left for a script to typeset.
RAW_TEX = ("\\(", "\\[", "$$")


def url_of(base: str, note: Path) -> str:
    return f"{base}notes/{note.stem}/"


def visible_prose(page: Page) -> str:
    """The article's rendered text outside code (where TeX delimiters may be shown on purpose)."""
    return page.evaluate(
        """() => {
          const article = document.querySelector("article").cloneNode(true)
          article.querySelectorAll("pre, code, .katex-mathml").forEach(el => el.remove())
          document.body.appendChild(article)
          const text = article.innerText
          article.remove()
          return text
        }"""
    )


# A known content bug, not a rendering one: the formula sits in a list item indented by 3 spaces,
# Python-Markdown needs 4, so the list ends and `$$` reaches the page as text (with or without
# JavaScript). Strict: once the note is fixed this test passes, and the mark must go.


@pytest.fixture(scope="module")
def no_js_page(browser: Browser):
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(
    "note",
    NOTES,
    ids=[n.stem for n in NOTES],
)
def test_without_javascript_a_note_shows_its_diagrams_and_no_raw_tex(no_js_page: Page, live_site, note):
    page = no_js_page
    page.goto(url_of(live_site.url, note))
    fences = note.read_text(encoding="utf-8").count("```mermaid")
    diagrams = page.locator("article div.mermaid > svg[role='img']")
    expect(diagrams).to_have_count(fences)
    for i in range(fences):
        svg = diagrams.nth(i)
        expect(svg).to_be_visible()
        assert svg.bounding_box()["height"] > 16  # drawn, not an empty box (a one-row flowchart is ~37 px)
        name = svg.get_attribute("aria-label") or svg.get_attribute("aria-labelledby")
        assert name and name.strip(), f"diagram {i + 1} has no accessible name"
    assert page.locator("pre.mermaid").count() == 0
    prose = visible_prose(page)
    assert [d for d in RAW_TEX if d in prose] == [], "raw TeX on the page"


# axe leaves text over SVG shapes "incomplete" (it cannot see a <rect> behind a label), so each
# label's contrast is also computed here, as WCAG defines it: its colour against the shapes and
# backgrounds painted under its centre, composited over the page.
LABEL_CONTRAST = r"""() => {
  const parse = color => {
    const m = /rgba?\(([^)]+)\)/.exec(color || "")
    if (!m) return null
    const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number)
    return [r, g, b, a]
  }
  const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat(1)
  const luminance = c => {
    const [r, g, b] = c.slice(0, 3).map(v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
  }
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
    return (hi + 0.05) / (lo + 0.05)
  }
  const paint = el => {
    const style = getComputedStyle(el)
    if (el instanceof SVGGeometryElement && !(el instanceof SVGTextContentElement)) {
      const fill = parse(style.fill)
      if (fill) fill[3] *= Number(style.fillOpacity) * Number(style.opacity)
      return fill
    }
    return el instanceof HTMLElement ? parse(style.backgroundColor) : null
  }
  const page = parse(getComputedStyle(document.body).backgroundColor)
  const results = []
  for (const el of document.querySelectorAll("article div.mermaid :is(.nodeLabel, span.edgeLabel, text)")) {
    if (!el.textContent.trim()) continue
    el.scrollIntoView({ block: "center" })
    const box = el.getBoundingClientRect()
    if (!box.width || !box.height) continue
    const layers = []
    for (const under of document.elementsFromPoint(box.x + box.width / 2, box.y + box.height / 2)) {
      const color = paint(under)
      if (!color || color[3] === 0) continue
      layers.push(color)
      if (color[3] >= 1) break
    }
    const background = layers.reverse().reduce((bg, layer) => over(layer, bg), page)
    const inked = el.querySelector("tspan") || el  // a tspan carries its own fill
    const style = getComputedStyle(inked)
    const ink = parse(inked instanceof SVGElement ? style.fill : style.color)
    if (!ink) continue
    results.push({ text: el.textContent.trim().slice(0, 40), ratio: ratio(over(ink, background), background) })
  }
  return results
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_diagrams_pass_axe_contrast_in_both_palettes(browser: Browser, live_site, scheme):
    # The palette follows the system preference until the reader picks one (mkdocs.yml).
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(url_of(live_site.url, MOST_DIAGRAMS))
        fonts_loaded(page)
        expected = "slate" if scheme == "dark" else "default"
        assert page.locator("body").get_attribute("data-md-color-scheme") == expected
        # Diagrams below the fold are not drawn until scrolled to (extra.css); axe judges only
        # what is drawn, so every diagram is drawn here.
        page.locator("article div.mermaid > svg").evaluate_all(
            "svgs => svgs.forEach(svg => { svg.style.contentVisibility = 'visible' })"
        )
        results = (
            Axe()
            .run(
                page,
                context={"include": [["article div.mermaid"]]},
                options={"runOnly": {"type": "rule", "values": ["color-contrast"]}},
            )
            .response
        )
        assert results["violations"] == [], [n["target"] for v in results["violations"] for n in v["nodes"]]
        assert sum(len(r["nodes"]) for r in results["passes"]) > 0
        labels = page.evaluate(LABEL_CONTRAST)
        assert len(labels) > 20, "no diagram labels found"
        low = [f"{label['text']}: {label['ratio']:.2f}" for label in labels if label["ratio"] < 4.5]
        assert low == []
    finally:
        context.close()


@pytest.mark.parametrize("key", ["Enter", " "])
def test_a_diagram_opens_from_the_keyboard_and_focus_returns(page: Page, live_site, key):
    page.goto(url_of(live_site.url, MOST_DIAGRAMS))
    diagram = page.locator("article div.mermaid").nth(1)
    assert diagram.get_attribute("tabindex") == "0"
    diagram.focus()
    page.keyboard.press(key)
    dialog = page.locator("dialog.zoom-dialog")
    expect(dialog.locator("svg")).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    assert diagram.evaluate("el => el === document.activeElement")


@pytest.fixture(scope="module", params=["build-time", "in-page"])
def served_elsewhere(request):
    """A built site served at an address other than the one it was built for.

    build-time: the session's live_site (diagrams and math drawn by the build), served again on a
    second port; in-page: the session's bare_site (built for the default site_url with no Chromium
    or Node), so the reader's browser draws them.
    """
    site = request.getfixturevalue("live_site" if request.param == "build-time" else "bare_site")
    with serving(site.root) as url:
        assert url != site.url
        yield url


def test_a_build_served_elsewhere_draws_everything_from_itself(page: Page, traffic, served_elsewhere):
    base = served_elsewhere
    problems: list[str] = []
    page.on("request", lambda r: r.url.startswith((base, "data:", "blob:")) or problems.append(r.url))
    # A request the browser dropped itself (leaving the page while the favicon loads) is no fault
    # of the site: a missing file is a 404, which the console listener reports.
    page.on("requestfailed", lambda r: r.failure == "net::ERR_ABORTED" or problems.append(f"failed: {r.url}"))
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    for note in ("model-context-protocol", "multi-gpu-training"):
        page.goto(f"{base}notes/{note}/")
        expect(page.locator("div.mermaid svg").first).to_be_visible()
        expect(page.locator(".arithmatex .katex").first).to_be_visible()
        traffic.settle()
    # Instant navigation from a page without math keeps the first page's <head>: math must still
    # be styled (its MathML copy hidden for screen readers only).
    page.goto(base)
    page.locator("article table a[href*='multi-gpu-training']").first.click()
    expect(page.locator(".arithmatex .katex").first).to_be_visible()
    mathml = page.locator(".katex-mathml").first
    expect(mathml).to_have_css("position", "absolute")
    fonts_loaded(page)
    traffic.settle()
    assert problems == []


def test_a_note_with_math_has_its_katex_fonts_before_it_lays_out_its_formulas(page: Page, traffic, live_site):
    """The head preloads KaTeX's upright and italic fonts (notekit.outputs.book_assets.katex_font_preloads):
    each is fetched once, by the preload, and the formulas draw with it. A preload the style sheet
    does not reuse (another address, no `crossorigin`) would be a second request for the font."""
    fonts: list[str] = []
    page.on("request", lambda r: r.resource_type == "font" and fonts.append(r.url))
    page.goto(f"{live_site.url}notes/multi-gpu-training/")
    expect(page.locator(".arithmatex .katex").first).to_be_visible()
    fonts_loaded(page)
    traffic.settle()
    preloaded = page.evaluate(
        """() => performance.getEntriesByType("resource")
             .filter(e => e.initiatorType === "link" && e.name.endsWith(".woff2"))
             .map(e => e.name.split("/").pop())"""
    )
    assert sorted(preloaded) == ["KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2"]
    assert len(fonts) == len(set(fonts)), f"a font fetched twice: {fonts}"
    loaded = page.evaluate(
        "() => [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family + ' ' + f.style)"
    )
    assert {"KaTeX_Main normal", "KaTeX_Math italic"} <= set(loaded)


def test_search_indexes_each_drawing_as_its_words(live_site):
    docs = json.loads((live_site.root / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    for note in NOTES:
        page = (live_site.root / "notes" / note.stem / "index.html").read_text(encoding="utf-8")
        text = " ".join(d["text"] for d in docs if d["location"].startswith(f"notes/{note.stem}/"))
        formulas = page.count('class="arithmatex"')
        # Each formula once, as TeX (KaTeX's own text would give its characters twice and no TeX).
        assert text.count("\\(") + text.count("\\[") == formulas, note.stem
        assert "katex" not in text, note.stem
        names = re.findall(r'<div class="mermaid[^"]*"[^>]*><svg\b[^>]*?\saria-label="([^"]*)"', page)
        assert len(names) >= note.read_text(encoding="utf-8").count("```mermaid"), note.stem
        for name in names:
            assert html.unescape(name) in html.unescape(text), (note.stem, name)
