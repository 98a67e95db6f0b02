"""Self-hosted script addresses that work wherever the built site is served (issue #10, item 10).

Material's privacy plugin writes the address of a self-hosted script inside another script (the
Mermaid URL in Material's bundle, the KaTeX URLs in javascripts/katex.js) as an absolute URL
under `site_url`: code that adds a <script> cannot know its own folder, so a relative path would
resolve against each page's address instead. Served anywhere else (a pull-request preview, a
mirror, `site/` on localhost) those requests go to the real site, or nowhere. Material itself
knows the site's root at run time: every page sets `__md_scope` to it in <head>. So each such
literal becomes an expression resolved against that root when the page runs.
"""

from __future__ import annotations

import re
from pathlib import Path


def runtime_relative(script: str, site_url: str, folder: str) -> str:
    """Rewrite "<site_url><folder>/..." string literals as URLs resolved against `__md_scope`."""
    prefix = site_url.rstrip("/") + "/"
    folder = folder.strip("/") + "/"
    literal = re.compile(r"([\"'])" + re.escape(prefix + folder) + r"([^\"'\\]*)\1")
    return literal.sub(lambda m: f'new URL("{folder}{m.group(2)}",__md_scope).href', script)


def fix_site(site_dir: Path, site_url: str, folder: str) -> None:
    for script in site_dir.rglob("*.js"):
        text = script.read_text(encoding="utf-8")
        fixed = runtime_relative(text, site_url, folder)
        if fixed != text:
            script.write_text(fixed, encoding="utf-8")
