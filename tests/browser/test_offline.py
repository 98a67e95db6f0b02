"""The OFFLINE=true copy opened straight from disk: pages, diagrams, math and search all work."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_a_note_opened_from_disk_renders_everything_locally(page: Page, offline_site):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    # No font preloads from disk (notekit.outputs.book_assets.katex_style_sheet_in_head): a page
    # opened from a file has no origin, and Chromium refuses a `crossorigin` preload there.
    fonts_refused: list[str] = []
    page.on("console", lambda m: "Access to font" in m.text and fonts_refused.append(m.text))
    page.goto((offline_site.root / "notes" / "multi-gpu-training.html").as_uri())
    expect(page.locator("div.mermaid svg").first).to_be_visible()
    expect(page.locator(".arithmatex .katex").first).to_be_visible()
    page.locator(".md-sidebar--primary a[href$='model-context-protocol.html']").first.click()
    expect(page.locator("article h1")).to_contain_text("MCP, the Model Context Protocol")
    outside = [url for url in requests if not url.startswith(("file://", "data:", "blob:"))]
    assert outside == []
    assert fonts_refused == []


def test_search_works_from_disk(page: Page, offline_site):
    page.goto((offline_site.root / "index.html").as_uri())
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("quantization", delay=20)
    expect(page.locator(".md-search-result__item a").first).to_be_visible()
