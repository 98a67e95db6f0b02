"""One built page, finished after math and diagrams were rendered at build time.

- A page with typeset math gets KaTeX's style sheet (its fonts come with it); other pages get none.
  The link goes at the top of the article, not in <head>: Material's instant navigation swaps the
  article but keeps the first page's head, so a head link would be missing after a click from a
  page without math. (A style sheet link is allowed in the body.)
- The in-page renderers are dropped where nothing is left for them: javascripts/katex.js when no
  raw formula remains, and the Mermaid script that the OFFLINE=true build adds to every page when
  no raw diagram remains. Where something could not be rendered it stays, and draws it as before.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from pathlib import Path

from notekit import assets, chromium, diagram_render, math_render
from notekit.diagram_render import FENCE
from notekit.math_render import MATH
from notekit.render_cache import RenderCache

FALLBACK = {
    "math": "math is typeset in the reader's browser, not at build time",
    "diagrams": "diagrams are drawn in the reader's browser, not at build time",
}

# Each from the line break before it: a pattern that starts with a literal is searched for quickly,
# and one starting with `[ \t]*` was tried at every position of a 2 MB book page.
# A script tag may carry attributes before its address (overrides/main.html writes `defer`).
KATEX_SCRIPT = re.compile(r'\n[ \t]*<script\b[^>]*\ssrc="[^"]*javascripts/katex\.js"[^>]*></script>')
MERMAID_SCRIPT = re.compile(r'\n[ \t]*<script\b[^>]*\ssrc="[^"]*/mermaid(?:\.min)?\.js"[^>]*></script>')
_ARTICLE = re.compile(r"<article\b[^>]*>")


def finish(text: str, katex_css_href: str) -> str:
    # One pass over the formulas: which are typeset (True) and which are left raw (False).
    typeset = {'class="katex' in match.group(2) for match in MATH.finditer(text)}
    if True in typeset:
        link = f'<link rel="stylesheet" href="{katex_css_href}">'
        article = _ARTICLE.search(text) or MATH.search(text)
        at = article.end() if article.group(0).startswith("<article") else article.start()
        text = text[:at] + link + text[at:]
    if False not in typeset:
        text = KATEX_SCRIPT.sub("", text)
    if not FENCE.search(text):
        text = MERMAID_SCRIPT.sub("", text)
    return text


def locate(source: str, snippet: str) -> int:
    """The 1-based line of `source` (a note, front-matter included) where `snippet` starts."""
    first = next((line.strip() for line in snippet.splitlines() if line.strip()), "")
    for number, line in enumerate(source.splitlines(), 1):
        if first and first in line:
            return number
    return 1


def _katex_css_path(fetch_dir: str) -> str:
    package = next(p for p in assets.PACKAGES if p.name == "katex")
    return assets.cache_path(Path(fetch_dir), package.url("dist/katex.min.css")).as_posix()


def material_bundle() -> Path | None:
    """Material's JavaScript bundle in the installed theme: it holds the Mermaid style sheet."""
    spec = importlib.util.find_spec("material")
    if spec is None or spec.origin is None:
        return None
    scripts = Path(spec.origin).parent / "templates" / "assets" / "javascripts"
    return next(scripts.glob("bundle.*.min.js"), None)


class Prerenderer:
    """Math and diagrams of every page of one build. Either half falls back on its own, saying so once."""

    def __init__(self, project: Path, asset_cache: Path, fetch_dir: str, info: Callable[[str], None]):
        self.info = info
        self.katex_css = _katex_css_path(fetch_dir)
        cache = RenderCache(project / ".cache" / "render")
        katex, mermaid = (next(p for p in assets.PACKAGES if p.name == name) for name in ("katex", "mermaid"))

        process = math_render.KatexProcess(assets.cache_path(asset_cache, katex.url("dist/katex.min.js")))
        why = process.unavailable()
        self.math = None if why else math_render.MathRenderer(process, cache, katex.version)
        self._fallback("math", why)

        bundle = material_bundle()
        css = diagram_render.theme_css(bundle.read_text(encoding="utf-8")) if bundle else None
        mermaid_js = assets.cache_path(asset_cache, mermaid.url("dist/mermaid.min.js"))
        browser = diagram_render.ChromiumPage(mermaid_js, css or "", chromium.executable(), chromium.ARGS)
        why = browser.unavailable()
        if not why and not mermaid_js.is_file():
            why = "mermaid.min.js is not in the asset cache"
        if not why and not css:
            why = "Material's Mermaid style sheet was not found in its bundle"
        self.diagrams = None if why else diagram_render.DiagramRenderer(browser, cache, mermaid.version)
        self._fallback("diagrams", why)
        self._closers = [process.close, browser.close]

    def _fallback(self, what: str, why: str | None) -> None:
        if why:
            self.info(f"{FALLBACK[what]}: {why}")

    def page(self, text: str, note_source: str, where: str, katex_css_href: str, warn: Callable) -> str:
        """The page's HTML with its math and diagrams rendered; problems go to `warn`, located."""

        def report(snippet: str, problem: str, line: int = 1) -> None:
            warn(f"{where}:{locate(note_source, snippet) + line - 1}: {problem}")

        if self.math is not None and 'class="arithmatex"' in text:
            try:
                text = self.math.page(text, report)
            except math_render.MathError as exc:
                self.math = self._fallback("math", str(exc))
        if self.diagrams is not None and '<pre class="mermaid">' in text:
            try:
                text = self.diagrams.page(text, report)
            except diagram_render.BrowserUnavailable as exc:
                self.diagrams = self._fallback("diagrams", f"Chromium did not start ({exc})")
        return finish(text, katex_css_href)

    def close(self) -> str:
        """Stops the browser and Node; says how much this build rendered (the rest came from the cache)."""
        for close in self._closers:
            close()
        counts = (("formulas", self.math), ("diagrams", self.diagrams))
        return ", ".join(f"{r.rendered} new {what}" for what, r in counts if r and r.rendered)
