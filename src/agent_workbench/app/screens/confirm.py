"""Ask before unsaved changes would be lost: Save, Discard or Cancel."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from agent_workbench.app.keys import key_for


class ConfirmUnsaved(ModalScreen[str]):
    """Dismisses with "save", "discard" or "cancel"."""

    DEFAULT_CSS = """
    ConfirmUnsaved {
        align: center middle;
        & > .dialog {
            width: 64;
            max-width: 95%;
            height: auto;
            border: thick $warning;
            background: $surface;
            padding: 1 2;
        }
        /* A long path wraps inside the dialog instead of running past its edge. */
        & #confirm-title, & .question {
            width: 1fr;
        }
        & .question {
            margin: 1 0;
        }
        & .buttons {
            height: auto;
            align-horizontal: right;
        }
        & .buttons Button {
            margin-left: 1;
        }
        & .keys {
            width: 1fr;
            margin-top: 1;
            text-align: right;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "choose('cancel')",
            "Cancel",
            id="close",
            tooltip="unsaved changes: keep editing; nothing is lost",
        ),
        Binding(
            "s",
            "choose('save')",
            "Save",
            show=False,
            id="unsaved-save",
            tooltip="unsaved changes: save them, then go on",
        ),
        Binding(
            "d",
            "choose('discard')",
            "Discard",
            show=False,
            id="unsaved-discard",
            tooltip="unsaved changes: drop them, then go on",
        ),
    ]

    def __init__(self, rel: str, doing: str) -> None:
        super().__init__()
        self.rel = rel
        self.doing = doing

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog"):
            title = Text()
            title.append(self.rel, style="bold")
            title.append(" has unsaved changes.")
            yield Label(title, id="confirm-title")
            yield Label(
                f"{self.doing}: save them first, or discard them?",
                id="confirm-question",
                classes="question",
            )
            with Horizontal(id="confirm-buttons", classes="buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Discard", id="discard", variant="error")
                yield Button("Cancel", id="cancel")
            app = self.app
            ids = ("unsaved-save", "unsaved-discard", "close")
            keys = [key_for(app, id, ConfirmUnsaved) for id in ids]
            yield Label(
                Text("{} saves · {} discards · {} cancels".format(*keys), style="dim"),
                id="confirm-keys",
                classes="keys",
            )

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id or "cancel")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
