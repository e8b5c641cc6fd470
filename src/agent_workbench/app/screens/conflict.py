"""The conflict screen: the open file changed on disk while the app holds unsaved changes.

Nothing is overwritten until the author chooses. The screen says what
happened and dismisses with the choice. When the unsaved edits and the disk's
change touch different lines, ``"merge"`` comes first: the dialog shows the
merged text as a diff against the disk's version (``v`` shows the unsaved text
against the disk instead), and choosing it loads the merge, unsaved. Otherwise
the dialog says why there is no merge and shows the diff from the disk's version
to the buffer's. Then ``"mine"`` (keep the buffer; saving then overwrites the
disk deliberately), ``"disk"`` (take the disk's version), ``"editor"`` (open
both in ``$EDITOR``) or ``None`` (decide later; both sides stay as they are).
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

ConflictChoice = Literal["merge", "mine", "disk", "editor"]


class ConflictScreen(ModalScreen[ConflictChoice | None]):
    """Ask how to resolve a DiskConflict; never resolves anything by itself."""

    DEFAULT_CSS = (Path(__file__).parent / "conflict.tcss").read_text(encoding="utf-8")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "b",
            "choose('merge')",
            "Merge both",
            id="conflict-merge",
            tooltip="changed on disk, other lines: load both changes merged (unsaved)",
        ),
        Binding(
            "v",
            "toggle_view",
            "Merged / yours",
            id="conflict-view",
            tooltip="changed on disk: show the merge, or your text, against the disk's",
        ),
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
        self.mergeable = conflict.merge.ok
        self.showing_merge = self.mergeable  # which diff the dialog shows

    def compose(self) -> ComposeResult:
        conflict = self.conflict
        with Vertical(id="conflict-dialog", classes="dialog") as dialog:
            dialog.border_title = "Changed on disk"
            yield Static(
                Text(conflict.message, style="bold"), id="conflict-message", classes="message"
            )
            yield Static(self._explanation(), id="conflict-explanation", classes="explanation")
            with VerticalScroll(id="conflict-diff", classes="diff") as scroll:
                scroll.border_title = self._diff_title()
                yield Static(self._diff(), id="conflict-diff-text")
            # Labels as plain Text: "[m]" and "$EDITOR" would be read as markup.
            # Ids prefixed: "editor" is the prompt editor's id. Compact, short labels
            # in two rows (the merge first), so each row fits at 80 columns.
            if self.mergeable:
                with Horizontal(id="conflict-merge-buttons", classes="buttons"):
                    yield Button(
                        Text("Merge both [b]"), id="choose-merge", variant="success", compact=True
                    )
                    yield Button(self._toggle_label(), id="toggle-view", compact=True)
            row_classes = "buttons -second-row" if self.mergeable else "buttons"
            with Horizontal(id="conflict-buttons", classes=row_classes):
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
        then = "Keep mine overwrites the disk; Take disk's drops your edits."
        if self.mergeable:
            return (
                "Your edits and the disk's change touch different lines: Merge both "
                "loads the text below, unsaved (Ctrl+S writes it). " + then
            )
        return f"{self.conflict.why_no_merge} {then} Edit both opens the two in $EDITOR."

    def _diff_title(self) -> str:
        if self.showing_merge:
            return "merged (+) against the disk (-)"
        return "yours (+) against the disk (-)"

    def _toggle_label(self) -> Text:
        return Text("Show yours [v]" if self.showing_merge else "Show merged [v]")

    def _diff(self) -> Syntax | str:
        diff = self.conflict.merged_diff() if self.showing_merge else self.conflict.diff()
        if diff:
            return Syntax(diff, "diff", theme="ansi_dark", word_wrap=True)
        return "The two versions differ only in invisible bytes."

    def action_toggle_view(self) -> None:
        if not self.mergeable:
            return
        self.showing_merge = not self.showing_merge
        self.query_one("#conflict-diff-text", Static).update(self._diff())
        self.query_one("#conflict-diff", VerticalScroll).border_title = self._diff_title()
        self.query_one("#toggle-view", Button).label = self._toggle_label()

    def action_choose(self, choice: ConflictChoice) -> None:
        if choice != "mine" and self.conflict.deleted:
            return
        if choice == "merge" and not self.mergeable:
            return
        self.dismiss(choice)

    def action_later(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        choice = (event.button.id or "").removeprefix("choose-")
        if choice == "later":
            self.dismiss(None)
        elif event.button.id == "toggle-view":
            self.action_toggle_view()
        elif choice in ("merge", "mine", "disk", "editor"):
            self.action_choose(choice)  # type: ignore[arg-type]
