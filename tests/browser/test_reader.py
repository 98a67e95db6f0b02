"""What a reader sees in a real browser: navigation, search, palette, diagrams, math, 404, mobile."""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from notekit.notes.collection import load_collection
from support import ROOT, settled, wait_until

NOTES = load_collection(ROOT / "mkdocs.yml").notes


def note_url(site, note) -> str:
    return site.url + note.src_path.removesuffix(".md") + "/"


def test_home_table_lists_every_note_in_order_and_each_link_opens_it(page: Page, live_site):
    page.goto(live_site.url)
    links = page.locator("article table").first.locator("tbody tr td:first-child a")
    expect(links).to_have_count(len(NOTES))
    assert links.all_inner_texts() == [n.title for n in NOTES]
    # Each link's address as the browser resolves it is its note's page (test_requests.py opens
    # every one of those); one click, through Material's instant navigation, shows a link opens it.
    assert links.evaluate_all("links => links.map(link => link.href)") == [
        note_url(live_site, n) for n in NOTES
    ]
    note = NOTES[-1]
    links.last.click()
    # The path and the heading, not the whole URL: Material's anchor tracking may stamp the
    # previous page's #anchor onto the address shortly after an instant-navigation click.
    expect(page).to_have_url(re.compile(re.escape(note_url(live_site, note)) + r"(?:[?#].*)?$"))
    expect(page.locator("article h1")).to_contain_text(note.title)  # plus its ¶ permalink


def test_sidebar_follows_the_same_order(page: Page, live_site):
    page.goto(note_url(live_site, NOTES[0]))
    sidebar = page.locator(".md-sidebar--primary .md-nav__link .md-ellipsis")
    titles = [t.strip() for t in sidebar.all_inner_texts() if t.strip() in {n.title for n in NOTES}]
    assert list(dict.fromkeys(titles)) == [n.title for n in NOTES]


def word_in_one_body_only() -> tuple[str, object]:
    """A long word that appears in exactly one note's body and in no title or description.

    Search stems words (accelerate, accelerated), and a page also shows its sources' titles, so a
    word counts as unique only when no other note's text holds a word with the same first 7 letters.
    """

    def words(text: str) -> set[str]:
        return set(re.findall(r"\b[a-z]{9,}\b", text.lower()))

    def stems(text: str) -> set[str]:
        return {w[:7] for w in re.findall(r"\b[a-z]{7,}\b", text.lower())}

    page_text = {n.src_path: n.body + " " + " ".join(s.title for s in n.sources) for n in NOTES}
    visible = " ".join(f"{n.title} {n.description_text}".lower() for n in NOTES)
    for note in NOTES:
        elsewhere = set().union(
            *(stems(t) for p, t in page_text.items() if p != note.src_path), stems(visible)
        )
        for word in sorted(words(note.body)):
            if word[:7] not in elsewhere:
                return word, note
    raise AssertionError("no word unique to one note")


def test_search_finds_a_note_by_a_word_in_its_body(page: Page, live_site):
    word, note = word_in_one_body_only()
    page.goto(live_site.url)
    page.locator("input.md-search__input").click()
    # Typed key by key: Material searches on keyboard events, which fill() does not send.
    page.locator("input.md-search__input").press_sequentially(word, delay=20)
    results = page.locator(".md-search-result__item a")
    expect(results.first).to_be_visible()
    # Material searches again on each key, and a prefix of the word can match other pages: wait
    # until the list shows only the note's page (it is the last query's), or fail below with it.
    # Result links carry `?h=word` (search.highlight) and maybe an anchor: compare pages only.
    wait_until(
        page,
        """([selector, want]) => {
                 const links = [...document.querySelectorAll(selector)]
                 return links.length > 0 && links.every(link => {
                   const url = new URL(link.href)
                   return url.origin + url.pathname === want
                 })
               }""",
        [".md-search-result__item a", note_url(live_site, note)],
    )
    hrefs = {
        urlsplit(href)._replace(query="", fragment="").geturl()
        for href in results.evaluate_all("els => els.map(e => e.href)")
    }
    assert hrefs == {note_url(live_site, note)}, (word, hrefs)
    results.first.click()
    expect(page.locator("article mark").first).to_be_attached()  # the word is highlighted on the page


def scheme(page: Page) -> str:
    return page.locator("body").get_attribute("data-md-color-scheme")


def test_palette_toggle_switches_and_persists_across_pages(page: Page, live_site):
    page.emulate_media(color_scheme="light")
    page.goto(live_site.url)
    assert scheme(page) == "default"
    for _ in range(3):  # the toggle cycles: follow the system, light, dark
        if scheme(page) == "slate":
            break
        page.locator("form[data-md-component='palette'] label:visible").first.click()
    assert scheme(page) == "slate"
    page.goto(note_url(live_site, NOTES[1]))
    assert scheme(page) == "slate"


