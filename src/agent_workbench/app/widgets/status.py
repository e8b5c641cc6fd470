"""The status line: language, token counts, change since the last save, unsaved marker, problems."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from agent_workbench.workspace import Workspace


def _k(n: int) -> str:
    return f"{n:,}"


def status_text(ws: Workspace) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    if ws.buffer is None:
        text.append("no agent open", style="dim")
        return text
    text.append(f" {ws.language or 'no language'} ", style="reverse")
    text.append("  ")
    counts = ws.tokens
    if counts is None:
        text.append("counting tokens…", style="dim")
    else:
        text.append(f"body {_k(counts.body)}", style="bold")
        text.append(" + ")
        text.append(f"desc {_k(counts.description)}", style="bold")
        text.append(f" tok ({counts.encoding})", style="dim")
    change = ws.line_change()
    delta = ws.token_change()
    if change or (delta not in (None, 0)):
        text.append("  Δ ")
        text.append(change.format())
        if delta is not None:
            text.append(f", {delta:+,} tok")
    if ws.dirty:
        text.append("  ● unsaved", style="bold yellow")
    errors, warnings = ws.error_count(), ws.warning_count()
    if errors:
        text.append(f"  ✗ {errors} error{'s' if errors != 1 else ''}", style="bold red")
    if warnings:
        text.append(f"  ⚠ {warnings} warning{'s' if warnings != 1 else ''}", style="yellow")
    if ws.stale and ws.last_good is not None and ws.render_errors:
        text.append("  preview stale", style="italic red")
    if ws.conflict is not None:
        text.append("  ⚡ changed on disk", style="bold red")
    return text


class StatusBar(Widget):
    """One line under the panels; ``refresh_from`` redraws it from the workspace.

    Its size never changes, so an update repaints the line without a new layout
    of the screen (which ``Static.update`` would ask for on every keystroke).
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = Text()

    def render(self) -> Text:
        return self.text

    def refresh_from(self, ws: Workspace) -> None:
        text = status_text(ws)
        if text != self.text:
            self.text = text
            self.refresh()
