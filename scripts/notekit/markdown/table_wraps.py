"""A Markdown extension that writes each table inside the scrolling wrapper Material's bundle
would otherwise build around it at start-up, and the one change to Material's style sheet that
lets such a table keep Material's look.

At start-up, Material's bundle takes every plain table (`table:not([class])`) out of the page and
puts it back inside `<div class="md-typeset__scrollwrap"><div class="md-typeset__table">`. A table
taken out and put back is styled and laid out again from nothing: on a long note, 10-13 tables
whose cells hold formulas were a third of the long tasks after first paint
(benchmarks/RESULTS.md). Written in that wrapper from the start, and given a class
(`TABLE_CLASS`) so that the bundle leaves it where it is, a table is laid out once; it scrolls
sideways on a phone without JavaScript too.

Material styles tables with the same selector its bundle uses to find them, so a table with a
class would lose that style. `material_style_sheet` widens each of Material's
`table:not([class])` to `table:is(:not([class]),.TABLE_CLASS)`: the same rules, at the same place
in the cascade and with the same specificity (`:is()` takes its most specific argument, and both
are one class or attribute), for both kinds of table. scripts/hooks/assets.py hands Material's
main style sheet through it at every build; tests/test_couplings.py checks the selector and the
wrapper against the installed Material.
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

TABLE_CLASS = "data-table"
# What Material's bundle builds around a plain table (its `Un`), outermost first.
WRAPPER_CLASSES = ("md-typeset__scrollwrap", "md-typeset__table")
MATERIAL_SELECTOR = "table:not([class])"
WIDENED_SELECTOR = f"table:is(:not([class]),.{TABLE_CLASS})"


class TableWrapTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag != "table" or child.get("class") is not None:
                    continue  # a table with a class of its own is not Material's to wrap either
                outer = etree.Element("div", {"class": WRAPPER_CLASSES[0]})
                inner = etree.SubElement(outer, "div", {"class": WRAPPER_CLASSES[1]})
                outer.tail, child.tail = child.tail, None
                parent.remove(child)
                child.set("class", TABLE_CLASS)
                inner.append(child)
                parent.insert(index, outer)


class TableWrapExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # Late among the treeprocessors (Python-Markdown's inline processor is 20): every table
        # exists by then, whatever made it.
        md.treeprocessors.register(TableWrapTreeprocessor(md), "notekit-table-wraps", 5)


def material_style_sheet(css: str) -> str:
    """Material's style sheet with its rules for plain tables applying to wrapped ones too.

    Raises ValueError when the sheet has no such rule: a Material that styles tables otherwise,
    which this module would have to follow."""
    if MATERIAL_SELECTOR not in css:
        raise ValueError(f"no {MATERIAL_SELECTOR} rule in Material's style sheet")
    return css.replace(MATERIAL_SELECTOR, WIDENED_SELECTOR)


def makeExtension(**kwargs: Any) -> TableWrapExtension:  # noqa: N802 - the name Python-Markdown looks for
    return TableWrapExtension(**kwargs)