def test_one_color_scheme_meta_follows_the_palette(page: Page, live_site):
    """overrides/main.html adds the color-scheme meta while the page is only its header, and
    keeps Material's own out of the head, copying its content; the browser still learns every
    change of scheme."""
    page.emulate_media(color_scheme="light")
    page.goto(note_url(live_site, NOTES[1]))
    meta = page.locator("head meta[name='color-scheme']")
    expect(meta).to_have_count(1)
    expect(meta).to_have_attribute("content", "light")
    for _ in range(3):
        if scheme(page) == "slate":
            break
        page.locator("form[data-md-component='palette'] label:visible").first.click()
    assert scheme(page) == "slate"
    expect(meta).to_have_attribute("content", "dark")
    expect(meta).to_have_count(1)
    # A note reached by instant navigation keeps it (Material keeps color-scheme metas).
    here = page.url
    page.locator("a.md-footer__link--next").click()
    expect(page).not_to_have_url(here)
    expect(meta).to_have_count(1)
    expect(meta).to_have_attribute("content", "dark")


def test_mermaid_diagram_renders(page: Page, live_site):
    note = next(n for n in NOTES if "```mermaid" in n.body)
    page.goto(note_url(live_site, note))
    # Material swaps each <pre class="mermaid"> for a host element with the SVG in its shadow root.
    expect(page.locator("div.mermaid svg").first).to_be_visible()
    expect(page.locator("pre.mermaid")).to_have_count(0)
    assert page.locator("div.mermaid").first.bounding_box()["height"] > 50
    assert page.locator("div.mermaid svg g").count() > 3  # drawn shapes, not an error message


def test_clicking_a_diagram_enlarges_it(page: Page, live_site):
    note = next(n for n in NOTES if "```mermaid" in n.body)
    page.goto(note_url(live_site, note))
    diagram = page.locator("div.mermaid").first
    small = diagram.bounding_box()
    diagram.click()
    zoomed = page.locator("dialog.zoom-dialog svg")
    expect(zoomed).to_be_visible()
    assert zoomed.bounding_box()["width"] > small["width"]
    page.keyboard.press("Escape")
    expect(page.locator("dialog.zoom-dialog")).to_have_count(0)


def test_math_renders(page: Page, live_site):
    note = next(n for n in NOTES if "$$" in n.body)
    page.goto(note_url(live_site, note))
    expect(page.locator(".arithmatex .katex").first).to_be_visible()
    assert page.locator(".arithmatex .katex-error").count() == 0


def test_tags_page_links_open_notes(page: Page, live_site):
    page.goto(live_site.url + "tags/")
    links = page.locator("article li a[href*='notes/']")
    assert links.count() >= len(NOTES)
    first = links.first
    title = first.inner_text().strip()
    first.click()
    expect(page.locator("article h1")).to_contain_text(title)


def test_unknown_path_shows_the_404_page(page: Page, live_site):
    response = page.goto(live_site.url + "notes/no-such-note/")
    assert response.status == 404
    expect(page.locator("article h1")).to_contain_text("This page does not exist")
    expect(page.locator("article ul a")).to_have_count(len(NOTES))


def test_narrow_screen_has_no_horizontal_scroll(browser, live_site):
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True
    )
    page = context.new_page()
    try:
        for url in (live_site.url, note_url(live_site, NOTES[6])):
            page.goto(url)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{url} scrolls sideways by {overflow}px"
    finally:
        context.close()


def test_print_hides_navigation_and_keeps_diagrams(page: Page, live_site):
    note = next(n for n in NOTES if "```mermaid" in n.body)
    page.goto(note_url(live_site, note))
    expect(page.locator("div.mermaid").first).to_be_attached()
    page.emulate_media(media="print")
    expect(page.locator(".md-sidebar--primary")).to_be_hidden()
    expect(page.locator(".md-header")).to_be_hidden()
    expect(page.locator("div.mermaid").first).to_be_visible()


MOST_DIAGRAMS = max(NOTES, key=lambda note: note.body.count("```mermaid"))
MOST_DISPLAY_MATH = max(NOTES, key=lambda note: len(re.findall(r"^\s*\$\$", note.body, re.M)))
DRAWN = "el => el.checkVisibility({ contentVisibilityAuto: true })"


class Deferred(NamedTuple):
    """What waits to be drawn below the fold (extra.css): the elements that carry
    `content-visibility`, the drawing inside each, and by how many pixels the space kept for one
    may differ from the space it takes once drawn (a code block's horizontal scrollbar is not
    counted; a diagram's shape and a tall formula's height are exact)."""

    blocks: str
    inner: str
    slack: int


# Per kind: the note with the most of it, and where it is on a note.
DEFERRED = {
    "code": (NOTES[1], Deferred("article > div.highlight", "code", 40)),
    "diagrams": (MOST_DIAGRAMS, Deferred("article div.mermaid > svg", ":scope > g", 1)),
    "math": (
        MOST_DISPLAY_MATH,
        Deferred("article .katex-display > .katex[style*='--math-height']", ".katex-html", 1),
    ),
}


