"""A Markdown extension that tells each highlighted code block how many lines it has, and makes
the blocks that can scroll sideways on a phone reachable from the keyboard.

docs/stylesheets/extra.css draws a code block below the fold only when a reader scrolls near it
(content-visibility) and reserves `contain-intrinsic-size` for it meanwhile. A code block never
wraps its lines, so its height is its line count times the line height, and with `--lines` on the
block that reservation is exact. A fixed guess was not good enough: after a jump to a heading, the
blocks coming into view took their real heights and pushed the heading out of view.
No option of pymdownx.highlight writes the count, hence this postprocessor. It is registered at
priority 10, so it runs after Python-Markdown's `raw_html` postprocessor (priority 30) has put the
stashed code blocks back into the page.

Material makes a code block that scrolls sideways focusable (`tabindex` on its `<code>`), but with
`content.lazy` (mkdocs.yml) only once the block comes into view, so a block below the fold is a
scrollable region the keyboard cannot reach (axe-core: scrollable-region-focusable). A block with
a line longer than fits the narrowest phone gets `tabindex="0"` here; once in view, Material keeps
or removes it by what it measures.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

# pymdownx.highlight's block: <div class="language-x highlight"> (a title adds a <span> first).
# Groups: the class, what comes between the div and its <code> (a title, <pre>), the code.
_BLOCK = re.compile(r'<div class="((?:language-\S+ )?highlight)">(.*?)<code>(.*?)</code>', re.S)


_TAG = re.compile(r"<[^>]*>")
# Characters of code that fit across the narrowest screen Material lays out (320 px): 288 px of
# article, less the block's padding of 2 x 1.18em of 13.6 px code type, is 256 px; a monospace
# character is about 0.6em (8.2 px) wide, so 31 fit. Inside a list or a box there is less room.
PHONE_COLUMNS = 30


def line_count(code_html: str) -> int:
    return code_html.count("\n") + (0 if code_html.endswith("\n") else 1)


def longest_line(code_html: str) -> int:
    """Characters in the block's longest line, as the reader sees them (no markup, no entities)."""
    return max(len(line) for line in unescape(_TAG.sub("", code_html)).split("\n"))


def _sized(match: re.Match[str]) -> str:
    classes, between, code = match.groups()
    focusable = ' tabindex="0"' if longest_line(code) > PHONE_COLUMNS else ""
    return (
        f'<div class="{classes}" style="--lines: {line_count(code)}">{between}<code{focusable}>{code}</code>'
    )


def with_sizes(html: str) -> str:
    return _BLOCK.sub(_sized, html)


class _Sizes(Postprocessor):
    def run(self, text: str) -> str:
        return with_sizes(text)


class CodeSizes(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.postprocessors.register(_Sizes(md), "code_sizes", 10)


def makeExtension(**kwargs: Any) -> CodeSizes:  # noqa: N802 - the name Python-Markdown looks up
    return CodeSizes(**kwargs)
