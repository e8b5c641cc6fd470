"""The main screen: browser | form and prompt editor | preview, problems, status, footer.

The screen lays out the views (``MainPanes`` shows, hides and focuses them) and
turns the author's input (keys, edits in the editor and the form, picks in the
browser) into calls on its ``Workspace``. The way back is messages:
``WorkspaceChanged`` from the bridge (``app/bridge.py``) and ``DiskWatch``'s
reports, shown by ``WorkspaceViews`` (``workspace_views.py``). Renders are run
by a ``RenderSchedule``: at once, before the keystroke's frame is painted, when
the last render was cheap; in a thread worker otherwise (a newer job makes an
older result stale, and the workspace drops it), so typing never waits long.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Footer, TabbedContent, TabPane, TextArea

from agent_workbench.app.bridge import WorkspaceBridge, WorkspaceChanged
from agent_workbench.app.disk_watch import DiskWatch
from agent_workbench.app.external_editor import edit_in_editor
from agent_workbench.app.idle_gc import IdleCollector
from agent_workbench.app.keys import key_for
from agent_workbench.app.render_schedule import RenderSchedule
from agent_workbench.app.screens.confirm import ConfirmUnsaved
from agent_workbench.app.screens.main_keys import MAIN_BINDINGS
from agent_workbench.app.screens.main_panes import MainPanes
from agent_workbench.app.screens.save_flow import discard_or_reload, save_open_agent
from agent_workbench.app.screens.workspace_views import BACKGROUND_LATEST, WorkspaceViews
from agent_workbench.app.widgets.browser import AgentBrowser
from agent_workbench.app.widgets.editor import PromptEditor
from agent_workbench.app.widgets.error_panel import ErrorPanel
from agent_workbench.app.widgets.field_edit import FieldEdit
from agent_workbench.app.widgets.form import AgentForm
from agent_workbench.app.widgets.preview import MODES, Preview
from agent_workbench.app.widgets.status import StatusBar
from agent_workbench.model.diagnostics import DiagnosticError
from agent_workbench.model.sources import SourceError
from agent_workbench.session.events import SaveOutcome, WorkspaceEvent
from agent_workbench.session.workspace import Workspace


class MainScreen(MainPanes):
    """Presents a Workspace; the CSS draws the panes (``main_panes.py``) and their modes."""

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
    BINDINGS: ClassVar[list[BindingType]] = MAIN_BINDINGS  # main_keys.py

    def __init__(self, workspace: Workspace, initial: str | None = None) -> None:
        super().__init__()
        self.ws = workspace
        self.initial = initial
        self.preview_mode = "markdown"
        self.views = WorkspaceViews(self)
        self.renders = RenderSchedule(self, workspace, self._render_failed)
        self.idle_gc = IdleCollector(self)  # full garbage collections when the author pauses
        self.bridge = WorkspaceBridge(workspace, self)
        self.disk_watch = DiskWatch(self, workspace)  # follows the disk

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

    def add_view(self, title: str, widget: Widget, *, id: str) -> None:
        """Add a tab beside the preview (the diff view and the Changes panel go here)."""
        self.query_one("#views", TabbedContent).add_pane(TabPane(title, widget, id=id))

    def on_mount(self) -> None:
        self.disk_watch.start(watch=False)  # watching starts after the first preview
        self.set_timer(BACKGROUND_LATEST, self.views.start_background_work)
        self.editor.on_edit = self._editor_changed
        self.query_one(ErrorPanel).add_class("-empty")
        resources = self.ws.resources()
        self.browser.set_resources(resources)
        first = self.initial or _first_agent(resources)
        self.views.resources = resources
        if first is not None:
            self.open_agent(first)  # the browser's details follow its first render
        else:
            self.views.refresh_status()
            self.views.start_background_work()

    def on_unmount(self) -> None:
        self.idle_gc.stop()
        self.bridge.close()
        self.disk_watch.stop()

    # -- what the workspace and the disk report ----------------------------------------

    @on(WorkspaceChanged)
    def _workspace_changed(self, message: WorkspaceChanged) -> None:
        self.views.show_event(message.event)
        if message.event is WorkspaceEvent.CONFLICT and self.ws.conflict is not None:
            # A save found the disk changed: DiskSync has built the conflict already.
            self.notify(self.ws.conflict.message, title="Not saved", severity="error")
            self.call_after_refresh(self.disk_watch.show_conflict)

    @on(DiskWatch.Settled)
    def _disk_settled(self, message: DiskWatch.Settled) -> None:
        scroll = self.editor.scroll_offset
        report = self.disk_watch.apply(message.batch, self.browser.entries)
        if report is not None:
            self.views.show_sync(report, scroll)

    @on(DiskWatch.Counted)
    def _disk_counted(self, message: DiskWatch.Counted) -> None:
        self.views.show_counts(message.entries)

    # -- rendering ---------------------------------------------------------------

    def request_render(self, *, only_if_new: bool = False) -> None:
        self.idle_gc.poke()
        self.renders.request(only_if_new=only_if_new)

    def _show_edit(self) -> None:
        """The author's edit, rendered and shown at once when the render is cheap: before
        the keystroke's frame is painted. The messages the edit posted (CHANGED, RENDERED)
        then find the views up to date."""
        self.request_render(only_if_new=True)
        self.views.show_render(editing=True)
        self.views.refresh_status()

    def _render_failed(self, message: str) -> None:
        self.notify(message, title="Internal error", severity="error")

    # -- the author's edits ------------------------------------------------------

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
        changed = self.ws.set_text(text) if editor.mode == "source" else self.ws.set_body(text)
        if changed:
            self._show_edit()

    @on(FieldEdit)
    def _field_edit(self, event: FieldEdit) -> None:
        event.stop()
        agent = self.ws.agent
        if self.ws.buffer is None or agent is None:
            return
        try:
            if event.rename is not None:  # a pattern rule's pattern (form_rules.py)
                self.ws.rename_field(*event.rename)
            elif event.move is not None:  # a pattern rule up or down
                self.ws.move_field(*event.move)
            else:
                group = tuple(sorted([*event.sets, *event.unsets]))  # one undo step per value
                self.ws.set_fields(event.sets, event.unsets, group=group)
        except DiagnosticError as exc:
            self.notify(exc.diagnostic.message, title="Not changed", severity="error")
            return
        if self.ws.agent is not None:
            self.form.sync(self.ws.agent)  # the form shows the change already: keep its widgets
        self._show_edit()

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
            self.views.load_editor(document, "source")
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
                if self.save().ok:
                    then()
            elif choice == "discard":
                then()
            else:
                self.browser.set_current(self.ws.rel)

        self.app.push_screen(ConfirmUnsaved(self.ws.rel or "", doing), answered)

    def save(self) -> SaveOutcome:
        """Save; a form field left invalid keeps the file's value (``save_flow.py``)."""
        return save_open_agent(self)

    def action_save(self) -> None:
        if self.ws.buffer is not None:
            self.save()

    # -- keys and palette entries ----------------------------------------------------

    def action_cycle_language(self) -> None:
        from agent_workbench.app.screens.language import language_pinned

        if self.ws.buffer is None or language_pinned(self, self.ws.variant):
            return
        languages = self.ws.languages()
        if not languages:
            self.notify("this agent renders the same for every language", timeout=2)
            return
        self.ws.cycle_language()

    def action_cycle_variant(self) -> None:
        """F7: render as the next agpm.toml entry pointing at this agent (then as the file)."""
        if self.ws.buffer is None:
            return
        if not self.ws.variants():
            self.notify("no agpm.toml entry points at this agent", timeout=2)
            return
        variant = self.ws.cycle_variant()
        name = variant.name if variant is not None else "the file as it is"
        self.notify(f"rendering as {name}", timeout=2)

    def action_choose_language(self) -> None:
        from agent_workbench.app.screens.language import LanguageScreen, language_pinned

        if language_pinned(self, self.ws.variant):
            return

        def chosen(language: str | None) -> None:
            if language:
                self.ws.set_language(language)

        self.app.push_screen(
            LanguageScreen(self.ws.languages(), self.ws.language, self.ws.project), chosen
        )

    def set_preview_mode(self, mode: str) -> None:
        self.preview_mode = mode
        self.views.show_render()

    def action_cycle_preview(self) -> None:
        self.set_preview_mode(MODES[(MODES.index(self.preview_mode) + 1) % len(MODES)])

    def action_toggle_source(self) -> None:
        document = self.ws.document
        if document is None:
            return
        mode = "body" if self.editor.mode == "source" else "source"
        self.views.load_editor(document, mode)
        self.query_one("#edit-tabs", TabbedContent).active = "tab-prompt"
        self.notify(
            f"editing the {'whole source' if mode == 'source' else 'prompt body'}", timeout=2
        )

    def action_tokens(self) -> None:
        from agent_workbench.app.screens.tokens import TokensScreen

        if self.ws.buffer is not None:
            self.app.push_screen(TokensScreen(self.ws))

    def action_repair(self) -> None:
        agent = self.ws.agent
        if agent is None or agent.yaml_error is None:
            self.notify("the frontmatter is valid YAML; nothing to repair", timeout=2)
            return
        left = self.ws.repair()
        self.keys_wait_for_views()
        if left:
            self.notify("\n".join(left), title="Could not repair everything", severity="warning")
        else:
            undo, save = key_for(self.app, "undo-edit"), key_for(self.app, "save")
            self.notify(f"repaired (unsaved; {undo} undoes it, {save} saves)", timeout=3)

    def action_discard(self) -> None:
        discard_or_reload(self)  # save_flow.py
        self.keys_wait_for_views()

    def action_undo_edit(self) -> None:
        if not self.ws.undo():
            self.notify("no form edit to undo", timeout=2)
        self.keys_wait_for_views()

    def action_external_editor(self) -> None:
        if self.ws.buffer is None:
            return
        if self.ws.dirty:
            self.ask_unsaved("Open in $EDITOR", self._edit_externally)
        else:
            self._edit_externally()

    def _edit_externally(self) -> None:
        buffer = self.ws.buffer
        if buffer is None:
            return
        problem = edit_in_editor(self.app, buffer.path)
        if problem is not None:
            self.notify(problem, severity="error")
        elif not self.ws.dirty:
            self.ws.reload()


def _first_agent(resources: list[str]) -> str | None:
    for rel in resources:
        if "/agents/" in f"/{rel}" or rel.startswith("agents/"):
            return rel
    return resources[0] if resources else None
