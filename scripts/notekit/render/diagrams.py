"""Mermaid diagrams drawn at build time into inline SVG, themed by Material's own CSS variables.

Material draws each `<pre class="mermaid">` in the page: it loads Mermaid (2.7 MB of script),
initialises it with a style sheet (`themeCSS`) whose colours are CSS variables of the palette, and
renders into a shadow root. Here the same pinned Mermaid, with the same style sheet read from
Material's bundle, runs once per build in one headless Chromium page. The SVG colours itself from
the page's variables, so one drawing serves the light and the dark palette (the toggle switches
without re-rendering) and needs no script at all. Chromium starts only on a cache miss.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from notekit.render import chromium, legibility
from notekit.render.cache import RenderCache, key
from notekit.render.legibility import Fit
from notekit.render.worker import Stuck, Worker

if TYPE_CHECKING:  # optional: a build without Playwright leaves diagrams to the browser
    from playwright.sync_api import Page, Playwright

# Material's bundle keeps its Mermaid style sheet as one string literal starting with this rule.
_THEME_CSS = re.compile(r'"(\.node circle,[^"]*--md-mermaid-[^"]*)"')
# Material initialises Mermaid with these font sizes (its bundle, `mermaid.initialize`), kept; the
# participants' boxes and the gaps between them are narrower than Mermaid's defaults (150 and 50
# px), so that a sequence of five participants fits a phone (notekit.render.legibility). A box still grows
# to fit its name, and a gap to fit its longest message.
_SEQUENCE = {
    "actorFontSize": "16px", "messageFontSize": "16px", "noteFontSize": "16px",
    "width": 100, "actorMargin": 24,
}  # fmt: skip
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


class RendererFailed(Exception):
    """Chromium hung or died while drawing: not the author's doing. The rest is drawn in the page."""


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
    if tag is None or box is None:
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


_DIRECTION = re.compile(r"^(\s*(?:flowchart|graph)\s+)(LR|RL|TD|TB|BT)\b", re.M)
_SUB_DIRECTION = re.compile(r"^(\s*direction\s+)(LR|RL|TD|TB|BT)\b", re.M)
_TURNED = {"LR": "TB", "RL": "BT", "TD": "LR", "TB": "LR", "BT": "RL"}


def turned(source: str) -> str | None:
    """The same flowchart drawn the other way (left-to-right <-> top-down), subgraphs included;
    None for a diagram that has no direction to turn. Same nodes, same words: only the layout."""
    if not _DIRECTION.search(source):
        return None
    swap = lambda m: m.group(1) + _TURNED[m.group(2)]  # noqa: E731
    return _SUB_DIRECTION.sub(swap, _DIRECTION.sub(swap, source, count=1))


HINT = "Wider than the screen: scroll it sideways, or select it to see it enlarged."


@dataclass(frozen=True)
class Variant:
    """One drawing of a diagram, and where it is shown: on wide screens, narrow ones, or both."""

    svg: str
    wide: Fit | None
    narrow: Fit | None


def figure(variants: list[Variant]) -> str:
    """The HTML a fence becomes: each drawing in a focusable control (javascripts/zoom.js), shown
    on the screens it was chosen for, and a hint under it where it scrolls sideways.

    Each keeps Material's `mermaid` class (same margins and line height as today's diagrams);
    `data-processed` tells a Mermaid script loaded on the page (the OFFLINE=true copy loads it
    everywhere) that this element is already drawn. Where a drawing must keep a width to stay
    legible, `--min-wide` and `--min-narrow` carry it, and extra.css applies the one for the
    screen's width, inside a box that scrolls.
    """
    classes = ["diagram"]
    if any(v.wide and v.wide.min_width for v in variants):
        classes.append("scrolls-wide")
    if any(v.narrow and v.narrow.min_width for v in variants):
        classes.append("scrolls-narrow")
    parts = []
    for variant in variants:
        only = "" if (variant.wide and variant.narrow) else (" only-wide" if variant.wide else " only-narrow")
        widths = [(name, fit.min_width) for name, fit in (("wide", variant.wide), ("narrow", variant.narrow))
                  if fit and fit.min_width]  # fmt: skip
        style = "; ".join(f"--min-{name}: {width:g}px" for name, width in widths)
        style = f' style="{style}"' if style else ""
        parts.append(
            f'<div class="mermaid{only}" data-processed="true" tabindex="0" role="button" '
            f'aria-haspopup="dialog"{style}>{sized(variant.svg)}</div>'
        )
    if len(classes) > 1:
        parts.append(f'<p class="diagram-hint">{HINT}</p>')
    return f'<div class="{" ".join(classes)}">{"".join(parts)}</div>'


STARTUP_S = 20


