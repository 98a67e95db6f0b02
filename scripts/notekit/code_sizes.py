"""A Markdown extension that tells each highlighted code block how many lines it has.

stylesheets/extra.css draws a code block below the fold only when a reader scrolls near it
(content-visibility) and reserves `contain-intrinsic-size` for it meanwhile. A code block never
wraps its lines, so its height is its line count times the line height, and with `--lines` on the
block that reservation is exact. A fixed guess was not good enough: after a jump to a heading, the
blocks coming into view took their real heights and pushed the heading out of view.
No option of pymdownx.highlight writes the count, hence this postprocessor (it runs after the
stashed code blocks are put back into the page, priority 30).
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

# pymdownx.highlight's block: <div class="language-x highlight"> (a title adds a <span> first).
_BLOCK = re.compile(r'<div class="((?:language-\S+ )?highlight)">(.*?<code>(.*?)</code>)', re.S)


def line_count(code_html: str) -> int:
    return code_html.count("\n") + (0 if code_html.endswith("\n") else 1)


def with_sizes(html: str) -> str:
    return _BLOCK.sub(
        lambda m: f'<div class="{m.group(1)}" style="--lines: {line_count(m.group(3))}">{m.group(2)}', html
    )


class _Sizes(Postprocessor):
    def run(self, text: str) -> str:
        return with_sizes(text)


class CodeSizes(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.postprocessors.register(_Sizes(md), "code_sizes", 10)


def makeExtension(**kwargs) -> CodeSizes:  # noqa: N802 - the name Python-Markdown looks up
    return CodeSizes(**kwargs)
