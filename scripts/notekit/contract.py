"""The front-matter contract of a note, and the typed `Note` every consumer reads.

This is the one place that knows which keys a note may have and what each must hold.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from . import inline, source, strict_yaml
from .errors import NotesError, Problem

REQUIRED_KEYS = ("title", "description", "tags")
OPTIONAL_KEYS = ("sources",)
# Keys Material for MkDocs reads from a page's front-matter; we pass them through untouched.
MATERIAL_KEYS = ("icon", "status", "subtitle", "hide", "search", "template", "social", "comments")
ALLOWED_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS + MATERIAL_KEYS

MAX_DESCRIPTION_CHARS = 400
MAX_SENTENCES = 3
MIN_TAGS, MAX_TAGS = 1, 6
URL_SCHEMES = ("https", "http")

# A sentence ends at . ! or ? followed by white space; abbreviations such as "e.g." do not end one.
_SENTENCE_END = re.compile(r"(?<![A-Za-z]\.[A-Za-z])(?<!\bvs)(?<!\betc)(?<!\bcf)[.!?](?=\s+\S)")
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)")


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Note:
    """One note as every consumer sees it: typed, validated, with source lines for messages."""

    path: str  # as shown in messages, e.g. docs/notes/mcp.md
    src_path: str  # relative to docs_dir, e.g. notes/mcp.md
    title: str
    description: str  # inline Markdown
    tags: tuple[str, ...]
    sources: tuple[Source, ...]
    material: dict[str, Any]  # Material's own keys, as written
    body: str
    lines: dict[tuple, int] = field(repr=False, compare=False)

    # Cached: a build asks for these once per page, per feed and per llms.txt line.
    @cached_property
    def description_text(self) -> str:
        """The description as plain text, for meta tags and feeds."""
        return inline.to_plain(self.description)

    @cached_property
    def description_html(self) -> str:
        return inline.to_html(self.description)


def parse_note(data: bytes, path: str, src_path: str, allowed_tags: Iterable[str]) -> Note:
    """Parse and validate one note file; raise NotesError listing every problem found."""
    text = source.decode(data, path)
    parts = source.split(text, path)
    try:
        doc = strict_yaml.load(parts.yaml_text, parts.yaml_first_line)
    except strict_yaml.YamlProblem as exc:
        hint = "check the indentation and quote values that contain ': '"
        problem = Problem(path, exc.line, exc.key or "front-matter", exc.message, hint)
        raise NotesError([problem]) from None
    checker = _Checker(path, doc, set(allowed_tags))
    fields = checker.check()
    if checker.problems:
        raise NotesError(checker.problems)
    return Note(path=path, src_path=src_path, body=parts.body, lines=dict(doc.lines), **fields)


def count_sentences(plain: str) -> int:
    return len(_SENTENCE_END.findall(plain)) + 1 if plain.strip() else 0


class _Checker:
    def __init__(self, path: str, doc: strict_yaml.YamlDocument, tags: set[str]):
        self.path, self.doc, self.allowed_tags = path, doc, tags
        self.problems: list[Problem] = []

    def add(self, keys: tuple[str | int, ...], field_name: str, problem: str, hint: str = "") -> None:
        # A key that is absent has no line of its own: point at the opening '---' (line 1).
        line = self.doc.line_of(*keys, default=1) if keys else 1
        self.problems.append(Problem(self.path, line, field_name, problem, hint))

    def check(self) -> dict[str, Any]:
        meta = self.doc.value
        if meta is None:
            meta = {}
        if not isinstance(meta, dict):
            self.add((), "front-matter", "must be a mapping of keys to values", "write `key: value` lines")
            return {}
        for key in meta:
            if key not in ALLOWED_KEYS:
                close = difflib.get_close_matches(key, ALLOWED_KEYS, n=1)
                hint = f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(ALLOWED_KEYS)
                self.add((key,), key, "unknown key", hint)
        for key in REQUIRED_KEYS:
            if key not in meta:
                self.add((), key, "missing required key", f"add `{key}:` to the front-matter")
            elif meta[key] in (None, "", []):
                self.add((key,), key, "is empty", f"give `{key}` a value")
        return {
            "title": self.title(meta.get("title")),
            "description": self.description(meta.get("description")),
            "tags": self.tags(meta.get("tags")),
            "sources": self.sources(meta.get("sources")),
            "material": {k: v for k, v in meta.items() if k in MATERIAL_KEYS},
        }

    def _string(self, value: Any, key: str) -> str:
        if value in (None, "", []):
            return ""
        if not isinstance(value, str):
            self.add(
                (key,), key, f"must be text, not a {_kind(value)}", "write it on one line after the colon"
            )
            return ""
        return value

    def title(self, value: Any) -> str:
        title = self._string(value, "title")
        if title and "\n" in title.strip():
            self.add(("title",), "title", "must be a single line", "shorten the title to one line")
        return inline.one_line(title)

    def description(self, value: Any) -> str:
        description = inline.one_line(self._string(value, "description"))
        if not description:
            return ""
        plain = inline.to_plain(description)
        if len(plain) > MAX_DESCRIPTION_CHARS:
            self.add(
                ("description",),
                "description",
                f"too long: {len(plain)} characters, at most {MAX_DESCRIPTION_CHARS}",
                "keep it to one to three short sentences",
            )
        sentences = count_sentences(plain)
        if sentences > MAX_SENTENCES:
            self.add(
                ("description",),
                "description",
                f"{sentences} sentences, at most {MAX_SENTENCES}",
                "move the detail into the note's opening paragraph",
            )
        for target in _LINK_TARGET.findall(description):
            if urlsplit(target).scheme not in URL_SCHEMES:
                self.add(
                    ("description",),
                    "description",
                    f"link target '{target}' is not an http(s) URL",
                    "descriptions appear in README and on the site; link only to absolute URLs",
                )
        return description

    def tags(self, value: Any) -> tuple[str, ...]:
        if value in (None, "", []):
            return ()
        if not isinstance(value, list):
            self.add(("tags",), "tags", f"must be a list, not a {_kind(value)}", "write `tags: [one, two]`")
            return ()
        if not MIN_TAGS <= len(value) <= MAX_TAGS:
            self.add(
                ("tags",),
                "tags",
                f"{len(value)} tags, expected {MIN_TAGS} to {MAX_TAGS}",
                "keep the tags that best describe the note",
            )
        tags: list[str] = []
        for i, tag in enumerate(value):
            if not isinstance(tag, str) or not tag:
                self.add(("tags", i), "tags", f"item {i + 1} must be text, not a {_kind(tag)}")
                continue
            if tag not in self.allowed_tags:
                close = difflib.get_close_matches(tag, sorted(self.allowed_tags), n=1, cutoff=0.5)
                hint = f"did you mean '{close[0]}'?" if close else "see tags_allowed in mkdocs.yml"
                self.add(("tags", i), "tags", f"unknown tag '{tag}'", hint)
            elif tag in tags:
                self.add(("tags", i), "tags", f"tag '{tag}' is listed twice", "remove the repeat")
            tags.append(tag)
        return tuple(tags)

    def sources(self, value: Any) -> tuple[Source, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.add(
                ("sources",),
                "sources",
                f"must be a list, not a {_kind(value)}",
                "write `- title: ...` and `url: ...` items",
            )
            return ()
        result = []
        for i, item in enumerate(value):
            where = ("sources", i)
            if not isinstance(item, dict):
                self.add(where, "sources", f"item {i + 1} must be a mapping with title and url")
                continue
            extra = sorted(set(item) - {"title", "url"})
            if extra:
                self.add(
                    (*where, extra[0]),
                    "sources",
                    f"item {i + 1} has unknown key '{extra[0]}'",
                    "a source has only `title` and `url`",
                )
            title, url = item.get("title"), item.get("url")
            if not isinstance(title, str) or not title.strip():
                self.add(where, "sources", f"item {i + 1} needs a text `title`")
                continue
            if (
                not isinstance(url, str)
                or urlsplit(url).scheme not in URL_SCHEMES
                or not urlsplit(url).netloc
            ):
                self.add(
                    (*where, "url") if "url" in item else where,
                    "sources",
                    f"item {i + 1} needs an http(s) `url`",
                    "for example https://arxiv.org/abs/...",
                )
                continue
            result.append(Source(inline.one_line(title), url.strip()))
        return tuple(result)


def _kind(value: Any) -> str:
    return {dict: "mapping", list: "list", str: "text"}.get(
        type(value), "empty value" if value is None else type(value).__name__
    )
