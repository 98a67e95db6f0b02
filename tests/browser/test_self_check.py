"""Self-check questions, the deck's download links and "changed since your last visit" in Chromium.

The questions are checked on the real site. The real notes carry no `changes:` yet, so the marker
is checked on the fixture site, built with the real templates, styles, study.js and Material's
instant navigation: once, a visit, then again with one more change, and a revisit.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.request import urlopen

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from notekit.commands import cli
from notekit.notes import inline, questions
from notekit.notes.collection import load_collection
from support import FIXTURE_SITE, ROOT, SiteServer, run_mkdocs, serving, with_our_hooks

NOTES = load_collection(ROOT / "mkdocs.yml").notes
NOTE = "notes/productionizing-llms/"
SET = questions.parse(
    (ROOT / "docs/notes/productionizing-llms.questions.yml").read_bytes(),
    "productionizing-llms.questions.yml",
    next(n for n in NOTES if n.src_path == "notes/productionizing-llms.md"),
)
AXE = Axe()


def test_each_question_is_a_disclosure_named_by_its_question_and_worked_by_the_keyboard(
    page: Page, live_site
):
    page.goto(live_site.url + NOTE)
    asked = page.locator("details.note-question")
    expect(asked).to_have_count(len(SET.questions))
    first = asked.first
    summary = first.locator("summary")
    expect(summary).to_have_accessible_name(
        f"Question 1, calculation: {inline.to_plain(SET.questions[0].question)}"
    )
    expect(first.locator(".note-answer")).to_be_hidden()
    # The keyboard reaches the first question right after the CSV link, and opens and closes it.
    page.locator(".note-downloads a").last.focus()
    page.keyboard.press("Tab")
    expect(summary).to_be_focused()
    page.keyboard.press("Enter")
    expect(first).to_have_attribute("open", "")
    expect(first.locator(".note-answer")).to_be_visible()
    explained = first.locator(".note-question-links a").first  # Material makes the address absolute
    expect(explained).to_have_attribute("href", re.compile(f"{NOTE}#{SET.questions[0].section}$"))
    page.keyboard.press("Space")
    expect(first.locator(".note-answer")).to_be_hidden()


def test_questions_open_without_javascript(browser: Browser, live_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_site.url + NOTE)
        second = page.locator("details.note-question").nth(1)
        expect(second.locator(".note-answer")).to_be_hidden()
        second.locator("summary").click()
        expect(second.locator(".note-answer")).to_be_visible()
    finally:
        context.close()


def test_a_deep_link_opens_its_question_on_arrival_and_after_instant_navigation(page: Page, live_site):
    third = SET.questions[2]
    page.goto(live_site.url + NOTE + f"#{third.anchor}")
    target = page.locator(f"#{third.anchor}")
    expect(target).to_have_attribute("open", "")
    expect(target.locator("summary")).to_be_in_viewport()
    expect(page.locator("details.note-question[open]")).to_have_count(1)
    # From another note, a link followed by Material's instant navigation (no page load).
    page.goto(live_site.url + "notes/multi-gpu-training/")
    page.evaluate("window.__sameDocument = true")
    fourth = SET.questions[3]
    page.evaluate(
        """href => { const a = document.createElement("a"); a.href = href; a.id = "deep"; a.textContent = "go";
                     document.querySelector("article").prepend(a) }""",
        f"../productionizing-llms/#{fourth.anchor}",
    )
    page.locator("#deep").click()
    expect(page.locator(f"#{fourth.anchor}")).to_have_attribute("open", "")
    assert page.evaluate("window.__sameDocument === true"), (
        "the page was loaded anew, not by instant navigation"
    )
    # And a link to another question on the same page opens that one.
    page.evaluate("id => { location.hash = id }", SET.questions[4].anchor)
    expect(page.locator(f"#{SET.questions[4].anchor}")).to_have_attribute("open", "")


def test_the_deck_and_its_csv_are_linked_served_and_not_empty(page: Page, live_site):
    for path in (NOTE, ""):
        page.goto(live_site.url + path)
        scope = page.locator(".note-downloads" if path else "article")
        for name in ("llm-study-notes.apkg", "llm-study-notes.csv"):
            link = scope.locator(f'a[href$="{name}"]')
            expect(link).to_have_count(1)
            href = link.evaluate("a => a.href")
            assert href == live_site.url + name
            with urlopen(href) as response:  # noqa: S310 - the loopback server of the built site
                data = response.read()
            assert response.status == 200 and len(data) > 1000, name
            if name.endswith(".apkg"):
                assert "collection.anki2" in zipfile.ZipFile(io.BytesIO(data)).namelist()
            else:
                assert data.decode("utf-8").startswith("guid,deck,note,id,kind,question,answer")


def test_the_printed_book_shows_every_answer(page: Page, live_site):
    page.goto(live_site.url + "book/")
    asked = page.locator("details.note-question")
    assert asked.count() >= 6 * len(NOTES)
    assert page.locator("details.note-question:not([open])").count() == 0
    expect(page.locator(".note-downloads").first).to_be_hidden()


def test_printing_a_note_shows_every_answer(page: Page, live_site):
    page.goto(live_site.url + NOTE)
    page.emulate_media(media="print")
    answers = page.locator("details.note-question .note-answer")
    for i in range(answers.count()):
        expect(answers.nth(i)).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_questions_pass_axe_in_both_palettes(browser: Browser, live_site, scheme):
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(live_site.url + NOTE)
        page.evaluate(
            "document.querySelectorAll('details.note-question').forEach((d, i) => { d.open = i % 2 === 0 })"
        )
        page.add_style_tag(content="* { content-visibility: visible !important; }")
        results = AXE.run(page, context={"include": [["#self-check-questions"], [".note-questions"]]})
        found = [
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert found == []
    finally:
        context.close()


# --- "changed since your last visit", on the fixture site ---------------------------------------

CHANGE = "  - date: {date}\n    summary: {summary}\n"


@pytest.fixture(scope="module")
def study_site(tmp_path_factory) -> Iterator[tuple[Path, str]]:
    """The fixture site with the real templates, styles and study.js, and instant navigation."""
    site = tmp_path_factory.mktemp("study") / "project"
    shutil.copytree(FIXTURE_SITE, site)
    for folder in ("javascripts", "stylesheets"):
        shutil.copytree(ROOT / "docs" / folder, site / "docs" / folder)
    out = site / "out"
    server = SiteServer(out)  # bound first: instant navigation follows the site_url's own links
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    config = site / "mkdocs.yml"
    text = with_our_hooks(config.read_text())
    text = text.replace("site_url: https://example.org/notes/", f"site_url: {url}").replace(
        "  name: material\n",
        f"  name: material\n  custom_dir: {ROOT.as_posix()}/overrides\n  features: [navigation.instant]\n",
    )
    config.write_text(
        text + "extra_javascript: [javascripts/study.js]\n"
        "extra_css: [stylesheets/extra.css, stylesheets/study-aids.css]\n"
    )
    with serving(out, server):
        yield site, url


def build_with_changes(site: Path, *changes: tuple[str, str]) -> None:
    """Give the first note these `changes:` and build the site again, in place."""
    note = site / "docs/notes/first-note.md"
    head, body = note.read_text().split("\n---\n", 1)
    listed = "".join(CHANGE.format(date=d, summary=s) for d, s in changes)
    note.write_text(f"{head.split(chr(10) + 'changes:')[0]}\nchanges:\n{listed}---\n{body}")
    assert cli.main(["--config", str(site / "mkdocs.yml")]) == 0
    result = run_mkdocs(site / "mkdocs.yml", site / "out", "--strict")
    assert result.returncode == 0, result.stderr


def test_a_reader_who_came_before_a_change_is_told_and_can_forget(browser: Browser, study_site):
    site, url = study_site
    build_with_changes(site, ("2026-10-01", "First version"))
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url + "notes/first-note/")
        marker = page.locator(".note-changed")
        expect(page.locator(".note-visits")).to_be_visible()  # the notice and its control, with JavaScript
        expect(marker).to_be_hidden()  # a first visit: nothing to compare with
        assert (
            page.evaluate("JSON.parse(localStorage.getItem('notekit.visits'))['first-note'].seen")
            == "2026-10-01"
        )
        # The note changes; the reader comes back (Material's instant navigation, from the home page).
        build_with_changes(site, ("2026-10-01", "First version"), ("2026-11-05", "A worked example added"))
        page.goto(url)
        page.evaluate("window.__sameDocument = true")
        page.locator("article a[href$='notes/first-note/']").first.click()
        expect(page.locator("article h1")).to_contain_text("First note")
        expect(marker).to_be_visible()
        today = page.evaluate(
            "new Date().toLocaleDateString('en-US', {year: 'numeric', month: 'long', day: 'numeric'})"
        )
        expect(marker).to_contain_text(f"Changed since your last visit on {today}: see what changed.")
        expect(marker.locator("a")).to_have_attribute("href", re.compile("notes/first-note/#what-changed$"))
        assert page.evaluate("window.__sameDocument === true"), "not reached by instant navigation"
        expect(page.locator("#what-changed + ul li").first).to_have_text(
            "November 5, 2026: A worked example added"
        )
        assert page.evaluate("document.cookie") == ""
        results = AXE.run(page, context={"include": [[".note-changed"], ["#what-changed"], [".note-visits"]]})
        assert [
            v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")
        ] == []
        # Forgetting removes what the browser kept, and the marker with it.
        marker.get_by_role("button", name="Forget my visits").click()
        expect(marker).to_be_hidden()
        assert page.evaluate("localStorage.getItem('notekit.visits')") is None
        expect(page.locator(".note-visits button")).to_have_text("Visits forgotten")
        # A visit after that is a first visit again.
        page.reload()
        expect(marker).to_be_hidden()
    finally:
        context.close()


def test_an_earlier_visit_remembered_in_the_browser_shows_the_marker_offline_too(
    browser: Browser, study_site, tmp_path
):
    site, _ = study_site
    build_with_changes(site, ("2026-10-01", "First version"), ("2026-11-05", "A worked example added"))
    text = (site / "mkdocs.yml").read_text()
    offline = text.replace("  - search\n", "  - search\n  - offline\n").replace("[navigation.instant]", "[]")
    (site / "mkdocs-offline.yml").write_text(offline, encoding="utf-8")
    result = run_mkdocs(site / "mkdocs-offline.yml", tmp_path / "copy", "--strict")
    assert result.returncode == 0, result.stderr
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((tmp_path / "copy" / "index.html").as_uri())
        page.evaluate(
            "localStorage.setItem('notekit.visits', JSON.stringify({'first-note': "
            "{visited: '2026-10-20', seen: '2026-10-01', count: 1}}))"
        )
        page.goto((tmp_path / "copy" / "notes" / "first-note.html").as_uri())
        expect(page.locator(".note-changed")).to_contain_text(
            "Changed since your last visit on October 20, 2026"
        )
    finally:
        context.close()
