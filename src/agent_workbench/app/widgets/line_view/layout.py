"""Laying a block document out: the bookkeeping of :class:`LineView` that needs no widget.

Heights come from rendered rows when the cache has them, else from the
renderer's estimate; after an edit the unchanged blocks at the start and end
keep their rows and heights, so an edit costs the changed blocks plus a scan.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Callable, Hashable
from itertools import accumulate
from typing import TYPE_CHECKING

from textual.cache import LRUCache

from agent_workbench.app.widgets.line_view.document import (
    Block,
    BlockRenderer,
    RenderStats,
    RowStrips,
)

if TYPE_CHECKING:
    from agent_workbench.app.widgets.line_view.view import LineView


class Layout:
    """Per block: its rendered rows (None until rendered) and its height in rows; the
    row where each block starts; the widest row seen (when not wrapping); and the
    blocks still to render (``pending``, rendered ahead by the view)."""

    def __init__(
        self,
        rows: list[RowStrips | None] | None = None,
        heights: list[int] | None = None,
        widest: int = 0,
    ) -> None:
        self.rows = rows if rows is not None else []
        self.heights = heights if heights is not None else []
        self.widest = widest
        self.pending = [index for index, block_rows in enumerate(self.rows) if block_rows is None]
        self._offsets: list[int] = [0]
        self._offsets_dirty = True

    @classmethod
    def estimated(cls, blocks: list[Block]) -> Layout:
        """Heights from line counts alone (no renderer or no width yet); nothing pending."""
        layout = cls([None] * len(blocks), [block.gap + max(1, block.lines) for block in blocks])
        layout.pending = []
        return layout

    def offsets(self) -> list[int]:
        """The row where each block starts, then the document's height."""
        if self._offsets_dirty:
            self._offsets = [0, *accumulate(self.heights)]
            self._offsets_dirty = False
        return self._offsets

    def block_at(self, row: int) -> int:
        """Index of the block holding document row ``row`` (clamped)."""
        return min(max(bisect_right(self.offsets(), row) - 1, 0), len(self.rows) - 1)

    @property
    def height(self) -> int:
        return self.offsets()[-1]

    def render_pending(self, ensure: Callable[[int], object], near: int, budget: float) -> None:
        """Render blocks not rendered yet with ``ensure(index)``, nearest ``near`` first
        (from it down, then upwards), for about ``budget`` seconds."""
        deadline = time.perf_counter() + budget
        pending = self.pending
        pending.sort(key=lambda i: (i < near, abs(i - near)))
        done = 0
        for index in pending:
            if index < len(self.rows):
                ensure(index)
            done += 1
            if time.perf_counter() > deadline:
                break
        del pending[:done]

    def store(self, index: int, rows: RowStrips, height: int) -> bool:
        """Keep block ``index``'s rendered rows; True when its height changed."""
        self.rows[index] = rows
        if height == self.heights[index]:
            return False
        self.heights[index] = height
        self._offsets_dirty = True
        return True


def relayout(
    blocks: list[Block],
    renderer: BlockRenderer,
    width: int,
    lookup: Callable[[Hashable], RowStrips | None],
    key: Callable[[Block], Hashable],
    previous: tuple[list[Block], Layout] | None = None,
) -> Layout:
    """Lay ``blocks`` out; ``previous`` (the last document laid out the same way)
    lends the rows and heights of the blocks it shares at the start and the end."""
    if previous is None:
        rows_list, heights, widest = lay_out(blocks, renderer, width, lookup, key)
        return Layout(rows_list, heights, widest)
    old_blocks, old = previous
    prefix = common_prefix(old_blocks, blocks)
    limit = min(len(old_blocks), len(blocks)) - prefix
    suffix = common_suffix(old_blocks, blocks, limit)
    head, head_heights = old.rows[:prefix], old.heights[:prefix]
    tail: list[RowStrips | None] = []
    tail_heights: list[int] = []
    if suffix:
        tail = old.rows[len(old.rows) - suffix :]
        tail_heights = old.heights[len(old.heights) - suffix :]
    middle = blocks[prefix : len(blocks) - suffix]
    rows_list, heights, widest = lay_out(middle, renderer, width, lookup, key)
    return Layout(
        head + rows_list + tail, head_heights + heights + tail_heights, max(old.widest, widest)
    )


def common_prefix(old: list[Block], new: list[Block]) -> int:
    count = 0
    for a, b in zip(old, new, strict=False):
        if a.text != b.text or a.kind != b.kind or a.gap != b.gap:
            break
        count += 1
    return count


def common_suffix(old: list[Block], new: list[Block], limit: int) -> int:
    count = 0
    while count < limit:
        a, b = old[-1 - count], new[-1 - count]
        if a.text != b.text or a.kind != b.kind or a.gap != b.gap:
            break
        count += 1
    return count


def widest_row(rows: RowStrips) -> int:
    return max((strip.cell_length for strip in rows), default=0)


def find_block(blocks: list[Block], text: str | None, near: int, window: int = 64) -> int:
    """The index of the block with ``text`` nearest ``near`` (else ``near``, clamped)."""
    if not blocks:
        return 0
    near = min(near, len(blocks) - 1)
    if text is None:
        return near
    for distance in range(window):
        for index in (near - distance, near + distance):
            if 0 <= index < len(blocks) and blocks[index].text == text:
                return index
    return near


def lay_out(
    blocks: list[Block],
    renderer: BlockRenderer,
    width: int,
    lookup: Callable[[Hashable], RowStrips | None],
    key: Callable[[Block], Hashable],
) -> tuple[list[RowStrips | None], list[int], int]:
    """Rows (when cached), heights (else estimated) and the widest row of ``blocks``."""
    rows_list: list[RowStrips | None] = []
    heights: list[int] = []
    widest = 0
    for block in blocks:
        rows = lookup(key(block))
        rows_list.append(rows)
        if rows is None:
            heights.append(block.gap + renderer.estimate(block, width))
            if not renderer.wrap:
                widest = max(widest, renderer.estimate_width(block))
        else:
            heights.append(block.gap + len(rows))
            if not renderer.wrap:
                widest = max(widest, widest_row(rows))
    return rows_list, heights, widest


def render_block(
    block: Block,
    renderer: BlockRenderer,
    width: int,
    view: LineView,
    cache: LRUCache[Hashable, RowStrips],
    key: Callable[[Block], Hashable],
    stats: RenderStats,
) -> RowStrips:
    """The rows of ``block`` from ``cache``, else rendered now (and cached)."""
    block_key = key(block)
    rows = cache.get(block_key)
    if rows is None:
        rows = tuple(renderer.render(block, width, view))
        cache[block_key] = rows
        stats.rendered_blocks += 1
        stats.rendered_texts.append(block.text)
    else:
        stats.cache_hits += 1
    return rows
