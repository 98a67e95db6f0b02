"""Each reliance on Material's or a plugin's private behaviour (docs-dev/COUPLINGS.md), checked
against the installed packages without a build, so that an update that breaks one fails here by
name instead of somewhere in the browser tests.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from urllib.parse import urlparse

import pytest

from notekit.render import assets, prefetch
from support import ROOT

MATERIAL = resources.files("material")
TEMPLATES = Path(str(MATERIAL / "templates"))


def bundle() -> str:
    (script,) = (TEMPLATES / "assets" / "javascripts").glob("bundle.*.min.js")
    return script.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "entry", ["...", "... | glob=a*", "... | flat", "...|regex=x", "note.md", " ...", "a..."]
)
def test_order_py_reads_the_rest_marker_as_awesome_pages_does(entry):
    from mkdocs_awesome_pages_plugin.meta import MetaNavRestItem

    from notekit.notes import order

    assert order.is_rest(entry) == bool(MetaNavRestItem.is_rest(entry))


@pytest.mark.parametrize(
    ("template", "marker"),
    [
        # overrides/main.html removes this marker so the repository link fetches no star counts.
        ("partials/source.html", 'data-md-component="source"'),
        # ...and names these two elements for screen readers.
        ("partials/search.html", 'class="md-search"'),
        ("partials/progress.html", 'class="md-progress"'),
    ],
)
def test_the_elements_overrides_main_html_patches_still_exist(template, marker):
    assert marker in (TEMPLATES / template).read_text(encoding="utf-8")


def test_material_draws_mermaid_into_a_shadow_root_and_loads_it_from_the_pinned_address():
    # overrides/main.html opens the shadow root (attachShadow) for zoom.js and the browser tests.
    code = bundle()
    assert "attachShadow" in code and "mermaid" in code
    (mermaid,) = [p for p in assets.PACKAGES if p.name == "mermaid"]
    # The privacy plugin can only swap in our copy if Material asks for exactly this address.
    assert mermaid.url("dist/mermaid.min.js") in code


def test_the_offline_plugin_loads_the_search_shim_from_the_pinned_address():
    (shim,) = [p for p in assets.PACKAGES if p.name == "iframe-worker"]
    source = (Path(str(MATERIAL)) / "plugins" / "offline" / "plugin.py").read_text(encoding="utf-8")
    assert f'"{shim.url("shim/index.js")}"' in source


def test_our_cache_paths_are_the_privacy_plugins():
    from material.plugins.privacy.plugin import PrivacyPlugin

    for package in assets.PACKAGES:
        for path in package.files:
            url = package.url(path)
            # _path_from_url uses nothing of the plugin instance.
            theirs = PrivacyPlugin._path_from_url(None, urlparse(url))
            assert assets.cache_path(Path("cache"), url) == Path("cache", theirs), url


def test_prefetch_fills_the_cache_the_privacy_plugin_reads():
    from material.plugins.privacy.config import PrivacyConfig

    config = PrivacyConfig()
    config.load_dict({})
    assert not config.validate()[0]  # no errors: the defaults below are the plugin's own
    assert "assets_fetch_dir: assets/external" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert prefetch.CACHE == Path(config.cache_dir, "assets/external")


def test_katex_js_names_the_pinned_files_the_privacy_plugin_rewrites():
    # katex.js loads KaTeX by its CDN address; the privacy plugin rewrites addresses it finds in
    # scripts, so they must be exactly the pinned package's.
    script = (ROOT / "docs" / "javascripts" / "katex.js").read_text(encoding="utf-8")
    (katex,) = [p for p in assets.PACKAGES if p.name == "katex"]
    named = re.findall(r'"(https://[^"]+)"', script)
    assert named and all(url.startswith(katex.url_prefix) for url in named), named
    assert {url.removeprefix(katex.url_prefix) for url in named} <= set(katex.files)


def test_material_still_mounts_code_blocks_lazily_when_asked_and_makes_scrollable_ones_focusable():
    # mkdocs.yml turns on `content.lazy`, a flag Material reads but does not document; without it
    # the flag would do nothing, and notekit.markdown.code_sizes's tabindex assumes Material sets its own.
    code = bundle()
    assert '"content.lazy"' in code
    assert re.search(r'setAttribute\("tabindex","0"\)', code)


def test_materials_template_writes_its_scripts_as_overrides_main_html_defers_them():
    # overrides/main.html adds `defer` by replacing this exact text in the `scripts` block.
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    block = base[base.index("{% block scripts %}") :]
    block = block[: block.index("{% endblock %}")]
    assert "<script src=" in block and "script_tag" in block


def test_the_print_site_plugin_adds_the_files_book_assets_keeps_to_the_book():
    from mkdocs_print_site_plugin import plugin

    from notekit.outputs.book_assets import is_book_asset

    source = Path(plugin.__file__).read_text(encoding="utf-8")
    added = re.findall(r'"((?:css|js)/print-site[^"%]*)"', source)
    assert "css/print-site.css" in added and "js/print-site.js" in added
    assert all(is_book_asset(path) for path in added)
    # The theme's own file, named from the theme: print-site-material.css here.
    assert '"print-site-%s.css"' in source and is_book_asset("css/print-site-material.css")


def test_print_site_looks_up_the_id_renaming_we_replace_when_it_runs():
    # scripts/hooks/assets.py replaces urls.update_anchor_ids (notekit.outputs.book_anchors): that
    # only works while fix_internal_links finds it by name in its module at call time.
    import inspect

    from mkdocs_print_site_plugin import urls

    assert "update_anchor_ids(page_html, page_key)" in inspect.getsource(urls.fix_internal_links)
    assert urls.fix_internal_links.__globals__ is vars(urls)


def test_material_skips_tooltips_for_elements_marked_as_previews():
    # notekit.markdown.abbr_guard marks glossary terms with data-preview so that Material sets up
    # no tooltip for them at load (docs/javascripts/glossary-tooltips.js draws it on hover); the
    # tooltip's markup and custom properties that script copies must still be Material's.
    code = bundle()
    assert '"[title]:not([data-preview])"' in code
    assert 'class:"md-tooltip2",role:"tooltip"' in code and 'class:"md-tooltip2__inner md-typeset"' in code
    for name in ("host-x", "host-y", "x", "y", "width", "tail"):
        assert f'"--md-tooltip-{name}"' in code, name
    assert '"md-tooltip2--active"' in code and '"md-tooltip2--bottom"' in code


def test_materials_titled_icons_are_written_as_overrides_main_html_names_them():
    # overrides/main.html (`block content`) replaces the title of the edit and view buttons and
    # of the last-change icon with an aria-label, matching the markup of Material's partials.
    actions = (TEMPLATES / "partials" / "actions.html").read_text(encoding="utf-8")
    assert """title="{{ lang.t('action.edit') }}" class="md-content__button md-icon\"""" in actions
    assert """title="{{ lang.t('action.view') }}" class="md-content__button md-icon\"""" in actions
    source_file = (TEMPLATES / "partials" / "source-file.html").read_text(encoding="utf-8")
    assert """<span class="md-icon" title="{{ lang.t('source.file.date.updated') }}">""" in source_file
    content = (TEMPLATES / "partials" / "content.html").read_text(encoding="utf-8")
    assert '{% include "partials/actions.html" %}' in content
    assert '{% include "partials/source-file.html" %}' in content
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    assert re.search(r'{% block content %}\s*{% include "partials/content.html" %}', base)


