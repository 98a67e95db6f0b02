"""Script addresses under site_url become addresses resolved against the site root at run time."""

from __future__ import annotations

from notekit.outputs import portable_urls
from notekit.outputs.portable_urls import fix_site, runtime_relative

SITE = "https://example.github.io/notes/"


def test_absolute_asset_literals_resolve_against_md_scope():
    script = (
        'load("https://example.github.io/notes/assets/external/unpkg.com/mermaid@11/dist/mermaid.min.js")'
    )
    assert runtime_relative(script, SITE, "assets/external") == (
        'load(new URL("assets/external/unpkg.com/mermaid@11/dist/mermaid.min.js",__md_scope).href)'
    )


def test_other_addresses_are_left_alone():
    script = "a='https://example.github.io/notes/feed.xml';b=\"https://cdn.example/assets/external/x.js\""
    assert runtime_relative(script, SITE, "assets/external") == script


def test_fix_site_rewrites_only_scripts_that_need_it(tmp_path):
    (tmp_path / "js").mkdir()
    needs = tmp_path / "js" / "a.js"
    needs.write_text(f'x("{SITE}assets/external/k.js")', encoding="utf-8")
    clean = tmp_path / "js" / "b.js"
    clean.write_text('x("assets/k.js")', encoding="utf-8")
    fix_site(tmp_path, SITE, "assets/external")
    assert needs.read_text(encoding="utf-8") == 'x(new URL("assets/external/k.js",__md_scope).href)'
    assert clean.read_text(encoding="utf-8") == 'x("assets/k.js")'


def test_an_absolute_site_root_becomes_relative_to_the_page():
    page = '<script>x=new URL("/repo/",location)</script><link href="/repo//feed.xml"> <a href="/other/">'
    fixed = portable_urls.relative_root(page, "https://example.org/repo/", "book/")
    assert fixed == '<script>x=new URL("../",location)</script><link href="..//feed.xml"> <a href="/other/">'
    assert portable_urls.relative_root(page, "https://example.org/", "book/") == page
    assert 'URL("./"' in portable_urls.relative_root(page, "https://example.org/repo/", "")