def assert_waits_in_its_own_space(page: Page, url: str, deferred: Deferred) -> None:
    """At `url`, the last block is undrawn until scrolled to, every block keeps exactly the space
    it takes once drawn, and a link to the last heading lands on it."""
    page.emulate_media(media="screen")
    page.goto(url)
    last = page.locator(deferred.blocks).last.locator(deferred.inner).first
    assert not last.evaluate(DRAWN), (
        f"{url}: the last of {deferred.blocks} is drawn before anyone scrolls to it"
    )
    # The space kept for each block is the space it takes once drawn, so nothing moves.
    moved = page.locator(deferred.blocks).evaluate_all(
        """(blocks, slack) => {
             const kept = blocks.map(block => block.getBoundingClientRect().height)
             blocks.forEach(block => { block.style.contentVisibility = "visible" })
             const taken = blocks.map(block => block.getBoundingClientRect().height)
             blocks.forEach(block => { block.style.contentVisibility = "" })
             return taken.map((height, i) => [kept[i], height]).filter(([a, b]) => Math.abs(a - b) > slack)
           }""",
        deferred.slack,
    )
    assert moved == [], f"{url}: {deferred.blocks} that change height when drawn (kept, taken): {moved}"
    last.scroll_into_view_if_needed()
    page.wait_for_function(DRAWN, arg=last.element_handle())
    # A link to the last heading lands on it, though the blocks above it were never drawn.
    heading = page.locator("article h2").last
    target = f"{url}#{heading.get_attribute('id')}"
    page.goto("about:blank")  # opened from elsewhere, as a link from another page is
    page.goto(target)
    expect(heading).to_be_in_viewport()


@pytest.mark.parametrize("kind", DEFERRED)
def test_blocks_below_the_fold_wait_to_be_drawn_in_exactly_their_own_space(page: Page, live_site, kind):
    """Long notes skip drawing code, diagrams and tall formulas nobody has scrolled to (extra.css,
    notekit.markdown.code_sizes, notekit.render.diagrams.sized, notekit.render.formulas.sized)."""
    note, deferred = DEFERRED[kind]
    assert_waits_in_its_own_space(page, note_url(live_site, note), deferred)
    page.emulate_media(media="print")  # print lays out everything: the rules are for screens only
    page.goto(note_url(live_site, note))
    assert (
        page.locator(deferred.blocks).last.evaluate("el => getComputedStyle(el).contentVisibility")
        == "visible"
    )


def test_the_book_page_draws_its_code_as_it_is_reached_too(page: Page, live_site):
    # Code is matched there by a selector of its own (extra.css); diagrams and formulas are matched
    # by the same selectors as on a note. The book is the heaviest page: one visit.
    book_code = Deferred("#print-site-page .print-page > div.highlight", "code", 40)
    assert_waits_in_its_own_space(page, live_site.url + "book/", book_code)


COMPARED_STYLE = [
    "display", "font-size", "border-top-width", "border-top-style", "border-top-left-radius", "padding-top",
    "padding-left", "text-align", "vertical-align", "min-width", "background-color", "font-weight", "overflow-x",
]  # fmt: skip


def test_tables_come_wrapped_and_look_as_materials_own_plain_tables(page: Page, live_site):
    """notekit.markdown.table_wraps writes each table inside Material's wrapper with a class its
    bundle skips, and scripts/hooks/assets.py widens Material's plain-table rules to that class:
    after Material's start-up every table is still wrapped once, and it is styled exactly as a
    plain table Material wrapped (a copy without the class, set beside it, compared property by
    property for the table, a header cell and a body cell)."""
    sizing = next(n for n in NOTES if n.src_path.endswith("model-sizing.md"))
    page.goto(note_url(live_site, sizing))
    settled(page, "new Promise(done => document$.subscribe(() => setTimeout(done)))")
    tables = page.locator("article table.data-table")
    assert tables.count() >= 10
    assert page.evaluate(
        """() => [...document.querySelectorAll("article table:not(.sizing-table)")].every(table =>
              table.classList.contains("data-table")
              && table.parentElement.matches(".md-typeset__table")
              && table.parentElement.parentElement.matches(".md-typeset__scrollwrap")
              && !table.parentElement.parentElement.parentElement.closest(".md-typeset__scrollwrap"))"""
    )
    styles = page.evaluate(
        """names => {
          const ours = document.querySelector("article table.data-table")
          const wrapper = ours.closest(".md-typeset__scrollwrap").cloneNode(true)
          const plain = wrapper.querySelector("table")
          plain.removeAttribute("class")
          ours.closest(".md-typeset__scrollwrap").after(wrapper)
          const style = element => names.map(name => getComputedStyle(element).getPropertyValue(name))
          const parts = table => [table, table.querySelector("th"), table.querySelector("td")].map(style)
          return [parts(ours), parts(plain)]
        }""",
        COMPARED_STYLE,
    )
    assert styles[0] == styles[1]
    assert styles[0][0][COMPARED_STYLE.index("border-top-style")] == "solid"  # Material's frame, not none