class ChromiumPage:
    """One headless Chromium page with Mermaid loaded; opened on first use, closed by the build.

    The browser is a process of our own (`chromium.Headless`), driven by Playwright over the
    DevTools protocol from one thread (`worker.Worker`); every call waits at most `timeout`
    seconds. A hang or a crash stops the browser for good in this build and raises RendererFailed.
    """

    def __init__(self, mermaid_js: Path, css: str, path: Path | None, args: list[str], timeout: float = 30):
        self.mermaid_js = mermaid_js
        self.css = css
        self.path = path
        self.args = args
        self.timeout = timeout
        self.browser: chromium.Headless | None = None
        self._worker: Worker | None = None
        self._playwright: Playwright | None = None
        self._page: Page | None = None

    def unavailable(self) -> str | None:
        if self.path is None or not self.path.exists():
            return f"no Chromium at {self.path or chromium.DEBIAN}"
        if importlib.util.find_spec("playwright") is None:
            return "Playwright is not installed"
        return None

    def _connect(self, address: str) -> None:
        # Imported here: Playwright is an optional dependency, and a build without it falls back.
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        browser = self._playwright.chromium.connect_over_cdp(address)
        page = browser.contexts[0].new_page() if browser.contexts else browser.new_page()
        page.set_content(_RENDER_PAGE)
        page.add_script_tag(path=str(self.mermaid_js))
        page.evaluate(
            "([css, sequence]) => mermaid.initialize({ startOnLoad: false, themeCSS: css, sequence })",
            [self.css, _SEQUENCE],
        )
        self._page = page

    def _open(self) -> None:
        assert self.path is not None
        self.browser = chromium.Headless(self.path, self.args)
        self._worker = Worker("mermaid")
        try:
            address = self.browser.start(self.timeout)
            # Starting Playwright's driver and connecting takes a few seconds on a busy machine:
            # never less than STARTUP_S, however short the time allowed for one drawing.
            self._worker.call(max(self.timeout, STARTUP_S), self._connect, address)
        except (chromium.StartFailed, Stuck) as exc:
            self.close()
            raise BrowserUnavailable(f"Chromium did not start: {exc}") from None
        except Exception as exc:  # any other launch failure means: draw in the page instead
            self.close()
            raise BrowserUnavailable(f"Chromium did not start: {_first_line(exc)}") from None

    def render(self, svg_id: str, source: str) -> str:
        if self._page is None:
            self._open()
        assert self._worker is not None and self.browser is not None and self._page is not None
        try:
            return str(self._worker.call(self.timeout, self._page.evaluate, _RENDER_JS, [svg_id, source]))
        except Stuck:
            self.close()
            raise RendererFailed(
                f"Chromium stopped answering (nothing drawn in {self.timeout:g} s)"
            ) from None
        except Exception as exc:  # Playwright's errors carry the browser's message
            if not self.browser.alive():
                code = self.browser.exit_code()
                self.close()
                raise RendererFailed(f"Chromium stopped while drawing (exit code {code})") from None
            if type(exc).__name__ == "TargetClosedError":
                self.close()
                raise RendererFailed("Chromium closed its page while drawing") from None
            raise refusal(exc) from None

    def evaluate(self, script: str) -> Any:
        """Runs `script` in the render page (for tests)."""
        assert self._worker is not None and self._page is not None
        return self._worker.call(self.timeout, self._page.evaluate, script)

    def close(self) -> None:
        """Stops Playwright and the browser; the browser is killed whatever state it is in."""
        worker, self._worker = self._worker, None
        if worker is not None:
            if self.browser is not None and self.browser.alive() and self._playwright is not None:
                try:
                    worker.call(min(self.timeout, 10), self._playwright.stop)
                except Exception:  # a hung driver: the kill below ends the browser regardless
                    pass
            worker.stop()
        if self.browser is not None:
            self.browser.kill()
        self._playwright = self._page = None


