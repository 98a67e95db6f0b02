"""The scripts and style sheets each page's template lists: the printable book's only on the book
page, KaTeX's loader only where a formula is left to the browser, Mermaid only where a diagram is.

mkdocs-print-site-plugin adds `css/print-site*.css` to `extra_css` and `js/print-site.js` to
`extra_javascript`, so every page of the site would load them. Only the book page uses them: its
rules are for `#print-site-page`, and its script runs there. Elsewhere they cost a phone two more
render-blocking style sheets and a script on every first visit (benchmarks/RESULTS.md).

The book page itself is rendered by the plugin from the 404 template's context, which never
passes through `page_config`, so it keeps all three. Coupling: the plugin's file names
(docs-dev/COUPLINGS.md).
"""

from __future__ import annotations

import copy
import re
from typing import Any

BOOK_ONLY = re.compile(r"(?:css/print-site[\w-]*\.css|js/print-site\.js)")


def is_book_asset(path: object) -> bool:
    # extra_javascript holds strings or MkDocs' script entries; str() is the path of either.
    return BOOK_ONLY.fullmatch(str(path)) is not None


def is_katex_loader(path: object) -> bool:
    return str(path).endswith("javascripts/katex.js")


def page_config(config: Any, katex_js: bool = True) -> Any:
    """A shallow copy of the config for one page's template, without the book's assets, and
    without javascripts/katex.js where every formula of the page was typeset at build time.

    A copy, not an edit: the build's config stays whole for the book page and for other plugins.
    """
    trimmed = copy.copy(config)
    trimmed.extra_css = [path for path in config.extra_css if not is_book_asset(path)]
    trimmed.extra_javascript = [
        script for script in config.extra_javascript
        if not is_book_asset(script) and (katex_js or not is_katex_loader(script))
    ]  # fmt: skip
    return trimmed


# The script tag the privacy plugin adds for Mermaid in the OFFLINE=true copy (which has no site
# address), from the line break before it: a pattern that starts with a literal is searched quickly.
MERMAID_SCRIPT = re.compile(r'\n[ \t]*<script\b[^>]*\ssrc="[^"]*/mermaid(?:\.min)?\.js"[^>]*></script>')


def without_mermaid_script(page_html: str) -> str:
    """The page without the Mermaid script, for a page whose every diagram was drawn at build time."""
    return MERMAID_SCRIPT.sub("", page_html)


# overrides/main.html writes this inline script at the end of the head; KaTeX's style sheet goes
# before it, so that the script finds it there.
START_UP_SCRIPT = "<script data-start-up>"


# KaTeX's fonts that nearly every typeset formula draws with, and what in a page shows that it
# does: its upright type (digits, operators, brackets, in every formula) and its italic letters
# (class `mathnormal`, KaTeX's style sheet). A page's rarer fonts (bold, AMS, large delimiters)
# load as the style sheet asks for them.
KATEX_PRELOADED_FONTS = (("KaTeX_Main-Regular", ""), ("KaTeX_Math-Italic", "mathnormal"))


def katex_font_preloads(typeset: str, href: str) -> str:
    """`<link rel="preload">` for the KaTeX fonts that `typeset` (the HTML KaTeX drew for the
    page's formulas, from the drawing's record: never the page, whose prose or code may name a
    class) draws with, beside the style sheet at `href` (KaTeX's own `fonts/` folder; woff2, the
    first source its style sheet names).

    Without them, the browser asks for a font only once it has laid out text that needs it:
    KaTeX's fonts arrived after the note's first layout, and each arrival laid every formula out
    again, with the lines of prose around it (`font-display: block`). On the model-sizing note,
    three layouts of the whole note became one (benchmarks/RESULTS.md). `crossorigin`, because
    the browser fetches fonts in CORS mode, and a preload fetched otherwise is not reused."""
    folder = href.rsplit("/", 1)[0] + "/fonts/" if "/" in href else "fonts/"
    return "".join(
        f'<link rel="preload" href="{folder}{font}.woff2" as="font" type="font/woff2" crossorigin>\n  '
        for font, mark in KATEX_PRELOADED_FONTS
        if mark in typeset
    )


def katex_style_sheet_in_head(page_html: str, href: str, typeset: str | None = None) -> str:
    """The page with KaTeX's style sheet link moved from the top of its article into its head,
    after the preloads of the fonts its formulas use (`katex_font_preloads` of `typeset`), unless
    `typeset` is None: the OFFLINE=true copy, opened from disk, where a page has no origin
    and Chromium refuses a `crossorigin` preload of a file (an error in the console each time).

    `notekit.markdown.math_markdown` puts the link into the page's content, which the book copies
    with the page. In the page itself, an address in the body is rewritten by Material's instant
    navigation once the page is shown, and a style sheet whose address changes is loaded and
    applied again: the whole note restyled and laid out once more (benchmarks/RESULTS.md). In the
    head, overrides/main.html rewrites it before the body exists. Instant navigation still adds it
    to the head, or removes it, when the reader moves between pages with and without math."""
    link = f'<link href="{href}" rel="stylesheet" />'
    start = page_html.find(START_UP_SCRIPT)
    at = page_html.find(link, max(start, 0))
    if start < 0 or at < 0:
        return page_html
    page_html = page_html[:at] + page_html[at + len(link) :]
    preloads = katex_font_preloads(typeset, href) if typeset is not None else ""
    return page_html[:start] + preloads + link.replace(" />", ">") + "\n  " + page_html[start:]


def one_katex_style_sheet(book_html: str, katex_css: str, href: str) -> str:
    """The book with one link to KaTeX's style sheet, in its head, at the book's own address `href`.

    Each note's content brings its own link (`notekit.markdown.math_markdown`), written for the
    note's address: `../../assets/...` from `notes/<slug>/`, which from `book/` points one folder
    above the site, so the book's formulas went unstyled wherever the site is not at the root of
    its host (as on GitHub Pages). `katex_css` is the sheet's path from the site's root."""
    links = re.compile(r'<link href="(?:\.\./)*' + re.escape(katex_css) + r'" rel="stylesheet" ?/?>\n?')
    if not links.search(book_html):
        return book_html
    book_html = links.sub("", book_html)
    link = f'<link href="{href}" rel="stylesheet">\n  '
    at = book_html.find(START_UP_SCRIPT)
    at = at if at >= 0 else book_html.find("</head>")
    return book_html[:at] + link + book_html[at:] if at >= 0 else book_html
