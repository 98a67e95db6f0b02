"""Every diagram on every page readable on a 390 x 844 phone and a 1400 x 900 laptop (issue #19),
measured as a reader sees it: each label's font size times the drawing's scale on screen.

The build's own check (notekit.render.legibility) judges the SVG's geometry; this measures the result in
Chromium, in the variant each screen actually shows, so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

import statistics

import pytest
from playwright.sync_api import Browser

from support import ROOT

NOTES = sorted(p.stem for p in (ROOT / "docs" / "notes").glob("*.md"))
SCREENS = {
    "laptop": dict(viewport={"width": 1400, "height": 900}),
    "phone": dict(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=3
    ),
}
# (smallest median, smallest label) per screen, in CSS px as drawn.
GOALS = {"laptop": (12, 9), "phone": (11, 9)}

MEASURE = """() => [...document.querySelectorAll('article div.mermaid > svg, #print-site-page div.mermaid > svg')]
  .filter(svg => svg.getClientRects().length > 0)
  .map(svg => {
    const box = svg.viewBox.baseVal
    const scale = svg.getBoundingClientRect().width / box.width
    const labels = [...svg.querySelectorAll('text, foreignObject span, foreignObject div, foreignObject p')]
      .filter(el => el.textContent.trim() && !el.querySelector('span, div, p, tspan'))
      .map(el => parseFloat(getComputedStyle(el).fontSize) * scale)
    const figure = svg.parentElement
    return {
      label: svg.getAttribute('aria-label') || '',
      sizes: labels,
      scrolls: figure.scrollWidth > figure.clientWidth + 1,
      focusable: figure.tabIndex >= 0,
    }
  })"""


@pytest.fixture(scope="module", params=sorted(SCREENS))
def screen(request, browser: Browser):
    context = browser.new_context(**SCREENS[request.param])
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield request.param, page
    context.close()


def fences_in(*notes: str) -> int:
    return sum(
        (ROOT / "docs" / "notes" / f"{n}.md").read_text(encoding="utf-8").count("```mermaid") for n in notes
    )


@pytest.mark.parametrize("note", [*NOTES, "the book"])
def test_every_diagram_is_legible_and_the_page_never_scrolls_sideways(live_site, screen, note):
    name, page = screen
    if note == "the book":  # every page of the site in one: its drawings are in the HTML itself
        page.goto(f"{live_site.url}book/", wait_until="domcontentloaded", timeout=60_000)
    else:
        page.goto(f"{live_site.url}notes/{note}/")
    fences = fences_in(*NOTES) if note == "the book" else fences_in(note)
    diagrams = page.evaluate(MEASURE)
    assert len(diagrams) == fences, "each fence shows exactly one drawing on this screen"
    median_goal, smallest_goal = GOALS[name]
    for diagram in diagrams:
        assert diagram["sizes"], f"no labels measured in {diagram['label']}"
        median = statistics.median(diagram["sizes"])
        assert median >= median_goal - 0.05, f"{name}: median label {median:.1f} px in {diagram['label']}"
        assert min(diagram["sizes"]) >= smallest_goal, f"{name}: a label at {min(diagram['sizes']):.1f} px"
        if diagram["scrolls"]:
            assert diagram["focusable"], "a diagram that scrolls must take keyboard focus"
    if name == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_scrolling_diagram_says_so_and_enlarges_to_a_readable_size(live_site, screen):
    name, page = screen
    page.goto(f"{live_site.url}notes/model-context-protocol/")
    figure = page.locator("article .diagram.scrolls-narrow").first
    hint = figure.locator(".diagram-hint")
    if name == "phone":
        assert hint.is_visible() and "scroll it sideways" in hint.inner_text()
    else:
        assert not hint.is_visible()
    diagram = figure.locator("div.mermaid").locator("visible=true").first
    diagram.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.zoom-dialog")
    dialog.wait_for(state="visible")
    sizes = dialog.evaluate(
        """d => { const svg = d.querySelector('svg'); const s = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width
                  return [...svg.querySelectorAll('text, foreignObject span')].filter(e => e.textContent.trim())
                    .map(e => parseFloat(getComputedStyle(e).fontSize) * s) }"""
    )
    assert sizes and min(sizes) >= 12, f"enlarged labels at {min(sizes):.1f} px"
    page.keyboard.press("Escape")
