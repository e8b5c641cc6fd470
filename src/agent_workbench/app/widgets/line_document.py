"""The document a :class:`~agent_workbench.app.widgets.line_view.LineView` shows.

A document is a list of :class:`Block` objects (a Markdown paragraph, a code
fence, one line of raw text, one row of a diff...); a :class:`BlockRenderer`
turns one block into ``Strip`` rows at a given width. The functions here are
the view's bookkeeping that needs no widget: laying blocks out from a cache,
finding what an edit left unchanged, and finding a block again after an edit.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len
from textual.strip import Strip

if TYPE_CHECKING:
    from agent_workbench.app.widgets.line_view import LineView

RowStrips = tuple[Strip, ...]


class Block(NamedTuple):
    """One independently rendered piece of a document.

    ``line`` is the 0-based source line where the block starts and ``lines``
    how many source lines it spans (for jumps and line numbers). ``gap`` is the
    number of blank rows shown above the block (not part of the cache key).
    A tuple, so building the thousand blocks of a long prompt is cheap.
    """

    text: str
    kind: str = "text"
    line: int = 0
    lines: int = 1
    gap: int = 0


class BlockRenderer:
    """Renders blocks to rows. Subclass it for each kind of document.

    ``wrap``: rows depend on the width (re-rendered on resize). When False a
    block renders once at any width and the view scrolls horizontally.
    """

    wrap: bool = True

    def style_key(self, view: LineView) -> Hashable:
        """What besides the text and width changes the rows (theme, options)."""
        return (view.app.theme,)

    def render(self, block: Block, width: int, view: LineView) -> list[Strip]:
        """Rows of ``block`` at ``width`` cells (any width when not wrapping)."""
        raise NotImplementedError

    def estimate(self, block: Block, width: int) -> int:
        """A cheap guess of the rendered height, used until the block renders."""
        if not self.wrap or width <= 0:
            return max(1, block.lines)
        return sum(max(1, -(-cell_len(line) // width)) for line in block.text.split("\n"))

    def estimate_width(self, block: Block) -> int:
        """A cheap guess of the widest row (used when not wrapping)."""
        return max((len(line) for line in block.text.split("\n")), default=0)


@dataclass
class RenderStats:
    """Counters for tests and benchmarks: how much work rendering took."""

    rendered_blocks: int = 0
    cache_hits: int = 0
    rendered_texts: deque[str] = field(default_factory=lambda: deque(maxlen=64))
    """The texts of the last blocks rendered (bounded)."""

    def reset(self) -> None:
        self.rendered_blocks = 0
        self.cache_hits = 0
        self.rendered_texts.clear()


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
