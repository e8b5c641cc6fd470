"""The preview: the rendered prompt as styled Markdown, raw text, or the installed file.

``Preview.show(text, mode)`` splits the text into blocks (cheap, one pass over
the lines) and hands them to the virtualised :class:`LineView`, which renders
only the blocks on screen and reuses every block it rendered before. Typing one
character in a 60 KB prompt therefore re-renders one paragraph.

The raw and installed views show long lines cut at the edge (scroll sideways)
or wrapped onto the next rows: ``set_wrap`` (Alt+W in the app, ``w`` in the
preview); the Markdown view always wraps.

When a render fails the app keeps showing the last good text and calls
``mark_stale(True, reason)``: the border turns to the warning colour and says
"stale — last good render", with the reason below.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal, get_args

from rich.segment import Segment
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.strip import Strip

from agent_workbench.app.widgets.line_view import Block, BlockRenderer, LineView
from agent_workbench.app.widgets.preview_blocks import (
    block_index,
    edit_blocks,
    line_blocks,
    markdown_blocks,
)
from agent_workbench.app.widgets.preview_render import (
    MarkdownRenderer,
    RawRenderer,
    WrappedRawRenderer,
)

PreviewMode = Literal["markdown", "raw", "installed"]
MODES: tuple[str, ...] = get_args(PreviewMode)
MODE_LABELS = {"markdown": "Markdown", "raw": "Raw", "installed": "Installed file"}
WRAP_LABEL = "wrapped"
STALE_LABEL = "stale — last good render"

_STYLES = Path(__file__).resolve().parent / "preview.tcss"


class Preview(LineView):
    """Rendered prompt preview (Markdown, raw text, or the whole installed file)."""

    DEFAULT_CSS = _STYLES.read_text(encoding="utf-8")

    COMPONENT_CLASSES: ClassVar[set[str]] = {"preview--line-number"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "w",
            "screen.toggle_wrap",
            "Wrap long lines",
            show=False,
            id="preview-wrap",
            tooltip="in the preview: wrap long lines of the raw and installed views, or cut them",
        ),
    ]

    show_line_numbers: reactive[bool] = reactive(False)
    """Line numbers in the raw and installed modes (always shown when installed)."""

    def __init__(
        self,
        text: str = "",
        mode: str = "markdown",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._renderers: dict[str, BlockRenderer] = {
            "markdown": MarkdownRenderer(),
            "raw": RawRenderer(),
            "installed": RawRenderer(),
        }
        self._wrapped = WrappedRawRenderer()
        self._wrap = False
        self._text = ""
        self._mode: str = "markdown"
        self._stale = False
        self._stale_reason = ""
        self._line_count = 0
        self.show(text, mode)

    # ------------------------------------------------------------------ public

    @property
    def text(self) -> str:
        """The text shown (the last good render while stale)."""
        return self._text

    @property
    def mode(self) -> str:
        return self._mode

    @property
    def wrap(self) -> bool:
        """Long lines of the raw and installed views wrap (else they are cut at the edge)."""
        return self._wrap

    def set_wrap(self, wrap: bool) -> None:
        """Wrap long lines in the raw and installed views, or show them cut and scroll."""
        if wrap == self._wrap:
            return
        self._wrap = wrap
        if self._mode != "markdown" and self._blocks:
            top_line = self.top_line()
            self.set_document(self._blocks, self._renderer_for(self._mode))
            if self.is_mounted:
                self.scroll_to(x=0, animate=False)
                self.scroll_to_line(top_line)
        self._update_titles()

    def _renderer_for(self, mode: str) -> BlockRenderer:
        if mode != "markdown" and self._wrap:
            return self._wrapped
        return self._renderers[mode]

    @property
    def stale(self) -> bool:
        return self._stale

    @property
    def stale_reason(self) -> str:
        return self._stale_reason

    def show(self, text: str, mode: str | None = None) -> None:
        """Show ``text`` in ``mode`` ("markdown", "raw" or "installed").

        Only blocks whose text changed are rendered again. Within a mode the
        block at the top of the view stays there; switching modes keeps the
        same source line at the top.
        """
        mode = self._mode if mode is None else mode
        if mode not in MODES:
            raise ValueError(f"unknown preview mode {mode!r}; expected one of {', '.join(MODES)}")
        if text == self._text and mode == self._mode and self._blocks:
            return
        top_line = self.top_line() if mode != self._mode else None
        previous_text, previous_mode = self._text, self._mode
        self._text = text
        self._mode = mode
        blocks = None
        if mode == previous_mode and self._blocks:
            # A keystroke changes one line: reuse the split when it cannot move.
            blocks = edit_blocks(previous_text, self._blocks, text, markdown=mode == "markdown")
        if blocks is None and mode == "markdown":
            blocks = markdown_blocks(text)
        elif blocks is None:
            blocks = line_blocks(text, highlight_frontmatter=mode == "installed")
        self._line_count = blocks[-1].line + blocks[-1].lines if blocks else 0
        self.set_document(blocks, self._renderer_for(mode))
        if top_line is not None and self.is_mounted:
            self.scroll_to_line(top_line)
        self._update_titles()

    def mark_stale(self, stale: bool, reason: str = "") -> None:
        """Mark the text shown as the last good render (or as current again)."""
        self._stale = stale
        self._stale_reason = reason if stale else ""
        self.set_class(stale, "-stale")
        self._update_titles()

    def scroll_to_line(self, line: int, *, animate: bool = False) -> None:
        """Bring 1-based ``line`` of the shown text to the top of the view."""
        if not self._blocks:
            return
        target = max(0, line - 1)
        index = _block_of_line(self._blocks, target)
        block = self._blocks[index]
        row = block.gap
        if self._mode != "markdown" or block.kind == "frontmatter":
            row += min(max(0, target - block.line), block.lines - 1)
        self.scroll_to_block(index, row, animate=animate)

    def top_line(self) -> int:
        """The 1-based source line of the block at the top of the view."""
        if not self._blocks:
            return 1
        index, row, _ = self._anchor()
        block = self._blocks[index]
        if self._mode != "markdown" or block.kind == "frontmatter":
            return block.line + 1 + min(max(0, row - block.gap), block.lines - 1)
        return block.line + 1

    def action_scroll_end(self) -> None:
        self.scroll_document_end()

    # --------------------------------------------------------------- internals

    @property
    def gutter_width(self) -> int:
        if self._mode == "markdown" or not (self.show_line_numbers or self._mode == "installed"):
            return 0
        return len(str(max(1, self._line_count))) + 2

    def render_gutter(self, block: Block, row: int) -> Strip:
        width = self.gutter_width
        style = self.get_component_rich_style("preview--line-number")
        within = row - block.gap  # the row within the block's own rows
        if within < 0:
            return Strip.blank(width, style)
        if self.renderer is self._wrapped:  # a wrapped line: numbered on its first row
            counts = self._wrapped.line_rows(block, self._render_width(), self)
            line = 0
            while line < len(counts) and within >= counts[line]:
                within -= counts[line]
                line += 1
            if within or line >= len(counts):
                return Strip.blank(width, style)
            within = line
        if within >= block.lines:
            return Strip.blank(width, style)
        number = block.line + within + 1
        return Strip([Segment(f"{number:>{width - 1}} ", style)], width)

    def watch_show_line_numbers(self) -> None:
        if self._blocks:
            self.set_document(self._blocks)

    def _update_titles(self) -> None:
        label = MODE_LABELS[self._mode]
        if self._wrap and self._mode != "markdown":
            label = f"{label} · {WRAP_LABEL}"
        title = f"{label} · {STALE_LABEL}" if self._stale else label
        subtitle = (self._stale_reason or None) if self._stale else None
        # Setting a title repaints the whole widget: only when it changes.
        if self.border_title != title:
            self.border_title = title
        if self.border_subtitle != subtitle:
            self.border_subtitle = subtitle


def _block_of_line(blocks: list[Block], line: int) -> int:
    """Index of the block that holds 0-based source ``line`` (or the one after)."""
    return min(block_index(blocks, line), len(blocks) - 1)
