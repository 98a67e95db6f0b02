"""On every page: no console errors, no failed requests, nothing loaded from another origin."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

# Addresses a build could leave external (no npm or no network at build time); the build log
# names them. This run's build self-hosts everything, so nothing is allowed by default.
ALLOWED_ORIGINS: tuple[str, ...] = ()


def test_every_page_is_clean(page: Page, live_site):
    problems: list[str] = []
    current = {"url": ""}
    page.on(
        "console", lambda m: m.type == "error" and problems.append(f"{current['url']}: console: {m.text}")
    )
    page.on("pageerror", lambda e: problems.append(f"{current['url']}: uncaught: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"{current['url']}: failed: {r.url} {r.failure}"))

    def on_request(request):
        if not request.url.startswith((live_site.url, "data:", "blob:", *ALLOWED_ORIGINS)):
            problems.append(f"{current['url']}: other origin: {request.url}")

    page.on("request", on_request)
    pages = live_site.pages()
    assert {"", "links/", "tags/", "notes/model-context-protocol/"} <= set(pages), pages
    for path in pages:
        current["url"] = live_site.url + path
        response = page.goto(current["url"], wait_until="networkidle")
        assert response.ok, current["url"]
        # Open search once per page, so the search worker and its index load as a reader sees it.
        page.keyboard.press("/")
        page.wait_for_load_state("networkidle")
        # The book page typesets hundreds of formulas before it asks for KaTeX's fonts: wait for the
        # math and then the fonts, or leaving the page would cut those requests short.
        page.wait_for_function(
            "() => [...document.querySelectorAll('.arithmatex')].every(m => m.querySelector('.katex'))"
        )
        page.evaluate("document.fonts.ready.then(() => true)")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    ("path", "link"),
    [("", "article table a[href*='model-context-protocol']"),
     ("notes/multi-gpu-training/", ".md-sidebar--primary a[href*='model-context-protocol']")],
)  # fmt: skip
def test_instant_navigation_keeps_assets_local(page: Page, live_site, path, link):
    """Instant navigation loads pages with fetch; diagrams and math must still come from us."""
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(live_site.url + path)
    page.locator(link).first.click()
    page.wait_for_load_state("networkidle")
    page.locator("div.mermaid").first.wait_for(state="attached")
    assert all(url.startswith((live_site.url, "data:", "blob:")) for url in requests), requests
