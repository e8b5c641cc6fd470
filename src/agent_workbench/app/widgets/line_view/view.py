"""The widget: :class:`LineView` scrolls a block document, rendering only what is seen."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import NamedTuple

from rich.style import Style
from textual.cache import LRUCache
from textual.events import Resize
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from agent_workbench.app.compat import update_scrollbars
from agent_workbench.app.widgets.line_view.document import (
    Block,
    BlockRenderer,
    RenderStats,
    RowStrips,
)
from agent_workbench.app.widgets.line_view.layout import (
    Layout,
    find_block,
    relayout,
    render_block,
    widest_row,
)

FILL_BUDGET_S = 0.006
"""Time spent rendering ahead per step; input is handled between steps."""


class _Frame(NamedTuple):
    scroll_x: int
    scroll_y: int
    width: int
    gutter_width: int
    style: Style


class LineView(ScrollView, can_focus=True):
    """A scrolling view over a block document; renders only what is seen."""

    DEFAULT_CSS = """
    LineView {
        scrollbar-gutter: stable;
        overflow-x: auto;
        overflow-y: auto;
    }
    """

    CACHE_SIZE = 8192
    """Rendered blocks kept across documents, widths and themes."""

    def __init__(
        self,
        renderer: BlockRenderer | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._renderer = renderer
        self._blocks: list[Block] = []
        self._layout = Layout()
        self._cache: LRUCache[Hashable, RowStrips] = LRUCache(self.CACHE_SIZE)
        self._style_key: Hashable = None
        self._width = 0
        self._fill_scheduled = False
        self._sync_scheduled = False
        self._frame: _Frame | None = None
        self.stats = RenderStats()

    # ----------------------------------------------------------------- document

    @property
    def blocks(self) -> Sequence[Block]:
        return self._blocks

    @property
    def renderer(self) -> BlockRenderer | None:
        return self._renderer

    @property
    def gutter_width(self) -> int:
        """Columns on the left that do not scroll horizontally (line numbers)."""
        return 0

    def render_gutter(self, block: Block, row: int) -> Strip:
        """The gutter of ``row`` (0-based within ``block``, gap rows included)."""
        return Strip.blank(self.gutter_width, self.rich_style)

    def set_document(self, blocks: Sequence[Block], renderer: BlockRenderer | None = None) -> None:
        """Show ``blocks``, reusing every block rendered before.

        The scroll position follows the block at the top of the view: if it is
        still there (same text, near the same index) it stays at the top; else
        the block now at its index does.
        """
        anchor_index, anchor_row, anchor_text = self._anchor()
        previous = (self._layout_key(), self._blocks, self._layout)
        if renderer is not None and renderer is not self._renderer:
            self._renderer = renderer
        before = self._visible_blocks()
        self._blocks = list(blocks)
        self._refresh_style_key()
        self._relayout(previous)
        found = (
            find_block(self._blocks, anchor_text, anchor_index) if anchor_text is not None else None
        )
        self._settle(found, anchor_row)
        self._refresh_changed(before)

    def _visible_blocks(self) -> list[tuple[int, int, RowStrips | None]] | None:
        """(start row, height, rows) of the blocks on screen, the visible ones rendered."""
        if not self.is_mounted or self._width <= 0 or not self._blocks:
            return None
        top = round(self.scroll_y)
        height = self.scrollable_content_region.height
        self.ensure_rows(top, height)
        layout = self._layout
        offsets = layout.offsets()
        first, last = layout.block_at(top), layout.block_at(top + max(0, height - 1))
        return [(offsets[i], layout.heights[i], layout.rows[i]) for i in range(first, last + 1)]

    def _refresh_changed(self, before: list[tuple[int, int, RowStrips | None]] | None) -> None:
        """Repaint only the blocks whose rows changed when nothing on screen moved."""
        after = self._visible_blocks()
        if (
            before is None
            or after is None
            or len(before) != len(after)
            or any(a[:2] != b[:2] for a, b in zip(before, after, strict=True))
        ):
            self.refresh()
            return
        for (start, height, old_rows), (_, _, new_rows) in zip(before, after, strict=True):
            if old_rows is not new_rows:
                self.refresh_lines(start, height)

    def clear_document(self) -> None:
        self.set_document([])

    # ------------------------------------------------------------------- layout

    def _content_width(self) -> int:
        return max(0, self.scrollable_content_region.width - self.gutter_width)

    def _render_width(self) -> int:
        renderer = self._renderer
        return self._width if renderer is not None and renderer.wrap else 0

    def _refresh_style_key(self) -> None:
        if self._renderer is not None and self.is_mounted:
            self._style_key = (type(self._renderer).__qualname__, self._renderer.style_key(self))

    def _key(self, block: Block) -> Hashable:
        return (self._style_key, block.kind, block.text, self._render_width())

    def _layout_key(self) -> Hashable:
        return (id(self._renderer), self._style_key, self._render_width())

    def _relayout(self, previous: tuple[Hashable, list[Block], Layout] | None = None) -> None:
        """Lay the document out (``layout.relayout``); ``previous``: (layout key, blocks,
        layout) of the last document, whose rows are reused when laid out the same way."""
        renderer = self._renderer
        if self.is_mounted and self.scrollable_content_region.width > 0:
            self._width = self._content_width()
        blocks = self._blocks
        if renderer is None or self._width <= 0:
            self._layout = Layout.estimated(blocks)
        else:
            reuse = None
            if previous is not None and previous[0] == self._layout_key():
                reuse = (previous[1], previous[2])
            self._layout = relayout(
                blocks, renderer, self._render_width(), self._cache.get, self._key, reuse
            )
        self._schedule_fill()

    def block_offset(self, index: int) -> int:
        """The document row where block ``index`` starts (its gap included)."""
        return self._layout.offsets()[index]

    @property
    def document_height(self) -> int:
        return self._layout.height

    @property
    def rendering_ahead(self) -> bool:
        """Blocks not seen yet are still being rendered, a few at a time while idle."""
        return bool(self._layout.pending)

    def _sync_virtual_size(self) -> None:
        self._sync_scheduled = False
        renderer = self._renderer
        if renderer is not None and not renderer.wrap:
            width = self.gutter_width + self._layout.widest
        else:
            width = self.scrollable_content_region.width
        size = Size(width, self.document_height)
        if size == self.virtual_size:
            return
        styles = self.styles
        if (
            not self.is_mounted
            or (styles.height is not None and styles.height.is_auto)
            or (styles.width is not None and styles.width.is_auto)
        ):
            self.virtual_size = size
            return
        # The widget's own size does not follow its content, so a new virtual
        # size only moves the scrollbars: skip the screen-wide layout that
        # assigning ``virtual_size`` asks for (it would repaint every widget
        # on every keystroke). Textual still lays out if a scrollbar appears.
        self.set_reactive(ScrollView.virtual_size, size)
        update_scrollbars(self, size)

    def _schedule_sync(self) -> None:
        if not self._sync_scheduled:
            self._sync_scheduled = True
            self.call_later(self._sync_virtual_size)

    # --------------------------------------------------------------- rendering

    def _ensure(self, index: int) -> RowStrips:
        """Rows of block ``index``, rendering it now if needed."""
        layout = self._layout
        rows = layout.rows[index]
        if rows is not None:
            return rows
        assert self._renderer is not None
        block = self._blocks[index]
        rows = render_block(
            block, self._renderer, self._render_width(), self, self._cache, self._key, self.stats
        )
        if layout.store(index, rows, block.gap + len(rows)):
            self._schedule_sync()
        if not self._renderer.wrap:
            widest = widest_row(rows)
            if widest > layout.widest:
                layout.widest = widest
                self._schedule_sync()
        return rows

    def ensure_rows(self, start: int, count: int) -> None:
        """Render the blocks that cover document rows ``start`` to ``start+count``."""
        if not self._blocks or self._renderer is None or self._width <= 0:
            return
        row = max(0, start)
        end = row + count
        while row < min(end, self.document_height):
            index = self._layout.block_at(row)
            self._ensure(index)
            row = self._layout.offsets()[index + 1]

    def _frame_values(self) -> _Frame:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        return _Frame(scroll_x, scroll_y, width, self.gutter_width, self.rich_style)

    def render_lines(self, crop: Region) -> list[Strip]:
        # Offsets, widths and the base style hold for every row of a frame.
        self._frame = self._frame_values()
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y, width, gutter_width, style = self._frame or self._frame_values()
        row = scroll_y + y
        if not self._blocks or self._renderer is None or self._width <= 0:
            return Strip.blank(width, style)
        if row >= self.document_height:
            return Strip.blank(width, style)
        layout = self._layout
        index = layout.block_at(row)
        while True:
            rows = self._ensure(index)
            offsets = layout.offsets()
            if row < offsets[index + 1] or index + 1 >= len(self._blocks):
                break
            index = layout.block_at(row)
        block = self._blocks[index]
        within = row - offsets[index]
        content_width = max(0, width - gutter_width)
        if block.gap <= within < block.gap + len(rows):
            strip = rows[within - block.gap]
        else:
            strip = Strip.blank(content_width, style)
        strip = strip.crop_extend(scroll_x, scroll_x + content_width, style)
        if gutter_width:
            strip = Strip.join([self.render_gutter(block, within), strip])
        return strip.apply_style(style)

    # -------------------------------------------------------------- rendering ahead

    def _schedule_fill(self) -> None:
        if self._layout.pending and not self._fill_scheduled and self.is_mounted:
            self._fill_scheduled = True
            self.set_timer(0.01, self._fill_step)

    def _fill_step(self) -> None:
        """Render some blocks not seen yet, keeping the top of the view still."""
        self._fill_scheduled = False
        if self._renderer is None or self._width <= 0:
            return
        anchor_index, anchor_row, _ = self._anchor()
        anchor_offset = self.block_offset(anchor_index) if self._blocks else 0
        self._layout.render_pending(self._ensure, anchor_index, FILL_BUDGET_S)
        if self._blocks and self.block_offset(anchor_index) != anchor_offset:
            self._sync_virtual_size()
            self.scroll_to(y=self.block_offset(anchor_index) + anchor_row, animate=False)
        self._schedule_fill()

    # ------------------------------------------------------------------ anchors

    def _anchor(self) -> tuple[int, int, str | None]:
        if not self._blocks:
            return 0, 0, None
        top = round(self.scroll_y)
        index = self._layout.block_at(top)
        return index, top - self.block_offset(index), self._blocks[index].text

    def _settle(self, index: int | None, row: int) -> None:
        """Render what is on screen, then set the virtual size, then the scroll offset.

        With ``index``, row ``row`` of that block goes to the top of the view;
        rendering first makes the heights it depends on exact, so the virtual
        size is set once per update with its final value.
        """
        height = self.scrollable_content_region.height
        target: int | None = None
        if index is not None and self._blocks:
            index = min(max(index, 0), len(self._blocks) - 1)
            self.ensure_rows(self.block_offset(index), height + row)
            target = self.block_offset(index) + min(row, max(0, self._layout.heights[index] - 1))
        else:
            self.ensure_rows(round(self.scroll_y), height)
        self._sync_virtual_size()
        if target is not None and target != round(self.scroll_y):
            self.scroll_to(y=target, animate=False)

    def scroll_to_block(self, index: int, row: int = 0, *, animate: bool = False) -> None:
        """Put row ``row`` of block ``index`` at the top of the view."""
        if not self._blocks:
            return
        index = min(max(index, 0), len(self._blocks) - 1)
        # Render what will be on screen first, so its heights are exact.
        self.ensure_rows(self.block_offset(index), self.scrollable_content_region.height + row)
        self._sync_virtual_size()
        self.scroll_to(y=self.block_offset(index) + row, animate=animate, immediate=True)

    def scroll_document_end(self, *, animate: bool = False) -> None:
        """Scroll to the last row, rendering the last screenful first."""
        if not self._blocks:
            return
        height = self.scrollable_content_region.height
        index = len(self._blocks) - 1
        # Blocks from the end until a screenful is exact; then the end is exact.
        while index > 0 and self.document_height - self.block_offset(index) < height:
            self._ensure(index)
            index -= 1
        self._ensure(index)
        self._sync_virtual_size()
        self.scroll_to(y=self.max_scroll_y, animate=animate)

    # ------------------------------------------------------------------ events

    def on_resize(self, event: Resize) -> None:
        width = self._content_width()
        if width != self._width:
            anchor_index, anchor_row, anchor_text = self._anchor()
            self._width = width
            self._refresh_style_key()
            self._relayout()
            self._settle(anchor_index if anchor_text is not None else None, anchor_row)
        else:
            self._sync_virtual_size()
        self.refresh()

    def on_mount(self) -> None:
        super().on_mount()
        self._refresh_style_key()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        old = self._style_key
        self._refresh_style_key()
        if old is not None and old != self._style_key:
            anchor_index, anchor_row, anchor_text = self._anchor()
            self._relayout()
            self._settle(anchor_index if anchor_text is not None else None, anchor_row)
            self.refresh()
