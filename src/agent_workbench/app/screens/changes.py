"""The Changes panel: every agent whose rendered output differs from git HEAD, with the
lines and tokens each one changes; Enter opens its diff. The review screen before a
commit.

The comparison (``diff.diff_revision``) runs in a worker thread over the saved files;
agents changed only through a snippet, a project file or ``agpm.toml`` are listed too.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, LoadingIndicator, Static

from agent_workbench.app.numbers import signed
from agent_workbench.app.screens.diff import DiffScreen
from agent_workbench.app.widgets.browser_labels import cut_middle
from agent_workbench.model.project import Project
from agent_workbench.session.diffs import DiffReport, GitError, diff_revision
from agent_workbench.session.workspace import Workspace

COLUMNS = ("agent", "language", "change", "+lines", "−lines", "tokens")


def summary(report: DiffReport) -> str:
    n = len(report.diffs)
    if not n:
        return f"No agent's rendered output differs from {report.old_label}."
    added = sum(d.added for d in report.diffs)
    removed = sum(d.removed for d in report.diffs)
    tokens = sum(d.token_delta or 0 for d in report.diffs)
    return (
        f"{n} {'agent differs' if n == 1 else 'agents differ'} from {report.old_label}  ·  "
        f"+{added} −{removed} lines  ·  tokens {signed(tokens)}"
    )


def cut_path(path: str, width: int) -> str:
    """``path`` in ``width`` cells: its folders cut first (``agents/…/name.md``), the file
    name kept whole while it fits."""
    if cell_len(path) <= width:
        return path
    folder, _, name = path.rpartition("/")
    room = width - cell_len(name) - 2  # "…/"
    if not folder or room < 1:
        return cut_middle(path, width)
    return set_cell_size(folder, room).rstrip(" ") + "…/" + name  # folder is the longer


class ChangesScreen(Screen[None]):
    """Agents whose rendered output differs from a revision (HEAD by default)."""

    DEFAULT_CSS = """
    ChangesScreen #changes-title {
        height: auto;
        padding: 0 1;
        background: $panel;
        text-style: bold;
    }
    ChangesScreen #changes-note {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    ChangesScreen DataTable {
        height: 1fr;
    }
    ChangesScreen LoadingIndicator {
        height: 3;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="close", tooltip="close and go back"),
        Binding(
            "g", "reload", "Refresh", id="changes-refresh", tooltip="compare every agent again"
        ),
    ]

    def __init__(self, workspace: Workspace, rev: str = "HEAD") -> None:
        super().__init__()
        self.ws = workspace
        self.rev = rev
        self.report: DiffReport | None = None

    def compose(self) -> ComposeResult:
        yield Static(f"Comparing every agent with {self.rev}…", id="changes-title")
        yield Static("", id="changes-note")
        yield LoadingIndicator()
        table: DataTable[str] = DataTable(cursor_type="row", zebra_stripes=True)
        table.add_columns(*COLUMNS)
        yield table
        yield Footer(compact=True)  # fits 80 columns, like the main screen's

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.action_reload()

    def action_reload(self) -> None:
        self.query_one(LoadingIndicator).display = True
        note = "saved files; unsaved edits are not included" if self.ws.dirty else ""
        self._note(note)
        self.compute()

    @work(thread=True, exclusive=True, exit_on_error=False, group="changes")
    def compute(self) -> None:
        try:
            project = Project.open(self.ws.project.root)
            report = diff_revision(project, self.rev, encoding=self.ws.encoding)
            for item in report.diffs:
                item.token_delta  # noqa: B018 - count in this thread, not the UI's
        except GitError as exc:
            self.app.call_from_thread(self.show_error, str(exc))
            return
        self.app.call_from_thread(self.show, report)

    def show(self, report: DiffReport) -> None:
        self.report = report
        self.query_one(LoadingIndicator).display = False
        self.query_one("#changes-title", Static).update(summary(report))
        self._fill()

    def _fill(self) -> None:
        """One row per agent; the paths cut in the middle when the figures after them would
        not fit the width otherwise (a long path at 80 columns hid the tokens)."""
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        if self.report is None:
            return
        rows = []
        for item in self.report.diffs:
            languages = [s.language for s in (item.old, item.new) if s.present and s.language]
            delta = item.token_delta
            rows.append(
                [
                    item.rel,
                    " → ".join(dict.fromkeys(languages)) or "–",
                    item.status.value,
                    f"+{item.added}",
                    f"−{item.removed}",
                    "render failed" if delta is None else signed(delta),
                ]
            )
        others = sum(
            max(cell_len(str(cell)) for cell in (name, *[row[i] for row in rows]))
            for i, name in enumerate(COLUMNS)
            if i
        )
        room = self.size.width - others - 2 * table.cell_padding * len(COLUMNS) - 1
        for index, row in enumerate(rows):
            row[0] = cut_path(row[0], max(room, len(COLUMNS[0])))
            table.add_row(*row, key=str(index))
        table.move_cursor(row=cursor)  # a resize keeps the row under the cursor

    def on_resize(self) -> None:
        self._fill()

    def show_error(self, message: str) -> None:
        self.query_one(LoadingIndicator).display = False
        self.query_one("#changes-title", Static).update(f"Cannot compare with {self.rev}")
        self._note(message)

    def _note(self, text: str) -> None:
        note = self.query_one("#changes-note", Static)
        note.update(text)
        note.display = bool(text)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if self.report is None or event.row_key.value is None:
            return
        item = self.report.diffs[int(event.row_key.value)]
        self.app.push_screen(DiffScreen(self.ws, diff=item))
