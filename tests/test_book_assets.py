"""The print-site plugin's style sheets and script reach the book page only (notekit.book_assets)."""

from __future__ import annotations

from mkdocs.config import load_config

from notekit.book_assets import is_book_asset, without_book_assets
from support import ROOT


def test_the_plugins_files_are_book_assets_and_ours_are_not():
    for path in ("css/print-site.css", "css/print-site-material.css", "css/print-site-enum-headings1.css"):
        assert is_book_asset(path), path
    assert is_book_asset("js/print-site.js")
    for path in (
        "stylesheets/extra.css",
        "stylesheets/print-site.css",  # ours, in our own folder
        "css/print-site.css.map",
        "javascripts/zoom.js",
        "js/print-site.js?v=1",
        "xcss/print-site.css",
    ):
        assert not is_book_asset(path), path


def test_a_page_gets_a_copy_without_them_and_the_build_keeps_its_own():
    config = load_config(str(ROOT / "mkdocs.yml"))
    # As the plugin leaves them after its on_config: its files first.
    config.extra_css = ["css/print-site.css", "css/print-site-material.css", *config.extra_css]
    config.extra_javascript = ["js/print-site.js", *config.extra_javascript]
    before = (list(config.extra_css), list(config.extra_javascript))

    page = without_book_assets(config)

    assert page.extra_css == [path for path in before[0] if "print-site" not in path] != []
    assert page.extra_javascript == [path for path in before[1] if "print-site" not in path] != []
    assert (config.extra_css, config.extra_javascript) == before
    assert page.theme is config.theme and page.site_name == config.site_name
