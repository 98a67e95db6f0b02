"""Browser fixtures: Debian's Chromium driven by Playwright, and the `browser` marker on every test
in this folder, so that `pytest -m "not browser"` is the fast tier.

The site these tests visit, `live_site`, is built once per session in tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Error, Page, sync_playwright

HERE = Path(__file__).resolve().parent
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
# Flags for a headless Chromium on a machine whose network is closed: no background fetches.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


def _launch(playwright) -> Browser:
    if DEBIAN_CHROMIUM.exists():
        return playwright.chromium.launch(executable_path=str(DEBIAN_CHROMIUM), args=CHROMIUM_ARGS)
    try:  # a browser that `python -m playwright install chromium` put in place
        return playwright.chromium.launch(args=CHROMIUM_ARGS)
    except Error as exc:
        pytest.fail(
            "No browser for the browser tests: install Debian's chromium (apt-get install chromium, "
            "as .ci/run does) or run `python3 scripts/dev.py python -m playwright install chromium`.\n"
            f"{exc}"
        )


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = _launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
