"""Inline Markdown in titles and descriptions: safe HTML, plain text, and table-cell source.

A description is inline Markdown (emphasis, `code`, links); a title is plain text. Both land in
README.md's table (rendered by GitHub), the home page's table and every note page (rendered by
Python-Markdown with the site's extensions), feeds, meta tags and llms.txt. To make a reader see
the same text everywhere, a description is parsed once, by markdown-it-py: a CommonMark parser, the
specification GitHub's renderer implements, with GFM's strikethrough. The site gets that HTML with
every character Python-Markdown or an extension could reinterpret written as an entity, so the
site cannot read the text differently; README gets the source, escaped for a GFM table cell.
Raw HTML in front-matter is never markup: it is shown as the text that was typed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

Flavor = Literal["github", "python-markdown"]

# What GitHub reads as markup in running text: emphasis, code, links, HTML, entities, table
# pipes, strikethrough and $math$; CommonMark makes any of them literal behind a backslash.
_GFM_SPECIALS = re.compile(r"([\\`*_\[\]<>&|~$])")
# GitHub turns :name: into an emoji.
_EMOJI_CODE = re.compile(r":([a-z0-9_+-]+):")
_BACKTICKS = re.compile(r"`+")
_WHITESPACE = re.compile(r"\s+")
# In HTML text handed to Python-Markdown: characters that Markdown or one of the site's extensions
# (emphasis, arithmatex's $math$, tilde, caret, mark, attribute lists, tables) would act on.
_SITE_SPECIALS = re.compile(r"[\\`*_\[\]{}|$~^=!:]")
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")


def one_line(text: str) -> str:
    """Collapse every run of whitespace (newlines included) into one space."""
    return _WHITESPACE.sub(" ", text).strip()


def gfm_text(text: str) -> str:
    """Plain text as GitHub Markdown that shows it literally, also inside a table cell."""
    escaped = _GFM_SPECIALS.sub(r"\\\1", text)
    return _EMOJI_CODE.sub(r"\\:\1:", escaped)


def _code_span(code: str) -> str:
    """A code span holding `code` exactly, for a GFM table cell (which wants `\\|` for a pipe)."""
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(code)), default=0) + 1)
    # CommonMark strips one space from each end when both have one, and a fence needs a space
    # where the code starts or ends with a backtick: pad to keep the code as it is.
    pad = (
        " " if code[:1] == "`" or code[-1:] == "`" or (code[:1] == code[-1:] == " " and code.strip()) else ""
    )
    return f"{fence}{pad}{code.replace('|', chr(92) + '|')}{pad}{fence}"


# Emphasis written back as Markdown (cell_markdown checks that GitHub reads it the same).
_MARKS = {
    "em_open": "*", "em_close": "*", "strong_open": "**", "strong_close": "**",
    "s_open": "~~", "s_close": "~~",
}  # fmt: skip


def _cell_source(tokens: Sequence[Token], md: MarkdownIt, as_markdown: bool) -> str:
    out: list[str] = []
    targets: list[str] = []  # open links' targets, written when each link closes
    for token in tokens:
        plain_link = as_markdown and token.type == "link_open" and not token.attrGet("title")
        if token.type == "text":
            out.append(gfm_text(token.content))
        elif token.type == "code_inline":
            out.append(_code_span(token.content))
        elif token.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif as_markdown and token.type in _MARKS:
            out.append(_MARKS[token.type])
        elif plain_link:
            href = str(token.attrGet("href"))
            targets.append(f"<{href}>" if any(ch in href for ch in " ()<>") else href)
            out.append("[")
        elif as_markdown and token.type == "link_close" and targets:
            out.append(f"]({targets.pop()})")
        else:
            renderer = md.renderer
            assert isinstance(renderer, RendererHTML)
            out.append(renderer.renderInline([token], md.options, {}).replace("|", "&#124;"))
    return "".join(out)


def cell_markdown(text: str) -> str:
    """A description as the source of one GitHub table cell, rebuilt from its parsed tokens.

    Text is escaped and code spans re-fenced; emphasis and links are written as Markdown when
    that reads back the same, and as the HTML GitHub allows when it would not (`*` next to
    punctuation, say), so GitHub always reads exactly what our parser read.
    """
    md = _COMMONMARK
    tokens = [t for block in md.parseInline(one_line(text)) for t in block.children or []]
    readable = _cell_source(tokens, md, as_markdown=True)
    row = _GITHUB.render(f"| x |\n| --- |\n| {readable} |\n")
    cell = re.search(r"<td>(.*?)</td>", row, re.S)
    if cell and cell[1] == md.renderInline(one_line(text)):
        return readable
    return _cell_source(tokens, md, as_markdown=False)


# The parsers are constants: configured once here, never changed, and holding nothing between
# calls (markdown-it keeps each parse's state in objects of that call), so a rebuild or a second
# build in the same process reads exactly as the first. Made per call, they cost 12 s at 2,000 notes.
# As GitHub reads README: GFM tables and strikethrough, and inline HTML (ours only: text is escaped).
_GITHUB = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def plain_markdown(text: str) -> str:
    """Plain text (a title) as GitHub Markdown that shows it literally."""
    return gfm_text(one_line(text))


def _site_escape(fragment: str) -> str:
    """HTML whose text Python-Markdown and the site's extensions will pass through untouched."""
    return "".join(
        piece if piece.startswith("<") else _SITE_SPECIALS.sub(lambda m: f"&#{ord(m[0])};", piece)
        for piece in _TAG_OR_TEXT.split(fragment)
    )


def site_text(text: str) -> str:
    """Plain text (a title) for Markdown the site renders: shown literally, whatever it holds."""
    return _site_escape(html.escape(one_line(text), quote=False))


def site_html(text: str) -> str:
    """A description for Markdown the site renders (a table cell): its HTML, made inert."""
    return _site_escape(to_html(text))


_COMMONMARK = MarkdownIt("commonmark", {"html": False}).enable("strikethrough")
# markdown-it drops links it deems unsafe (javascript:) to text; to report them, read them all.
_LINK_READER = MarkdownIt("commonmark", {"html": False}).enable("strikethrough")
_LINK_READER.validateLink = lambda url: True  # type: ignore[method-assign]  # markdown-it's documented hook


def to_html(text: str) -> str:
    """Inline Markdown rendered to HTML without an enclosing <p>; raw HTML comes out as text."""
    return str(_COMMONMARK.renderInline(one_line(text)))


def link_targets(text: str) -> list[str]:
    """Every link and image target in inline Markdown, as the parser reads it."""
    found = []
    for block in _LINK_READER.parseInline(one_line(text)):
        for token in block.children or []:
            if token.type in ("link_open", "image"):
                found.append(html.unescape(str(token.attrGet("href") or token.attrGet("src") or "")))
    return found


_TAG = re.compile(r"<[^>]+>")


def to_plain(text: str) -> str:
    """The text a reader sees, without markup: for meta descriptions and length checks."""
    return one_line(html.unescape(_TAG.sub("", to_html(text))))


# Inline CommonMark markup starts with one of these; a backslash makes any of them literal.
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]<>&|~!])")
# At the start of a line these would make a heading, a list item or a setext underline.
_LINE_START_MARKUP = re.compile(r"^(?:([#+=-])|(\d+)([.)]))")


def markdown_text(text: str) -> str:
    """Plain text as CommonMark source (for llms.txt): whatever could start markup is
    backslash-escaped, which CommonMark defines as always literal; the rest stays readable."""
    escaped = _INLINE_MARKUP.sub(r"\\\1", one_line(text))
    return _LINE_START_MARKUP.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", escaped)
