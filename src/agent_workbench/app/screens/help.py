"""The help screen: what the workbench shows, and every key, read from the bindings.

The keys are not written here: each section lists the bindings of the screens and
widgets ``keys.GROUPS`` names, with the keys the user's keymap gives them now.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from agent_workbench.app.keys import GROUPS, KeyRow, current_keymap, key_for, key_rows

ABOUT = (
    "The workbench previews what an agent becomes once AGPM installs it: the browser "
    "lists every agent, snippet and command; the form edits the frontmatter field by "
    "field; the prompt editor edits the body; the preview follows every keystroke in "
    "the selected language, with the token counts of the body and the description. "
    "When a render fails, the preview keeps the last good render (marked stale) and "
    "the problems panel lists file:line:col — select one to jump there."
)


def keys_table(rows: list[KeyRow]) -> Table:
    table = Table(show_header=False, box=None, padding=(0, 2, 0, 0), expand=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    for row in rows:
        table.add_row(row.key_text, row.description, Text(row.help, style="dim"))
    return table


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > .dialog {
            width: 100;
            max-width: 95%;
            height: auto;
            max-height: 90%;
            border: thick $primary;
            border-title-color: $text-primary;
            border-subtitle-color: $text-muted;
            background: $surface;
            padding: 1 2;
        }
        & .section {
            margin: 1 0 0 0;
        }
        & .group-title {
            margin: 1 0 0 0;
            text-style: bold;
            color: $text-primary;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss", "Close", id="close", tooltip="help: close it"),
        Binding(
            "f1,question_mark", "dismiss", "Close", show=False, id="help", tooltip="help: close it"
        ),
    ]

    def compose(self) -> ComposeResult:
        app = self.app
        rows = key_rows(current_keymap(app), app.get_key_display)
        dialog = VerticalScroll(id="help-dialog", classes="dialog")
        dialog.border_title = "Help"
        closes = f"{key_for(app, 'close', HelpScreen)} closes"
        dialog.border_subtitle = closes
        with dialog:
            yield Static(Text("Agent workbench", style="bold"), id="help-title")
            yield Static(Text(ABOUT), id="help-about", classes="section")
            for index, (group, _owners) in enumerate(GROUPS):
                in_group = [row for row in rows if row.group == group]
                yield Static(group, classes="group-title")
                yield Static(keys_table(in_group), id=f"help-keys-{index}", classes="keys")
            yield Static(Text(f"{closes} this help.", style="dim"), id="help-close")
