"""MkDocs hook: connects `notekit.site.Build` (validation, the home table, each note's lede, review
date, byline, self-check questions, what changed, sources, related notes and backlinks, dates, the
glossary's tooltips and page, llms.txt, the feed, the Anki deck and its CSV) to MkDocs' events.

The work lives in notekit; this file only translates events. Nothing is written under docs/ (a
write there would make `mkdocs serve` rebuild forever); while previewing, a stale README.md (which
lies outside docs/) is refreshed instead of stopping the preview. The theme's templates are
compiled once and kept in Jinja's bytecode cache, beside the render cache.

The build's `notekit.site.Build` is made from the settings `notekit_mkdocs` reads from MkDocs'
resolved config, and kept on that config: a `mkdocs serve` rebuild (a fresh config) starts clean.
"""

from __future__ import annotations

import logging
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from notekit_mkdocs import keep, kept, refused, settings

from notekit.index import glossary
from notekit.index import nav as notekit_nav
from notekit.notes.config import NOTES_DIR
from notekit.notes.errors import NotesError
from notekit.outputs import deck
from notekit.site import Build

log = logging.getLogger("mkdocs.hooks.notes")
KEY = "notekit_build"


def on_config(config: MkDocsConfig) -> None:
    # on_config runs again on every `mkdocs serve` rebuild (with a fresh config), so edits to the
    # notes are picked up.
    setup = settings(config)
    try:
        build = keep(config, KEY, Build.load(setup))
    except NotesError as exc:
        raise refused(exc) from None
    if setup.reader_features and build.history is None:
        log.info("no git history here: page dates and the feed fall back to the build date")
    if build.glossary:  # Python-Markdown's abbr extension makes each term a tooltip in the prose
        config.mdx_configs.setdefault("abbr", {})["glossary"] = build.glossary.abbreviations()
    _report_drafts(build)
    problems, done = build.readme_problems(refresh=setup.preview)
    if done:
        log.info(done)
    for problem in problems:
        # Under strict, an error rather than a warning: a quiet strict build hides warnings, exits 0.
        (log.error if setup.strict else log.warning)(str(problem))
    if problems and setup.strict:
        raise PluginError("README.md does not match the notes; nothing was built.")


def _report_drafts(build: Build) -> None:
    """Unfinished notes (the outline's placeholders kept, fewer than three sources, too few
    self-check questions): refused by a strict build; while previewing only reported, at a level
    `strict: true` does not count, so a draft can still be read."""
    problems = build.draft_problems
    if not problems:
        return
    if build.settings.preview:
        for problem in problems:
            log.info(f"draft: {problem}")
        log.info("draft: the strict build refuses the notes above until they are finished")
        return
    for problem in problems:
        (log.error if build.settings.strict else log.warning)(str(problem))
    if build.settings.strict:
        raise PluginError(f"{len(problems)} problem(s) in unfinished notes; nothing was built.")


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> None:
    # awesome-pages built the sidebar from docs/notes/.pages, and our table read the same file:
    # check they agree, so a change in either cannot reorder one without the other.
    in_nav = [page.file.src_uri for page in nav.pages if page.file.src_uri.startswith(f"{NOTES_DIR}/")]
    build = kept(config, KEY, Build)
    in_table = [note.src_path for note in build.collection.notes]
    if in_nav != in_table:
        log.warning(f"the sidebar order of the notes {in_nav} differs from the index order {in_table}")
    size = build.settings.sidebar_group_size
    sections = [item for item in nav.items if isinstance(item, Section)]
    while sections:
        section = sections.pop()
        sections += [child for child in section.children if isinstance(child, Section)]
        chunks = [(notekit_nav.group_title(section.title, a, b), section.children[a:b])
                  for a, b in notekit_nav.groups(len(section.children), size)]  # fmt: skip
        if chunks:
            groups = [Section(title, chunk) for title, chunk in chunks]
            section.children = list(groups)
            for group in groups:
                group.parent = section
                for child in group.children:
                    child.parent = group


def on_files(files: Files, config: MkDocsConfig) -> None:
    build = kept(config, KEY, Build)
    if (page := build.glossary_page()) is not None:  # generated in memory, never under docs/
        files.append(File.generated(config, glossary.PAGE, content=page))
    found = {note.src_path: files.get_file_from_path(note.src_path) for note in build.collection.notes}
    build.set_urls({path: file.url if file else None for path, file in found.items()}, config.site_url or "")


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # The theme's templates compiled once, not again at every build and `mkdocs serve` rebuild
    # (a third of a second each, as much as the pages' own rendering of a small site): Jinja's
    # bytecode cache, in the render cache's folder. Jinja keys each entry by the template's
    # source and checks its own and Python's versions, so an edited template is compiled anew.
    folder = kept(config, KEY, Build).settings.render_cache / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    cache = env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    # The print-site plugin makes an environment of its own for the book page (from
    # config.theme.get_env(), in its on_post_build): this build's theme, and only it, hands out
    # environments with the same cache from now on.
    make = config.theme.get_env

    def get_env() -> Environment:
        made = make()
        made.bytecode_cache = cache
        return made

    config.theme.get_env = get_env  # type: ignore[method-assign]
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = kept(config, KEY, Build)
    page.meta.update(build.page_meta(page.file.src_uri))
    try:
        return build.page_markdown(markdown, page.file.src_uri, build.settings.docs_dir)
    except NotesError as exc:
        raise PluginError(str(exc)) from None


def on_post_build(config: MkDocsConfig) -> None:
    build = kept(config, KEY, Build)
    setup = build.settings
    summary = setup.site_description or setup.site_name
    converted = deck.converted_store(setup.render_cache)  # each card's Markdown, kept between builds
    files = build.extra_files(setup.site_name, summary, setup.site_url, converted)
    try:
        if files:  # without reader features no card was made: the store stays as it was
            converted.save()
    except OSError as exc:  # a full disk or a read-only cache: the next build converts them again
        log.info(f"the cards' converted text not kept for the next build: {exc}")
    for name, content in files.items():
        path = Path(config.site_dir) / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
