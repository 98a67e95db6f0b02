"""A Markdown extension that keeps Material's instant previews to links that lead elsewhere, and
names each heading's permalink.

`material.extensions.preview` marks every link whose target page matches its filter, including a
page's links to its own headings (the permalink next to each heading, footnote back-links): a
preview of the page the reader is already on. It has no option against that, so this
treeprocessor runs after it (priority 0; this one -1) and unmarks links to an anchor on the same page.

The permalinks carry no title (mkdocs.yml sets the toc extension's `permalink_title` to ""):
Material's `content.tooltips` sets up a tooltip at load for every element with a title, about 30
per long note, which was much of its start-up on a phone (benchmarks/RESULTS.md). Without a title
the link's name would be its "¶"; the same treeprocessor gives each an `aria-label` ("Permanent
link", the toc extension's own title), which javascripts/glossary-tooltips.js shows as the tooltip
on first hover or focus.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

# The class the toc extension gives a permalink (its `permalink_class` default, which we keep).
PERMALINK_CLASS = "headerlink"


class _SamePage(Treeprocessor):
    def __init__(self, md: Markdown, label: str) -> None:
        super().__init__(md)
        self.label = label

    def run(self, root: etree.Element) -> None:
        for link in root.iter("a"):
            if "data-preview" in link.attrib and link.get("href", "").startswith("#"):
                del link.attrib["data-preview"]
            if (
                self.label
                and PERMALINK_CLASS in link.get("class", "").split()
                and not link.get("title")
                and not link.get("aria-label")
            ):
                link.set("aria-label", self.label)


class PreviewScope(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {"permalink_label": ["Permanent link", "The name of a permalink without a title"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(_SamePage(md, self.getConfig("permalink_label")), "preview_scope", -1)


def makeExtension(**kwargs: Any) -> PreviewScope:  # noqa: N802 - the name Python-Markdown looks up
    return PreviewScope(**kwargs)
