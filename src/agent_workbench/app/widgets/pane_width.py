"""A pane the author can make wider or narrower: keys, the palette, or a drag on its right edge.

The width chosen is kept: hiding the pane and showing it again, or a terminal made
narrower and wide again, gives it back, and each choice is posted as ``Resized``
(the main screen keeps it for the next run, ``ui_state.py``). What is shown is the
chosen width within the terminal's limits (``width_limits``), so at 80 columns
the pane being edited always keeps at least half of the terminal.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message

STEP = 4  # cells per key press
MIN_WIDTH = 16  # a name's head, the tag and the count still fit


def width_limits(screen_width: int) -> tuple[int, int]:
    """The narrowest and widest pane on a terminal ``screen_width`` cells wide: at least
    ``MIN_WIDTH``, at most half the terminal (40 cells at 80 columns)."""
    return MIN_WIDTH, max(MIN_WIDTH, screen_width // 2)


def fit_width(width: int, screen_width: int) -> int:
    low, high = width_limits(screen_width)
    return min(max(width, low), high)


class ResizablePane(Vertical):
    """A vertical pane whose width follows ``set_width`` and a drag on its right edge."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "left_square_bracket",
            "narrower",
            "Narrower list",
            show=False,
            id="browser-narrower",
            tooltip="in the agent list: make it narrower (or drag its right edge)",
        ),
        Binding(
            "right_square_bracket",
            "wider",
            "Wider list",
            show=False,
            id="browser-wider",
            tooltip="in the agent list: make it wider, up to half the terminal",
        ),
    ]

    class Resized(Message):
        """The author chose a width (keys, the palette, a drag ended): ``width`` cells."""

        def __init__(self, width: int) -> None:
            super().__init__()
            self.width = width

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.chosen_width: int | None = None  # None: the width the CSS gives it
        self._dragging = False

    def set_width(self, width: int) -> int:
        """Make the pane ``width`` cells wide (within the limits); return the width shown."""
        shown = fit_width(width, self.screen.size.width)
        self.chosen_width = shown
        if self.styles.width is None or self.styles.width.cells != shown:
            self.styles.width = shown
        return shown

    def fit_screen(self, screen_width: int) -> None:
        """The terminal changed size: show the chosen width as far as it fits now."""
        if self.chosen_width is not None:
            self.styles.width = fit_width(self.chosen_width, screen_width)

    @property
    def shown_width(self) -> int:
        """The width shown, or about to be (keys pressed in a burst add up before the
        next layout)."""
        if self.chosen_width is None:
            return self.outer_size.width
        return fit_width(self.chosen_width, self.screen.size.width)

    def action_wider(self) -> None:
        self.post_message(self.Resized(self.set_width(self.shown_width + STEP)))

    def action_narrower(self) -> None:
        self.post_message(self.Resized(self.set_width(self.shown_width - STEP)))

    # -- dragging the right edge ----------------------------------------------------------

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button == 1 and round(event.x) >= self.outer_size.width - 1:
            self._dragging = True
            self.capture_mouse()
            event.stop()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._dragging:
            self.set_width(round(event.screen_x) - self.region.x + 1)
            event.stop()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()
            event.stop()
            if self.chosen_width is not None:
                self.post_message(self.Resized(self.chosen_width))
