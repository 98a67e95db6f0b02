"""Diagrams and formulas drawn at build time, where each page's Markdown is parsed.

- A ```` ```mermaid ```` fence: pymdownx.superfences calls `Drawing.fence` (the MkDocs hook names
  it as the fence's formatter) with the fence's text; it returns the drawn figure
  (`diagrams`), sized to be legible on a phone and a laptop (`legibility`).
- A formula: pymdownx.arithmatex marks it up, and `notekit.markdown.math_markdown` hands it to
  `Drawing.formula` for KaTeX's HTML (`formulas`).

So nothing searches the finished page for diagrams or formulas, code blocks are never touched,
and an author's mistake is reported at the line of the fence or formula (`locate`).

Each half falls back on its own, saying so once: without Chromium or Node, or when one hangs or
dies, what is left is drawn in the reader's browser as before (the fence stays a
`<pre class="mermaid">`, the formula stays raw TeX), and that renderer is not called again in the
build. A renderer's failure is never the author's error: it is one `info` line, not a warning.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pymdownx.superfences import fence_code_format

from notekit.render import assets, chromium, diagrams, formulas, legibility, locate, search_view
from notekit.render.cache import RenderCache

FALLBACK = {
    "math": "math is typeset in the reader's browser, not at build time",
    "diagrams": "diagrams are drawn in the reader's browser, not at build time",
}
MERMAID_HINT = "try the diagram at https://mermaid.live"
KATEX_HINT = "KaTeX's supported functions: https://katex.org/docs/supported"


@dataclass
class PageRecord:
    """What drawing one page found: decides the page's KaTeX style sheet and scripts."""

    where: str  # the file, as messages name it (docs/notes/x.md)
    markdown: str  # the page's Markdown as MkDocs read it (front-matter removed)
    offset: int  # lines of front-matter before it
    katex_css: str  # the KaTeX style sheet's address, relative to the page
    typeset: bool = False  # at least one formula drawn: the page needs KaTeX's style sheet
    raw_math: bool = False  # at least one formula left to the browser: it needs katex.js
    raw_diagrams: bool = False  # at least one fence left to the browser: it needs Mermaid
    seen: dict[tuple[str, ...], int] = field(default_factory=dict)  # occurrences so far, per text
    search: search_view.SearchView = field(default_factory=search_view.SearchView)  # what was drawn

    def occurrence(self, *what: str) -> int:
        count = self.seen.get(what, 0)
        self.seen[what] = count + 1
        return count

    def saved(self) -> dict[str, Any]:
        """What the rest of the build reads of this record, as JSON, for a page kept between
        builds (`notekit.render.page_store`)."""
        drawn = [[item.kind, item.fragment, item.words] for item in self.search.drawn]
        return {
            "typeset": self.typeset,
            "raw_math": self.raw_math,
            "raw_diagrams": self.raw_diagrams,
            "drawn": drawn,
        }

    def restore(self, saved: dict[str, Any]) -> None:
        """This record as `saved` left it, for a page whose parse was kept instead of repeated."""
        self.typeset, self.raw_math, self.raw_diagrams = (
            saved["typeset"],
            saved["raw_math"],
            saved["raw_diagrams"],
        )
        self.search = search_view.SearchView([search_view.Drawn(*item) for item in saved["drawn"]])


def katex_css_path(fetch_dir: str) -> str:
    package = next(p for p in assets.PACKAGES if p.name == "katex")
    return assets.cache_path(Path(fetch_dir), package.url("dist/katex.min.css")).as_posix()


def material_bundle() -> Path | None:
    """Material's JavaScript bundle in the installed theme: it holds the Mermaid style sheet."""
    spec = importlib.util.find_spec("material")
    if spec is None or spec.origin is None:
        return None
    scripts = Path(spec.origin).parent / "templates" / "assets" / "javascripts"
    return next(scripts.glob("bundle.*.min.js"), None)


