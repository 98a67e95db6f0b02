"""Math typeset at build time: KaTeX HTML for the formulas that pymdownx.arithmatex marks up.

arithmatex (generic mode) wraps each formula as `<span class="arithmatex">\\(...\\)</span>` or
`<div class="arithmatex">\\[...\\]</div>`, HTML-escaped; it never does so inside code, so math
shown as code stays untouched here too. The pinned katex.min.js runs in ONE Node process for the
whole build (starting Node per formula would cost more than the typesetting), started only when a
formula is missing from the cache, so a warm build starts no process at all.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from notekit.render_cache import RenderCache, key

MATH = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.S)
_DELIMITED = re.compile(r"^\\[(\[](.*)\\[)\]]$", re.S)

# Reads one JSON request a line, answers one JSON line: {html} or {html, error}. A formula KaTeX
# cannot parse is still answered (drawn in red, as in the page today) and its error reported.
_SERVER = r"""
const katex = require(process.argv[1])
const lines = require("readline").createInterface({ input: process.stdin })
lines.on("line", line => {
  const { tex, display } = JSON.parse(line)
  const options = { displayMode: display, output: "htmlAndMathml" }
  let answer
  try {
    answer = { html: katex.renderToString(tex, { ...options, throwOnError: true }) }
  } catch (error) {
    answer = { html: katex.renderToString(tex, { ...options, throwOnError: false }), error: error.message }
  }
  process.stdout.write(JSON.stringify(answer) + "\n")
})
"""


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
    """The Node child that typesets; one per build, closed by the hook when the build ends."""

    def __init__(self, katex_js: Path, node: str | None = None):
        self.katex_js = katex_js
        self.node = node or shutil.which("node")
        self._proc: subprocess.Popen | None = None

    def unavailable(self) -> str | None:
        if not self.node:
            return "Node is not installed"
        if not self.katex_js.is_file():
            return f"{self.katex_js.name} is not in the asset cache"
        return None

    def typeset(self, tex: str, display: bool) -> tuple[str, str | None]:
        if self._proc is None:
            self._proc = subprocess.Popen(
                [self.node, "-e", _SERVER, str(self.katex_js.resolve())],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8",
            )  # fmt: skip
        # One request, one answer: Node writes to a pipe synchronously, so sending a page's
        # formulas all at once could fill both pipes and wait forever.
        try:
            self._proc.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
            self._proc.stdin.flush()
            answer = json.loads(self._proc.stdout.readline() or "null")
        except (OSError, ValueError) as exc:
            raise MathError(f"the KaTeX process failed: {exc}") from None
        if not answer:
            raise MathError("the KaTeX process stopped")
        return answer["html"], answer.get("error")

    def close(self) -> None:
        if self._proc is not None:
            self._proc.stdin.close()
            self._proc.wait(timeout=10)
            self._proc = None


class MathRenderer:
    def __init__(self, process: KatexProcess, cache: RenderCache, version: str):
        self.process = process
        self.cache = cache
        self.version = version
        self.rendered = 0  # formulas typeset by Node in this build (cache misses)

    def render(self, tex: str, display: bool, report: Callable[[str, str], None]) -> str:
        digest = key("katex", self.version, "display" if display else "inline", tex)
        cached = self.cache.get(digest)
        if cached is not None:
            return cached
        out, error = self.process.typeset(tex, display)
        self.rendered += 1
        if error:
            report(tex, f"math: {error} (KaTeX's supported functions: https://katex.org/docs/supported)")
            return out  # not cached: the error is reported again until the source is fixed
        self.cache.put(digest, out)
        return out

    def page(self, text: str, report: Callable[[str, str], None]) -> str:
        def replace(match: re.Match) -> str:
            tag = match.group(1)
            tex, display = formula(match.group(2), tag)
            return f'<{tag} class="arithmatex">{self.render(tex, display, report)}</{tag}>'

        return MATH.sub(replace, text)
