"""The tokens view as a screen of its own (Escape goes back)."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator

from agent_workbench.app.widgets.tokens_view import TokensView
from agent_workbench.model.variants import Variant
from agent_workbench.session.token_report import TokenReport, token_report
from agent_workbench.session.workspace import Workspace


class TokensScreen(Screen[None]):
    DEFAULT_CSS = """
    TokensScreen LoadingIndicator {
        height: 3;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="close", tooltip="close and go back"),
        Binding(  # the key that opened it closes it
            "ctrl+t",
            "app.pop_screen",
            "Back",
            show=False,
            id="tokens",
            tooltip="close (the key that opened it)",
        ),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.ws = workspace

    def compose(self) -> ComposeResult:
        yield TokensView(id="tokens-view")
        yield LoadingIndicator(id="tokens-loading")
        yield Footer(compact=True)  # fits 80 columns, like the main screen's

    def on_mount(self) -> None:
        buffer = self.ws.buffer
        if buffer is not None:
            self.compute(buffer.text, buffer.rel, self.ws.language, self.ws.variant)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def compute(self, text: str, rel: str, language: str | None, variant: Variant | None) -> None:
        """Count as the app renders: its language and its agpm.toml entry (F7)."""
        report = token_report(
            self.ws.project, rel, self.ws.encoding, text=text, current=language, variant=variant
        )
        shown = rel if variant is None else f"{rel} as {variant.name}"
        self.app.call_from_thread(self.show_report, report, shown)

    def show_report(self, report: TokenReport, rel: str) -> None:
        self.query_one("#tokens-loading").display = False
        self.query_one(TokensView).show(report, rel, self.ws.encoding)
        self.query_one("#tokens-languages").focus()
