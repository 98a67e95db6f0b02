"""Math typeset at build time: KaTeX HTML for the formulas that pymdownx.arithmatex marks up.

arithmatex (generic mode) wraps each formula as `<span class="arithmatex">\\(...\\)</span>` or
`<div class="arithmatex">\\[...\\]</div>`; it never does so inside code, so math shown as code
stays untouched here too. `notekit.markdown.math_markdown` hands each one here while the page's Markdown is
parsed. The pinned katex.min.js runs in ONE Node process for the
whole build (starting Node per formula would cost more than the typesetting), started only when a
formula is missing from the cache, so a warm build starts no process at all.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import threading
from pathlib import Path

from notekit.render.cache import RenderCache, key

# KaTeX writes each top-level piece of a formula as a `katex-base` that opens with a strut whose
# height and vertical-align are the piece's height above and depth below the baseline, in em.
_STRUT = re.compile(
    r'<span class="katex-base"><span class="katex-strut" '
    r'style="height:([\d.]+)em;(?:vertical-align:(-?[\d.]+)em;)?"'
)
_DISPLAY = '<span class="katex-display"><span class="katex">'
# Below these, the line's own height (KaTeX's 1.2 line-height) sets the formula's height instead of
# its struts, and that depends on font metrics. Measured on the notes' formulas in Chromium: a
# formula reaching 1em above and 0.5em below its baseline is exactly as tall as its struts.
_MIN_ABOVE, _MIN_BELOW = 1.0, 0.5
_DELIMITED = re.compile(r"^\\[(\[](.*)\\[)\]]$", re.S)

# Reads one JSON request a line, answers one JSON line: {html} or {html, error}. A formula KaTeX
# cannot parse is still answered (drawn in red, as in the page today) and its error reported.
# KaTeX's own `\bmod` writes elements inside a MathML `<mo>`, which HTML does not allow (the Nu
# Html Checker rejects it): the same word with the same 5mu on each side, as plain MathML.
_SERVER = r"""
const katex = require(process.argv[1])
const lines = require("readline").createInterface({ input: process.stdin })
const macros = { "\\bmod": "\\mskip5mu\\mathrm{mod}\\mskip5mu" }
lines.on("line", line => {
  const { tex, display } = JSON.parse(line)
  const options = { displayMode: display, output: "htmlAndMathml", macros: { ...macros } }
  let answer
  try {
    answer = { html: katex.renderToString(tex, { ...options, throwOnError: true }) }
  } catch (error) {
    answer = { html: katex.renderToString(tex, { ...options, throwOnError: false }), error: error.message }
  }
  process.stdout.write(JSON.stringify(answer) + "\n")
})
"""


def display_height(katex_html: str) -> float | None:
    """A display formula's height in em of its own type, when its struts alone decide it.

    None for a formula of several lines, or one so flat that its line's height decides.
    """
    if "katex-newline" in katex_html:
        return None
    struts = [(float(height), -float(align or 0)) for height, align in _STRUT.findall(katex_html)]
    if not struts:
        return None
    above = max(height - depth for height, depth in struts)
    below = max(depth for _, depth in struts)
    if above < _MIN_ABOVE or below < _MIN_BELOW:
        return None
    return round(above + below, 4)


def sized(katex_html: str) -> str:
    """A display formula that carries its height (`--math-height`, in em) when it is known.

    stylesheets/extra.css then leaves a tall formula below the fold undrawn in exactly its own
    space: the multi-GPU note's nine display formulas were a sixth of its start-up work on a phone.
    """
    height = display_height(katex_html) if katex_html.startswith(_DISPLAY) else None
    if height is None:
        return katex_html
    return katex_html.replace(
        _DISPLAY, f'<span class="katex-display"><span class="katex" style="--math-height: {height}">', 1
    )


class MathError(Exception):
    pass


def formula(inner: str, tag: str) -> tuple[str, bool]:
    """(TeX, display?) from the escaped text arithmatex put inside its element."""
    text = html.unescape(inner).strip()
    match = _DELIMITED.match(text)
    if match:
        return match.group(1).strip(), text.startswith("\\[")
    return text, tag == "div"  # an environment such as \begin{align} arrives without delimiters


class KatexProcess:
    """The Node child that typesets; one per build, closed by the build when it ends.

    Every answer is waited for at most `timeout` seconds: a hung or dead Node raises MathError,
    and Node is stopped (with anything it started: it runs in a process group of its own).
    Answers are read by a thread of our own, so waiting can have a time limit on every platform.
    """

    def __init__(self, katex_js: Path, node: str | None = None, timeout: float = 30):
        self.katex_js = katex_js
        self.node = node or shutil.which("node")
        self.timeout = timeout
        self._proc: subprocess.Popen[str] | None = None
        self._answers: queue.Queue[str] = queue.Queue()

    def unavailable(self) -> str | None:
        if not self.node:
            return "Node is not installed"
        if not self.katex_js.is_file():
            return f"{self.katex_js.name} is not in the asset cache"
        return None

    def _start(self) -> subprocess.Popen[str]:
        assert self.node is not None
        try:
            proc = subprocess.Popen(
                [self.node, "-e", _SERVER, str(self.katex_js.resolve())],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                text=True, encoding="utf-8", start_new_session=True,
            )  # fmt: skip
        except OSError as exc:
            raise MathError(f"Node could not be run ({exc.strerror or exc})") from None

        def read() -> None:
            assert proc.stdout is not None  # opened with stdout=PIPE
            for line in proc.stdout:
                self._answers.put(line)
            self._answers.put("")  # end of output: Node exited

        threading.Thread(target=read, daemon=True, name="katex-stdout").start()
        return proc

    def typeset(self, tex: str, display: bool) -> tuple[str, str | None]:
        if self._proc is None:
            self._proc = self._start()
        # One request, one answer: Node writes to a pipe synchronously, so sending a page's
        # formulas all at once could fill both pipes and wait forever.
        try:
            stdin = self._proc.stdin
            assert stdin is not None  # opened with stdin=PIPE
            stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
            stdin.flush()
            line = self._answers.get(timeout=self.timeout)
        except queue.Empty:
            self.kill()
            raise MathError(f"Node stopped answering (no formula typeset in {self.timeout:g} s)") from None
        except OSError:
            line = ""
        try:
            answer = json.loads(line) if line else None
        except ValueError:
            answer = None
        if not answer:
            code = None
            with contextlib.suppress(subprocess.TimeoutExpired):  # its output ended: it is exiting
                code = self._proc.wait(timeout=1) if self._proc else None
            self.kill()
            raise MathError(f"Node stopped while typesetting (exit code {code})")
        return answer["html"], answer.get("error")

    def kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            try:
                if hasattr(os, "killpg"):
                    os.killpg(proc.pid, signal.SIGKILL)
                else:
                    proc.kill()
            except (ProcessLookupError, PermissionError):
                pass
        proc.wait(timeout=10)
        self._answers = queue.Queue()

    def close(self) -> None:
        if self._proc is None:
            return
        try:
            if self._proc.stdin is not None:
                self._proc.stdin.close()  # Node ends when its input does
            self._proc.wait(timeout=min(self.timeout, 5))
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()


class MathRenderer:
    def __init__(self, process: KatexProcess, cache: RenderCache, version: str):
        self.process = process
        self.cache = cache
        # KaTeX's version and the server that calls it shape every formula's HTML.
        self.kind = key("katex", version, _SERVER)
        self.rendered = 0  # formulas typeset by Node in this build (cache misses)

    def identity(self) -> str:
        """What shapes every formula: KaTeX's version and the server that calls it."""
        return self.kind

    def render(self, tex: str, display: bool) -> tuple[str, str | None]:
        """(KaTeX's HTML, KaTeX's complaint or None); raises MathError when Node fails.

        A refused formula is drawn in red, as KaTeX does in the page, and never cached: it is
        reported again in each build until it is fixed."""
        digest = key(self.kind, "display" if display else "inline", tex)
        cached = self.cache.get(digest)
        if cached is not None:
            return sized(cached), None
        out, error = self.process.typeset(tex, display)
        self.rendered += 1
        if error:
            return out, error
        self.cache.put(digest, out)
        return sized(out), None
