"""Mermaid diagrams drawn at build time into inline SVG, themed by Material's own CSS variables.

Material draws each `<pre class="mermaid">` in the page: it loads Mermaid (2.7 MB of script),
initialises it with a style sheet (`themeCSS`) whose colours are CSS variables of the palette, and
renders into a shadow root. Here the same pinned Mermaid, with the same style sheet read from
Material's bundle, runs once per build in one headless Chromium page. The SVG colours itself from
the page's variables, so one drawing serves the light and the dark palette (the toggle switches
without re-rendering) and needs no script at all. Chromium starts only on a cache miss.
"""

from __future__ import annotations

import html
import importlib.util
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from notekit.render_cache import RenderCache, key

FENCE = re.compile(r'<pre class="mermaid"><code>(.*?)</code></pre>', re.S)
# Material's bundle keeps its Mermaid style sheet as one string literal starting with this rule.
_THEME_CSS = re.compile(r'"(\.node circle,[^"]*--md-mermaid-[^"]*)"')
# Material initialises Mermaid with these (its bundle, `mermaid.initialize`); kept identical.
_SEQUENCE = {"actorFontSize": "16px", "messageFontSize": "16px", "noteFontSize": "16px"}
# Text in the render page is measured in the font the site asks for (Material with `font: false`),
# so labels fit their boxes for readers with the same fonts.
_RENDER_PAGE = """<!doctype html><html><head><style>
body { --md-mermaid-font-family: -apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif; }
</style></head><body></body></html>"""

# Renders one diagram, then gives the SVG the role and name of an image: Mermaid's own
# accTitle/accDescr when the author wrote them, else the kind of diagram and its first labels.
# Mermaid throws some refusals as objects Playwright cannot pass back ("object reference chain is
# too long"): every refusal is rethrown as an Error carrying only Mermaid's message.
_RENDER_JS = """async ([id, source]) => {
  let svg
  try {
    ({ svg } = await mermaid.render(id, source))
  } catch (error) {
    throw new Error(error && error.message ? error.message : String(error))
  }
  const box = document.createElement("div")
  box.innerHTML = svg
  const el = box.firstElementChild
  const kind = (el.getAttribute("aria-roledescription") || "diagram").replace(/-v\\d+$/, "")
  el.setAttribute("role", "img")
  if (!el.querySelector(":scope > title")) {
    el.removeAttribute("aria-labelledby")
    const texts = [...el.querySelectorAll(".nodeLabel, .edgeLabel, text.actor, .messageText, text")]
      .map(node => node.textContent.replace(/\\s+/g, " ").trim()).filter(Boolean)
    const labels = [...new Set(texts)]
    const shown = labels.slice(0, 8).join(", ") + (labels.length > 8 ? ", …" : "")
    const name = kind.charAt(0).toUpperCase() + kind.slice(1)
    el.setAttribute("aria-label", shown ? `${name} diagram: ${shown}` : `${name} diagram`)
  }
  return el.outerHTML
}"""


class DiagramError(Exception):
    """Mermaid refused one diagram (a syntax error, say): that diagram is drawn in the page.

    `line` is the diagram's own line Mermaid names (1 is the fence's first line), if it names one.
    """

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


class BrowserUnavailable(Exception):
    """Chromium cannot be used for this build: every diagram is drawn in the page, as before."""


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


_PLAYWRIGHT_PREFIX = re.compile(r"^(?:Page\.evaluate: )?(?:Error: )?")
_PARSE_ERROR = re.compile(r"^Parse error on line (\d+):$")


def refusal(exc: Exception) -> DiagramError:
    """Mermaid's refusal as one line, without Playwright's prefix and the browser's stack.

    A parse error comes as "Parse error on line N:", a copy of the line with a caret under it, and
    what Mermaid expected there: the line number and what was expected make the message; the caret
    lines only make sense under Mermaid's own copy of the text.
    """
    lines = [line for line in str(exc).strip().splitlines() if not line.startswith("    at ")]
    if not lines:
        return DiagramError(type(exc).__name__)
    first = _PLAYWRIGHT_PREFIX.sub("", lines[0])
    parse = _PARSE_ERROR.match(first)
    if parse is None:
        return DiagramError(first)
    expected = next((line for line in lines[1:] if line.startswith("Expecting ")), "")
    line = int(parse.group(1))
    detail = f": {expected[0].lower()}{expected[1:]}" if expected else ""
    return DiagramError(f"cannot parse line {line} of the diagram{detail}", line)


def theme_css(bundle_js: str) -> str | None:
    match = _THEME_CSS.search(bundle_js)
    return match.group(1) if match else None


_SVG_TAG = re.compile(r"<svg\b[^>]*>")
_VIEW_BOX = re.compile(r'\sviewBox="\s*[-\d.e]+[\s,]+[-\d.e]+[\s,]+([\d.e]+)[\s,]+([\d.e]+)\s*"')
_STYLE = re.compile(r'\sstyle="')


