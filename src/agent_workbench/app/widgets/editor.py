"""The prompt editor: the body (or the whole source) in a TextArea with Markdown highlighting."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any, Literal

from textual.geometry import Region
from textual.reactive import Reactive, reactive
from textual.strip import Strip
from textual.widgets.text_area import Document, Edit, EditResult, Selection

from agent_workbench.app.compat import Location, TextAreaHooks
from agent_workbench.app.widgets.highlight import highlight_ranges

EditorMode = Literal["body", "source"]


class PromptEditor(TextAreaHooks):
    """A TextArea that highlights Markdown and template tags.

    ``mode`` is "body" (the prompt after the closing ``---``; line numbers
    start at the body's line in the file, so they match error locations) or
    "source" (the whole file, for frontmatter that holds template logic).
    """

    DEFAULT_CSS = """
    PromptEditor { border: none; padding: 0; height: 1fr; }
    """

    # A move of the cursor repaints the rows of the lines it leaves and enters, not
    # the whole widget (as TextArea does): each keystroke moves the cursor.
    selection: Reactive[Selection] = reactive(
        Selection(), init=False, always_update=True, repaint=False
    )

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            "",
            id=id,
            soft_wrap=True,
            show_line_numbers=True,
            tab_behavior="focus",
            highlight_cursor_line=True,
        )
        self.on_edit: Callable[[], None] | None = None  # called at once after each edit
        # called at once when the cursor moves, and when the editor gains or loses focus
        self.on_cursor: Callable[[], None] | None = None
        self._replacing = False
        self.mode: EditorMode = "body"
        self.loaded_text = ""  # the text given to the editor, exactly
        self.pristine = ""  # the same as the TextArea holds it (line endings normalised)
        self._frame_key: tuple[object, ...] | None = None

    @property
    def file_cursor(self) -> tuple[int, int]:
        """The cursor as (line, column) of the file, both 1-based as editors show them
        (the line numbers in the gutter are the file's; the column counts characters)."""
        row, column = self.cursor_location
        return row + self.line_number_start, column + 1

    def on_focus(self) -> None:
        if self.on_cursor is not None:
            self.on_cursor()

    def on_blur(self) -> None:
        if self.on_cursor is not None:
            self.on_cursor()

    def show(self, text: str, *, mode: EditorMode, first_line: int = 1) -> None:
        """Load text (resets undo); ``first_line`` is the file line of the first shown line."""
        self.mode = mode
        self.line_number_start = first_line
        if text != self.text or text != self.loaded_text:
            self.loaded_text = text
            self.load_text(text)
            self.pristine = self.text

    def replace_all(self, text: str) -> None:
        """Replace the text keeping the cursor and undo history (a change from elsewhere)."""
        old = self.text
        if text == old:
            return
        cursor = self.cursor_location
        self.loaded_text = text
        # Replace only the span that differs (a reload from disk, a form edit): cheap
        # on large files, and what is above and below stays put on the screen.
        start = _common_prefix(old, text)
        end = _common_suffix(old, text, start)
        document = self.document
        assert isinstance(document, Document)  # TextArea's own document, never a custom one
        self.replace(
            text[start : len(text) - end],
            document.get_location_from_index(start),
            document.get_location_from_index(len(old) - end),
            maintain_selection_offset=False,
        )
        self.pristine = self.text
        row = min(cursor[0], self.document.line_count - 1)
        self.cursor_location = (row, min(cursor[1], len(self.document.get_line(row))))

    def edit(self, edit: Edit) -> EditResult:
        lines, height = self.document.line_count, self.wrapped_document.height
        result = super().edit(edit)
        if self.document.line_count != lines or self.wrapped_document.height != height:
            self.refresh()  # rows below the edit moved
        else:  # repaint the edited lines, and lines whose highlighting changed (a fence)
            edited = range(edit.top[0], result.end_location[0] + 1)
            self._refresh_document_lines({*edited, *self._highlights_changed})
        # Tell the screen now rather than through TextArea.Changed, which reaches it
        # only after a hop through every container's message queue (and a paint).
        if self.on_edit is not None and not self._replacing:
            self.on_edit()
        return result

    def current_text(self) -> str:
        """The edited text; exactly the text given when the author has not changed it.

        (A TextArea joins lines with one line ending; a file that mixes endings
        must not look changed just by being shown.)
        """
        return self.loaded_text if self.text == self.pristine else self.text

    def jump_to(self, file_line: int, column: int) -> None:
        """Put the cursor on a file line and column (1-based, as diagnostics give them)."""
        row = max(0, file_line - self.line_number_start)
        row = min(row, self.document.line_count - 1)
        col = max(0, min(column - 1, len(self.document.get_line(row))))
        self.cursor_location = (row, col)
        self.scroll_cursor_visible(center=True)
        self.focus()

    def after_history_change(self) -> None:
        self.refresh()

    def after_rewrap(self) -> None:
        self.refresh()  # a new text, width or gutter

    def after_selection_change(
        self, previous: Selection, selection: Selection, old_bracket: Location | None
    ) -> None:
        if not self.is_mounted:
            return
        if self.on_cursor is not None:
            self.on_cursor()
        lines = {*_lines_of(previous), *_lines_of(selection)}
        for location in (old_bracket, self.matching_bracket):
            if location is not None:
                lines.add(location[0])
        self._refresh_document_lines(lines)

    def _refresh_document_lines(self, lines: set[int]) -> None:
        """Repaint the rows of these document lines (all rows when they are many)."""
        if len(lines) > self.size.height:
            self.refresh()
            return
        wrapped = self.wrapped_document
        count = self.document.line_count
        for line in lines:
            if 0 <= line < count:
                top = wrapped.location_to_offset((line, 0)).y
                self.refresh_lines(top, len(wrapped.get_offsets(line)) + 1)

    def build_highlights(self) -> Any:
        # Textual's TextArea highlights through tree-sitter, which this project does
        # not depend on; fill the same per-line map from our own scanner instead.
        # Rows drawn before are kept: each row's cache key holds its line's text and
        # highlights, so only the rows of edited lines are drawn again.
        old = self.highlights
        ranges = highlight_ranges(
            self.document.lines, frontmatter=getattr(self, "mode", "body") == "source"
        )
        self._highlights_changed = {
            line
            for line in old.keys() | ranges.keys()
            if (old.get(line) or ()) != ranges.get(line, ())
        }
        return defaultdict(tuple, ranges)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame_key = None  # what every row of this frame shares, computed once
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """One row, reused while nothing it shows has changed.

        TextArea's own cache key holds the whole selection on every soft-wrapped row,
        so each keystroke (which moves the cursor) drew every visible row again; this
        key holds what the row's line shows instead: its text, highlights and wrap,
        and the cursor, selection and bracket only where they fall on the line.
        """
        if not self.soft_wrap or self.placeholder:
            return super().render_line(y)
        absolute_y = self.scroll_offset.y + y
        rows = self.wrapped_rows
        if absolute_y < len(rows):
            line_index, section = rows[absolute_y]
            key: tuple[object, ...] = (self._frame(), section, *self._line_key(line_index))
        else:
            key = (self._frame(), None)  # below the text: a blank row
        cache = self.line_cache
        strip = cache.get(key)
        if strip is None:
            strip = self.render_row_uncached(y)
            cache[key] = strip
        return strip

    def _frame(self) -> tuple[object, ...]:
        if self._frame_key is None:
            self._frame_key = (
                self.size,
                self.scrollable_content_region.size,
                self.theme,
                self.show_line_numbers,
                self.gutter_width,
                self.line_number_start,
                self.indent_width,
                self.read_only,
                self.show_cursor,
                self.highlight_cursor_line,
                self.match_cursor_bracket,
                self.has_focus,
            )
        return self._frame_key

    def _line_key(self, line_index: int) -> tuple[object, ...]:
        start, end = self.selection
        cursor = None
        if end[0] == line_index:
            cursor = (end, start == end, self.cursor_drawn, self.suggestion)
        selected = None
        if start != end and min(start, end)[0] <= line_index <= max(start, end)[0]:
            selected = (start, end)
        bracket = self.matching_bracket
        if bracket is not None and bracket[0] != line_index and cursor is None:
            bracket = None
        return (
            line_index,
            self.document[line_index],
            self.highlights.get(line_index) or (),
            tuple(self.wrapped_document.get_offsets(line_index)),
            cursor,
            selected,
            bracket if bracket is None else (bracket, start == end),
        )


def _lines_of(selection: Selection) -> range:
    top, bottom = sorted(selection)
    return range(top[0], bottom[0] + 1)


def _common_prefix(a: str, b: str) -> int:
    """Length of the longest common prefix (by halving, so the compares run at C speed)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        mid = (low + high + 1) // 2
        if a[:mid] == b[:mid]:
            low = mid
        else:
            high = mid - 1
    return low


def _common_suffix(a: str, b: str, prefix: int) -> int:
    """Length of the longest common suffix that does not overlap ``prefix``."""
    low, high = 0, min(len(a), len(b)) - prefix
    while low < high:
        mid = (low + high + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            low = mid
        else:
            high = mid - 1
    return low
