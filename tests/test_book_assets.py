"""Each page's scripts and style sheets (notekit.outputs.book_assets): the print-site plugin's only on the
book page, KaTeX's loader only where a formula is left raw, Mermaid only where a diagram is."""

from __future__ import annotations

from mkdocs.config import load_config

from notekit.outputs import book_assets
from notekit.outputs.book_assets import is_book_asset, page_config, without_mermaid_script
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

    page = page_config(config)

    assert page.extra_css == [path for path in before[0] if "print-site" not in path] != []
    assert page.extra_javascript == [path for path in before[1] if "print-site" not in path] != []
    assert (config.extra_css, config.extra_javascript) == before
    assert page.theme is config.theme and page.site_name == config.site_name

    typeset = page_config(config, katex_js=False)
    assert typeset.extra_javascript == [p for p in page.extra_javascript if not p.endswith("katex.js")]
    assert len(typeset.extra_javascript) == len(page.extra_javascript) - 1


def test_the_offline_copys_mermaid_script_goes_where_no_diagram_is_left_raw():
    head = (
        '<head>\n    <script defer src="../../javascripts/zoom.js"></script>\n'
        '    <script src="../assets/external/unpkg.com/mermaid@11/dist/mermaid.min.js"></script>\n</head>'
    )
    assert without_mermaid_script(head) == (
        '<head>\n    <script defer src="../../javascripts/zoom.js"></script>\n</head>'
    )


def test_the_book_gets_one_katex_style_sheet_at_its_own_address():
    css = "assets/external/cdn.jsdelivr.net/npm/katex@0.19.1/dist/katex.min.css"
    note_link = f'<link href="../../{css}" rel="stylesheet" />\n'
    book = (
        f"<html><head>{book_assets.START_UP_SCRIPT}</script></head><body>"
        f"<section>{note_link}<h1>A</h1></section><section>{note_link}<h1>B</h1></section></body></html>"
    )
    out = book_assets.one_katex_style_sheet(book, css, f"../{css}")
    assert out.count("katex.min.css") == 1
    assert f'<head><link href="../{css}" rel="stylesheet">' in out and "../../" not in out
    assert (
        book_assets.one_katex_style_sheet("<html>no math</html>", css, f"../{css}") == "<html>no math</html>"
    )


def test_a_page_with_math_preloads_the_katex_fonts_its_formulas_use():
    css = "../../assets/external/cdn.jsdelivr.net/npm/katex@0.19.1/dist/katex.min.css"
    fonts = "../../assets/external/cdn.jsdelivr.net/npm/katex@0.19.1/dist/fonts/"

    def built(formula: str) -> str:
        return (
            f'<html><head><link rel="stylesheet" href="main.css">{book_assets.START_UP_SCRIPT}</script>'
            f'</head><body><article><link href="{css}" rel="stylesheet" />{formula}</article></body></html>'
        )

    x = '<span class="katex"><span class="mord mathnormal">x</span></span>'
    italic = built(x)
    out = book_assets.katex_style_sheet_in_head(italic, css, x)
    head = out[: out.index("</head>")]
    preload = '<link rel="preload" href="{}{}.woff2" as="font" type="font/woff2" crossorigin>'
    # Both fonts, fetched as the style sheet's own fonts are (CORS), before that style sheet.
    assert head.index(preload.format(fonts, "KaTeX_Main-Regular")) < head.index(f'<link href="{css}"')
    assert preload.format(fonts, "KaTeX_Math-Italic") in head
    assert "<article>" + '<span class="katex">' in out  # and the article keeps no link

    two = '<span class="katex"><span class="mord">2</span></span>'
    upright = book_assets.katex_style_sheet_in_head(built(two), css, two)
    assert "KaTeX_Main-Regular.woff2" in upright and "KaTeX_Math-Italic" not in upright
    # Only what KaTeX drew counts: prose or code that names the class preloads nothing more.
    named = book_assets.katex_style_sheet_in_head(built(two + "<code>.mathnormal</code>"), css, two)
    assert "KaTeX_Main-Regular.woff2" in named and "KaTeX_Math-Italic" not in named

    # The copy opened from disk (OFFLINE=true) moves the style sheet but preloads nothing.
    on_disk = book_assets.katex_style_sheet_in_head(italic, css, None)
    assert 'rel="preload"' not in on_disk and on_disk.count("katex.min.css") == 1

    # A page without the link (no typeset math) is left as it was.
    plain = built("").replace(f'<link href="{css}" rel="stylesheet" />', "")
    assert book_assets.katex_style_sheet_in_head(plain, css, "") == plain
