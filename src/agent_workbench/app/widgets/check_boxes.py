"""Check boxes that say their state in plain text: ``[x]`` checked, ``[ ]`` not.

Textual draws every box as ``▐X▌`` and tells checked from unchecked by colour
alone, which a monochrome terminal, a screen reader or ``tmux capture-pane``
cannot see. These keep Textual's widgets, keys and messages and change only the
characters of the box.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList

LEFT, RIGHT = "[", "]"
CHECKED, UNCHECKED = "x", " "


class TickBox(Checkbox):
    """A checkbox drawn ``[x] label`` or ``[ ] label``."""

    BUTTON_LEFT = LEFT
    BUTTON_RIGHT = RIGHT

    def render(self) -> Content:
        self.BUTTON_INNER = CHECKED if self.value else UNCHECKED
        return super().render()


class CheckList(SelectionList[str]):
    """A list of choices, each drawn ``[x] name`` or ``[ ] name``."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        index = self.scroll_offset.y + y
        if index >= self.option_count:
            return strip
        segments = list(strip)
        if len(segments) < 3:
            return strip
        checked = self.get_option_at_index(index).value in self.selected
        inner, text = segments[1], segments[3] if len(segments) > 3 else segments[0]
        mark = CHECKED if checked else UNCHECKED
        return Strip(  # brackets in the row's own colours: legible checked or not
            [
                Segment(LEFT, text.style),
                Segment(mark, inner.style),
                Segment(RIGHT, text.style),
                *segments[3:],
            ],
            strip.cell_length,
        )
