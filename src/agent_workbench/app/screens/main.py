"""The main screen: browser | form and prompt editor | preview, problems, status, footer.

The screen presents a ``Workspace`` and forwards the author's actions to it;
it listens to the workspace's events to refresh the views. Renders are run by
a ``RenderSchedule``: at once, before the keystroke's frame is painted, when
the last render was cheap; in a thread worker otherwise (a newer job makes an
older result stale, and the workspace drops it), so typing never waits long.
"""

from __future__ import annotations

import time
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.widget import Widget
from textual.widgets import Footer, TabbedContent, TabPane, TextArea
from textual.worker import get_current_worker

from agent_workbench.app.disk_watch import DiskWatch
from agent_workbench.app.idle_gc import IdleCollector
from agent_workbench.app.render_schedule import RenderSchedule
from agent_workbench.app.screens.confirm import ConfirmUnsaved
from agent_workbench.app.screens.main_actions import MainActions
from agent_workbench.app.widgets.browser import AgentBrowser
from agent_workbench.app.widgets.editor import PromptEditor
from agent_workbench.app.widgets.error_panel import ErrorPanel
from agent_workbench.app.widgets.form import AgentForm
from agent_workbench.app.widgets.form_fields import FieldEdit
from agent_workbench.app.widgets.preview import Preview
from agent_workbench.app.widgets.status import StatusBar
from agent_workbench.model.diagnostics import DiagnosticError
from agent_workbench.model.document import AgentDocument
from agent_workbench.model.sources import SourceError
from agent_workbench.session.rendering import rendered_fields
from agent_workbench.session.summary import summarize_resource
from agent_workbench.session.workspace import Workspace, WorkspaceEvent

NARROW = 110  # below this width the preview and the editing panes take turns


