"""Problems of the open agent: file:line:col, the message and the suggestion; select to jump."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from agent_workbench.model.diagnostics import Diagnostic, Severity


def diagnostic_text(diagnostic: Diagnostic) -> Text:
    colour = {"error": "red", "warning": "yellow"}.get(diagnostic.severity.value, "blue")
    text = Text()
    text.append(f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}", style="bold")
    text.append(f" {diagnostic.severity.value}: ", style=f"bold {colour}")
    text.append(diagnostic.message)
    if diagnostic.suggestion:
        text.append("\n  ↳ ", style="dim")
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

    class Jump(Message):
        """The author chose a diagnostic: go to its place."""

        def __init__(self, diagnostic: Diagnostic) -> None:
            super().__init__()
            self.diagnostic = diagnostic

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.diagnostics: list[Diagnostic] = []
        self.border_title = "Problems"

    def show(self, diagnostics: list[Diagnostic]) -> None:
        ordered = sorted(
            diagnostics,
            key=lambda d: (d.severity is not Severity.ERROR, d.path, d.line, d.column),
        )
        if ordered == self.diagnostics:
            return
        self.diagnostics = ordered
        self.clear_options()
        self.add_options(
            Option(diagnostic_text(d), id=str(index)) for index, d in enumerate(ordered)
        )
        self.set_class(not ordered, "-empty")
        errors = sum(1 for d in ordered if d.is_error)
        warnings = len(ordered) - errors
        self.border_title = (
            f"Problems ({errors} error{'s' * (errors != 1)}, "
            f"{warnings} warning{'s' * (warnings != 1)})"
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Jump(self.diagnostics[event.option_index]))
