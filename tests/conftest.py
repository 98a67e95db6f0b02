"""Shared fixtures: a writable copy of the fixture site, and the real site built once per session.

The real site takes most of a test run to build, so `live_site` (served on a loopback port, for
the browser tests and tests/test_build.py alike) and `offline_site` (OFFLINE=true) are each built
once per session and shared.

No build in the tests draws diagrams or formulas at build time unless it asks to: the fast tier
(`-m "not browser and not slow"`) starts no browser or Node (scripts/fast_tier.py checks). The two
shared builds draw only when the session runs browser tests, which look at the drawings.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

try:
    import fcntl
except ImportError:  # Windows: each worker builds its own copy
    fcntl = None  # type: ignore[assignment]

from support import FIXTURE_SITE, ROOT, SiteServer, run_mkdocs, serving, tree_snapshot, with_our_hooks

# No test reaches the network: npm (which fills the privacy plugin's cache of KaTeX and Mermaid)
# may use its local cache only. `python3 scripts/dev.py pytest` fetches the pinned packages before
# the run (notekit.render.prefetch); a build that cannot find them says which stay on their CDN.
os.environ["npm_config_offline"] = "true"
os.environ["PRERENDER"] = "false"
# The fast tier's SITE_URL: nothing answers there, and it is not `mkdocs serve`'s address.
UNSERVED = "https://notes.example.org/fast-tier/"
# The pinned assets the privacy plugin serves: scripts/dev.py keeps them outside the repository;
# run without it, the repository's own cache (read, never written: every build is told where).
os.environ.setdefault("PRIVACY_CACHE", str(ROOT / ".cache" / "plugin" / "privacy"))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/site whose hook path points back into this repository."""
    dest = tmp_path / "project"
    shutil.copytree(FIXTURE_SITE, dest)
    config = dest / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(with_our_hooks(text), encoding="utf-8")
    return dest


@dataclass(frozen=True)
class Site:
    root: Path  # the built files
    url: str  # its site_url: http://127.0.0.1:PORT/ for the served build, UNSERVED in the fast tier
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


def built_once(tmp_path_factory, name: str, build: Callable[[Path], str]) -> tuple[Path, str]:
    """`build(folder)` run once for the whole run, its output and log shared by every test worker.

    pytest-xdist gives each worker its own session; the first to get here builds (holding a lock
    beside the workers' temporary folders) and the others wait for it and read the same folder.
    A failed build leaves nothing recorded, so each worker fails with its own log.
    """
    if "PYTEST_XDIST_WORKER" not in os.environ or fcntl is None:
        out = tmp_path_factory.mktemp(name)
        return out, build(out)
    shared = tmp_path_factory.getbasetemp().parent  # this run's, shared by its workers
    out, log = shared / name, shared / f"{name}.log"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not log.exists():
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            log.write_text(build(out), encoding="utf-8")
    return out, log.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def drawn(request) -> str:
    """PRERENDER for the shared builds: "true" when this session runs any browser test."""
    return "true" if any(item.get_closest_marker("browser") for item in request.session.items) else "false"


@pytest.fixture(scope="session")
def live_site(tmp_path_factory, drawn) -> Iterator[Site]:
    """The real site, built once with SITE_URL naming the loopback server that serves it.

    The server binds its port before the build, so the address written into the pages (Material's
    instant navigation follows only links its sitemap lists, absolute) is the one that answers.
    Without browser tests in the session nothing loads a page over HTTP: then one build, at an
    address nothing answers, serves every worker.
    """
    if drawn == "false":
        out, log = built_once(tmp_path_factory, "site", lambda out: build_real_site(out, SITE_URL=UNSERVED))
        yield Site(out, UNSERVED, log)
        return
    out = tmp_path_factory.mktemp("site")
    server = SiteServer(out)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        log = build_real_site(out, SITE_URL=url, PRERENDER=drawn)
    except BaseException:
        server.server_close()
        raise
    with serving(out, server):
        yield Site(out, url, log)


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory, drawn) -> Site:
    """The OFFLINE=true copy, built once for the run: it opens from disk (file://), no server."""
    out, log = built_once(
        tmp_path_factory,
        f"offline-site-{drawn}",
        lambda out: build_real_site(out, OFFLINE="true", PRERENDER=drawn),
    )
    return Site(out, "", log)


@pytest.fixture(scope="session")
def bare_site(tmp_path_factory) -> Site:
    """The site as a downloaded copy builds it on a machine with Python alone.

    A copy of the repository without .git (a release tarball), built strictly with nothing on PATH
    (no git, Node, npm or Chromium) and the default site_url. One build answers three questions
    (tests/test_build.py, tests/test_drawing.py, tests/browser/test_build_time_drawing.py): it
    passes, page dates fall back to the build date, and diagrams and math are left to the reader's
    browser, each said once; served at any address, it still draws everything from itself.
    """

    def build(out: Path) -> str:
        copy = out.parent / f"{out.name}-tarball" / "project"
        shutil.rmtree(copy.parent, ignore_errors=True)
        ignore = shutil.ignore_patterns(
            ".venv", ".git", ".cache", "site", "benchmarks", "*.egg-info", "__pycache__"
        )
        shutil.copytree(ROOT, copy, ignore=ignore)  # the pinned assets come from PRIVACY_CACHE
        empty = copy.parent / "empty-path"
        empty.mkdir(exist_ok=True)
        # It asks to draw, finds no renderer, and says so.
        env = {
            "PATH": str(empty),
            "CHROME_PATH": str(empty / "chromium"),
            "SITE_URL": None,
            "PRERENDER": "true",
        }
        result = run_mkdocs(copy / "mkdocs.yml", out, "--strict", env=env)
        assert result.returncode == 0, result.stderr
        return result.stderr

    out, log = built_once(tmp_path_factory, "bare-site", build)
    return Site(out, "", log)
