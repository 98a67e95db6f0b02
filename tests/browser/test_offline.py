"""The OFFLINE=true copy opened straight from disk: pages, diagrams, math and search all work."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from playwright.sync_api import Page, expect

from support import ROOT


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("offline-site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "OFFLINE": "true"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return out


def test_a_note_opened_from_disk_renders_everything_locally(page: Page, offline_site):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((offline_site / "notes" / "multi-gpu-training.html").as_uri())
    expect(page.locator("div.mermaid svg").first).to_be_visible()
    expect(page.locator(".arithmatex .katex").first).to_be_visible()
    page.locator(".md-sidebar--primary a[href$='model-context-protocol.html']").first.click()
    expect(page.locator("article h1")).to_contain_text("MCP, the Model Context Protocol")
    outside = [url for url in requests if not url.startswith(("file://", "data:", "blob:"))]
    assert outside == []


def test_search_works_from_disk(page: Page, offline_site):
    page.goto((offline_site / "index.html").as_uri())
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("quantization", delay=20)
    expect(page.locator(".md-search-result__item a").first).to_be_visible()
