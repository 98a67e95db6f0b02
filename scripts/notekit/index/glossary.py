"""The glossary: one YAML file of terms, and everything the site derives from it.

`glossary/terms.yml` is the single source. From it come the abbreviation definitions that
Python-Markdown's `abbr` extension turns into tooltips (handed to it as its `glossary` option, in
memory, instead of a snippets auto-append file that would be a second copy), the Glossary page
(Markdown, generated in memory), and the checks below. Nothing here imports MkDocs.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from notekit.notes import strict_yaml
from notekit.notes.contract import count_sentences
from notekit.notes.errors import NotesError, Problem
from notekit.notes.headings import FENCED_CODE

GLOSSARY_FILE = "glossary/terms.yml"
PAGE = "glossary.md"  # the generated page, relative to docs_dir
KEYS = ("term", "expansion", "definition", "note")
REQUIRED = ("term", "definition", "note")
# Letters, digits and a few joiners; starting and ending with a letter or digit, so that the
# word-boundary match (the one `abbr` uses) finds the term, and the term needs no Markdown escaping.
_TERM = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9 .@+/-]*[A-Za-z0-9])?")
_MARKUP = re.compile(r"[`*_<>\[\]]")
# What a reader never sees a tooltip on: fenced and inline code, headings, link text, comments.
_HIDDEN = re.compile(r"`[^`\n]+`|^#{1,6} .*$|<!--[\s\S]*?-->|\[[^\]\n]*\]\([^)\n]*\)", re.M)


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    note: str  # a file name in docs/notes/
    expansion: str = ""
    line: int = 1  # the line of `term:` in the glossary file
    note_line: int = 1

    @property
    def anchor(self) -> str:
        """The entry's id on the Glossary page: `KV cache` -> `kv-cache`, `recall@k` -> `recall-k`."""
        return re.sub(r"[^a-z0-9]+", "-", self.term.lower()).strip("-")

    @property
    def tooltip(self) -> str:
        """Plain text for the `title` attribute: `FSDP`'s is `Fully Sharded Data Parallel: ...`."""
        return f"{self.expansion}: {self.definition}" if self.expansion else self.definition

    @property
    def src_path(self) -> str:
        return f"notes/{self.note}"


@dataclass(frozen=True)
class Glossary:
    path: str  # as shown in messages
    terms: tuple[Term, ...]  # alphabetical, ignoring case

    def abbreviations(self) -> dict[str, str]:
        """{term: tooltip}: the `glossary` option of Python-Markdown's `abbr` extension."""
        return {t.term: t.tooltip for t in self.terms}


def load(path: Path, display: str) -> Glossary:
    """Read and check the file on its own; NotesError with every problem found."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotesError(
            [Problem(display, 1, "encoding", "not valid UTF-8", "save the file as UTF-8")]
        ) from None
    except OSError as exc:
        raise NotesError([Problem(display, 1, "file", f"cannot be read: {exc.strerror or exc}")]) from None
    try:
        doc = strict_yaml.load(text, subject="glossary")
    except strict_yaml.YamlProblem as exc:
        raise NotesError([Problem(display, exc.line, exc.key or "glossary", exc.message)]) from None
    problems: list[Problem] = []

    def at(*keys: str | int) -> int:
        return doc.line_of(*keys)

    if not isinstance(doc.value, list):
        raise NotesError(
            [Problem(display, 1, "glossary", "must be a list of entries", "start each with `- term:`")]
        )
    terms: list[Term] = []
    for i, entry in enumerate(doc.value):
        if not isinstance(entry, dict):
            problems.append(Problem(display, at(i), "entry", "must be a mapping", "write `- term: ...`"))
            continue
        for key in entry:
            if key not in KEYS:
                problems.append(Problem(display, at(i, key), key, "unknown key", f"use {', '.join(KEYS)}"))
        missing = [k for k in REQUIRED if not isinstance(entry.get(k), str) or not entry[k].strip()]
        problems.extend(
            Problem(display, at(i), k, "missing or empty", "every entry needs it") for k in missing
        )
        if missing or not isinstance(entry.get("expansion", ""), str):
            continue
        term, definition = entry["term"].strip(), " ".join(entry["definition"].split())
        if not _TERM.fullmatch(term):
            problems.append(
                Problem(
                    display,
                    at(i, "term"),
                    "term",
                    f"{term!r} has characters a tooltip cannot match",
                    "letters, digits, spaces and . @ + / - only, starting and ending with a letter or digit",
                )
            )
        if _MARKUP.search(definition) or not 1 <= count_sentences(definition) <= 2:
            problems.append(
                Problem(
                    display,
                    at(i, "definition"),
                    "definition",
                    "must be one or two sentences of plain text",
                    "no Markdown: it is also the tooltip",
                )
            )
        terms.append(
            Term(
                term,
                definition,
                entry["note"].strip(),
                " ".join(entry.get("expansion", "").split()),
                at(i, "term"),
                at(i, "note"),
            )
        )
    problems.extend(_duplicates(terms, display))
    if problems:
        raise NotesError(problems)
    return Glossary(display, tuple(sorted(terms, key=lambda t: (t.term.casefold(), t.term))))


def _duplicates(terms: list[Term], display: str) -> list[Problem]:
    seen: dict[str, Term] = {}
    problems = []
    for term in terms:
        # Two terms that differ only in case would share an anchor on the Glossary page.
        key = term.anchor
        if key in seen:
            problems.append(
                Problem(
                    display,
                    term.line,
                    "term",
                    f"duplicate term {term.term!r}, also on line {seen[key].line}",
                    "merge the two entries",
                )
            )
        else:
            seen[key] = term
    return problems


def visible_text(markdown: str) -> str:
    """The note's prose where tooltips can appear: no code, headings, link text or comments."""
    return _HIDDEN.sub(" ", FENCED_CODE.sub(" ", markdown))


