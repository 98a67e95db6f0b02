"""Whether a drawn diagram can be read, on a phone and on a laptop, judged from its SVG alone.

An inline SVG from Mermaid is `width="100%"` with a `max-width` of its natural width: in a text
column narrower than that, the whole drawing shrinks, labels included. A label's size on screen is
its font size times that shrink, so the SVG's geometry (its viewBox width and the font sizes its
style gives the labels) says how large the labels will be drawn in any column, with no browser.

For each screen a diagram is shown either
- shrunk to the column, when its labels stay at least `smallest` px that way, or
- at a size where they are exactly `smallest` px, in its own box that scrolls sideways, when that
  width is at most `widest` (two phone screens on a phone: a wider drawing is redrawn, not panned);
- or not at all: the build names the diagram and says how small its labels would be.

A subgraph title Mermaid sets on more than one line is not legible either, at any size: Mermaid
lays the subgraph out for a one-line title and draws the rest over what the subgraph holds
(mermaid-js/mermaid#3806, open). `wrapped_titles` finds them, so the build can name them.

The column widths are Material's, measured in Chromium: a 390 px phone window leaves 358 px for the
text, a 1400 px laptop window 688 px (the column stops growing at 1220 px). Below `BREAKPOINT` the
page is laid out for narrow screens, and the narrow variant is shown.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Screen:
    name: str
    column: float  # px of text column the diagram gets
    smallest: float  # px: the smallest label size allowed as drawn
    widest: float  # px: the widest a scrolling diagram may be drawn


# Material's layout switches to the wide grid (sidebars beside the text) at 60em, i.e. 960 px: the
# text column is then between 686 and 688 px; below it the column is the window less 32 px.
PHONE = Screen("phone", 358, 11, 780)  # a 390 x 844 phone; two phone screens at most
LAPTOP = Screen("laptop", 688, 12, 2 * 688)  # a 1400 x 900 window
SCREENS = (LAPTOP, PHONE)


class Unmeasurable(Exception):
    """The SVG does not say its width or its labels' font size: the build cannot judge it."""


@dataclass(frozen=True)
class Geometry:
    width: float  # the viewBox width: the drawing's natural width in px
    label_px: float  # the smallest font size any label is set in, in px of the drawing


@dataclass(frozen=True)
class Fit:
    """How a diagram is shown on one screen: `label_px` as drawn; `min_width` set when it scrolls."""

    label_px: float
    min_width: float | None = None


_SVG_TAG = re.compile(r"<svg\b[^>]*>")
_VIEW_BOX = re.compile(r'\sviewBox="\s*[-\d.e]+[\s,]+[-\d.e]+[\s,]+([\d.e]+)[\s,]+([\d.e]+)\s*"')
_STYLE_BLOCK = re.compile(r"<style>(.*?)</style>", re.S)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_FONT_SIZE = re.compile(r"font-size:\s*([\d.]+)px")
_CLASSES = re.compile(r'\sclass="([^"]*)"')
_SELECTOR_CLASS = re.compile(r"\.([\w-]+)")
# Elements that carry label text, with an inline style of their own (sequence diagrams set it).
_TEXT_STYLE = re.compile(r'<(?:text|tspan|span|div|p)\b[^>]*\sstyle="([^"]*)"')


def geometry(svg: str) -> Geometry:
    """The drawing's natural width and the smallest font size its labels can be set in.

    Font sizes come from the SVG's own style sheet (Mermaid writes one per drawing, scoped by its
    id) and from text elements' inline styles. A rule counts when every class its last part names
    is used in the drawing: Mermaid's sheet also styles things a diagram may not have (tooltips,
    titles), and those must not decide. Raises Unmeasurable when width or size is missing.
    """
    tag = _SVG_TAG.match(svg)
    box = _VIEW_BOX.search(tag.group(0)) if tag else None
    if box is None:
        raise Unmeasurable("it has no viewBox")
    width = float(box.group(1))
    if not width > 0:
        raise Unmeasurable("its viewBox has no width")
    body = _STYLE_BLOCK.sub("", svg)
    used = {name for classes in _CLASSES.findall(body) for name in classes.split()}
    sizes = []
    for style in _STYLE_BLOCK.findall(svg):
        for selectors, declarations in _RULE.findall(style):
            found = _FONT_SIZE.search(declarations)
            if found and any(_applies(selector, used) for selector in selectors.split(",")):
                sizes.append(float(found.group(1)))
    sizes += [float(size) for style in _TEXT_STYLE.findall(body) for size in _FONT_SIZE.findall(style)]
    sizes = [size for size in sizes if size > 0]
    if not sizes:
        raise Unmeasurable("no font size is set for its labels")
    return Geometry(width, min(sizes))


