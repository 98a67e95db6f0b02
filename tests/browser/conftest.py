"""Browser fixtures: Debian's Chromium driven by Playwright, and the `browser` marker on every test
in this folder, so that `pytest -m "not browser and not slow"` is the fast tier.

The site these tests visit, `live_site`, is built once per session in tests/conftest.py.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Error, Page, Request, expect, sync_playwright

from notekit.render import chromium

HERE = Path(__file__).resolve().parent


# A state a test waits for may take a while on a busy two-core runner (the book page's search
# index, say): give expect() the same 15 s as page actions (the `page` fixture below).
expect.set_options(timeout=15_000)
POLL_MS = 20  # how often Traffic.settle looks at the requests still open


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


def _launch(playwright) -> Browser:
    try:
        return chromium.launch(playwright)
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


class Traffic:
    """Every request a page makes, so that a test can wait until each one has finished.

    Playwright's `networkidle` waits for 500 ms without a request, a span of time; waiting for the
    requests themselves is a state, and costs nothing once they are done. Requests that start while
    we wait are waited for too. data: and blob: addresses never reach the network.
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.requests: list[Request] = []
        self.open: dict[Request, None] = {}  # started and neither finished nor failed, in order
        page.on("request", self._started)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._ended)

    def _started(self, request: Request) -> None:
        self.requests.append(request)
        if request.url.startswith(("http:", "https:")):
            self.open[request] = None

    def _ended(self, request: Request) -> None:
        self.open.pop(request, None)

    def settle(self, timeout_ms: int = 15_000) -> None:
        """Wait until every request so far has finished or failed; fail, naming them, if some
        have not within `timeout_ms`.

        Playwright's own waits for one request (`request.response()`, `response.finished()`) have
        no time limit: a request Chromium never ends would hang the whole run. So this polls the
        open requests' state, as `page.wait_for_function` polls a page's, and lets Playwright
        deliver the finishing events between checks.
        """
        deadline = time.monotonic() + timeout_ms / 1000
        while self.open:
            if time.monotonic() > deadline:
                pending = ", ".join(request.url for request in self.open)
                pytest.fail(f"requests still open after {timeout_ms} ms: {pending}")
            self.page.wait_for_timeout(POLL_MS)


@pytest.fixture
def traffic(page: Page) -> Traffic:
    return Traffic(page)
