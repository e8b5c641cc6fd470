"""The document a :class:`~agent_workbench.app.widgets.line_view.LineView` shows.

A document is a list of :class:`Block` objects (a Markdown paragraph, a code
fence, one line of raw text, one row of a diff...); a :class:`BlockRenderer`
turns one block into ``Strip`` rows at a given width.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len
from textual.strip import Strip

if TYPE_CHECKING:
    from agent_workbench.app.widgets.line_view.view import LineView

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