def _applies(selector: str, used: set[str]) -> bool:
    last = selector.strip().split()[-1] if selector.strip() else ""
    return all(name in used for name in _SELECTOR_CLASS.findall(last))


def fit(shape: Geometry, screen: Screen) -> Fit | None:
    """How `shape` is shown on `screen`, or None when no legal way makes its labels legible."""
    shrink = min(1.0, screen.column / shape.width)
    if shape.label_px * shrink >= screen.smallest:
        return Fit(round(shape.label_px * shrink, 1))
    needed = shape.width * screen.smallest / shape.label_px
    if needed <= screen.widest:
        return Fit(screen.smallest, round(needed, 1))
    return None


def drawn_px(shape: Geometry, screen: Screen) -> float:
    """The label size as drawn when the diagram simply shrinks to the column."""
    return round(shape.label_px * min(1.0, screen.column / shape.width), 1)


def choose(shapes: list[Geometry], screen: Screen) -> tuple[int, Fit] | None:
    """The variant to show on `screen`: the first that fits the column unscrolled, else the one
    that scrolls least; None when none is legible."""
    fits = [(i, f) for i, shape in enumerate(shapes) if (f := fit(shape, screen)) is not None]
    whole = [(i, f) for i, f in fits if f.min_width is None]
    if whole:
        return whole[0]
    return min(fits, key=lambda pair: pair[1].min_width or 0.0) if fits else None


HINTS = {
    "sequence": "Use fewer participants, or break long messages with <br>",
    "": "Draw it top-down (`flowchart TD`), split it in two, or shorten its labels",
}


def problem(shapes: list[Geometry], screen: Screen, kind: str = "") -> str:
    """What to tell the author when no variant is legible on `screen`; `kind` is Mermaid's name
    for the diagram (flowchart-v2, sequence, …), which decides the hint."""
    best = max(shapes, key=lambda shape: drawn_px(shape, screen))
    widest = screen.widest * best.label_px / screen.smallest
    return (
        f"labels would be drawn at {drawn_px(best, screen):g} px on a {screen.name} "
        f"(at least {screen.smallest:g} px needed): the drawing is {best.width:.0f} px wide and a "
        f"{screen.name} can show at most {widest:.0f} px of it, scrolling. {HINTS.get(kind, HINTS[''])}"
    )


# A subgraph's title: Mermaid's HTML label (a foreignObject as tall as its lines, in a div that
# states its line height) or its SVG text (one "row" tspan per line).
_CLUSTER_LABEL = re.compile(r'<g class="cluster-label"[^>]*>(.*?)</g>', re.S)
_OBJECT_HEIGHT = re.compile(r'<foreignObject\b[^>]*\sheight="([\d.]+)"')
_LINE_HEIGHT = re.compile(r"line-height:\s*([\d.]+)\s*[;\"]")
_ROW = re.compile(r'<tspan\b[^>]*\sclass="[^"]*\brow\b')
_TAG = re.compile(r"<[^>]+>")


def wrapped_titles(svg: str, shape: Geometry) -> list[tuple[str, int]]:
    """Each subgraph title of `svg` that takes more than one line: (its text, its lines).

    A title's font is the drawing's label font (`shape.label_px`, Mermaid's 16 px unless a diagram
    sets its own); an HTML title's lines are its height over that font's line height.
    """
    found = []
    for label in _CLUSTER_LABEL.findall(svg):
        height, line_height = _OBJECT_HEIGHT.search(label), _LINE_HEIGHT.search(label)
        if height and line_height:
            lines = float(height.group(1)) / (float(line_height.group(1)) * shape.label_px)
        else:
            lines = len(_ROW.findall(label))
        if lines > 1.5:
            found.append((" ".join(html.unescape(_TAG.sub(" ", label)).split()), round(lines)))
    return found


def title_problem(title: str, lines: int) -> str:
    """What to tell the author about a subgraph title Mermaid would draw over its subgraph."""
    return (
        f'the subgraph title "{title}" is set on {lines} lines, and Mermaid draws every line after '
        "the first over what the subgraph holds (mermaid-js/mermaid#3806). Shorten it to one line "
        "(about 25 characters; Mermaid wraps titles at 200 px), and say the rest in the note or in a node"
    )
