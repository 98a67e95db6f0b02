"""The printable book's own style sheets and script, kept to the book page.

mkdocs-print-site-plugin adds `css/print-site*.css` to `extra_css` and `js/print-site.js` to
`extra_javascript`, so every page of the site would load them. Only the book page uses them: its
rules are for `#print-site-page`, and its script runs there. Elsewhere they cost a phone two more
render-blocking style sheets and a script on every first visit (benchmarks/RESULTS.md).

The book page itself is rendered by the plugin from the 404 template's context, which never
passes through `without_book_assets`, so it keeps all three. Coupling: the plugin's file names
(docs-dev/COUPLINGS.md).
"""

from __future__ import annotations

import copy
import re

from mkdocs.config.defaults import MkDocsConfig

BOOK_ONLY = re.compile(r"(?:css/print-site[\w-]*\.css|js/print-site\.js)")


def is_book_asset(path: object) -> bool:
    # extra_javascript holds strings or MkDocs' script entries; str() is the path of either.
    return BOOK_ONLY.fullmatch(str(path)) is not None


def without_book_assets(config: MkDocsConfig) -> MkDocsConfig:
    """A shallow copy of the config for one page's template, without the book's assets.

    A copy, not an edit: the build's config stays whole for the book page and for other plugins.
    """
    trimmed = copy.copy(config)
    trimmed.extra_css = [path for path in config.extra_css if not is_book_asset(path)]
    trimmed.extra_javascript = [script for script in config.extra_javascript if not is_book_asset(script)]
    return trimmed
