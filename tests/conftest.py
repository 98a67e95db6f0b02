"""Shared fixtures: a writable copy of the fixture site, and the real site built once per session.

The real site takes most of a test run to build, so `live_site` (served on a loopback port, for
the browser tests and tests/test_build.py alike) and `offline_site` (OFFLINE=true) are each built
once per session and shared.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from support import FIXTURE_SITE, HOOK, ROOT, SiteServer, run_mkdocs, serving, tree_snapshot

# No test reaches the network: npm (which fills the privacy plugin's cache of KaTeX and Mermaid)
# may use its local cache only. `python3 scripts/dev.py pytest` fetches the pinned packages before
# the run (notekit.render.prefetch); a build that cannot find them says which stay on their CDN.
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
    server = SiteServer(out)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        log = build_real_site(out, SITE_URL=url)
    except BaseException:
        server.server_close()
        raise
    with serving(out, server):
        yield Site(out, url, log)


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory) -> Site:
    """The OFFLINE=true copy, built once: it opens from disk (file://), no server."""
    out = tmp_path_factory.mktemp("offline-site")
    return Site(out, "", build_real_site(out, OFFLINE="true"))


@pytest.fixture(scope="session")
def bare_site(tmp_path_factory) -> Site:
    """The site as a downloaded copy builds it on a machine with Python alone.

    A copy of the repository without .git (a release tarball), built strictly with nothing on PATH
    (no git, Node, npm or Chromium) and the default site_url. One build answers three questions
    (tests/test_build.py, tests/test_drawing.py, tests/browser/test_build_time_drawing.py): it
    passes, page dates fall back to the build date, and diagrams and math are left to the reader's
    browser, each said once; served at any address, it still draws everything from itself.
    """
    copy = tmp_path_factory.mktemp("tarball") / "project"
    ignore = shutil.ignore_patterns(".venv", ".git", "site", "benchmarks", "*.egg-info", "__pycache__")
    shutil.copytree(ROOT, copy, ignore=ignore)  # .cache too: the pinned assets, since npm is absent
    empty = tmp_path_factory.mktemp("empty-path")
    out = tmp_path_factory.mktemp("bare-site")
    env = {"PATH": str(empty), "CHROME_PATH": str(empty / "chromium"), "SITE_URL": None}
    result = run_mkdocs(copy / "mkdocs.yml", out, "--strict", env=env)
    assert result.returncode == 0, result.stderr
    return Site(out, "", result.stderr)
