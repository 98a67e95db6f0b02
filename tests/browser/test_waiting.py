"""The browser tests' own waits (tests/support.py `settled`, conftest.py `Traffic.settle`) end in a
failure that says what it waited for, never in a hang: Playwright waits for a promise, a request's
response or its body without a time limit, and one wait that never ends stops the whole run."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from playwright.sync_api import Error, Page

from support import serving, settled


@pytest.fixture
def silent_address() -> Iterator[str]:
    """An address that takes connections and never answers (they wait in the listen queue)."""
    with socket.create_server(("127.0.0.1", 0), backlog=8) as listener:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/never.txt"


def test_a_promise_is_waited_for_and_one_that_never_settles_fails_in_time(page: Page):
    page.set_content("<p>waiting</p>")
    assert settled(page, "new Promise(done => requestAnimationFrame(() => done(6 * 7)))") == 42
    with pytest.raises(Error, match=r"not settled within 300 ms: new Promise\(\(\) => \{\}\)"):
        settled(page, "new Promise(() => {})", timeout_ms=300)


def test_settling_waits_for_every_body_and_names_a_request_that_never_ends(
    page: Page, traffic, tmp_path, silent_address
):
    (tmp_path / "start.html").write_text("<!doctype html><title>start</title><p>start</p>", encoding="utf-8")
    (tmp_path / "big.txt").write_text("x" * 4_000_000, encoding="ascii")
    with serving(tmp_path) as url:
        page.goto(url + "start.html")
        page.evaluate("() => { window.got = fetch('big.txt').then(r => r.text()).then(t => t.length) }")
        traffic.settle()
        (big,) = [r for r in traffic.requests if r.url.endswith("big.txt")]
        # Playwright records the end of a response when its body has arrived ("requestfinished").
        assert big.timing["responseEnd"] > 0
        assert settled(page, "window.got") == 4_000_000

        page.evaluate("address => { fetch(address).catch(() => {}) }", silent_address)
        with pytest.raises(pytest.fail.Exception, match=r"requests still open after 400 ms: .*/never\.txt"):
            traffic.settle(timeout_ms=400)
