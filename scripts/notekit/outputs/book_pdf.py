"""`book-pdf`: print the built site's book page (/book/) to a PDF with Chromium.

    python3 scripts/dev.py book-pdf site          # writes site/llm-study-notes.pdf

Runs after `mkdocs build`, on the built files only: the pages are served to the browser from the
folder itself (any request to the site's own address is answered from disk, anything else is
refused), so the PDF needs no server and no network, and it has the diagrams and math that the
site's own scripts draw. Playwright's `page.pdf()` is Chromium's own print-to-PDF, with the print
styles of the print-site plugin and docs/stylesheets/study-aids.css.
"""

from __future__ import annotations

import argparse
import mimetypes
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from notekit.render import chromium

if TYPE_CHECKING:  # a test dependency, imported where a browser is launched
    from playwright.sync_api import Browser, Route

PDF_NAME = "llm-study-notes.pdf"
BOOK_PATH = "book/"
# Every diagram drawn and every formula typeset: at build time (inline SVG, KaTeX HTML), or in
# the page (the shadow roots are opened by overrides/main.html).
_RENDERED = """() => {
  const diagrams = [...document.querySelectorAll("div.mermaid")]
  const math = [...document.querySelectorAll(".arithmatex")]
  const drawn = d => d.querySelector(":scope > svg") || (d.shadowRoot && d.shadowRoot.querySelector("svg"))
  return diagrams.every(drawn)
    && math.every(m => m.querySelector(".katex"))
}"""


def site_url(site: Path) -> str:
    """The address the site was built for (absolute asset links point there), from its sitemap."""
    sitemap = site / "sitemap.xml"
    found = (
        re.search(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8")) if sitemap.exists() else None
    )
    if not found:
        return "http://book.invalid/"
    parts = urlsplit(found.group(1))
    root = parts.path if parts.path.endswith("/") else parts.path.rsplit("/", 1)[0] + "/"
    # The first <loc> is the home page, i.e. the site root.
    return f"{parts.scheme}://{parts.netloc}{root}"


def local_file(site: Path, base: str, url: str) -> Path | None:
    """The file in `site` that `url` names, or None for anything outside the site."""
    if not url.startswith(base):
        return None
    relative = unquote(urlsplit(url).path[len(urlsplit(base).path) :])
    path = (site / relative).resolve()
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_file() and path.is_relative_to(site.resolve()) else None


def make_pdf(site: Path, out: Path, browser: Browser | None = None, timeout_ms: int = 120_000) -> Path:
    """Print `site`/book/ to `out`, with a Chromium of our own or the Playwright `browser` given."""
    if browser is None:
        from playwright.sync_api import sync_playwright  # a test dependency; dev.py installs it

        with sync_playwright() as playwright:
            own = chromium.launch(playwright)
            try:
                return make_pdf(site, out, own, timeout_ms)
            finally:
                own.close()
    base = site_url(site)

    def serve(route: Route) -> None:
        path = local_file(site, base, route.request.url)
        if path is None:
            route.abort()  # no other origin, ever
            return
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        route.fulfill(status=200, body=path.read_bytes(), headers={"Content-Type": kind})

    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(timeout_ms)
        page.route("**/*", serve)
        page.goto(base + BOOK_PATH, wait_until="load")
        page.wait_for_function(_RENDERED)
        page.emulate_media(media="print")
        out.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(out), format="A4", print_background=True, outline=True, tagged=True,
                 margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"})  # fmt: skip
    finally:
        context.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="book-pdf", description="Print the built site's book page to a PDF."
    )
    parser.add_argument(
        "site", type=Path, nargs="?", default=Path("site"), help="the built site (default: site)"
    )
    parser.add_argument("--out", type=Path, help=f"the PDF to write (default: SITE/{PDF_NAME})")
    args = parser.parse_args(argv)
    if not (args.site / BOOK_PATH / "index.html").is_file():
        print(
            f"{args.site}/{BOOK_PATH}index.html: book: not found (run `mkdocs build` first)", file=sys.stderr
        )
        return 2
    out = make_pdf(args.site, args.out or args.site / PDF_NAME)
    print(f"{out}: {out.stat().st_size / 1_048_576:.1f} MiB")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