class Drawing:
    """The diagrams and formulas of one build."""

    def __init__(
        self,
        math: formulas.MathRenderer | None,
        drawer: diagrams.DiagramRenderer | None,
        katex_css: str,
        info: Callable[[str], None],
        warn: Callable[[str], None],
    ):
        self.math = math
        self.diagrams = drawer
        self.katex_css = katex_css  # under the site's root
        self.info = info
        self.warn = warn
        self.pages: dict[str, PageRecord] = {}
        # Kept for the count at the end, after a failed renderer is dropped from the fields above.
        self._renderers = {"formulas": math, "diagrams": drawer}
        self.current: PageRecord | None = None
        self._closers: list[Callable[[], None]] = []

    @classmethod
    def start(
        cls, render_cache: Path, asset_cache: Path, fetch_dir: str, timeout: float,
        info: Callable[[str], None], warn: Callable[[str], None],
    ) -> Drawing:  # fmt: skip
        """Renderers from the self-hosted KaTeX and Mermaid; neither process starts until a
        formula or a diagram is missing from `render_cache`."""
        cache = RenderCache(render_cache)
        katex, mermaid = (next(p for p in assets.PACKAGES if p.name == name) for name in ("katex", "mermaid"))

        process = formulas.KatexProcess(
            assets.cache_path(asset_cache, katex.url("dist/katex.min.js")), timeout=timeout
        )
        why = process.unavailable()
        math = None if why else formulas.MathRenderer(process, cache, katex.version)
        if why:
            info(f"{FALLBACK['math']}: {why}")

        bundle = material_bundle()
        css = diagrams.theme_css(bundle.read_text(encoding="utf-8")) if bundle else None
        mermaid_js = assets.cache_path(asset_cache, mermaid.url("dist/mermaid.min.js"))
        page = diagrams.ChromiumPage(mermaid_js, css or "", chromium.executable(), chromium.ARGS, timeout)
        why = page.unavailable()
        if not why and not mermaid_js.is_file():
            why = "mermaid.min.js is not in the asset cache"
        if not why and not css:
            why = "Material's Mermaid style sheet was not found in its bundle"
        drawer = None if why else diagrams.DiagramRenderer(page, cache, mermaid.version)
        if why:
            info(f"{FALLBACK['diagrams']}: {why}")

        drawing = cls(math, drawer, katex_css_path(fetch_dir), info, warn)
        drawing._closers = [process.close, page.close]
        return drawing

    # One page --------------------------------------------------------------------------------

    def begin(self, src_uri: str, source: str, markdown: str, katex_css_href: str) -> None:
        """Called before a page's Markdown is parsed: what to name in messages, and where."""
        where = f"docs/{src_uri}"
        self.current = self.pages[src_uri] = PageRecord(
            where, markdown, locate.body_offset(source, markdown), katex_css_href
        )

    def page(self, src_uri: str) -> PageRecord | None:
        return self.pages.get(src_uri)

    def identity(self) -> str:
        """Everything of this drawing that shapes a page: which renderers still draw (one that
        failed leaves its work to the browser) and what shapes their output (their cache keys)."""
        math = self.math.identity() if self.math is not None else "in the browser"
        drawer = self.diagrams.identity() if self.diagrams is not None else "in the browser"
        return f"formulas: {math}; diagrams: {drawer}; style sheet: {self.katex_css}"

    def record(self) -> PageRecord:
        if self.current is None:  # Markdown parsed outside a page (a plugin's own snippet)
            self.current = PageRecord("docs", "", 0, self.katex_css)
        return self.current

    def _report(self, line: int | None, message: str) -> None:
        record = self.record()
        self.warn(f"{record.where}:{record.offset + line if line else 1}: {message}")

    # Diagrams ----------------------------------------------------------------------------------

    def fence(self, source: str, language: str, class_name: str, options: Any, md: Any, **kwargs: Any) -> str:
        """pymdownx.superfences' formatter for ```` ```mermaid ```` fences."""
        record = self.record()
        occurrence = record.occurrence("mermaid", source)
        if self.diagrams is not None:
            try:
                html, problems = self.diagrams.draw(source, f"-{occurrence}" if occurrence else "")
            except diagrams.DiagramError as exc:
                at = self._fence_line(record, source, occurrence)
                self._report(at + (exc.line or 1) if at else None, f"diagram: {exc} ({MERMAID_HINT})")
            except legibility.Unmeasurable as exc:
                at = self._fence_line(record, source, occurrence)
                self._report(at, f"diagram: its labels cannot be measured ({exc}), so it may be illegible")
            except (diagrams.RendererFailed, diagrams.BrowserUnavailable) as exc:
                self.diagrams = None
                self.info(f"{FALLBACK['diagrams']}: {exc} (the notes are not at fault)")
            else:
                for problem in problems:
                    self._report(self._fence_line(record, source, occurrence), f"diagram: {problem}")
                record.search.add("diagram", html, search_view.diagram_words(html))
                return html
        record.raw_diagrams = True
        return str(fence_code_format(source, language, class_name, options, md, **kwargs))

    @staticmethod
    def _fence_line(record: PageRecord, source: str, occurrence: int) -> int | None:
        return locate.fence_line(record.markdown, "mermaid", source, occurrence)

    # Formulas ----------------------------------------------------------------------------------

    def formula(self, tex: str, display: bool) -> str | None:
        """KaTeX's HTML for one formula, or None to leave it to the reader's browser."""
        record = self.record()
        occurrence = record.occurrence("math", tex)
        if self.math is not None:
            try:
                html, error = self.math.render(tex, display)
            except formulas.MathError as exc:
                self.math = None
                self.info(f"{FALLBACK['math']}: {exc} (the notes are not at fault)")
            else:
                if error:
                    line = locate.formula_line(record.markdown, tex, display, occurrence)
                    self._report(line, f"math: {error} ({KATEX_HINT})")
                record.typeset = True
                record.search.add("formula", html, search_view.formula_words(tex, display))
                return html
        record.raw_math = True
        return None

    # The end of the build ----------------------------------------------------------------------

    def close(self) -> str:
        """Stops the browser and Node; says how much this build drew (the rest came from the cache)."""
        for close in self._closers:
            close()
        self._closers = []
        drawn = [(what, r.rendered) for what, r in self._renderers.items() if r is not None and r.rendered]
        return ", ".join(f"{n} new {what}" for what, n in drawn)