def pattern(terms: Iterable[str]) -> re.Pattern[str]:
    """The same match as the `abbr` extension's: whole words, longest term first."""
    ordered = sorted(terms, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(t) for t in ordered) + r")\b")


def usage(glossary: Glossary, bodies: dict[str, str]) -> dict[str, Counter[str]]:
    """{note src_path: Counter(term: tooltips in that note)}."""
    regex = pattern(t.term for t in glossary.terms)
    return {src: Counter(regex.findall(visible_text(body))) for src, body in bodies.items()}


def check(glossary: Glossary, bodies: dict[str, str]) -> list[Problem]:
    """Problems between the glossary and the notes ({src_path: Markdown body}).

    A term's note must exist and use the term where a reader sees it; every term must be used.
    """
    used = usage(glossary, bodies)
    problems = []
    for term in glossary.terms:
        if term.src_path not in bodies:
            notes = sorted(src.removeprefix("notes/") for src in bodies)
            # Compared without `.md`, which every name shares and which would make any two look alike.
            stems = {name.removesuffix(".md"): name for name in notes}
            close = difflib.get_close_matches(term.note.removesuffix(".md"), stems, n=1)
            if close:
                hint = f"did you mean '{stems[close[0]]}'?"
            else:
                hint = f"name a file in docs/notes/, e.g. {notes[0]}" if notes else "add the note first"
            problems.append(
                Problem(glossary.path, term.note_line, "note", f"no such note {term.note!r}", hint)
            )
        elif not used[term.src_path][term.term]:
            users = [src.removeprefix("notes/") for src, counts in used.items() if counts[term.term]]
            hint = f"it appears in {', '.join(users)}" if users else "no note uses it: remove the entry"
            problems.append(
                Problem(
                    glossary.path,
                    term.note_line,
                    "note",
                    f"{term.note} never uses {term.term!r} outside code, headings and links",
                    hint,
                )
            )
    return problems


def page_markdown(glossary: Glossary, titles: dict[str, str]) -> str:
    """The Glossary page: alphabetical, a `##` per letter and a `###` with its own anchor per term."""
    lines = [
        "# Glossary",
        "",
        f"{len(glossary.terms)} terms used across the notes, each with the note that explains it best. "
        "In the notes, hover over or focus a term with a dotted underline to read its definition.",
    ]
    letter = ""
    for term in glossary.terms:
        first = term.term[0].upper() if term.term[0].isalpha() else "0–9"
        if first != letter:
            letter = first
            # A letter's own id ("letter-d", not "d"): the print-site plugin renames a heading's id
            # by replacing its text everywhere in the tag, so `<h2 id="d">` became `<h2 iglossary-d=...>`.
            lines += ["", f"## {letter} {{ #letter-{letter.lower() if letter.isalpha() else 'digits'} }}"]
        lead = f"**{term.expansion}.** " if term.expansion else ""
        see = f"[{titles.get(term.src_path, term.note)}]({term.src_path})"
        lines += [
            "",
            f"### {term.term} {{ #{term.anchor} }}",
            "",
            f"{lead}{term.definition} Explained in {see}.",
        ]
    return "\n".join(lines) + "\n"


def load_checked(root: Path, bodies: dict[str, str]) -> Glossary | None:
    """The project's glossary, checked against the notes; None if the project has none."""
    path = root / GLOSSARY_FILE
    if not path.is_file():
        return None
    glossary = load(path, GLOSSARY_FILE)
    problems = check(glossary, bodies)
    if problems:
        raise NotesError(problems)
    return glossary
