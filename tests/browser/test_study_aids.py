"""The study aids in a real browser: glossary tooltips and page, previews of linked notes, the
byline under each note's title, and the book printed to a PDF that holds every note."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from notekit.index import glossary
from notekit.notes.collection import load_collection
from notekit.outputs import book_pdf
from support import ROOT

pytestmark = pytest.mark.browser
NOTES = load_collection(ROOT / "mkdocs.yml").notes
TERMS = glossary.load(ROOT / glossary.GLOSSARY_FILE, glossary.GLOSSARY_FILE)
FSDP = next(t for t in TERMS.terms if t.term == "FSDP")
MULTI_GPU = "notes/multi-gpu-training/"


def test_hovering_a_term_shows_its_definition(page: Page, live_site):
    page.goto(live_site.url + MULTI_GPU)
    term = page.locator("article p abbr", has_text="FSDP").first
    term.hover()
    expect(page.locator(".md-tooltip2[role=tooltip]").filter(has_text=FSDP.definition)).to_be_visible()


def test_hovering_a_permalink_shows_its_name(page: Page, live_site):
    # Permalinks have no title, so Material sets up no tooltip for them at load; their aria-label
    # is shown the same way on first hover (javascripts/glossary-tooltips.js).
    page.goto(live_site.url + MULTI_GPU)
    permalink = page.locator("article h2 > a.headerlink").first
    expect(permalink).to_have_attribute("aria-label", "Permanent link")
    assert permalink.get_attribute("title") is None
    page.locator("article h2").first.hover()  # the ¶ shows when its heading is pointed at
    permalink.hover()
    tooltip = page.locator(".md-tooltip2[role=tooltip]").filter(has_text="Permanent link")
    expect(tooltip).to_be_visible()
    page.locator("article h1").hover()
    expect(tooltip).to_have_count(0)


def test_hovering_the_edit_button_shows_its_name(page: Page, live_site):
    # Named by aria-label instead of a title (overrides/main.html); the same tooltip on hover.
    page.goto(live_site.url + MULTI_GPU)
    button = page.locator("article a.md-content__button[rel=edit]")
    expect(button).to_have_attribute("aria-label", "Edit this page")
    button.hover()
    expect(page.locator(".md-tooltip2[role=tooltip]").filter(has_text="Edit this page")).to_be_visible()


def test_glossary_page_is_alphabetical_with_an_anchor_per_term(page: Page, live_site):
    page.goto(live_site.url + "glossary/")
    headings = page.locator("article h3")
    expect(headings).to_have_count(len(TERMS.terms))
    ids = headings.evaluate_all("hs => hs.map(h => h.id)")
    assert ids == [t.anchor for t in TERMS.terms]
    page.goto(live_site.url + f"glossary/#{FSDP.anchor}")
    expect(page.locator(f"#{FSDP.anchor} + p")).to_contain_text(FSDP.definition)


def test_a_link_to_another_note_previews_its_opening(page: Page, live_site):
    page.goto(live_site.url + MULTI_GPU)
    link = page.locator("article p a[data-preview]").first
    link.hover()
    preview = page.locator(".md-tooltip2[role=dialog]")
    expect(preview).to_be_visible()
    target = next(
        n for n in NOTES if link.get_attribute("href").endswith(n.src_path.removesuffix(".md")[6:] + "/")
    )
    expect(preview).to_contain_text(target.title)  # the opening: title, then the lede
    expect(preview.locator(".note-lede")).to_be_visible()


def test_previews_only_for_links_between_our_pages(page: Page, live_site):
    page.goto(live_site.url + MULTI_GPU)
    expect(page.locator("article a[data-preview]").first).to_be_attached()
    # Material makes every href absolute in the page; compare with the site's own address.
    hrefs = page.locator("article a[data-preview]").evaluate_all("links => links.map(a => a.href)")
    here = live_site.url + MULTI_GPU
    assert all(h.startswith(live_site.url) and not h.startswith(here) for h in hrefs), hrefs
    external = page.locator("article a").evaluate_all(
        "links => links.filter(a => a.host !== location.host).length"
    )
    assert external > 0  # the note does link out, and none of those links has a preview


def test_touch_screens_get_no_preview(browser, live_site):
    context = browser.new_context(viewport={"width": 400, "height": 800}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(live_site.url + MULTI_GPU)
        assert page.evaluate("matchMedia('(hover: none)').matches")
        link = page.locator("article p a[data-preview]").first
        link.focus()  # what a tap does first; a preview would then cover the page
        preview = page.locator(".md-tooltip2[role=dialog]")
        expect(preview).to_be_attached()  # Material built the preview ...
        expect(preview).to_be_hidden()  # ... and the touch screen does not show it
    finally:
        context.close()


def test_each_note_says_who_wrote_it(page: Page, live_site):
    page.goto(live_site.url + MULTI_GPU)
    expect(page.locator("article .note-byline")).to_contain_text("Written by ")
    expect(page.locator("article .note-byline time")).to_have_attribute(
        "datetime", re.compile(r"\d{4}-\d\d-\d\d")
    )


def test_the_book_pdf_holds_every_note(browser, live_site, tmp_path):
    pdf = book_pdf.make_pdf(live_site.root, tmp_path / book_pdf.PDF_NAME, browser)
    reader = PdfReader(pdf)

    # The text of the pages the PDF's outline points at from its top level: where each part of the
    # book starts. (Extracting all ~190 pages would take pypdf longer than printing them.)
    top = [item for item in reader.outline if not isinstance(item, list)]
    starts = sorted({reader.get_destination_page_number(item) for item in top})
    assert len(starts) > len(NOTES), "the PDF has no outline of its headings"
    text = " ".join(" ".join((reader.pages[i].extract_text() or "").split()) for i in starts)
    assert len(reader.pages) > 2 * len(NOTES)
    missing = [n.title for n in NOTES if " ".join(n.title.split()) not in text]
    assert not missing, f"not in the PDF: {missing}"
    assert "Valuable links" in text and "Glossary" in text
