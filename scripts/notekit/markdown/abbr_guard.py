"""A Markdown extension that keeps glossary tooltips out of headings, links and code, and leaves
the tooltips of the other terms to be set up when a reader first points at one.

Python-Markdown's `abbr` extension skips code (its text is atomic) but wraps a term in `<abbr>`
wherever else it occurs, headings and link text included: a heading's anchor then carries a
tooltip, and a link gets a second, competing one. No option turns that off, so this
treeprocessor runs right after `abbr` (priority 7) and before `toc` (5), and puts the plain text
back wherever an `<abbr>` landed inside one of those elements.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

NO_TOOLTIPS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre"})
# Every term left gets this attribute: Material's `content.tooltips` skips elements that have it
# (its selector is `[title]:not([data-preview])`), and docs/javascripts/glossary-tooltips.js
# draws the same tooltip when a reader first points at the term. Material set up a tooltip for
# each of the 100-180 terms of a note at start-up, one of its largest costs on a phone
# (benchmarks/RESULTS.md). Its style sheet underlines `[data-preview]` as it does `abbr`.
LAZY = "data-preview"


def _unwrap_children(element: etree.Element) -> None:
    for index in reversed(range(len(element))):
        child = element[index]
        if child.tag != "abbr":
            continue
        text = (child.text or "") + (child.tail or "")
        if index == 0:
            element.text = (element.text or "") + text
        else:
            previous = element[index - 1]
            previous.tail = (previous.tail or "") + text
        element.remove(child)


class _Unwrap(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        # Collected first: the tree must not change while it is being walked.
        for top in [element for element in root.iter() if element.tag in NO_TOOLTIPS]:
            for element in list(top.iter()):
                _unwrap_children(element)
        for element in root.iter("abbr"):
            element.set(LAZY, "")


class AbbrGuard(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(_Unwrap(md), "abbr_guard", 6)


def makeExtension(**kwargs: Any) -> AbbrGuard:  # noqa: N802 - the name Python-Markdown looks up
    return AbbrGuard(**kwargs)
