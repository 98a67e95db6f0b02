"""Long sidebar sections, split into groups of a fixed size, in order.

With Material's navigation.prune each page then renders one group instead of every note: the
sidebar stays usable at a thousand notes, and the build stops growing with the square of the note
count. The size is `extra.sidebar_group_size` (50 unless set). Pure arithmetic here; the hook
builds MkDocs' Section objects from it.
"""

from __future__ import annotations


def groups(count: int, size: int) -> list[tuple[int, int]]:
    """(start, end) slices of a section with `count` children; [] when it needs no split."""
    if count <= size:
        return []
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def group_title(section_title: str, start: int, end: int) -> str:
    return f"{section_title} {start + 1}\u2013{end}"
