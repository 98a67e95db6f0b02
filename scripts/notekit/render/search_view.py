"""What the search index reads of a page whose diagrams and formulas were drawn: their words, not
their markup.

A drawn diagram is an inline SVG of some hundreds of elements and a typeset formula is KaTeX's HTML
and MathML; the site's search parses every element of a page to collect its text, and on our pages
that markup was most of what it parsed (a third of a `mkdocs serve` rebuild of the real site, a
fifth of a 1,000-note build; profiles in benchmarks/RESULTS.md). Its text was noise besides: each
formula's characters twice over, the labels of every diagram twice when it has a phone variant.

So while the index reads a page, each drawn fragment stands as a short marked stand-in holding the
words a reader would search for: a diagram's accessible name (the kind of diagram and its labels,
`diagrams._RENDER_JS` names it) and a formula's TeX, escaped. `hide` swaps the stand-ins in just
before the index reads the page, `show` swaps the drawings back just after. Both work from the
exact text the drawing returned for that page, in order, never from a pattern: a fragment that
something changed on its way into the page is not found, and is then simply indexed whole.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

# The accessible name `diagrams._RENDER_JS` gives each drawing (our own output, not the page's).
_NAME = re.compile(r'<svg\b[^>]*?\saria-label="([^"]*)"')


@dataclass
class Drawn:
    """One drawn fragment of a page and the text it stands for in the search index."""

    kind: str  # "diagram" or "formula": each kind is drawn in the order of the page
    fragment: str
    words: str  # HTML: escaped text


def diagram_words(figure: str) -> str:
    """A diagram's words for the index: its first drawing's accessible name (already escaped in
    the attribute), or nothing."""
    found = _NAME.search(figure)
    return found.group(1) if found else ""


def formula_words(tex: str, display: bool) -> str:
    """A formula's words for the index: its TeX as arithmatex's generic output writes it."""
    return html.escape(f"\\[{tex}\\]" if display else f"\\({tex}\\)", quote=False)


Swapped = list[tuple[str, str]]  # (stand-in, drawn fragment), for `show` to undo what `hide` did


@dataclass
class SearchView:
    """The drawn fragments of one page, in the order they were drawn."""

    drawn: list[Drawn] = field(default_factory=list)

    def add(self, kind: str, fragment: str, words: str) -> None:
        self.drawn.append(Drawn(kind, fragment, words))

    def hide(self, content: str) -> tuple[str, Swapped]:
        """`content` with each drawn fragment swapped for its stand-in (an HTML comment pair the
        search parser skips, around the fragment's words), and what was swapped."""
        # Each kind's fragments follow each other down the page (fences and formulas are each
        # drawn in document order), so each kind's search goes on from where its last one ended.
        found: list[tuple[int, int, str, str]] = []
        after: dict[str, int] = {}
        for number, item in enumerate(self.drawn):
            at = content.find(item.fragment, after.get(item.kind, 0))
            if at < 0:
                continue
            after[item.kind] = end = at + len(item.fragment)
            found.append((at, end, f"<!--drawn {number}-->{item.words}<!--/drawn {number}-->", item.fragment))
        parts: list[str] = []
        swapped: Swapped = []
        done = 0
        for at, end, stand_in, fragment in sorted(found):
            if at < done:  # inside a fragment swapped already
                continue
            parts += [content[done:at], stand_in]
            swapped.append((stand_in, fragment))
            done = end
        parts.append(content[done:])
        return "".join(parts), swapped


def show(content: str, swapped: Swapped) -> str:
    """`content` with the drawings back where `SearchView.hide` put their stand-ins."""
    for stand_in, fragment in swapped:
        content = content.replace(stand_in, fragment, 1)
    return content
