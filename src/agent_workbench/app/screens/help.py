"""The help screen: what the workbench shows and every key."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: tuple[tuple[str, str], ...] = (
    ("Ctrl+S", "save (only the changed lines are written)"),
    ("F4", "next language this agent supports"),
    ("Ctrl+L", "choose a language from a list"),
    ("F7", "next agpm.toml entry (variant) pointing at this agent, then the file itself"),
    ("F3", "preview: Markdown → raw text → installed file"),
    ("F2", "switch between editing and the preview (narrow terminals), or focus it"),
    ("F5", "switch between the form and the prompt editor"),
    ("F6", "edit the prompt body / the whole source"),
    ("Ctrl+T", "tokens per language and per dependency"),
    ("Ctrl+G", "open the file in $EDITOR (the workbench reloads it afterwards)"),
    ("Ctrl+F or /", "filter the agent list"),
    ("Ctrl+B or Alt+B", "show or hide the agent list"),
    ("Ctrl+R", "repair invalid YAML frontmatter (an undoable change)"),
    ("Ctrl+U", "undo the last form edit or repair (Ctrl+Z in a form field)"),
    ("Alt+R", "discard unsaved changes (undoable); with none, reload the file from disk"),
    ("F8", "diff of the rendered output: against the saved file, HEAD, a revision, a language"),
    (
        "  in the diff",
        "n / p next / previous change, s side by side, b against saved, HEAD…,"
        " r a revision, l another language, Esc back",
    ),
    ("F9", "changes: every agent whose rendered output differs from HEAD (g refreshes)"),
    ("Ctrl+P", "command palette: every action, every agent, every language"),
    ("F1 or ?", "this help"),
    ("Ctrl+Q", "quit (asks first when something is unsaved)"),
)

ABOUT = (
    "The workbench previews what an agent becomes once AGPM installs it: the browser "
    "lists every agent, snippet and command; the form edits the frontmatter field by "
    "field; the prompt editor edits the body; the preview follows every keystroke in "
    "the selected language, with the token counts of the body and the description. "
    "When a render fails, the preview keeps the last good render (marked stale) and "
    "the problems panel lists file:line:col — select one to jump there."
)


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > .dialog {
            width: 90;
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
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q,question_mark", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        table = Table(show_header=False, box=None, padding=(0, 2, 0, 0), expand=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, meaning in KEYS:
            table.add_row(key, meaning)
        dialog = VerticalScroll(id="help-dialog", classes="dialog")
        dialog.border_title = "Help"
        dialog.border_subtitle = "Esc closes"
        with dialog:
            yield Static(Text("Agent workbench", style="bold"), id="help-title")
            yield Static(Text(ABOUT), id="help-about", classes="section")
            yield Static(table, id="help-keys", classes="section")
            yield Static(Text("Esc closes this help.", style="dim"), id="help-close")
