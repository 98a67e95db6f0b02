"""On every page: no console errors, no failed requests, nothing loaded from another origin."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from notekit.notes.collection import load_collection
from support import fonts_loaded

ROOT = Path(__file__).resolve().parents[2]
# Every page a reader can open, one test each (so they spread over the test workers); the first
# test below fails when the built site has a page this list lacks.
PAGES = ["", "links/", "glossary/", "tags/", "book/"] + [
    note.src_path.removesuffix(".md") + "/" for note in load_collection(ROOT / "mkdocs.yml").notes
]

# Addresses a build could leave external (no npm or no network at build time); the build log
# names them. This run's build self-hosts everything, so nothing is allowed by default.
ALLOWED_ORIGINS: tuple[str, ...] = ()


def test_the_page_list_is_every_page_of_the_site(live_site):
    assert sorted(PAGES) == live_site.pages()


@pytest.mark.parametrize("path", PAGES, ids=[p or "home" for p in PAGES])
def test_every_page_is_clean(page: Page, traffic, live_site, path):
    problems: list[str] = []
    current = {"url": ""}
    page.on(
        "console", lambda m: m.type == "error" and problems.append(f"{current['url']}: console: {m.text}")
    )
    page.on("pageerror", lambda e: problems.append(f"{current['url']}: uncaught: {e}"))
    # A request the browser dropped itself (net::ERR_ABORTED) is no fault of the site: a missing
    # file is a 404, which the console listener reports.
    page.on(
        "requestfailed",
        lambda r: (
            r.failure == "net::ERR_ABORTED"
            or problems.append(f"{current['url']}: failed: {r.url} {r.failure}")
        ),
    )

    def on_request(request):
        if not request.url.startswith((live_site.url, "data:", "blob:", *ALLOWED_ORIGINS)):
            problems.append(f"{current['url']}: other origin: {request.url}")

    page.on("request", on_request)
    current["url"] = live_site.url + path
    response = page.goto(current["url"])
    assert response.ok, current["url"]
    # Open search once per page, so the search worker and its index load as a reader sees it; the
    # result list leaves "Initializing search" once the worker has read the index (on the book page,
    # every note at once, after seconds of a busy main thread when the machine is loaded).
    page.keyboard.press("/")
    expect(page.locator(".md-search-result__meta")).not_to_have_text(
        re.compile("Initializing"), timeout=30_000
    )
    # A page typesets its formulas before it asks for KaTeX's fonts: wait for the math and then
    # the fonts, or closing the page would cut those requests short.
    page.wait_for_function(
        "() => [...document.querySelectorAll('.arithmatex')].every(m => m.querySelector('.katex'))"
    )
    fonts_loaded(page)
    traffic.settle()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    ("path", "link"),
    [("", "article table a[href*='model-context-protocol']"),
     ("notes/multi-gpu-training/", ".md-sidebar--primary a[href*='model-context-protocol']")],
)  # fmt: skip
def test_instant_navigation_keeps_assets_local(page: Page, traffic, live_site, path, link):
    """Instant navigation loads pages with fetch; diagrams and math must still come from us."""
    page.goto(live_site.url + path)
    page.locator(link).first.click()
    expect(page.locator("article h1")).to_contain_text("MCP")
    page.locator("div.mermaid").first.wait_for(state="attached")
    fonts_loaded(page)
    traffic.settle()
    urls = [r.url for r in traffic.requests]
    assert all(url.startswith((live_site.url, "data:", "blob:")) for url in urls), urls
