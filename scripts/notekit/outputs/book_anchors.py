"""The book page's heading, footnote, list-item and question ids, prefixed with their note's key, in one pass.

The print-site plugin joins every page into the book and renames the ids of `h1`-`h6`, `sup` and
`li` elements to `<page key>-<id>` so they stay unique there (`urls.update_anchor_ids`). Its
pattern, `<([^\\s]+).*?id="..."`, lets `.*?` run on to the end of the line from every `<`: over a
diagram drawn at build time (one SVG line of 100-300 KB with thousands of tags) that is quadratic,
and it took 37 of the real site's 38 build seconds (measured with cProfile, 2026-12-06). This does
the same renaming with a pattern bounded by the tag, so it is linear in the page's length; the
hook `scripts/hooks/assets.py` puts it in the plugin's place (docs-dev/COUPLINGS.md).

Two differences from the plugin's own function (tests/test_book_anchors.py compares them):
- a `<details>` (a self-check question) is renamed too;
- so is a tag that follows another on its line. The plugin's pattern starts at the line's first
  tag and runs past it, so it skipped a note's `<h1>` after the KaTeX style sheet link
  (`notekit.markdown.math_markdown`) and every footnote mark inside its paragraph, whose ids
  (`fnref:1`, ...) then repeated across the book.
"""

from __future__ import annotations

import re

# What the plugin renames (its `change_tags`), lower-case as its comparison is, and our self-check
# questions (`<details id="q-...">`, notekit.notes.questions): the plugin prefixes every link to
# `#q-...` inside a note, so their targets must be prefixed too, or 106 links of the book led nowhere.
_RENAMED = re.compile(r'<(h[1-6]|sup|li|details)\b[^>]*?\bid="([^"]*)"[^>]*>')


def prefix_ids(page_html: str, page_key: str) -> str:
    """`page_html` with each renamed element's id (and any other copy of it in that tag) prefixed."""

    def rename(tag: re.Match[str]) -> str:
        return tag.group().replace(tag.group(2), f"{page_key}-{tag.group(2)}")

    return _RENAMED.sub(rename, page_html)
