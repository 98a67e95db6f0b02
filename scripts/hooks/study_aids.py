"""MkDocs hook: the study aids: glossary tooltips and page, and who wrote each note.

The logic lives in notekit (glossary, history, book); this file only connects it to MkDocs'
events. Nothing is written under docs/: the Glossary page is generated in memory. (The printable
book is the print-site plugin's page; scripts/book_pdf.py turns it into the PDF.)
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from notekit import byline, glossary, history
from notekit.collection import load_collection
from notekit.errors import NotesError

log = logging.getLogger("mkdocs.hooks.study_aids")
_state: dict = {}


def on_config(config) -> None:
    try:
        config_file = Path(config.config_file_path)
        notes = load_collection(config_file).notes
        terms = glossary.load_checked(config_file.parent, {n.src_path: n.body for n in notes})
    except NotesError as exc:
        for problem in exc.problems:
            log.error(str(problem))
        raise PluginError(
            f"{len(exc.problems)} problem(s) in the notes or glossary; nothing was built."
        ) from None
    if terms:  # Python-Markdown's abbr extension turns each term into a tooltip wherever it appears
        config.mdx_configs.setdefault("abbr", {})["glossary"] = terms.abbreviations()
    features = config.extra.get("reader_features", True) not in (False, "false")
    _state.update(terms=terms, notes=notes, history=history.read(Path(config.docs_dir)) if features else None)


def on_files(files, config) -> None:
    titles = {note.src_path: note.title for note in _state["notes"]}
    if _state["terms"]:
        files.append(
            File.generated(config, glossary.PAGE, content=glossary.page_markdown(_state["terms"], titles))
        )


def on_page_content(html: str, page, config, files) -> str:
    src, past = page.file.src_uri, _state["history"]
    if past and src in past.authors and src.startswith("notes/"):
        return byline.insert(html, byline.byline(past.authors[src], past.added[src]))
    return html