class DiagramRenderer:
    def __init__(self, page: ChromiumPage, cache: RenderCache, version: str):
        self.page_ = page
        self.cache = cache
        # Everything that shapes the SVG is in the key: Mermaid's version, Material's style sheet,
        # the render page and script, this module's own code and the browser that draws.
        code = Path(__file__).read_text(encoding="utf-8")
        browser = chromium.identity(page.path) if page.path else ""
        self.theme = key(page.css, _RENDER_PAGE, _RENDER_JS, code, browser)
        self.version = version
        self.rendered = 0  # diagrams drawn by Chromium in this build (cache misses)

    def identity(self) -> str:
        """What shapes every drawing: Mermaid's version and everything in the theme's key."""
        return f"mermaid {self.version} {self.theme}"

    def svg(self, source: str) -> str:
        """Mermaid's SVG for `source`, from the cache or drawn; raises DiagramError or RendererFailed."""
        digest = key("mermaid", "svg", self.version, self.theme, source)
        svg = self.cache.get(digest)
        if svg is None:
            # The id scopes Mermaid's style sheet and marker references inside the SVG; from the
            # hash, so the same diagram gets the same id in every build and no two diagrams share one.
            svg = self.page_.render(f"mermaid-{digest[:12]}", source)
            self.rendered += 1
            self.cache.put(digest, svg)
        return svg

    def draw(self, source: str, occurrence: str = "") -> tuple[str, list[str]]:
        """(the figure's HTML, legibility problems) for one fence.

        The drawing as written comes first; when it cannot be read on some screen, the same
        diagram turned (left-to-right <-> top-down) is drawn too and each screen gets the one that
        reads best. `occurrence` makes the SVG's ids unique where one page shows a diagram twice.
        """
        drawings = [self.svg(source)]
        shapes = [legibility.geometry(drawings[0])]
        picks = {screen.name: legibility.choose(shapes, screen) for screen in legibility.SCREENS}
        if any(pick is None or pick[1].min_width for pick in picks.values()) and (other := turned(source)):
            try:
                drawings.append(self.svg(other))
                shapes.append(legibility.geometry(drawings[1]))
            except DiagramError:
                pass  # Mermaid accepts the diagram only as written: keep it as it is
            else:
                picks = {screen.name: legibility.choose(shapes, screen) for screen in legibility.SCREENS}
        kind = _KIND.search(drawings[0])
        kind_name = kind.group(1).removesuffix("-v2") if kind else ""
        problems = [
            legibility.problem(shapes, s, kind_name) for s in legibility.SCREENS if picks[s.name] is None
        ]
        titles: dict[str, int] = {}  # a title's most lines in any variant a reader is shown
        for index in sorted({pick[0] for pick in picks.values() if pick is not None} or {0}):
            for title, lines in legibility.wrapped_titles(drawings[index], shapes[index]):
                titles[title] = max(lines, titles.get(title, 0))
        problems += [legibility.title_problem(title, lines) for title, lines in titles.items()]
        wide, narrow = picks[legibility.LAPTOP.name], picks[legibility.PHONE.name]
        # An illegible screen still gets the drawing as written, so the page shows something.
        wide = wide or (0, Fit(legibility.drawn_px(shapes[0], legibility.LAPTOP)))
        narrow = narrow or (0, Fit(legibility.drawn_px(shapes[0], legibility.PHONE)))
        variants = []
        for index, svg in enumerate(drawings):
            fits = (wide[1] if wide[0] == index else None, narrow[1] if narrow[0] == index else None)
            if fits != (None, None):
                variants.append(Variant(valid(_unique(svg, f"{occurrence}{'abc'[index]}")), *fits))
        return figure(variants), problems


_KIND = re.compile(r'<svg\b[^>]*\saria-roledescription="([^"]+)"')
_ID = re.compile(r'<svg id="(mermaid-[0-9a-f]+)"')
_ANY_ID = re.compile(r'\sid="([^"]+)"')
_ARIA_REFS = re.compile(r'(\saria-(?:labelledby|describedby)=")([^"]*)"')


def _unique(svg: str, suffix: str) -> str:
    """The SVG with every id in it unique to this drawing at this place in the page.

    Mermaid scopes its style sheet and most ids by the drawing's id, which the suffix changes; but
    it names some things the same in every drawing (sequence arrowheads are `arrowhead`, flowchart
    nodes `flowchart-A-0`). A `url(#arrowhead)` then points into whichever drawing comes first,
    perhaps one hidden on this screen, and the arrows vanish. So every other id gets the
    drawing's id in front, and so does every reference to it.
    """
    match = _ID.match(svg)
    if not match:
        return svg
    root = f"{match.group(1)}{suffix}"
    svg = svg.replace(match.group(1), root)
    others = sorted({i for i in _ANY_ID.findall(svg) if not i.startswith(root)}, key=len, reverse=True)
    if not others:
        return svg
    names = "|".join(re.escape(name) for name in others)
    svg = re.sub(
        rf'(\sid="|url\(#|href="#)({names})(?=[")])', lambda m: f"{m.group(1)}{root}-{m.group(2)}", svg
    )
    known = set(others)

    def refs(m: re.Match[str]) -> str:
        tokens = [f"{root}-{t}" if t in known else t for t in m.group(2).split()]
        return f'{m.group(1)}{" ".join(tokens)}"'

    return _ARIA_REFS.sub(refs, svg)


_LABEL_OPEN = re.compile(r"<span(\s[^>]*)?><p>")
_LABEL_CLOSE = "</p></span>"
_NAME = re.compile(r'(<[a-zA-Z][\w:-]*\b[^>]*?)\sname="[^"]*"')


def valid(svg: str) -> str:
    """Mermaid's SVG made valid HTML, drawn the same.

    - Mermaid writes each HTML label as `<span class="nodeLabel"><p>text</p></span>`: a paragraph
      inside a span, which HTML does not allow. The span becomes a `div` with the same attributes
      (a block that holds one block: the same box); Mermaid's style sheet matches the labels by
      class (`.nodeLabel p`, `.edgeLabel p`), and the one rule for spans in clusters
      (`.cluster span`: colour and font) is also set on the paragraph or inherited.
    - Sequence diagrams mark each participant's box and lifeline with a `name` attribute, which no
      SVG element has; nothing styles or reads it, so it goes.
    """
    opened = len(_LABEL_OPEN.findall(svg))
    if opened and opened == svg.count(_LABEL_CLOSE):
        svg = _LABEL_OPEN.sub(lambda m: f"<div{m.group(1) or ''}><p>", svg)
        svg = svg.replace(_LABEL_CLOSE, "</p></div>")
    return _NAME.sub(r"\1", svg)
