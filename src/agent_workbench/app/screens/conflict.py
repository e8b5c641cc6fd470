"""The conflict screen: the open file changed on disk while the app holds unsaved changes.

Nothing is overwritten until the author chooses. The screen says what
happened, shows a unified diff from the disk's version to the buffer's, and
dismisses with the choice: ``"mine"`` (keep the buffer; saving then overwrites
the disk deliberately), ``"disk"`` (take the disk's version), ``"editor"``
(open both in ``$EDITOR``) or ``None`` (decide later; both sides stay as they are).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal

from rich.syntax import Syntax
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from agent_workbench.session.disk_sync import DiskConflict

ConflictChoice = Literal["mine", "disk", "editor"]


class ConflictScreen(ModalScreen[ConflictChoice | None]):
    """Ask how to resolve a DiskConflict; never resolves anything by itself."""

    DEFAULT_CSS = (Path(__file__).parent / "conflict.tcss").read_text(encoding="utf-8")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "m",
            "choose('mine')",
            "Keep mine",
            id="conflict-mine",
            tooltip="changed on disk: keep your version (saving overwrites the disk's)",
        ),
        Binding(
            "d",
            "choose('disk')",
            "Take disk's",
            id="conflict-disk",
            tooltip="changed on disk: take the disk's version (your edits are dropped)",
        ),
        Binding(
            "e",
            "choose('editor')",
            "Edit both in $EDITOR",
            id="conflict-editor",
            tooltip="changed on disk: merge both versions by hand in $EDITOR",
        ),
        Binding(
            "escape",
            "later",
            "Decide later",
            id="close",
            tooltip="changed on disk: close; decide when saving",
        ),
    ]

    def __init__(self, conflict: DiskConflict) -> None:
        super().__init__()
        self.conflict = conflict

    def compose(self) -> ComposeResult:
        conflict = self.conflict
        with Vertical(id="conflict-dialog", classes="dialog") as dialog:
            dialog.border_title = "Changed on disk"
            yield Static(
                Text(conflict.message, style="bold"), id="conflict-message", classes="message"
            )
            yield Static(self._explanation(), id="conflict-explanation", classes="explanation")
            with VerticalScroll(id="conflict-diff", classes="diff"):
                diff = conflict.diff()
                if diff:
                    yield Static(Syntax(diff, "diff", theme="ansi_dark", word_wrap=False))
                else:
                    yield Static("The two versions differ only in invisible bytes.")
            # Labels as plain Text: "[m]" and "$EDITOR" would be read as markup.
            # Ids prefixed: "editor" is the prompt editor's id.
            # Compact, short labels: the four fit one row at 80 columns.
            with Horizontal(id="conflict-buttons", classes="buttons"):
                yield Button(
                    Text("Keep mine [m]"), id="choose-mine", variant="warning", compact=True
                )
                if not conflict.deleted:
                    yield Button(
                        Text("Take disk's [d]"), id="choose-disk", variant="primary", compact=True
                    )
                    yield Button(Text("Edit both [e]"), id="choose-editor", compact=True)
                yield Button(Text("Later [esc]"), id="choose-later", compact=True)

    def _explanation(self) -> str:
        if self.conflict.deleted:
            return (
                "Your text is kept. Keep mine writes it back (recreating the file); "
                "nothing is lost either way."
            )
        return (
            "Both versions are kept until you choose. Lines with - are on disk, "
            "lines with + are your unsaved text. Keep mine overwrites the disk's "
            "version on purpose; Take disk's drops your unsaved changes; Edit both "
            "opens the two in $EDITOR; Later keeps both as they are."
        )

    def action_choose(self, choice: ConflictChoice) -> None:
        if choice != "mine" and self.conflict.deleted:
            return
        self.dismiss(choice)

    def action_later(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        choice = (event.button.id or "").removeprefix("choose-")
        if choice == "later":
            self.dismiss(None)
        elif choice in ("mine", "disk", "editor"):
            self.action_choose(choice)  # type: ignore[arg-type]
