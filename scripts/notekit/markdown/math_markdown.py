"""Python-Markdown extension: the formulas pymdownx.arithmatex marked up, typeset while the page
is parsed.

arithmatex (generic mode) leaves each formula as `<span class="arithmatex">\\(…\\)</span>` or
`<div class="arithmatex">\\[…\\]</div>` in the element tree. This tree processor runs after
the inline patterns, hands each to `drawing.formula` (`notekit.render.drawing`) and puts KaTeX's HTML in
its place through the stash for raw HTML, so it is never escaped or parsed again. A page with a
typeset formula gets KaTeX's style sheet at the top of its content: in the article, not in
<head>, because Material's instant navigation swaps the article but keeps the first page's head.

Without a `drawing` (another generator that runs no hook of ours, or PRERENDER=false) it does
nothing, and javascripts/katex.js typesets the formulas in the browser.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import TYPE_CHECKING, Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from notekit.render.formulas import formula

if TYPE_CHECKING:
    from notekit.render.drawing import Drawing


class MathTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, drawing: Drawing):
        super().__init__(md)
        self.drawing = drawing

    def run(self, root: etree.Element) -> None:
        typeset = False
        for element in root.iter():
            if element.get("class") != "arithmatex" or element.tag not in ("span", "div") or not element.text:
                continue
            tex, display = formula(element.text, element.tag)
            drawn = self.drawing.formula(tex, display)
            if drawn is not None:
                element.text = self.md.htmlStash.store(drawn)
                typeset = True
        if typeset:
            href = self.drawing.record().katex_css
            root.insert(0, etree.Element("link", {"rel": "stylesheet", "href": href}))


class MathExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        # Not None: Python-Markdown would read a None default's value as a boolean.
        self.config = {"drawing": ["", "the build's notekit.render.drawing.Drawing (set by the MkDocs hook)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        drawing = self.getConfig("drawing")
        if drawing:
            # After the inline patterns (20), where arithmatex's inline formulas are made.
            md.treeprocessors.register(MathTreeprocessor(md, drawing), "notekit-math", 15)


def makeExtension(**kwargs: Any) -> MathExtension:  # noqa: N802 - the name Python-Markdown looks for
    return MathExtension(**kwargs)
