"""A Markdown extension that keeps Material's instant previews to links that lead elsewhere.

`material.extensions.preview` marks every link whose target page matches its filter, including a
page's links to its own headings (the permalink next to each heading, footnote back-links): a
preview of the page the reader is already on. It has no option against that, so this
treeprocessor runs after it (priority 0; this one -1) and unmarks links to an anchor on the same page.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor


class _SamePage(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for link in root.iter("a"):
            if "data-preview" in link.attrib and link.get("href", "").startswith("#"):
                del link.attrib["data-preview"]


class PreviewScope(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(_SamePage(md), "preview_scope", -1)


def makeExtension(**kwargs: Any) -> PreviewScope:  # noqa: N802 - the name Python-Markdown looks up
    return PreviewScope(**kwargs)