def sized(svg: str) -> str:
    """The SVG with its own shape in its style: `aspect-ratio` from the viewBox's width and height.

    Mermaid sizes the drawing by `width="100%"` and a `max-width`, and the browser takes the
    height from the viewBox. Written as `aspect-ratio`, the height is known without looking inside
    the drawing, so extra.css can leave a diagram below the fold undrawn (`content-visibility`)
    in exactly the space it will take. An SVG without a usable viewBox is left as it is.
    """
    tag = _SVG_TAG.match(svg)
    box = _VIEW_BOX.search(tag.group(0)) if tag else None
    if box is None:
        return svg
    try:
        width, height = float(box.group(1)), float(box.group(2))
    except ValueError:
        return svg
    if not (width > 0 and height > 0):
        return svg
    ratio = f"aspect-ratio: {box.group(1)} / {box.group(2)};"
    opening = tag.group(0)
    if _STYLE.search(opening):
        opening = _STYLE.sub(lambda m: f"{m.group(0)}{ratio} ", opening, count=1)
    else:
        opening = f'{opening[:-1]} style="{ratio}">'
    return opening + svg[tag.end() :]


def figure(svg: str) -> str:
    """The HTML a fence becomes: a focusable control around the sized SVG, for javascripts/zoom.js.

    It keeps Material's `mermaid` class (same margins and line height as today's diagrams);
    `data-processed` tells a Mermaid script loaded on the page (the OFFLINE=true copy loads it
    everywhere) that this element is already drawn.
    """
    return (
        '<div class="mermaid" data-processed="true" tabindex="0" role="button" aria-haspopup="dialog">'
        f"{sized(svg)}</div>"
    )


class ChromiumPage:
    """One headless Chromium page with Mermaid loaded; opened on first use, closed by the hook.

    Playwright's sync API refuses to run in a thread that has an asyncio loop running (a test
    session's own browser, a tool that runs MkDocs from async code), so every call goes through
    one thread of its own, which never has one.
    """

    def __init__(self, mermaid_js: Path, css: str, chromium: Path, args: list[str]):
        self.mermaid_js = mermaid_js
        self.css = css
        self.chromium = chromium
        self.args = args
        self._playwright = self._browser = self._page = None
        self._thread: ThreadPoolExecutor | None = None

    def unavailable(self) -> str | None:
        if not self.chromium.exists():
            return f"no Chromium at {self.chromium}"
        if importlib.util.find_spec("playwright") is None:
            return "Playwright is not installed"
        return None

    def _call(self, fn, *args):
        if self._thread is None:
            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mermaid")
        return self._thread.submit(fn, *args).result()

    def _open(self):
        # Imported here: Playwright is a test dependency, and a build without it falls back.
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=str(self.chromium), args=self.args)
        page = self._browser.new_page()
        page.set_content(_RENDER_PAGE)
        page.add_script_tag(path=str(self.mermaid_js))
        page.evaluate(
            "([css, sequence]) => mermaid.initialize({ startOnLoad: false, themeCSS: css, sequence })",
            [self.css, _SEQUENCE],
        )
        self._page = page

    def render(self, svg_id: str, source: str) -> str:
        if self._page is None:
            try:
                self._call(self._open)
            except Exception as exc:  # any launch failure means: draw in the page instead
                self.close()
                raise BrowserUnavailable(_first_line(exc)) from None
        try:
            return self._call(self._page.evaluate, _RENDER_JS, [svg_id, source])
        except Exception as exc:  # Playwright's errors carry the browser's message
            raise refusal(exc) from None

    def evaluate(self, script: str):
        """Runs `script` in the render page (for tests)."""
        return self._call(self._page.evaluate, script)

    def close(self) -> None:
        # The browser lives only for one build: the hook calls this when the build ends or fails.
        if self._thread is None:
            return
        self._call(self._stop)
        self._thread.shutdown()
        self._thread = None

    def _stop(self) -> None:
        if self._browser is not None:
            self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()
        self._playwright = self._browser = self._page = None


class DiagramRenderer:
    def __init__(self, page: ChromiumPage, cache: RenderCache, version: str):
        self.page_ = page
        self.cache = cache
        # The theme is part of the key: a Material update that changes its style sheet re-renders.
        self.theme = key(page.css, _RENDER_PAGE, _RENDER_JS)
        self.version = version
        self.rendered = 0  # diagrams drawn by Chromium in this build (cache misses)
        # Sources Mermaid refused in this build: the book page holds every note's diagrams again,
        # and each refusal is drawn once and reported once, where the author wrote it.
        self.refused: set[str] = set()

    def render(self, source: str) -> str:
        # The cache holds Mermaid's SVG as drawn ("svg" in the key: entries of older builds held
        # the whole figure); the figure around it is made here, so changing it redraws nothing.
        digest = key("mermaid", "svg", self.version, self.theme, source)
        svg = self.cache.get(digest)
        if svg is None:
            # The id scopes Mermaid's style sheet and marker references inside the SVG; from the
            # hash, so the same diagram gets the same id in every build and no two diagrams share one.
            svg = self.page_.render(f"mermaid-{digest[:12]}", source)
            self.rendered += 1
            self.cache.put(digest, svg)
        return figure(svg)

    def page(self, text: str, report: Callable[..., None]) -> str:
        """Every fence of a page drawn; one that Mermaid refuses stays a fence, drawn in the page.

        `report(source, problem, line)`: `line` is the problem's line within the source, from 1."""

        def replace(match: re.Match) -> str:
            source = html.unescape(match.group(1))
            if source in self.refused:
                return match.group(0)
            try:
                return self.render(source)
            except DiagramError as exc:
                self.refused.add(source)
                # Mermaid counts the fence's lines from its very first; the report is located by
                # the first line with text.
                blank = len(source) - len(source.lstrip("\n"))
                at = max(1, (exc.line or 1) - blank)
                report(source, f"diagram: {exc} (try the diagram at https://mermaid.live)", at)
                return match.group(0)

        return FENCE.sub(replace, text)
