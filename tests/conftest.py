"""Shared fixtures: a writable copy of the fixture site, and the real site built once per session.

The real site takes most of a test run to build, so `live_site` (served on a loopback port, for
the browser tests and tests/test_build.py alike) and `offline_site` (OFFLINE=true) are each built
once per session and shared.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from support import FIXTURE_SITE, HOOK, ROOT, run_mkdocs, tree_snapshot

# No test reaches the network: npm (which fills the privacy plugin's cache of KaTeX and Mermaid)
# may use its local cache only. `python3 scripts/dev.py pytest` fetches the pinned packages before
# the run (notekit.prefetch); a build that cannot find them says which stay on their CDN.
os.environ["npm_config_offline"] = "true"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/site whose hook path points back into this repository."""
    dest = tmp_path / "project"
    shutil.copytree(FIXTURE_SITE, dest)
    config = dest / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("../../../scripts/hooks/notes.py", HOOK.as_posix()), encoding="utf-8")
    return dest


@dataclass(frozen=True)
class Site:
    root: Path  # the built files
    url: str  # its site_url: http://127.0.0.1:PORT/ for the served build
    log: str  # what the build printed (stderr)

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


def build_real_site(out: Path, **env: str) -> str:
    """Build the repository's site strictly into `out`; fail unless it passes and leaves docs/ alone."""
    before = tree_snapshot(ROOT / "docs")
    result = run_mkdocs(ROOT / "mkdocs.yml", out, "--strict", env=env)
    assert result.returncode == 0, result.stderr
    assert tree_snapshot(ROOT / "docs") == before, "the build wrote under docs/"
    return result.stderr


@pytest.fixture(scope="session")
def live_site(tmp_path_factory) -> Iterator[Site]:
    """The real site, built once with SITE_URL naming the loopback server that serves it.

    The server binds its port before the build, so the address written into the pages (Material's
    privacy plugin makes self-hosted script addresses absolute) is the one that answers.
    """
    out = tmp_path_factory.mktemp("site")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(out))
    )
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        log = build_real_site(out, SITE_URL=url)
    except BaseException:
        server.server_close()
        raise
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield Site(out, url, log)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory) -> Site:
    """The OFFLINE=true copy, built once: it opens from disk (file://), no server."""
    out = tmp_path_factory.mktemp("offline-site")
    return Site(out, "", build_real_site(out, OFFLINE="true"))
