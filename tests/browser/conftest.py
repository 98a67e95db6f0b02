"""Browser fixtures: Debian's Chromium driven by Playwright, and the `browser` marker on every test
in this folder, so that `pytest -m "not browser and not slow"` is the fast tier.

The site these tests visit, `live_site`, is built once per session in tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Error, Page, Request, expect, sync_playwright

from notekit.render import chromium

HERE = Path(__file__).resolve().parent


# A state a test waits for may take a while on a busy two-core runner (the book page's search
# index, say): give expect() the same 15 s as page actions (the `page` fixture below).
expect.set_options(timeout=15_000)


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
        self.requests: list[Request] = []
        page.on("request", lambda request: self.requests.append(request))

    def settle(self) -> None:
        done = 0
        while done < len(self.requests):
            request = self.requests[done]
            done += 1
            if not request.url.startswith(("http:", "https:")):
                continue
            response = request.response()  # None once the request has failed (a listener reports it)
            if response is not None:
                response.finished()


@pytest.fixture
def traffic(page: Page) -> Traffic:
    return Traffic(page)
