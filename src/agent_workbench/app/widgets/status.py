"""The status line: language, the editor's cursor (line:column, while it has focus),
file, token counts, change since the last save, unsaved marker, problems.

It fits its width: when everything does not fit, the least useful details go
first (the encoding, the file name, the labels of the counts, the change since
the last save), so the unsaved marker and the problem counts stay in view even
at 80 columns.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from rich.text import Text
from textual.events import Resize
from textual.widget import Widget

from agent_workbench.app.numbers import signed
from agent_workbench.session.workspace import LineChange, TokenCounts, Workspace

LEVELS = 6  # how many times the line can be made shorter


def _k(n: int) -> str:
    return f"{n:,}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


@dataclass(frozen=True)
class _Facts:
    """What the line says, read from the workspace once per update."""

    language: str | None
    name: str
    counts: TokenCounts | None
    change: LineChange
    delta: int | None
    dirty: bool
    deleted: bool
    read_only: bool
    errors: int
    warnings: int
    stale: bool
    conflict: bool
    variant: str | None = None  # "NAME → install path" of the agpm.toml entry rendered as
    unrendered: bool = False  # the render failed and there is no good one to count
    cursor: tuple[int, int] | None = None  # the editor's (line, column), 1-based
    outside: bool = False  # an agpm.toml entry's file outside the project: not watched


def _facts(ws: Workspace, cursor: tuple[int, int] | None = None) -> _Facts | None:
    buffer = ws.buffer
    if buffer is None:
        return None
    return _Facts(
        language=ws.language,
        name=posixpath.basename(buffer.rel),
        counts=ws.tokens,
        change=ws.line_change(),
        delta=ws.token_change(),
        dirty=ws.dirty,
        deleted=buffer.deleted,
        read_only=ws.read_only,
        outside=ws.project.is_view,
        errors=ws.error_count(),
        warnings=ws.warning_count(),
        stale=ws.stale and ws.last_good is not None and bool(ws.render_errors),
        conflict=ws.conflict is not None,
        variant=f"{ws.variant.name} → {ws.install_path()}" if ws.variant is not None else None,
        unrendered=ws.last_good is None and bool(ws.render_errors),
        cursor=cursor,
    )


def status_text(
    ws: Workspace, width: int | None = None, cursor: tuple[int, int] | None = None
) -> Text:
    """The status line for ``ws``, fitted into ``width`` cells when given; ``cursor``:
    the editor's (line, column) while it has focus."""
    facts = _facts(ws, cursor)
    if facts is None:
        return Text("no agent open", style="dim", no_wrap=True, end="")
    if width is None:
        return _status_text(facts, 0)
    for level in range(LEVELS + 1):
        text = _status_text(facts, level)
        if text.cell_len <= width:
            return text
    return text


def _status_text(facts: _Facts, level: int) -> Text:
    """Level 0 says everything; each level drops or shortens one more detail."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    gap = " "
    if facts.language:  # a plain folder's agents render the same for every language
        text.append(f" {facts.language} ", style="reverse")
        gap = "  "
    if facts.cursor is not None:  # kept at every width: it moves with every key
        line, column = facts.cursor
        text.append(gap)
        text.append(f"Ln {line}, Col {column}" if level < 2 else f"{line}:{column}")
        gap = "  "
    if facts.variant:  # the agpm.toml entry (F7): its name and where it installs
        text.append(gap)
        text.append(facts.variant if level < 1 else facts.variant.split(" → ")[0], style="bold")
        gap = "  "
    if level < 2:
        text.append(gap)
        text.append(facts.name, style="bold")
        gap = "  "
    text.append(gap)
    counts = facts.counts
    # During a render error the counts are the last good render's: marked, not trusted.
    old = "~" if facts.stale else ""
    number = "dim" if facts.stale else "bold"
    if counts is None and facts.unrendered:
        text.append("no counts: render failed", style="dim")
    elif counts is None:
        text.append("counting tokens…", style="dim")
    elif level < 3:
        text.append(f"{old}body {_k(counts.body)}", style=number)
        text.append(" + ", style="dim" if facts.stale else "")
        text.append(f"desc {_k(counts.description)}", style=number)
        text.append(" tok", style="dim")
        if facts.stale:
            text.append(" (stale)", style="dim italic")
        elif level < 1:
            text.append(f" ({counts.encoding})", style="dim")
    else:
        text.append(f"{old}{_k(counts.body)}+{_k(counts.description)}", style=number)
        text.append(" tok", style="dim")
    delta = None if facts.stale else facts.delta  # no change can be told from old counts
    if level < 4 and (facts.change or delta not in (None, 0)):
        text.append("  Δ ")
        text.append(facts.change.format())
        if delta is not None:
            text.append(f", {signed(delta)} tok")
    if facts.read_only:
        text.append("  read-only", style="bold")
    if facts.outside:
        text.append(" (outside the project, not watched)", style="bold")
    if facts.dirty:
        text.append("  ● unsaved", style="bold yellow")
    if facts.deleted:
        text.append("  deleted on disk", style="bold red")
    if facts.errors:
        label = _plural(facts.errors, "error") if level < 6 else str(facts.errors)
        text.append(f"  ✗ {label}", style="bold red")
    if facts.warnings:
        label = _plural(facts.warnings, "warning") if level < 6 else str(facts.warnings)
        text.append(f"  ⚠ {label}", style="yellow")
    if level < 5 and facts.stale:
        text.append("  preview stale", style="italic red")
    if facts.conflict:
        text.append("  ⚡ changed on disk", style="bold red")
    return text


class StatusBar(Widget):
    """One line under the panels; ``refresh_from`` redraws it from the workspace.

    Its size never changes, so an update repaints the line without a new layout
    of the screen (which ``Static.update`` would ask for on every keystroke).
    """

    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = Text()
        self._ws: Workspace | None = None
        self.cursor: tuple[int, int] | None = None

    def render(self) -> Text:
        return self.text

    def show_cursor(self, cursor: tuple[int, int] | None) -> None:
        """The editor's cursor (line, column), or None when the editor has no focus."""
        if cursor != self.cursor:
            self.cursor = cursor
            if self._ws is not None:
                self.refresh_from(self._ws)

    def refresh_from(self, ws: Workspace) -> None:
        self._ws = ws
        width = self.content_region.width or None
        text = status_text(ws, width, self.cursor)
        if text != self.text:
            self.text = text
            self.refresh()

    def on_resize(self, event: Resize) -> None:
        if self._ws is not None:
            self.refresh_from(self._ws)
