"""Strict YAML reading: plain strings, lists and mappings, with line numbers.

PyYAML's loaders convert scalars on their own (`no` -> False, `2024-01-02` -> a date) and keep the
last of two duplicate keys without a word. No YAML library offers "keep every scalar a string,
refuse duplicate keys, and tell me the line of each value", so we compose PyYAML's node graph
(which keeps positions) and build the values here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple[str | int, ...]
# libyaml's parser, where PyYAML was built with it, composes the same nodes several times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class YamlDocument:
    """The parsed value and, for every key and item, the 1-based line it starts on."""

    value: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, *path: str | int, default: int = 1) -> int:
        return self.lines.get(tuple(path), default)


@dataclass
class YamlProblem(Exception):
    """A YAML text that cannot be read; `line` is 1-based within the YAML text."""

    line: int
    message: str
    key: str = ""


def load(text: str, first_line: int = 1) -> YamlDocument:
    """Read one YAML document; every scalar stays the string that was written.

    `first_line` is the file line the YAML text starts on, so every line we report is a file line.
    """
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else first_line
        raise YamlProblem(line, f"malformed YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly everything
        raise YamlProblem(first_line, f"malformed YAML: {exc}") from None
    doc = YamlDocument(None)
    if node is not None:
        doc.value = _build(node, (), doc.lines, first_line - 1)
    return doc


def _build(node: yaml.Node, path: Path_, lines: dict[Path_, int], skip: int) -> Any:
    lines.setdefault(path, node.start_mark.line + 1 + skip)
    if isinstance(node, yaml.ScalarNode):
        # An empty plain scalar (`key:`) is YAML's null: keep it apart from the string "".
        # (libyaml marks a plain scalar's style as "", the pure-Python parser as None.)
        if node.tag == "tag:yaml.org,2002:null" and not node.style:
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), lines, skip) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(key_node.start_mark.line + 1 + skip, "a key must be plain text")
            key = key_node.value
            if key in result:
                first = lines[(*path, key)]
                raise YamlProblem(
                    key_node.start_mark.line + 1 + skip,
                    f"duplicate key (first set on line {first})",
                    key=".".join(str(p) for p in (*path, key)),
                )
            lines[(*path, key)] = key_node.start_mark.line + 1 + skip
            result[key] = _build(value_node, (*path, key), lines, skip)
        return result
    raise YamlProblem(
        node.start_mark.line + 1 + skip, f"unsupported YAML node {node.tag}"
    )  # pragma: no cover
