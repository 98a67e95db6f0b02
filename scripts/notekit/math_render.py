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
        # KaTeX's red drawing of each formula it refused in this build: the book page holds every
        # note's formulas again, and each refusal is typeset once and reported once.
        self.refused: dict[str, str] = {}

    def render(self, tex: str, display: bool, report: Callable[[str, str], None]) -> str:
        digest = key("katex", self.version, "display" if display else "inline", tex)
        cached = self.cache.get(digest)
        if cached is not None:
            return sized(cached)
        if digest in self.refused:
            return self.refused[digest]
        out, error = self.process.typeset(tex, display)
        self.rendered += 1
        if error:
            report(tex, f"math: {error} (KaTeX's supported functions: https://katex.org/docs/supported)")
            self.refused[digest] = out  # not cached: reported again in each build until it is fixed
            return out
        self.cache.put(digest, out)
        return sized(out)

    def page(self, text: str, report: Callable[[str, str], None]) -> str:
        def replace(match: re.Match) -> str:
            tag = match.group(1)
            tex, display = formula(match.group(2), tag)
            return f'<{tag} class="arithmatex">{self.render(tex, display, report)}</{tag}>'

        return MATH.sub(replace, text)
