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
from urllib.parse import urlsplit


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


def relative_root(page_html: str, site_url: str, page_url: str) -> str:
    """A page rendered with an absolute site root ("/repo/") made to work at any address.

    The print-site plugin renders the book with the context of Material's 404 page, whose root
    is absolute (a 404 page answers at any depth): served anywhere but `site_url`, its scripts,
    styles and feed link would miss. Every quoted address that starts with that root is made
    relative to the page instead.
    """
    root = urlsplit(site_url).path or "/"
    if root == "/":
        return page_html  # a root-level site: "/x" already resolves wherever it is served
    up = "../" * page_url.strip("/").count("/") + ("../" if page_url.strip("/") else "")
    return re.sub(r"([\"'])" + re.escape(root), lambda m: m.group(1) + (up or "./"), page_html)
