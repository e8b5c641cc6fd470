"""Everything the app takes from Textual beyond its public API, in one place.

Textual is pinned to ``textual>=8,<9`` (``pyproject.toml``). The names below are
private in Textual 8 (checked against 8.2.8) and may move in a minor release;
``tests/app/test_textual_compat.py`` imports each one and checks its shape, so an
upgrade that breaks one fails there, by name, rather than somewhere in the app.
The rest of ``agent_workbench.app`` uses only the public names defined here.

- ``App._fatal_error`` (override), ``App._exit_renderables``,
  ``App._close_messages_no_wait``: a crash prints one line instead of Textual's
  traceback with locals (``CrashHook``).
- ``Tree._invalidate``: labels fitted to the width are measured again on resize.
- ``Widget._scroll_update``: scrollbars follow a new virtual size without the
  screen-wide layout that assigning ``virtual_size`` asks for.
- TextArea internals (``TextAreaHooks``): the undo/redo batch, rewrap and selection
  watchers, the highlight map, the line cache, the uncached row renderer, the
  cursor blink state, the matching bracket and the wrapped document's row table.
- ``Widget._bindings``: the keys a widget binds itself (tests check that no screen key
  is hidden by a focused widget's own).
- ``textual._xterm_parser.XTermParser``: the keys a terminal's bytes make
  (``terminal_input``; tests type as a terminal does, Alt+R as ``ESC r``).
- ``textual.widgets._footer.FooterKey``: the footer's key widgets (tests measure them);
  ``Widget._styles_cache``, ``App._notifications``: what tests compare a frame with,
  and the notifications shown.
"""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import TextArea, Tree
from textual.widgets._footer import FooterKey
from textual.widgets.text_area import Edit, Selection

if TYPE_CHECKING:
    from rich.console import RenderableType

__all__ = [
    "CrashHook",
    "FooterKey",
    "TextAreaHooks",
    "exit_messages",
    "exit_with_message",
    "forget_drawn_rows",
    "invalidate_tree",
    "notifications",
    "own_key_bindings",
    "terminal_input",
    "update_scrollbars",
]

Location = tuple[int, int]


def exit_with_message(app: App[Any], message: RenderableType) -> None:
    """Close ``app`` now and print ``message`` on the terminal once it has gone."""
    app._exit_renderables.append(message)
    app._close_messages_no_wait()


class CrashHook:
    """Mixin for an ``App``: an unhandled exception calls ``crashed(traceback_text)``
    instead of Textual's full traceback; ``crashed`` must end the app
    (``exit_with_message``)."""

    def crashed(self, formatted_traceback: str) -> None:
        raise NotImplementedError

    def _fatal_error(self) -> None:
        self.crashed(traceback.format_exc())


def forget_drawn_rows(widget: Widget) -> None:
    """Drop the rows Textual keeps for ``widget`` (and a TextArea's own row cache), so
    the next frame draws every row afresh (tests compare it with what was shown)."""
    widget._styles_cache.clear()
    if isinstance(widget, TextArea):
        widget._line_cache.clear()


def exit_messages(app: App[Any]) -> list[str]:
    """What the app will print on the terminal once it has exited."""
    return [str(renderable) for renderable in app._exit_renderables]


def notifications(app: App[Any]) -> list[str]:
    """The messages of the notifications the app shows now."""
    return [notification.message for notification in app._notifications]


def own_key_bindings(widget: Widget, key: str) -> list[Binding]:
    """The bindings ``widget`` itself (with its base classes) defines for ``key``."""
    return list(widget._bindings.key_to_bindings.get(key, ()))


def terminal_input(data: str) -> list[Message]:
    """The events Textual's terminal driver makes of ``data``, the characters a terminal
    sends (``"\x1br"`` is Alt+R, with the character ``r``: what tmux's ``M-r`` sends)."""
    from contextlib import suppress

    from textual._parser import ParseError
    from textual._xterm_parser import XTermParser

    parser = XTermParser()
    events = list(parser.feed(data))
    with suppress(ParseError):
        events.extend(parser.feed(""))  # the end: a lone Escape is a key of its own
    return events


def invalidate_tree(tree: Tree[Any]) -> None:
    """Forget the tree's laid-out lines and their widths (they are built again)."""
    tree._invalidate()


def update_scrollbars(widget: Widget, virtual_size: Size) -> None:
    """Fit the scrollbars to ``virtual_size`` without laying out the screen."""
    widget._scroll_update(virtual_size)


class TextAreaHooks(TextArea):
    """A ``TextArea`` whose private hooks and caches have public names.

    Subclasses override ``after_history_change``, ``after_rewrap``,
    ``after_selection_change`` and ``build_highlights`` instead of the private
    methods, and read the caches through the properties below.
    """

    # -- hooks -------------------------------------------------------------------

    def after_history_change(self) -> None:
        """An undo or a redo was applied."""

    def after_rewrap(self) -> None:
        """The text was wrapped again (a new text, width or gutter)."""

    def after_selection_change(
        self, previous: Selection, selection: Selection, old_bracket: Location | None
    ) -> None:
        """The selection moved; ``old_bracket`` is the bracket matched before the move."""

    def build_highlights(self) -> dict[int, list[tuple[int, int | None, str]]] | None:
        """The highlight map (line → ranges), or None for Textual's own (tree-sitter).

        A map returned here keeps the rows drawn before: their cache keys must hold
        what they show."""
        return None

    # -- state ---------------------------------------------------------------------

    @property
    def matching_bracket(self) -> Location | None:
        """Where the bracket matching the one at the cursor is, if any."""
        return self._matching_bracket_location

    @property
    def highlights(self) -> dict[int, list[tuple[int, int | None, str]]]:
        """The current highlight map (line → ranges)."""
        return self._highlights

    @property
    def line_cache(self) -> Any:
        """TextArea's cache of drawn rows (an LRU mapping: key → Strip)."""
        return self._line_cache

    @property
    def cursor_drawn(self) -> bool:
        """The cursor is drawn in this frame (it blinks)."""
        return self._draw_cursor

    @property
    def wrapped_rows(self) -> list[tuple[int, int]]:
        """Per screen row of the wrapped document: (line index, section of the line)."""
        return self.wrapped_document._offset_to_line_info

    def render_row_uncached(self, y: int) -> Strip:
        """Draw row ``y`` of the widget (TextArea's own drawing, not its cache)."""
        return self._render_line(y)

    # -- the private methods, routed to the hooks ----------------------------------------

    def _undo_batch(self, edits: Sequence[Edit]) -> None:
        super()._undo_batch(edits)
        self.after_history_change()

    def _redo_batch(self, edits: Sequence[Edit]) -> None:
        super()._redo_batch(edits)
        self.after_history_change()

    def _rewrap_and_refresh_virtual_size(self) -> None:
        super()._rewrap_and_refresh_virtual_size()
        self.after_rewrap()

    def _watch_selection(self, previous_selection: Selection, selection: Selection) -> None:
        bracket = self._matching_bracket_location
        super()._watch_selection(previous_selection, selection)
        self.after_selection_change(previous_selection, selection, bracket)

    def _build_highlight_map(self) -> None:
        highlights = self.build_highlights()
        if highlights is None:
            super()._build_highlight_map()
            return
        # Rows drawn before are kept (unlike Textual's own): a row's cache key must
        # then hold its line's highlights.
        self._highlights = highlights
