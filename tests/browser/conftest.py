"""Browser fixtures: the real site built for a loopback port, served from this test run, and
Debian's Chromium driven by Playwright.

The site is built with SITE_URL pointing at the local server, as the deployment build points at
GitHub Pages: Material's privacy plugin writes absolute addresses for self-hosted scripts.
"""

from __future__ import annotations

import functools
import http.server
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Error, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
# Flags for a headless Chromium on a machine whose network is closed: no background fetches.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@dataclass(frozen=True)
class Site:
    root: Path  # the built files
    url: str  # http://127.0.0.1:PORT/

    def pages(self) -> list[str]:
        """Every HTML page of the site, as a path relative to its root (404.html excluded)."""
        return sorted(
            p.relative_to(self.root).as_posix().removesuffix("index.html")
            for p in self.root.rglob("*.html")
            if p.name != "404.html" and "assets" not in p.parts
        )


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, with the site's own 404 page for unknown paths, as GitHub Pages serves it."""

    def log_message(self, *args) -> None:  # keep the test output quiet
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_site(tmp_path_factory) -> Iterator[Site]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    out = tmp_path_factory.mktemp("browser-site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": url}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    handler = functools.partial(_Handler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(out, url)
    finally:
        server.shutdown()
        server.server_close()


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
