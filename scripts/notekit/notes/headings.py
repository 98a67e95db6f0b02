"""The headings of a note's Markdown body and the anchors the site gives them.

A question's `section` names the heading that explains it; the anchor is checked here, with a
line, before MkDocs ever renders the page (MkDocs checks the rendered link again in the strict
build). The anchors are the site's: pymdownx's GitHub-style slug (`toc.slugify` in mkdocs.yml:
lowercase, punctuation dropped, spaces to `-`), of the heading's text as a reader sees it, made
unique with `_1`, `_2` as Python-Markdown's toc does, or the `{ #id }` an attribute list gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pymdownx.slugs import slugify

from notekit.notes import inline

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# A whole fenced code block: its opening fence, and the first later line that repeats that fence.
FENCED_CODE = re.compile(r"^(?P<fence>`{3,}|~{3,}).*?^(?P=fence)[ \t]*$", re.M | re.S)
_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_ATTR_ID = re.compile(r"[ \t]*\{:?[^}]*?#([\w-]+)[^}]*\}[ \t]*$")
_ATTR_LIST = re.compile(r"[ \t]*\{:?[^}]*\}[ \t]*$")
_DUPLICATE = re.compile(r"^(.*)_([0-9]+)$")
_slug = slugify(case="lower")


@dataclass(frozen=True)
class Heading:
    anchor: str
    text: str  # the heading's Markdown, without its attribute list
    level: int
    line: int  # 1-based, within the body


def headings(body: str) -> list[Heading]:
    """Every ATX heading outside fenced code, in order, with its anchor."""
    found: list[Heading] = []
    used: set[str] = set()
    fence = ""
    for number, line in enumerate(body.split("\n"), 1):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                if not line.strip().strip(fence[0]):
                    fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        match = _ATX.match(line)
        if not match:
            continue
        text = match.group(2)
        explicit = _ATTR_ID.search(text)
        text = _ATTR_LIST.sub("", text).strip()
        anchor = explicit.group(1) if explicit else _unique(_slug(inline.to_plain(text), "-"), used)
        used.add(anchor)
        found.append(Heading(anchor, text, len(match.group(1)), number))
    return found


def _unique(anchor: str, used: set[str]) -> str:
    """Python-Markdown's toc: a repeated id gets `_1`, `_2`, ..."""
    while anchor in used or not anchor:
        match = _DUPLICATE.match(anchor)
        anchor = f"{match.group(1)}_{int(match.group(2)) + 1}" if match else f"{anchor}_1"
    return anchor
