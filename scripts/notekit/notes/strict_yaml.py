"""Strict YAML reading: plain strings, lists and mappings, with line numbers.

PyYAML's loaders convert scalars on their own (`no` -> False, `2024-01-02` -> a date) and keep the
last of two duplicate keys without a word. No YAML library offers "keep every scalar a string,
refuse duplicate keys, and tell me the line of each value", so we compose PyYAML's node graph
(which keeps positions) and build the values here.

Front-matter is untrusted input (it arrives in pull requests), so before composing anything we
read the event stream once and refuse what only an attacker or an accident needs: anchors and
aliases (a few hundred bytes of nested aliases expand into gigabytes, and `&a [*a]` is a cycle),
nesting deeper than any note needs, and texts larger than any front-matter needs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple[str | int, ...]
# libyaml's parser, where PyYAML was built with it, composes the same nodes several times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The largest text each kind of file may be, by the `subject` it is read as: far above any real
# one, and small enough that reading an untrusted one stays quick. Front-matter and a questions
# file hold one note's worth of text; a .pages file and the glossary grow with the whole site, a
# line or a short entry per note or term (2,000 notes are a .pages of about 40 KB).
MAX_BYTES = {
    "front-matter": 32 * 1024,  # the largest real front-matter (27 sources) is under 6 KB
    "questions": 32 * 1024,  # the largest real questions file is under 7 KB
    "nav": 1024 * 1024,  # about 18 bytes a note: over 50,000 notes
    "glossary": 1024 * 1024,  # about 250 bytes a term (the real one: 23 KB): over 4,000 terms
}
_TOO_LARGE_HINT = {
    "front-matter": "keep the front-matter to its keys; long text belongs in the note's body",
    "questions": "at most 10 questions, each answer a few sentences",
    "nav": "list each note once, one file name a line",
    "glossary": "keep each definition to one or two sentences",
}
MAX_DEPTH = 8  # a note needs 3: mapping -> sources list -> source mapping

# What a YAML escape such as "\0", "\e" or "\u202e" can put into a value and no output should
# carry: C0/C1 controls (Unicode category Cc; tab and newline excepted: folded text has them),
# surrogates (Cs), and the invisible characters that reorder or hide text (bidirectional overrides,
# line separators). One pattern, searched once per text: a loop calling unicodedata.category on
# each character took most of the time to read 2,000 notes. tests/test_strict_yaml.py compares it
# with unicodedata on every code point.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufff9-\ufffb]"
)


@dataclass
class YamlDocument:
    """The parsed value and, for every key and item, the 1-based line it starts on."""

    value: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, *path: str | int, default: int = 1) -> int:
        return self.lines.get(tuple(path), default)


@dataclass
class YamlProblem(Exception):
    """A YAML text that cannot be read; `line` is 1-based within the file."""

    line: int
    message: str
    key: str = ""
    hint: str = "check the indentation, and quote values that contain ': ' or start with [ { * & ! or a quote"


def forbidden_character(text: str) -> str | None:
    """A readable name for the first character no output may carry, or None."""
    if (found := _FORBIDDEN.search(text)) is None:
        return None
    ch = found.group()
    return f"U+{ord(ch):04X} ({unicodedata.name(ch, 'control character').lower()})"


def load(text: str, first_line: int = 1, subject: str = "front-matter") -> YamlDocument:
    """Read one YAML document; every scalar stays the string that was written.

    `first_line` is the file line the YAML text starts on, so every line we report is a file line;
    `subject` names the text in messages ("front-matter", or "nav" for a .pages file).
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    limit = MAX_BYTES[subject]
    if size > limit:
        raise YamlProblem(
            first_line,
            f"too large: {size:,} bytes, at most {limit:,}",
            subject,
            _TOO_LARGE_HINT[subject],
        )
    try:
        _check_events(text, first_line, subject)
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        raise _located(exc, text, first_line) from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly everything
        raise YamlProblem(first_line, f"malformed YAML: {exc}") from None
    doc = YamlDocument(None)
    if node is not None:
        doc.value = _build(node, (), doc.lines, first_line - 1)
    return doc


