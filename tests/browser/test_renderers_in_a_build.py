"""Renderers in a real build: one that hangs or dies, at start or in the middle of a build (issue
#19, item 4), and a render cache that redraws only what changed (item 5).

Each case builds a small site of its own with the real hooks, strictly, while Chromium or Node is
made to fail: hung (SIGSTOP, or a stand-in that never answers) or killed (SIGKILL, or a stand-in
that exits). The build must still pass, say once which renderer failed and what happened (never
as the author's error, never as a traceback), leave what was not drawn to the reader's browser,
end in time, and leave no process of the renderer behind.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from notekit.render import chromium
from support import ROOT, running

TIMEOUT = 3  # RENDER_TIMEOUT for these builds, in seconds
DIAGRAMS = 8

CONFIG = f"""site_name: Renderer failures
site_url: https://example.org/
theme:
  name: material
  font: false
plugins:
  - privacy:
      assets_fetch_dir: assets/external
      cache_dir: !ENV PRIVACY_CACHE
hooks:
  - {(ROOT / "scripts" / "hooks" / "assets.py").as_posix()}
extra:
  prerender: true
  render_timeout: !ENV [RENDER_TIMEOUT, 30]
markdown_extensions:
  - pymdownx.arithmatex:
      generic: true
  - notekit.markdown.math_markdown
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
"""


def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    fences = "\n".join(f"```mermaid\nflowchart TD\n    A{i} --> B{i}\n```\n" for i in range(DIAGRAMS))
    (root / "docs" / "index.md").write_text(f"# Diagrams\n\n{fences}", encoding="utf-8")
    formulas = "\n".join(f"Formula ${i} + x^{i}$.\n" for i in range(DIAGRAMS))
    (root / "docs" / "math.md").write_text(f"# Math\n\n{formulas}", encoding="utf-8")
    # The pinned KaTeX and Mermaid the real site uses come from PRIVACY_CACHE (tests/conftest.py),
    # read only; what is drawn goes to the project's own .cache/render.
    return root


def start_build(root: Path, tmp_path: Path, **env: str) -> subprocess.Popen:
    # The renderers' temporary folders go in a folder of this test's own, so that its processes
    # can be told from those of other tests. A short path: Chromium's socket in its profile must
    # fit the 108 bytes of a Unix socket address, or it aborts.
    temp = Path(tempfile.mkdtemp(prefix="nk-"))
    (tmp_path / "temp-dir").write_text(str(temp), encoding="utf-8")
    environment = {**os.environ, "RENDER_TIMEOUT": str(TIMEOUT), "TMPDIR": str(temp), **env}
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(tmp_path / "site")],
        cwd=root, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def finish(build: subprocess.Popen, started: float) -> str:
    _, log = build.communicate(timeout=180)
    assert build.returncode == 0, log
    assert "Traceback" not in log and "WARNING" not in log, log
    assert time.monotonic() - started < 60
    return log


def temp_dir(tmp_path: Path) -> str:
    return (tmp_path / "temp-dir").read_text(encoding="utf-8")


def cache_entries(root: Path) -> int:
    return sum(1 for _ in (root / ".cache" / "render").rglob("*.html"))


def wait_for(condition, what: str, limit_s: float = 60) -> None:
    """Wait for a state of the build in progress (polled), not for a span of time."""
    end = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < end, f"never happened: {what}"
        time.sleep(0.02)


@pytest.mark.parametrize("how", ["SIGSTOP", "SIGKILL"], ids=["hangs", "dies"])
def test_chromium_failing_mid_build(tmp_path, how):
    root = project(tmp_path)
    pidfile = tmp_path / "chromium.pid"
    wrapper = tmp_path / "chromium"
    wrapper.write_text(
        f'#!/bin/sh\necho $$ > "{pidfile}"\nexec "{chromium.executable()}" "$@"\n', encoding="utf-8"
    )
    wrapper.chmod(0o755)
    started = time.monotonic()
    build = start_build(root, tmp_path, CHROME_PATH=str(wrapper))
    wait_for(lambda: cache_entries(root) >= 1, "the first diagram drawn")
    os.killpg(int(pidfile.read_text()), getattr(signal, how))
    log = finish(build, started)
    said = [line for line in log.splitlines() if "diagrams are drawn in the reader's browser" in line]
    # Killed, Chromium is seen to stop, or to close its page first: which, depends on which of its
    # processes the kernel reaps first (tests/test_diagrams.py allows both too).
    stopped = "Chromium stopped" in said[0] or "Chromium closed its page" in said[0] if said else False
    assert len(said) == 1 and stopped and "(the notes are not at fault)" in said[0], log
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    drawn, left = page.count('<div class="mermaid'), page.count('<pre class="mermaid">')
    assert drawn >= 1 and left >= 1 and drawn + left == DIAGRAMS
    assert running(temp_dir(tmp_path)) == [], "a Chromium process outlived the build"


def test_chromium_hanging_at_start(tmp_path):
    root = project(tmp_path)
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\nexec sleep 3600\n", encoding="utf-8")
    fake.chmod(0o755)
    started = time.monotonic()
    log = finish(start_build(root, tmp_path, CHROME_PATH=str(fake)), started)
    assert log.count(f"Chromium did not start: it did not answer within {TIMEOUT} s") == 1, log
    assert time.monotonic() - started < 35
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8").count(
        '<pre class="mermaid">'
    ) == DIAGRAMS
    assert running(str(fake)) == []


NODE_PROXY = """#!{python}
# Stands in for `node`: runs the real one, passes the first answer on, then {what}.
import subprocess, sys, time
real = subprocess.Popen([{node!r}, *sys.argv[1:]], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
for count, line in enumerate(sys.stdin):
    if count == 1:
        {action}
    real.stdin.write(line); real.stdin.flush()
    sys.stdout.write(real.stdout.readline()); sys.stdout.flush()
"""
ACTIONS = {
    "hangs": ("stops answering", "time.sleep(3600)"),
    "dies": ("exits", "real.kill(); sys.exit(9)"),
    "hangs-at-start": ("never answers", "pass"),
}


@pytest.mark.parametrize("how", ["hangs", "dies", "hangs-at-start"])
def test_node_failing(tmp_path, how):
    root = project(tmp_path)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    what, action = ACTIONS[how]
    script = NODE_PROXY.format(python=sys.executable, node=shutil.which("node"), what=what, action=action)
    if how == "hangs-at-start":
        script = f"#!{sys.executable}\nimport time\ntime.sleep(3600)\n"
    (bin_dir / "node").write_text(script, encoding="utf-8")
    (bin_dir / "node").chmod(0o755)
    started = time.monotonic()
    build = start_build(root, tmp_path, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    log = finish(build, started)
    said = [line for line in log.splitlines() if "math is typeset in the reader's browser" in line]
    expected = "Node stopped answering" if "hangs" in how else "Node stopped while typesetting"
    assert len(said) == 1 and expected in said[0], log
    page = (tmp_path / "site" / "math" / "index.html").read_text(encoding="utf-8")
    typeset, raw = page.count('<span class="katex">'), page.count('<span class="arithmatex">\\(')
    assert typeset == (0 if how == "hangs-at-start" else 1) and raw == DIAGRAMS - typeset
    assert "javascripts/katex.js" not in page or raw  # katex.js stays where formulas are left raw
    assert running(str(bin_dir)) == [], "a Node process outlived the build"


def test_a_build_that_fails_leaves_no_renderer_running(tmp_path):
    root = project(tmp_path)
    index = root / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n[a broken link](nowhere.md)\n", encoding="utf-8")
    build = start_build(root, tmp_path)
    _, log = build.communicate(timeout=180)
    assert build.returncode != 0 and "nowhere.md" in log
    assert running(temp_dir(tmp_path)) == [] and running(str(root)) == [], (
        "a renderer outlived the failed build"
    )


def test_a_rebuild_after_editing_one_diagram_and_one_formula_draws_only_those(tmp_path):
    root = project(tmp_path)
    first = finish(start_build(root, tmp_path), time.monotonic())
    assert f"drawn at build time: {DIAGRAMS} new formulas, {DIAGRAMS} new diagrams" in first, first
    index, math = root / "docs" / "index.md", root / "docs" / "math.md"
    index.write_text(index.read_text(encoding="utf-8").replace("A3 --> B3", "A3 --> C3"), encoding="utf-8")
    math.write_text(math.read_text(encoding="utf-8").replace("$5 + x^5$", "$5 + y^5$"), encoding="utf-8")
    again = finish(start_build(root, tmp_path), time.monotonic())
    assert "drawn at build time: 1 new formulas, 1 new diagrams" in again, again
    untouched = finish(start_build(root, tmp_path), time.monotonic())
    assert "drawn at build time" not in untouched, untouched


def test_the_katex_server_in_the_real_node_typesets_in_order_and_reports_errors():
    # tests/test_formulas.py drives KatexProcess with Node's answers recorded (the fast tier starts
    # no Node); this runs our server script in the real Node with the pinned KaTeX.
    from notekit.render import assets
    from notekit.render.formulas import KatexProcess

    katex = next(p for p in assets.PACKAGES if p.name == "katex")
    cache = Path(os.environ["PRIVACY_CACHE"]) / "assets" / "external"
    process = KatexProcess(assets.cache_path(cache, katex.url("dist/katex.min.js")), timeout=TIMEOUT * 10)
    assert process.unavailable() is None, process.unavailable()
    try:
        inline, error = process.typeset("a \\bmod b", False)
        assert error is None and 'class="katex"' in inline and "mod" in inline
        display, error = process.typeset("\\frac{1}{2}", True)
        assert error is None and 'class="katex-display"' in display
        shown, error = process.typeset("\\nosuchcommand", False)
        assert error is not None and "Undefined control sequence" in error and "nosuchcommand" in shown
    finally:
        process.close()


def test_a_subgraph_title_mermaid_sets_on_two_lines_fails_the_strict_build_at_its_fence(tmp_path):
    # Mermaid's own markup for a wrapped title (notekit.render.legibility.wrapped_titles reads it):
    # a title wider than Mermaid's 200 px wrapping width is named at its fence; a short one is not.
    root = project(tmp_path)
    long_title = "A subgraph title far wider than Mermaid wraps at"
    (root / "docs" / "index.md").write_text(
        '# Diagrams\n\nText.\n\n```mermaid\nflowchart TD\n    subgraph S["Short title"]\n        A --> B\n    end\n```\n\n'
        f'```mermaid\nflowchart TD\n    subgraph L["{long_title}"]\n        C --> D\n    end\n```\n',
        encoding="utf-8",
    )
    build = start_build(root, tmp_path)
    _, log = build.communicate(timeout=180)
    assert build.returncode != 0, log
    assert f'docs/index.md:12: diagram: the subgraph title "{long_title}" is set on ' in log, log
    assert "Short title" not in log and "Traceback" not in log, log
