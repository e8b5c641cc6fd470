"""Problems of the open agent: file:line:col, the message and the suggestion; select to jump.

The list takes the focus (Alt+P, or Tab) and is walked with the arrows; the row
under the cursor is marked ``▶`` while it has the focus (in characters, so any
terminal shows it), and Enter jumps to the place. Esc goes back to the editor.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from agent_workbench.model.diagnostics import Diagnostic, Severity

CURSOR = "▶ "  # before the row under the cursor while the list has the focus
NO_CURSOR = "  "


def diagnostic_text(diagnostic: Diagnostic, *, cursor: bool = False) -> Text:
    colour = {"error": "red", "warning": "yellow"}.get(diagnostic.severity.value, "blue")
    text = Text()
    text.append(CURSOR if cursor else NO_CURSOR, style="bold")
    text.append(f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}", style="bold")
    text.append(f" {diagnostic.severity.value}: ", style=f"bold {colour}")
    text.append(diagnostic.message)
    if diagnostic.suggestion:
        text.append("\n    ↳ ", style="dim")
        text.append(diagnostic.suggestion, style="italic")
    return text


class ErrorPanel(OptionList):
    """Lists diagnostics, errors first; hidden (CSS class) when there are none."""

    DEFAULT_CSS = """
    ErrorPanel, ErrorPanel:focus {
        height: auto;
        max-height: 7;
        border: round $error 60%;
        border-title-color: $text-error;
        padding: 0;
    }
    ErrorPanel.-empty {
        display: none;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "leave",
            "Back to the editor",
            show=False,
            id="problems-leave",
            tooltip="in the problems list: back to the editor (Enter jumps to the problem)",
        ),
    ]

    class Jump(Message):
        """The author chose a diagnostic: go to its place."""

        def __init__(self, diagnostic: Diagnostic) -> None:
            super().__init__()
            self.diagnostic = diagnostic

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.diagnostics: list[Diagnostic] = []
        self.border_title = "Problems"
        self._marked: int | None = None  # the row drawn with the cursor mark

    def show(self, diagnostics: list[Diagnostic]) -> None:
        ordered = sorted(
            diagnostics,
            key=lambda d: (d.severity is not Severity.ERROR, d.path, d.line, d.column),
        )
        if ordered == self.diagnostics:
            return
        self.diagnostics = ordered
        self._marked = None
        self.clear_options()
        self.add_options(
            Option(diagnostic_text(d), id=str(index)) for index, d in enumerate(ordered)
        )
        self._mark_cursor()
        self.set_class(not ordered, "-empty")
        errors = sum(1 for d in ordered if d.is_error)
        warnings = len(ordered) - errors
        self.border_title = (
            f"Problems ({errors} error{'s' * (errors != 1)}, "
            f"{warnings} warning{'s' * (warnings != 1)})"
        )

    def _mark_cursor(self) -> None:
        """Draw ``▶`` on the highlighted row while the list has the focus (else on none)."""
        marked = self.highlighted if self.has_focus else None
        if marked == self._marked:
            return
        for index, cursor in ((self._marked, False), (marked, True)):
            if index is not None and index < len(self.diagnostics):
                prompt = diagnostic_text(self.diagnostics[index], cursor=cursor)
                self.replace_option_prompt_at_index(index, prompt)
        self._marked = marked

    def on_focus(self) -> None:
        if self.highlighted is None and self.diagnostics:
            self.highlighted = 0
        self.call_after_refresh(self._mark_cursor)

    def on_blur(self) -> None:
        self.call_after_refresh(self._mark_cursor)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._mark_cursor()

    def action_leave(self) -> None:
        self.screen.query_one("#editor").focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Jump(self.diagnostics[event.option_index]))