def test_material_start_up_does_what_overrides_main_html_does_first():
    # overrides/main.html sets the classes of <html> and rewrites the head's relative addresses
    # before the body exists, and keeps the palette's switching mark off when no colour changes;
    # each relies on the bundle doing exactly this at start-up.
    code = bundle()
    assert (
        'document.documentElement.classList.remove("no-js");document.documentElement.classList.add("js")'
        in code
    )
    assert 'classList.add("js-focus-visible")' in code
    # Instant navigation's rewrite of relative addresses: the same test and assignment.
    assert (
        'M("[href], [src]",e))for(let r of["href","src"]){let o=t.getAttribute(r);if(o&&!/^(?:[a-z]+:)?\\/\\//i.test(o)){t[r]=t[r];break}}'
        in code
    )
    template = (ROOT / "overrides" / "main.html").read_text(encoding="utf-8")
    assert "!/^(?:[a-z]+:)?\\/\\//i.test(value)" in template
    # The palette sets the mark, then the colours, on document.body, and removes the mark later.
    assert 'document.body.setAttribute("data-md-color-switching","")' in code
    assert "document.body.setAttribute(`data-md-color-${a}`,c)" in code
    assert 'document.body.removeAttribute("data-md-color-switching")' in code
    # It adds an empty color-scheme meta to the head, then sets its content (copied to the one the
    # header block adds, or held back until then), from the header's computed color-scheme, which
    # the header block reads from <body> as the header inherits it.
    meta = re.search(r'(\w+)=x\("meta",\{name:"color-scheme"\}\);document\.head\.appendChild\(\1\)', code)
    assert meta and f"{meta.group(1)}.content=a.colorScheme" in code
    assert 'let s=Ce("header"),a=window.getComputedStyle(s);return o.content=a.colorScheme' in code
    # Instant navigation keeps the head's color-scheme metas (ours is not in the pages it fetches)...
    assert 'n!=="theme-color"&&n!=="color-scheme"&&o.remove()' in code
    # ... and rewrites the addresses of the whole first page, the body's included, as the scripts
    # block does first.
    rewrite = re.search(r'function (\w+)\(e\)\{for\(let t of M\("\[href\], \[src\]",e\)\)', code)
    assert rewrite and f"$(document).subscribe({rewrite.group(1)})" in code
    # (One macro writes the rewrite, for the head early and for the body before the bundle.)
    assert '{{ root }}.querySelectorAll("[href], [src]")' in template
    assert 'absolute_addresses("document.head")' in template
    assert 'absolute_addresses("document.body")' in template


