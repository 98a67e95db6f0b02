"""The front-matter contract of a note, and the typed `Note` every consumer reads.

This is the one place that knows which keys a note may have and what each must hold.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from notekit.notes import inline, markers, source, strict_yaml
from notekit.notes.errors import NotesError, Problem

REQUIRED_KEYS = ("title", "description", "tags", "reviewed")
OPTIONAL_KEYS = ("sources", "changes")
# Keys Material for MkDocs reads from a page's front-matter; we pass them through untouched.
MATERIAL_KEYS = ("icon", "status", "subtitle", "hide", "search", "template", "social", "comments")
ALLOWED_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS + MATERIAL_KEYS

MAX_TITLE_CHARS = 120
MAX_DESCRIPTION_CHARS = 400
MAX_SENTENCES = 3
MIN_TAGS, MAX_TAGS = 1, 6
MAX_CHANGE_SUMMARY_CHARS = 200
URL_SCHEMES = ("https", "http")
# What a cited source may be (the keys), and the word the page shows for it next to the source's
# host (the values).
SOURCE_KINDS = {
    "paper": "paper",
    "spec": "specification",
    "docs": "documentation",
    "code": "code",
    "dataset": "dataset",
    "talk": "talk",
    "article": "article",
    "course": "course",
}
# `reviewed` may not lie in the future; "today" is taken in the time zone furthest ahead (UTC+14),
# so a contributor anywhere can write their own date.
_AHEAD = timedelta(hours=14)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A host name: labels of letters, digits and hyphens (any script, as IDNA allows), or an IP address.
_HOST_LABEL = re.compile(r"(?!-)[^\W_](?:[\w-]{0,61}[^\W_])?")
_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")

# A sentence ends at . ! or ? followed by white space; abbreviations such as "e.g." do not end one.
_SENTENCE_END = re.compile(r"(?<![A-Za-z]\.[A-Za-z])(?<!\bvs)(?<!\betc)(?<!\bcf)[.!?](?=\s+\S)")


@dataclass(frozen=True)
class Source:
    title: str  # plain text
    url: str
    kind: str | None = None  # one of SOURCE_KINDS

    @property
    def host(self) -> str:
        """The site a source lives on, as a reader recognises it: `arxiv.org`, not `www.arxiv.org`."""
        host = urlsplit(self.url).hostname or ""
        return host.removeprefix("www.")


@dataclass(frozen=True)
class Change:
    """One entry of a note's reader-facing history: what changed that matters, and when."""

    date: date
    summary: str  # plain text, one line


@dataclass(frozen=True)
class Note:
    """One note as every consumer sees it: typed, validated, with source lines for messages."""

    path: str  # as shown in messages, e.g. docs/notes/mcp.md
    src_path: str  # relative to docs_dir, e.g. notes/mcp.md
    title: str
    description: str  # inline Markdown
    tags: tuple[str, ...]
    reviewed: date  # when the note's facts were last checked against its sources
    sources: tuple[Source, ...]
    body: str
    lines: dict[tuple[str | int, ...], int] = field(repr=False, compare=False)
    changes: tuple[Change, ...] = ()  # newest first
    body_line: int = field(default=1, compare=False)  # the file line the body starts on

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
        problem = Problem(path, exc.line, exc.key or "front-matter", exc.message, exc.hint)
        raise NotesError([problem]) from None
    checker = _Checker(path, doc, set(allowed_tags))
    fields = checker.check()
    if checker.problems:
        raise NotesError(checker.problems)
    return Note(path=path, src_path=src_path, body=parts.body, lines=dict(doc.lines),
                body_line=parts.body_first_line, **fields)  # fmt: skip


def count_sentences(plain: str) -> int:
    return len(_SENTENCE_END.findall(plain)) + 1 if plain.strip() else 0


def latest_today() -> date:
    """Today's date where it is latest on Earth: the newest `reviewed` date anyone can write."""
    return (datetime.now(UTC) + _AHEAD).date()


def url_problem(url: str) -> str | None:
    """Why `url` is not an absolute http(s) address with a valid host, or None when it is."""
    if not url or url != url.strip() or any(ch.isspace() for ch in url):
        return "contains white space" if url.strip() else "is empty"
    if strict_yaml.forbidden_character(url):
        return "contains a control character"
    parts = urlsplit(url)
    if parts.scheme.lower() not in URL_SCHEMES:
        return f"is not an http(s) URL (scheme '{parts.scheme}')" if parts.scheme else "is not absolute"
    try:
        host, _port = parts.hostname, parts.port
    except ValueError:
        return "has an invalid port"
    if not host:
        return "has no host"
    if host.startswith("[") or ":" in host:  # an IPv6 literal; urlsplit has checked its brackets
        return None
    if _IPV4.fullmatch(host):
        return None if all(int(part) < 256 for part in host.split(".")) else "has an invalid IP address"
    labels = host.rstrip(".").split(".")
    if len(labels) < 2 or not all(_HOST_LABEL.fullmatch(label) for label in labels):
        return f"has an invalid host '{host}'"
    return None


