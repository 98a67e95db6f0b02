"""axe-core on the pages a reader meets first: no serious or critical violations."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from support import fonts_loaded, wait_until

AXE = Axe()


def serious(page: Page) -> list[str]:
    # axe reads colours from what the browser has drawn, and a long page draws a block only once a
    # reader scrolls near it (content-visibility in extra.css): draw everything for the check.
    page.add_style_tag(content="* { content-visibility: visible !important; }")
    results = AXE.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("path", ["", "notes/model-context-protocol/", "tags/"])
def test_page_has_no_serious_violations(page: Page, traffic, live_site, path):
    page.goto(live_site.url + path)
    fonts_loaded(page)
    traffic.settle()
    assert serious(page) == []


def test_search_results_have_no_serious_violations(page: Page, live_site):
    page.goto(live_site.url)
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("quantization", delay=20)
    page.locator(".md-search-result__item a").first.wait_for()
    assert serious(page) == []


# Each element the keyboard must reach when it scrolls sideways: code (Material, and
# notekit.markdown.code_sizes before Material has seen the block), tables (Material's wrapper) and display
# formulas (javascripts/scroll-focus.js).
MARKED_BY_SCRIPT = ".md-typeset__scrollwrap, .md-typeset div.arithmatex"
SCROLLERS = f"pre > code, {MARKED_BY_SCRIPT}"
UNREACHABLE = """selector => [...document.querySelectorAll(selector)]
  .filter(el => el.scrollWidth > el.clientWidth && el.tabIndex < 0 && !el.querySelector('[tabindex="0"]'))
  .map(el => el.className || el.tagName)"""


@pytest.mark.parametrize("path", ["notes/multi-gpu-training/"])  # code, tables and formulas that scroll
def test_in_a_phone_wide_window_every_region_that_scrolls_sideways_takes_focus(browser, live_site, path):
    # A window as narrow as a phone, with a pointer that hovers (a tablet with a keyboard, a narrow
    # desktop window). On a touch-only screen Material takes the tab stop off code blocks by design.
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        page.goto(live_site.url + path)
        # A tall formula below the fold has no width until it is drawn: bring each region into view.
        regions = page.locator(SCROLLERS)
        assert regions.count() > 10
        for i in range(regions.count()):
            regions.nth(i).scroll_into_view_if_needed()
        wait_until(page, f"({UNREACHABLE})({SCROLLERS!r}).length === 0")
        assert page.evaluate(UNREACHABLE, SCROLLERS) == []
        results = AXE.run(
            page, options={"runOnly": {"type": "rule", "values": ["scrollable-region-focusable"]}}
        )
        assert results.response["violations"] == []
        assert page.evaluate(
            "selector => [...document.querySelectorAll(selector)].some(el => el.scrollWidth > el.clientWidth)",
            SCROLLERS,
        ), "nothing scrolls sideways here: the test checks nothing"
        # Wider, a region that no longer scrolls gives its tab stop back.
        page.set_viewport_size({"width": 1600, "height": 900})
        kept = """selector => [...document.querySelectorAll(selector)]
          .filter(el => el.scrollWidth <= el.clientWidth && el.hasAttribute('tabindex'))
          .map(el => el.className)"""
        wait_until(page, f"({kept})({MARKED_BY_SCRIPT!r}).length === 0")
        assert page.evaluate(kept, MARKED_BY_SCRIPT) == []
    finally:
        context.close()