class MainScreen(MainActions):
    """The layout. Wide: browser | editing | preview side by side. Narrow (the screen
    gets -narrow below ``NARROW`` columns): browser | editing or preview, switched with
    F2 (-show-preview); Ctrl+B hides the browser (-hide-browser)."""

    DEFAULT_CSS = """
    MainScreen {
        layout: vertical;
        & > .panes {
            height: 1fr;
        }
        & .editing {
            width: 1fr;
        }
        & .pane-tabs {
            height: 1fr;
        }
        & .views {
            width: 1fr;
        }
        & .pane-tabs TabPane {
            padding: 0;
        }
        &.-hide-browser AgentBrowser {
            display: none;
        }
        &.-narrow {
            & AgentBrowser {
                width: 26;
            }
            & .views {
                display: none;
            }
            &.-show-preview .views {
                display: block;
            }
            &.-show-preview .editing {
                display: none;
            }
            & ErrorPanel {
                max-height: 5;
            }
        }
    }
    """
    AUTO_FOCUS = "#editor"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        # F2 says what pressing it does: one of these two is shown (``check_action``).
        Binding("f2", "f2_preview", "Preview"),
        Binding("f2", "f2_edit", "Edit"),
        Binding("f3", "cycle_preview", "Mode", show=False),
        Binding("f4", "cycle_language", "Language"),
        Binding("f5", "toggle_form", "Form"),
        Binding("ctrl+l", "choose_language", "Languages…", show=False),
        Binding("f6", "toggle_source", "Source", show=False),
        Binding("ctrl+t", "tokens", "Tokens", show=False),
        Binding("ctrl+b,alt+b", "toggle_browser", "Browser", show=False),  # Ctrl+B is tmux's prefix
        Binding("ctrl+g", "external_editor", "Editor", show=False),
        Binding("ctrl+f", "filter", "Filter", show=False),
        Binding("ctrl+r", "repair", "Repair", show=False),
        Binding("ctrl+u", "undo_edit", "Undo form edit", show=False),
    ]

    def __init__(self, workspace: Workspace, initial: str | None = None) -> None:
        super().__init__()
        self.ws = workspace
        self.initial = initial
        self.preview_mode = "markdown"
        self._origin: str | None = None  # which view is making the current change
        self._shown: tuple[Any, str] | None = None
        self._form_fields_from_render = False
        self._resources: list[str] = []
        self._scanned = False  # the browser's details are computed after the first render
        self.renders = RenderSchedule(self, workspace, self._render_failed)
        self.idle_gc = IdleCollector(self)  # full garbage collections when the author pauses
        self._unsubscribe = workspace.subscribe(self._on_workspace_event)

    # -- layout ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes", classes="panes"):
            yield AgentBrowser(id="browser")
            with (
                Vertical(id="editing", classes="editing"),
                TabbedContent(id="edit-tabs", initial="tab-prompt", classes="pane-tabs"),
            ):
                with TabPane("Prompt", id="tab-prompt"):
                    yield PromptEditor(id="editor")
                with TabPane("Form", id="tab-form"):
                    yield AgentForm(id="form")
            with (
                TabbedContent(id="views", initial="tab-preview", classes="pane-tabs views"),
                TabPane("Preview", id="tab-preview"),
            ):
                yield Preview(id="preview")
        yield ErrorPanel(id="errors")
        yield StatusBar(id="status")
        yield Footer(compact=True)
        yield DiskWatch(id="disk-watch")  # follows the disk (issue 4: app/disk_watch.py)

    def add_view(self, title: str, widget: Widget, *, id: str) -> None:
        """Add a tab beside the preview (the diff view and the Changes panel go here)."""
        self.query_one("#views", TabbedContent).add_pane(TabPane(title, widget, id=id))

    def on_mount(self) -> None:
        self.idle_gc.start()
        self.editor.on_edit = self._editor_changed
        self.query_one("#errors", ErrorPanel).add_class("-empty")
        resources = self.ws.resources()
        self.browser.set_resources(resources)
        first = self.initial or _first_agent(resources)
        self._resources = resources
        if first is not None:
            self.open_agent(first)  # the browser's details follow its first render
        else:
            self.refresh_status()
            self.scan_browser(resources)

    def on_resize(self, event: Resize) -> None:
        narrow = event.size.width < NARROW
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            self.refresh_bindings()

    # -- workspace events --------------------------------------------------------

    def _on_workspace_event(self, event: WorkspaceEvent) -> None:
        if event is WorkspaceEvent.OPENED:
            self.load_views()
            self.request_render()
        elif event is WorkspaceEvent.CHANGED:
            self.sync_views()
            self.request_render()
        elif event is WorkspaceEvent.LANGUAGE:
            self.request_render()
            self.scan_browser(self.ws.resources())
        elif event is WorkspaceEvent.RENDERED:
            self.show_render()
            if not self._scanned:
                self._scanned = True
                self.scan_browser(self._resources)
        elif event is WorkspaceEvent.SAVED:
            self.refresh_browser_entry(self.ws.rel)
        elif event is WorkspaceEvent.CONFLICT and self.ws.conflict is not None:
            self.notify(self.ws.conflict.message, title="Not saved", severity="error")
        self.refresh_status()

    def load_views(self) -> None:
        """A buffer was opened or reloaded: fill the editor and the form."""
        agent = self.ws.agent
        document = self.ws.document
        if agent is None or document is None:
            return
        self.browser.set_current(self.ws.rel)
        source = agent.edit_refusal_reason is not None and agent.load_error is None
        self._load_editor(document, "source" if source else "body")
        self._form_fields_from_render = agent.has_template_blocks
        self.form.load(agent)
        self.sub_title = self.ws.rel or ""

    def _load_editor(self, document: AgentDocument, mode: str) -> None:
        if mode == "source":
            self.editor.show(document.text, mode="source", first_line=1)
        else:
            self.editor.show(document.body, mode="body", first_line=document.body_first_line)

    def sync_views(self) -> None:
        """The text changed: update the views the change did not come from."""
        document, agent = self.ws.document, self.ws.agent
        if document is None or agent is None:
            return
        if self._origin != "editor":
            text = document.text if self.editor.mode == "source" else document.body
            self.editor.line_number_start = (
                1 if self.editor.mode == "source" else document.body_first_line
            )
            self.editor.replace_all(text)
        if self._origin == "form":
            self.form.sync(agent)
        elif self.form.frontmatter != document.frontmatter:
            self.form.load(agent, self._rendered_fields())
            self._form_fields_from_render = agent.has_template_blocks

    def _rendered_fields(self) -> dict[str, Any] | None:
        result = self.ws.last_good
        return rendered_fields(result) if result is not None else None

    # -- rendering ---------------------------------------------------------------

    def on_unmount(self) -> None:
        self.idle_gc.stop()

    def request_render(self) -> None:
        self.idle_gc.poke()
        self.renders.request()

    def _render_failed(self, message: str) -> None:
        self.notify(message, title="Internal error", severity="error")

    def show_render(self) -> None:
        result = self.ws.last_good
        if result is not None:
            text = result.output if self.preview_mode == "installed" else result.body
            if self._shown != (result, self.preview_mode):
                self._shown = (result, self.preview_mode)
                self.preview.show(text or "", self.preview_mode)
        errors = self.ws.render_errors
        reason = errors[0].format() if errors else ""
        self.preview.mark_stale(bool(errors), reason)
        if self._form_fields_from_render and result is not None and self._origin is None:
            self._form_fields_from_render = False
            agent = self.ws.agent
            if agent is not None:
                self.form.load(agent, rendered_fields(result))
        self.query_one("#errors", ErrorPanel).show(self.ws.diagnostics())
        self.query_one("#errors", ErrorPanel).set_class(not self.ws.diagnostics(), "-empty")

    def refresh_status(self) -> None:
        self.query_one(StatusBar).refresh_from(self.ws)

    # -- events from the views ---------------------------------------------------

    @on(AgentBrowser.Selected)
    def _browser_selected(self, event: AgentBrowser.Selected) -> None:
        if event.rel != self.ws.rel:
            self.open_agent(event.rel)

    @on(TextArea.Changed, "#editor")
    def _editor_message(self, event: TextArea.Changed) -> None:
        self._editor_changed()  # undo and redo arrive only this way; set_body ignores repeats

    def _editor_changed(self) -> None:
        editor = self.editor
        if self.ws.buffer is None:
            return
        text = editor.current_text()
        self._origin = "editor"
        try:
            if editor.mode == "source":
                self.ws.set_text(text)
            else:
                self.ws.set_body(text)
        finally:
            self._origin = None

    @on(FieldEdit)
    def _field_edit(self, event: FieldEdit) -> None:
        event.stop()
        if self.ws.buffer is None:
            return
        self._origin = "form"
        try:
            self.ws.set_fields(event.sets, event.unsets)
        except DiagnosticError as exc:
            self.notify(exc.diagnostic.message, title="Not changed", severity="error")
        finally:
            self._origin = None

    @on(AgentForm.RepairRequested)
    def _repair_requested(self) -> None:
        self.action_repair()

    @on(ErrorPanel.Jump)
    def _jump(self, event: ErrorPanel.Jump) -> None:
        diagnostic = event.diagnostic
        document = self.ws.document
        if document is None:
            return
        if diagnostic.path != self.ws.rel:
            self.notify(f"the problem is in {diagnostic.path}", title=diagnostic.format())
            return
        if diagnostic.line < document.body_first_line and self.editor.mode == "body":
            self._load_editor(document, "source")
        self.query_one("#edit-tabs", TabbedContent).active = "tab-prompt"
        self.hide_preview()
        self.editor.jump_to(diagnostic.line, diagnostic.column)

    # -- opening and saving --------------------------------------------------------

    def open_agent(self, rel: str) -> None:
        """Open ``rel``, asking first when the open agent has unsaved changes."""
        if self.ws.dirty and rel != self.ws.rel:
            self.ask_unsaved(f"Open {rel}", lambda: self._open(rel))
        else:
            self._open(rel)

    def _open(self, rel: str) -> None:
        try:
            self.ws.open(rel)
        except (SourceError, DiagnosticError) as exc:
            message = exc.message if isinstance(exc, SourceError) else str(exc)
            self.notify(message, title=f"Cannot open {rel}", severity="error")

    def ask_unsaved(self, doing: str, then: Any) -> None:
        """Ask what to do with unsaved changes before ``then()``: save, discard or cancel."""

        def answered(choice: str | None) -> None:
            if choice == "save":
                if self.ws.save().ok:
                    then()
            elif choice == "discard":
                then()
            else:
                self.browser.set_current(self.ws.rel)

        self.app.push_screen(ConfirmUnsaved(self.ws.rel or "", doing), answered)

    def action_save(self) -> None:
        if self.ws.buffer is None:
            return
        outcome = self.ws.save()
        if outcome.state.value == "saved":
            self.notify(outcome.message, timeout=2)
        elif outcome.state.value == "failed":
            self.notify(outcome.message, title="Not saved", severity="error")
        elif outcome.state.value == "unchanged":
            self.notify("nothing to save", timeout=2)

    # -- the browser's details, in the background ------------------------------------

    @work(thread=True, exclusive=True, group="browser", exit_on_error=False)
    def scan_browser(self, resources: list[str]) -> None:
        worker = get_current_worker()
        ws = self.ws
        for count in (False, True):
            for rel in resources:
                if worker.is_cancelled:
                    return
                try:
                    entry = summarize_resource(
                        ws.project, rel, ws.session_language, ws.encoding, count=count
                    )
                except Exception:
                    continue
                self.app.call_from_thread(self.browser.update_entry, entry)
                time.sleep(0.001)  # let the UI thread and the renders have the interpreter

    def refresh_browser_entry(self, rel: str | None) -> None:
        if rel is not None:
            self._refresh_entry(rel)

    @work(thread=True, group="browser-one", exit_on_error=False)
    def _refresh_entry(self, rel: str) -> None:
        ws = self.ws
        entry = summarize_resource(ws.project, rel, ws.session_language, ws.encoding, count=True)
        self.app.call_from_thread(self.browser.update_entry, entry)


def _first_agent(resources: list[str]) -> str | None:
    for rel in resources:
        if "/agents/" in f"/{rel}" or rel.startswith("agents/"):
            return rel
    return resources[0] if resources else None