def test_material_wraps_only_plain_tables_in_the_wrapper_table_wraps_writes():
    # notekit.markdown.table_wraps writes each table inside the wrapper Material's bundle would
    # build at start-up, with a class so that the bundle skips it, and widens Material's
    # plain-table style rules to that class.
    from notekit.markdown.table_wraps import MATERIAL_SELECTOR, WRAPPER_CLASSES

    code = bundle()
    assert f'M("{MATERIAL_SELECTOR}",e).map(' in code
    wrapper = re.search(
        r'function (\w+)\(e\)\{return x\("div",\{class:"([\w-]+)"\},x\("div",\{class:"([\w-]+)"\},e\)\)\}',
        code,
    )
    assert wrapper and wrapper.groups()[1:] == WRAPPER_CLASSES
    assert re.search(
        rf"function \w+\(e\)\{{return e\.replaceWith\(\w+\),\w+\.replaceWith\({wrapper.group(1)}\(e\)\)", code
    )
    (sheet_file,) = (TEMPLATES / "assets" / "stylesheets").glob("main.*.min.css")
    sheet = sheet_file.read_text(encoding="utf-8")
    assert sheet.count(f".md-typeset {MATERIAL_SELECTOR}") >= 10


def test_material_search_indexes_page_content_where_we_wrap_it():
    # scripts/hooks/assets.py wraps the search plugin's page_context handler so that it reads each
    # page with its drawings swapped for their words: only useful while the plugin indexes there,
    # from page.content.
    import inspect

    from material.plugins.search.plugin import SearchIndex, SearchPlugin

    assert "self.search_index.add_entry_from_context(page)" in inspect.getsource(SearchPlugin.on_page_context)
    assert "parser.feed(page.content)" in inspect.getsource(SearchIndex.add_entry_from_context)


def test_mkdocs_page_render_sets_what_a_reused_page_gets_back():
    # scripts/hooks/reuse.py stands in for Page.render with what an earlier build's render set:
    # only right while render sets these attributes and nothing else, and MkDocs calls it per page.
    import inspect

    from mkdocs.commands import build
    from mkdocs.structure.pages import Page

    source = inspect.getsource(Page.render)
    assert set(re.findall(r"self\.(\w+) =", source)) == {
        "content", "toc", "_title_from_render", "present_anchor_ids", "links_to_anchors",
    }  # fmt: skip
    assert "page.render(config, files)" in inspect.getsource(build._populate_page)


def test_material_search_index_collects_a_pages_entries_in_one_list():
    # scripts/hooks/reuse.py keeps the entries add_entry_from_context appended for a page.
    import inspect

    from material.plugins.search.plugin import SearchIndex

    assert "self.entries.append(entry)" in inspect.getsource(SearchIndex.create_entry_for_section)
    assert "self.create_entry_for_section(" in inspect.getsource(SearchIndex.add_entry_from_context)
    assert "self.entries = []" in inspect.getsource(SearchIndex.__init__)
