"""axe-core on the pages a reader meets first: no serious or critical violations."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

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
    page.evaluate("document.fonts.ready.then(() => true)")
    traffic.settle()
    assert serious(page) == []


def test_search_results_have_no_serious_violations(page: Page, live_site):
    page.goto(live_site.url)
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("quantization", delay=20)
    page.locator(".md-search-result__item a").first.wait_for()
    assert serious(page) == []