def has_visible_text(text: str) -> bool:
    """False for text made only of spaces, separators and invisible format characters."""
    return any(unicodedata.category(ch)[0] not in "ZC" for ch in text)


Keys = tuple[str | int, ...]  # a path into the front-matter: keys and list indexes
ItemAt = tuple[str, int]  # one item of a list field: the field and its index


def _key_of(where: ItemAt, item: dict[str, Any], key: str) -> Keys:
    """Where a list item's `key` is, for its line: the item itself when the key is absent."""
    return (*where, key) if key in item else where


class _Checker:
    def __init__(self, path: str, doc: strict_yaml.YamlDocument, tags: set[str]):
        self.path, self.doc, self.allowed_tags = path, doc, tags
        self.problems: list[Problem] = []

    def add(self, keys: tuple[str | int, ...], field_name: str, problem: str, hint: str = "") -> None:
        # A key that is absent has no line of its own: point at the opening '---' (line 1).
        line = self.doc.line_of(*keys, default=1) if keys else 1
        self.problems.append(Problem(self.path, line, field_name, problem, hint))

    def unknown_key(
        self, item: dict[str, Any], allowed: tuple[str, ...], where: ItemAt, field_name: str, hint: str
    ) -> bool:
        """Report the first key of a list item (`where`) that is not `allowed`; True if there was one."""
        extra = sorted(set(item) - set(allowed))
        if extra:
            close = difflib.get_close_matches(extra[0], allowed, n=1)
            self.add(
                (*where, extra[0]),
                field_name,
                f"item {where[-1] + 1} has unknown key '{extra[0]}'",
                f"did you mean '{close[0]}'?" if close else hint,
            )
        return bool(extra)

    def text(self, item: dict[str, Any], key: str, where: ItemAt, field_name: str, hint: str) -> str | None:
        """`item[key]` if it is text a reader can see; otherwise None, and a problem reported."""
        value = item.get(key)
        if isinstance(value, str) and has_visible_text(value):
            return value
        self.add(_key_of(where, item, key), field_name, f"item {where[-1] + 1} needs a text `{key}`", hint)
        return None

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
                example = f"{key}: {latest_today():%Y-%m-%d}" if key == "reviewed" else f"{key}:"
                self.add((), key, "missing required key", f"add `{example}` to the front-matter")
            elif meta[key] in (None, "", []) or (isinstance(meta[key], str) and not meta[key].strip()):
                self.add((key,), key, "is empty", f"give `{key}` a value")
        return {
            "title": self.title(meta.get("title")),
            "description": self.description(meta.get("description")),
            "tags": self.tags(meta.get("tags")),
            "reviewed": self.reviewed(meta.get("reviewed")),
            "sources": self.sources(meta.get("sources")),
            "changes": self.changes(meta.get("changes")),
        }

    def _string(self, value: Any, key: str) -> str:
        if value in (None, "", []):
            return ""
        if not isinstance(value, str):
            self.add(
                (key,), key, f"must be text, not a {_kind(value)}", "write it on one line after the colon"
            )
            return ""
        if value.strip() and not has_visible_text(value):
            self.add((key,), key, "has no visible text", f"write the {key} in words")
            return ""
        for marker in (markers.START, markers.END):
            if marker in value:
                self.add(
                    (key,),
                    key,
                    f"contains the README marker '{marker}'",
                    "the topic table is written between these markers; leave the comment out of the text",
                )
                return ""
        return value

    def title(self, value: Any) -> str:
        title = self._string(value, "title")
        if title and "\n" in title.strip():
            self.add(("title",), "title", "must be a single line", "shorten the title to one line")
        title = inline.one_line(title)
        if len(title) > MAX_TITLE_CHARS:
            self.add(
                ("title",),
                "title",
                f"too long: {len(title)} characters, at most {MAX_TITLE_CHARS}",
                "put the detail in the description",
            )
        return title

    def description(self, value: Any) -> str:
        description = inline.one_line(self._string(value, "description"))
        if not description:
            return ""
        plain = inline.to_plain(description)
        if not has_visible_text(plain):
            self.add(
                ("description",),
                "description",
                "has no visible text once its Markdown is rendered",
                "write one to three sentences in words",
            )
            return ""
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
        for target in inline.link_targets(description):
            why = url_problem(target)
            if why:
                self.add(
                    ("description",),
                    "description",
                    f"link target {target!r} {why}",
                    "descriptions appear in README and on the site; link only to absolute https:// URLs",
                )
        return description

    def reviewed(self, value: Any) -> date | None:
        if value in (None, ""):
            return None
        hint = (
            f"write the day you last checked the note's facts as YYYY-MM-DD, e.g. {latest_today():%Y-%m-%d}"
        )
        return self._date(value, ("reviewed",), "reviewed", "", hint)

    def _date(
        self, value: Any, keys: tuple[str | int, ...], field_name: str, prefix: str, hint: str
    ) -> date | None:
        """A real YYYY-MM-DD date, not in the future; None (and a problem) otherwise."""
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value.strip()):
            shown = repr(value) if isinstance(value, str) else f"a {_kind(value)}"
            self.add(keys, field_name, f"{prefix}{shown} is not a date written YYYY-MM-DD", hint)
            return None
        try:
            when = date.fromisoformat(value.strip())
        except ValueError:
            self.add(keys, field_name, f"{prefix}{value.strip()!r} is not a real date", hint)
            return None
        if when > latest_today():
            self.add(keys, field_name, f"{prefix}{when:%Y-%m-%d} is in the future", hint)
            return None
        return when

    def changes(self, value: Any) -> tuple[Change, ...]:
        """`changes:` a list of `{date, summary}`: what a returning reader should know, newest first."""
        if value is None:
            return ()
        example = f"write `- date: {latest_today():%Y-%m-%d}` and, under it, `summary: what changed`"
        if not isinstance(value, list) or not value:
            shown = "an empty list" if value in ([], "") else f"a {_kind(value)}"
            self.add(("changes",), "changes", f"must be a list of changes, not {shown}", example)
            return ()
        result: list[Change] = []
        for i, item in enumerate(value):
            where = ("changes", i)
            if not isinstance(item, dict):
                self.add(where, "changes", f"item {i + 1} must be a mapping with date and summary", example)
                continue
            if self.unknown_key(
                item, ("date", "summary"), where, "changes", "a change has `date` and `summary`"
            ):
                continue
            if "date" not in item or item["date"] in (None, ""):
                self.add(_key_of(where, item, "date"), "changes", f"item {i + 1} needs a `date`", example)
                continue
            hint = f"write the day the note changed as YYYY-MM-DD, e.g. {latest_today():%Y-%m-%d}"
            when = self._date(item["date"], (*where, "date"), "changes", f"item {i + 1}: date ", hint)
            summary = self.text(
                item, "summary", where, "changes", "say in one line of plain text what changed for a reader"
            )
            if summary is None:
                continue
            summary = inline.one_line(summary)
            if len(summary) > MAX_CHANGE_SUMMARY_CHARS:
                self.add(
                    (*where, "summary"),
                    "changes",
                    f"item {i + 1}: summary too long: {len(summary)} characters, at most "
                    f"{MAX_CHANGE_SUMMARY_CHARS}",
                    "one line a reader takes in at a glance",
                )
                continue
            if when is not None:
                result.append(Change(when, summary))
        return tuple(sorted(result, key=lambda change: change.date, reverse=True))

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
                hint = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else "allowed: " + ", ".join(sorted(self.allowed_tags))
                )
                self.add(("tags", i), "tags", f"unknown tag {tag!r}", hint)
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
        result: list[Source] = []
        for i, item in enumerate(value):
            where = ("sources", i)
            if not isinstance(item, dict):
                self.add(
                    where,
                    "sources",
                    f"item {i + 1} must be a mapping with title and url",
                    "write `- title: ...` and, indented under it, `url: ...`",
                )
                continue
            self.unknown_key(
                item, ("title", "url", "kind"), where, "sources", "a source has `title`, `url` and `kind`"
            )
            title = self.text(
                item, "title", where, "sources", "name the paper, page or talk as its authors do"
            )
            if title is None:
                continue
            url, kind = item.get("url"), item.get("kind")
            if any(marker in title for marker in (markers.START, markers.END)):
                self.add((*where, "title"), "sources", f"item {i + 1}: title contains a README marker")
                continue
            why = url_problem(url) if isinstance(url, str) else "is missing"
            if why:
                shown = f" {url!r}" if isinstance(url, str) and url else ""
                self.add(
                    _key_of(where, item, "url"),
                    "sources",
                    f"item {i + 1}: url{shown} {why}",
                    "give the address a browser opens, e.g. https://arxiv.org/abs/2309.06180",
                )
                continue
            if kind is not None and (not isinstance(kind, str) or kind not in SOURCE_KINDS):
                close = difflib.get_close_matches(str(kind), list(SOURCE_KINDS), n=1)
                self.add(
                    (*where, "kind"),
                    "sources",
                    f"item {i + 1}: unknown kind {kind!r}",
                    f"did you mean '{close[0]}'?" if close else "one of " + ", ".join(SOURCE_KINDS),
                )
                continue
            url = str(url).strip()
            if any(known.url == url for known in result):
                self.add(
                    (*where, "url"), "sources", f"item {i + 1}: {url} is listed twice", "remove the repeat"
                )
                continue
            result.append(Source(inline.one_line(title), url, kind))
        return tuple(result)


def _kind(value: Any) -> str:
    names: dict[type, str] = {dict: "mapping", list: "list", str: "text"}
    return names.get(type(value), "empty value" if value is None else type(value).__name__)
