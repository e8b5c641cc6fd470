"""Where two lists of lines differ: the common head and tail trimmed in linear time, then
``difflib`` on what lies between. One answer for the status line's Δ counts
(``session.buffer.line_change``) and the three-way merge's hunks (``follow.three_way``)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

Block = tuple[int, int, int, int]  # a[i1:i2] became b[j1:j2]


def common_bounds(a: Sequence[str], b: Sequence[str]) -> tuple[int, int, int]:
    """``(start, end_a, end_b)``: ``a[:start] == b[:start]`` and the tails after ``end_a`` /
    ``end_b`` are equal; the head is taken first, so the two never overlap."""
    start = 0
    limit = min(len(a), len(b))
    while start < limit and a[start] == b[start]:
        start += 1
    end_a, end_b = len(a), len(b)
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a -= 1
        end_b -= 1
    return start, end_a, end_b


def changed_blocks(
    a: Sequence[str], b: Sequence[str], bounds: tuple[int, int, int] | None = None
) -> list[Block]:
    """The non-equal opcodes that turn ``a`` into ``b``, in order, with absolute indices."""
    start, end_a, end_b = bounds if bounds is not None else common_bounds(a, b)
    matcher = difflib.SequenceMatcher(None, a[start:end_a], b[start:end_b], autojunk=False)
    return [
        (start + i1, start + i2, start + j1, start + j2)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
