"""A Markdown extension that puts each table in a `<div class="table-slot">` of its own.

At start-up Material's bundle takes each plain table (`table:not([class])`) out of its parent and
puts it back inside its scrolling wrapper (`.md-typeset__scrollwrap`). Taking a child out of the
article makes Chrome restyle the whole article when the page has MathML (its user-agent style
sheet for MathML has `:nth-child` rules that match any element) or Material's
`table:not([class]) + *` rule applies: on a long note with formulas, thousands of elements once
more, for each start-up (benchmarks/RESULTS.md). Inside a slot of its own, only the slot is
restyled. docs/stylesheets/extra.css gives the slot `display: contents`, so it draws no box: the
page looks as it did, with or without JavaScript.
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

SLOT_CLASS = "table-slot"


class TableSlotTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag != "table" or child.get("class") is not None:
                    continue
                slot = etree.Element("div", {"class": SLOT_CLASS})
                slot.tail, child.tail = child.tail, None
                parent.remove(child)
                slot.append(child)
                parent.insert(index, slot)


class TableSlotExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # Late among the treeprocessors (Python-Markdown's inline processor is 20): every table
        # exists by then, whatever made it.
        md.treeprocessors.register(TableSlotTreeprocessor(md), "notekit-table-slots", 5)


def makeExtension(**kwargs: Any) -> TableSlotExtension:  # noqa: N802 - the name Python-Markdown looks for
    return TableSlotExtension(**kwargs)