def _check_events(text: str, first_line: int, subject: str) -> None:
    """Refuse anchors, aliases, tags and deep nesting from the event stream, before composing."""
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        line = (event.start_mark.line if event.start_mark else 0) + first_line
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem(
                line,
                f"YAML alias '*{event.anchor}' is not allowed",
                subject,
                f"write the value out in full; {subject} takes no anchors (&) or aliases (*)",
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise YamlProblem(
                line,
                f"YAML anchor '&{anchor}' is not allowed",
                subject,
                f"remove the '&name'; {subject} takes no anchors (&) or aliases (*)",
            )
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":  # "!" is how a quoted scalar reports "no tag"
            raise YamlProblem(
                line,
                f"YAML tag '{tag}' is not allowed",
                subject,
                "remove the tag; every value is read as plain text",
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlProblem(
                    line,
                    f"nested more than {MAX_DEPTH} levels deep",
                    subject,
                    f"{subject} needs at most a list of mappings",
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


# Where a construct that opens on one line is never closed, PyYAML's problem mark is the end of
# the text (the closing '---'); the context mark is where it opened, which is what to fix.
_UNCLOSED = {
    "while scanning a quoted scalar": (
        "a quoted value is never closed",
        "end the value with the same quote mark it starts with",
    ),
    "while parsing a flow sequence": ("a '[' list is never closed", "close the list with ']'"),
    "while parsing a flow mapping": ("a '{' mapping is never closed", "close the mapping with '}'"),
    "while scanning a simple key": (
        "a key is missing its ':'",
        "write `key: value`; quote a value that contains ': '",
    ),
}


def _located(exc: yaml.MarkedYAMLError, text: str, first_line: int) -> YamlProblem:
    context = (exc.context or "").strip()
    if context in _UNCLOSED and exc.context_mark is not None:
        message, hint = _UNCLOSED[context]
        return YamlProblem(exc.context_mark.line + first_line, message, hint=hint)
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + first_line if mark else first_line
    detail = " ".join(part for part in (exc.context, exc.problem) if part)
    return YamlProblem(line, f"malformed YAML: {detail}")


def _build(node: yaml.Node, path: Path_, lines: dict[Path_, int], skip: int) -> Any:
    lines.setdefault(path, node.start_mark.line + 1 + skip)
    if isinstance(node, yaml.ScalarNode):
        # An empty plain scalar (`key:`) is YAML's null: keep it apart from the string "".
        # (libyaml marks a plain scalar's style as "", the pure-Python parser as None.)
        if node.tag == "tag:yaml.org,2002:null" and not node.style:
            return None
        bad = forbidden_character(node.value)
        if bad:
            raise YamlProblem(
                node.start_mark.line + 1 + skip,
                f"contains the invisible character {bad}",
                ".".join(str(p) for p in path),
                "remove it; front-matter text is shown as plain text everywhere",
            )
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), lines, skip) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(
                    key_node.start_mark.line + 1 + skip,
                    "a key must be plain text",
                    hint="write `key: value`, with a word before the colon",
                )
            key = key_node.value
            if key in result:
                first = lines[(*path, key)]
                raise YamlProblem(
                    key_node.start_mark.line + 1 + skip,
                    f"duplicate key (first set on line {first})",
                    key=".".join(str(p) for p in (*path, key)),
                    hint="keep one of the two; YAML would silently use the last",
                )
            lines[(*path, key)] = key_node.start_mark.line + 1 + skip
            result[key] = _build(value_node, (*path, key), lines, skip)
        return result
    raise YamlProblem(
        node.start_mark.line + 1 + skip, f"unsupported YAML node {node.tag}"
    )  # pragma: no cover
