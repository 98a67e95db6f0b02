"""Inline Markdown in titles and descriptions: safe HTML, plain text, and table-cell source.

A description is inline Markdown (emphasis, `code`, links). It lands in three places: a Markdown
table in README.md (rendered by GitHub), the same table on the home page (rendered by
Python-Markdown), and the page's `<meta name="description">` (plain text). The helpers here make
sure a `|`, a newline or raw HTML in the text cannot break the table or inject markup in any of them.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Literal

import markdown

Flavor = Literal["github", "python-markdown"]

# Characters that start Markdown syntax in plain text (titles are plain text, not Markdown).
_PLAIN_SPECIALS = re.compile(r"([\\`*_\[\]{}|])")
# Outside code spans, a description keeps its Markdown but not raw HTML or attribute lists.
_ESCAPE_OUTSIDE_CODE = {"<": "&lt;", ">": "&gt;", "{": r"\{", "}": r"\}", "|": r"\|"}
_BACKTICKS = re.compile(r"`+")
_WHITESPACE = re.compile(r"\s+")


def one_line(text: str) -> str:
    """Collapse every run of whitespace (newlines included) into one space."""
    return _WHITESPACE.sub(" ", text).strip()


def split_code_spans(text: str) -> list[tuple[bool, str]]:
    """Split text into (is_code, piece) runs, pairing backtick runs of equal length as CommonMark does.

    Neither Markdown library exposes its inline tokenizer for reuse, and we need the spans before
    either renders: pipes are escaped differently inside code on GitHub and in Python-Markdown.
    """
    pieces: list[tuple[bool, str]] = []
    pos = 0
    cursor = 0
    while True:
        opening = _BACKTICKS.search(text, cursor)
        if opening is None:
            break
        ticks = opening.group()
        closing = None
        for candidate in _BACKTICKS.finditer(text, opening.end()):
            if candidate.group() == ticks:
                closing = candidate
                break
        if closing is None:
            # An unmatched run is literal text; escape it so neither renderer pairs it later.
            cursor = opening.end()
            continue
        if opening.start() > pos:
            pieces.append((False, text[pos : opening.start()]))
        pieces.append((True, text[opening.start() : closing.end()]))
        pos = cursor = closing.end()
    if pos < len(text):
        pieces.append((False, text[pos:]))
    return pieces


def cell_markdown(text: str, flavor: Flavor) -> str:
    """Inline Markdown made safe for one table cell of the given renderer."""
    out = []
    for is_code, piece in split_code_spans(one_line(text)):
        if is_code:
            # GitHub splits table cells at a `|` even inside code and wants `\|`; Python-Markdown
            # keeps code spans whole and would print the backslash.
            out.append(piece.replace("|", r"\|") if flavor == "github" else piece)
        else:
            piece = piece.replace("`", r"\`")
            out.append("".join(_ESCAPE_OUTSIDE_CODE.get(ch, ch) for ch in piece))
    return "".join(out)


def plain_markdown(text: str) -> str:
    """Plain text (a title) written so both renderers show it literally."""
    escaped = html.escape(one_line(text), quote=False)
    return _PLAIN_SPECIALS.sub(r"\\\1", escaped)


# Inline CommonMark markup starts with one of these; a backslash makes any of them literal.
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]<>&|~!])")
# At the start of a line these would make a heading, a list item or a setext underline.
_LINE_START_MARKUP = re.compile(r"^(?:([#+=-])|(\d+)([.)]))")


def markdown_text(text: str) -> str:
    """Plain text as CommonMark source (for llms.txt): whatever could start markup is
    backslash-escaped, which CommonMark defines as always literal; the rest stays readable."""
    escaped = _INLINE_MARKUP.sub(r"\\\1", one_line(text))
    return _LINE_START_MARKUP.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", escaped)


@lru_cache(maxsize=1)
def _safe_markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=[])
    # Raw HTML is not Markdown we accept in front-matter: without these steps Python-Markdown
    # treats `<script>` as text, and ElementTree escapes it on output.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def to_html(text: str) -> str:
    """Inline Markdown rendered to HTML without an enclosing <p>; raw HTML comes out escaped."""
    md = _safe_markdown()
    md.reset()
    rendered = md.convert(one_line(text))
    if rendered.startswith("<p>") and rendered.endswith("</p>"):
        rendered = rendered[3:-4]
    return rendered


_TAG = re.compile(r"<[^>]+>")


def to_plain(text: str) -> str:
    """The text a reader sees, without markup: for meta descriptions and length checks."""
    return one_line(html.unescape(_TAG.sub("", to_html(text))))
