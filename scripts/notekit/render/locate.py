"""Where in a note's file a diagram fence or a formula was written: its line, counted from the
file's first line (front-matter included).

Python-Markdown hands a fence formatter and a tree processor the fence's text or the formula, but
no line. So the lines come from the note itself, read by a CommonMark parser (markdown-it, which
also reads titles and descriptions): the n-th fence with a given text is the n-th such fence in
the file, so two identical broken diagrams are each reported at their own line. Formulas have no
parser token of their own; they are found outside code, delimiters included, in the same order.

Only called when something must be reported: a build with no problem never parses twice.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

_PARSER = MarkdownIt("commonmark")


def body_offset(source: str, markdown: str) -> int:
    """How many lines of `source` (the whole file) come before `markdown` (its body)."""
    if markdown and source.endswith(markdown):
        return source[: len(source) - len(markdown)].count("\n")
    return 0


def fence_line(markdown: str, language: str, text: str, occurrence: int) -> int | None:
    """The 1-based line (in `markdown`) of the opening of the `occurrence`-th (from 0) fence in
    `language` whose text is `text`; None when there is no such fence (it came from elsewhere)."""
    wanted = text.strip("\n")
    lines = [
        token.map[0] + 1
        for token in _PARSER.parse(markdown)
        if token.type == "fence" and token.map and token.info.split()[:1] == [language]
        and token.content.strip("\n") == wanted
    ]  # fmt: skip
    return lines[occurrence] if occurrence < len(lines) else None


def _code_lines(markdown: str) -> set[int]:
    """0-based lines inside fenced or indented code, where a `$` is not math."""
    inside: set[int] = set()
    for token in _PARSER.parse(markdown):
        if token.type in ("fence", "code_block") and token.map:
            inside.update(range(*token.map))
    return inside


def formula_line(markdown: str, tex: str, display: bool, occurrence: int) -> int | None:
    """The 1-based line (in `markdown`) where the `occurrence`-th (from 0) writing of `tex` starts."""
    lines = markdown.split("\n")
    code = _code_lines(markdown)
    first = next((line.strip() for line in tex.split("\n") if line.strip()), tex)
    single = "\n" not in tex.strip()
    # Most specific first: with its delimiters, then (display math on lines of its own) bare.
    needles = [f"${tex}$", f"\\({tex}\\)", f"$${tex}$$", f"\\[{tex}\\]"] if single else []
    if display or not single:
        needles.append(first)
    for needle in needles:
        found = [
            number + 1
            for number, line in enumerate(lines)
            if number not in code
            for _ in range(line.count(needle))
        ]
        if occurrence < len(found):
            return found[occurrence]
    return None
