"""What the main screen shows of its Workspace: the views follow the workspace's state.

``MainScreen`` turns the author's input into workspace calls; ``WorkspaceViews``
goes the other way. On each ``WorkspaceChanged`` message (``app/bridge.py``) and
each report from disk (``app/disk_watch.py``) it brings the views in line with
the workspace as it is when the message is handled: a view that already shows
the current text (the one the author is typing in) is left alone, so no view
needs to know which one made a change. The browser's details are counted in a
background worker once the first render is shown with its counts.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual.geometry import Offset
from textual.worker import get_current_worker

from agent_workbench.app.give_way import give_way
from agent_workbench.app.widgets.error_panel import ErrorPanel
from agent_workbench.app.widgets.status import StatusBar
from agent_workbench.model.document import AgentDocument
from agent_workbench.model.outside import title_of
from agent_workbench.session.disk_sync import OpenAgentChange, SyncReport
from agent_workbench.session.events import WorkspaceEvent
from agent_workbench.session.rendering import rendered_fields
from agent_workbench.session.summary import ResourceSummary, summarize_resource

if TYPE_CHECKING:
    from agent_workbench.app.screens.main import MainScreen

DELETED_NOTE = "deleted on disk (your text is kept; saving recreates it)"
# Seconds after mounting: the disk is watched and the browser counted by then even when
# the first preview never gets its counts (a slow render, a tokenizer that fails to load).
BACKGROUND_LATEST = 3.0


class WorkspaceViews:
    """Keeps the main screen's editor, form, preview, problems, status and browser
    in step with its workspace."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.ws = screen.ws
        self.resources: list[str] = []  # what the browser lists
        # (render, preview mode) in the preview; (None, agent) when it has no render
        self._shown: tuple[Any, str | None] | None = None
        self._shown_rel: str | None = None  # the agent whose render the preview shows
        self._form_fields_from_render = False
        self._background_started = False  # see start_background_work
        self._reading_names: set[str] = set()  # agents folders a worker is reading
        self._names_failed: dict[str, object] = {}  # folder: the index's version then
        self.ws.names.read_later = self.read_names_later

    # -- workspace events --------------------------------------------------------

    def show_event(self, event: WorkspaceEvent) -> None:
        screen = self.screen
        if event is WorkspaceEvent.OPENED:
            self.load_views()
            screen.request_render()
        elif event is WorkspaceEvent.CHANGED:
            self.sync_views()
            screen.request_render(only_if_new=True)
        elif event is WorkspaceEvent.LANGUAGE:
            screen.request_render()
            self.scan_browser(self.ws.resources())
        elif event is WorkspaceEvent.RENDERED:
            self.show_render()
            if self._first_preview_done():
                self.start_background_work()
        elif event is WorkspaceEvent.SAVED:
            self.refresh_browser_entry(self.ws.rel)
        self.refresh_status()

    def load_views(self) -> None:
        """A buffer was opened or reloaded: fill the editor and the form."""
        agent = self.ws.agent
        document = self.ws.document
        if agent is None or document is None:
            return
        screen = self.screen
        screen.browser.set_current(self.ws.rel)
        source = agent.edit_refusal_reason is not None and agent.load_error is None
        self.load_editor(document, "source" if source else "body")
        self._form_fields_from_render = agent.has_template_blocks
        screen.form.load(agent, problems=self.ws.diagnostics())
        screen.sub_title = title_of(self.ws.project, self.ws.rel)

    def load_editor(self, document: AgentDocument, mode: str) -> None:
        editor = self.screen.editor
        if mode == "source":
            editor.show(document.text, mode="source", first_line=1)
        else:
            editor.show(document.body, mode="body", first_line=document.body_first_line)

    def sync_views(self) -> None:
        """The text changed: update the views that do not show it yet."""
        document, agent = self.ws.document, self.ws.agent
        if document is None or agent is None:
            return
        editor, form = self.screen.editor, self.screen.form
        source = editor.mode == "source"
        text = document.text if source else document.body
        if editor.current_text() != text:  # not typed in the editor
            editor.line_number_start = 1 if source else document.body_first_line
            editor.replace_all(text)
        if form.frontmatter != document.frontmatter:  # not edited in the form
            form.load(agent, self._rendered_fields())
            self._form_fields_from_render = agent.has_template_blocks

    def _rendered_fields(self) -> dict[str, Any] | None:
        result = self.ws.last_good
        return rendered_fields(result) if result is not None else None

    # -- renders, problems, status -------------------------------------------------

    def show_render(self, *, editing: bool = False) -> None:
        """The last good render in the preview, its problems, and the form's fields as
        rendered when the frontmatter holds template logic (not while ``editing``: the
        render's own message brings them)."""
        screen = self.screen
        result = self.ws.last_good
        mode = screen.preview_mode
        if result is not None and self.ws.languages() and result.language != self.ws.language:
            result = None  # a render for another language is not this one's, even stale
        errors = self.ws.render_errors
        reason = errors[0].format() if errors else ""
        if result is not None:
            text = result.output if mode == "installed" else result.body
            if self._shown != (result, mode):
                self._shown = (result, mode)
                self._show(text or "", mode, result.rel)
        elif errors:
            # Never another agent's (or language's) text under this one's name.
            reason = f"no render of this agent for {self.ws.language or 'its language'}: {reason}"
            if self._shown != (None, self.ws.rel):
                self._shown = (None, self.ws.rel)
                self._show("", mode, self.ws.rel)
        screen.preview.mark_stale(bool(errors), reason)
        if self._form_fields_from_render and result is not None and not editing:
            self._form_fields_from_render = False
            agent = self.ws.agent
            if agent is not None:
                screen.form.load(agent, rendered_fields(result))
        self.show_problems()

    def show_problems(self) -> None:
        screen = self.screen
        diagnostics = self.ws.diagnostics()
        problems = screen.query_one(ErrorPanel)
        problems.show(diagnostics)
        problems.set_class(not diagnostics, "-empty")
        screen.form.show_problems(diagnostics)  # each field's, from the same answer

    def _show(self, text: str, mode: str, rel: str | None) -> None:
        """Show a render; another agent's starts at its top (not at the last one's scroll)."""
        preview = self.screen.preview
        preview.show(text, mode)
        if rel != self._shown_rel:
            self._shown_rel = rel
            preview.scroll_home(animate=False)

    def refresh_status(self) -> None:
        """The status line, and the browser's unsaved marker (``●``) on the open file's line."""
        ws = self.ws
        self.screen.query_one(StatusBar).refresh_from(ws)
        unsaved = frozenset([ws.rel]) if ws.dirty and ws.rel is not None else frozenset()
        self.screen.browser.set_unsaved(unsaved)

    # -- the browser's details, in the background ------------------------------------

    def start_background_work(self) -> None:
        """What the first preview does not need: watching the disk (its first scan stats
        every file of the project), the browser's counts, the garbage collector (see
        ``IdleCollector.start``) and sweeping the temporary files of killed saves.
        Started once, when the first preview has its counts or ``BACKGROUND_LATEST``
        seconds after mounting."""
        if not self._background_started:
            self._background_started = True
            self.screen.idle_gc.start()
            self.screen.disk_watch.watch()
            self.scan_browser(self.resources)
            self.screen.run_worker(
                self.ws.sweep_temp_files, group="sweep", thread=True, exit_on_error=False
            )
            for folder in sorted(self._reading_names):  # asked for before, see read_names_later
                self._start_names_read(folder)

    def _first_preview_done(self) -> bool:
        """The open agent's first render is shown with its counts (or has failed): the
        browser-wide work may start; before, it would take the interpreter from it."""
        result = self.ws.last_result
        if result is None:
            return False
        return self.ws.tokens is not None or not result.ok or result.output is None

    def scan_browser(self, resources: list[str]) -> None:
        self.screen.run_worker(
            lambda: self._scan(resources),
            group="browser",
            exclusive=True,
            thread=True,
            exit_on_error=False,
        )

    def _scan(self, resources: list[str]) -> None:
        worker = get_current_worker()
        ws = self.ws
        call, update = self.screen.app.call_from_thread, self.screen.browser.update_entry
        for count in (False, True):
            for rel in resources:
                if worker.is_cancelled:
                    return
                try:
                    entry = summarize_resource(
                        ws.project,
                        rel,
                        ws.session_language,
                        ws.encoding,
                        count=count,
                        names=ws.names,
                    )
                except Exception:
                    continue
                call(update, entry)
                give_way()
        call(self.screen.idle_gc.poke)  # a collection once idle frees what the scan left

    def read_names_later(self, folder: str) -> bool:
        """The open agent's name is checked against the other agents of its folder once a
        worker has read them (``NameIndex.read_later``): asked on the UI thread, the first
        preview and every key after a change on disk waited for each file of the folder.
        A worker (the browser's counts) reads them where it asks. Not before the first
        preview is shown: a worker then shares the interpreter with the first frame."""
        if threading.current_thread() is not threading.main_thread():
            return False
        failed = self._names_failed.get(folder)
        if folder in self._reading_names or failed is self.ws.names.version:
            return True
        self._reading_names.add(folder)
        if self._background_started:
            self._start_names_read(folder)
        return True  # else started with the background work

    def _start_names_read(self, folder: str) -> None:
        self.screen.run_worker(
            lambda: self._read_names(folder), group="names", thread=True, exit_on_error=False
        )

    def _read_names(self, folder: str) -> None:
        version = self.ws.names.version
        try:
            self.ws.names.read(folder, give_way)
        except Exception:  # not asked again until the disk changes (no loop of workers)
            self._names_failed[folder] = version
            raise
        finally:
            self.screen.app.call_from_thread(self._names_read, folder)

    def _names_read(self, folder: str) -> None:
        self._reading_names.discard(folder)
        ws = self.ws
        if ws.agent is None:
            return
        self.show_problems()  # with the clash, if the open agent has one
        self.refresh_status()
        entry = self.screen.browser.entries.get(ws.rel or "")
        if entry is not None and not ws.dirty and entry.errors != ws.error_count():
            self.refresh_browser_entry(ws.rel)  # its line in the list says the same

    def refresh_browser_entry(self, rel: str | None) -> None:
        if rel is not None:
            self.screen.run_worker(
                lambda: self._count_one(rel), group="browser-one", thread=True, exit_on_error=False
            )

    def _count_one(self, rel: str) -> None:
        ws = self.ws
        entry = summarize_resource(
            ws.project, rel, ws.session_language, ws.encoding, count=True, names=ws.names
        )
        self.screen.app.call_from_thread(self.screen.browser.update_entry, entry)

    # -- what the disk changed (app/disk_watch.py) ----------------------------------------

    def show_sync(self, report: SyncReport, scroll: Offset) -> None:
        """Show a batch from disk: reloads keep the cursor, the scroll position (``scroll``,
        the editor's before the batch) and the view; the browser gains new agents, marks
        the deleted open agent and follows renames; stale counts are refreshed."""
        screen, ws = self.screen, self.ws
        change = report.open_agent
        if change in (OpenAgentChange.RELOADED, OpenAgentChange.RECREATED):
            # After the reload's own message (already queued) has refilled the editor.
            screen.call_later(screen.editor.scroll_to, scroll.x, scroll.y, animate=False)
            screen.notify(f"{ws.rel} reloaded from disk", timeout=2)
        elif change is OpenAgentChange.CONFLICT:
            screen.disk_watch.show_conflict()
        elif change is OpenAgentChange.DELETED:
            screen.notify(DELETED_NOTE, title=ws.rel or "", severity="warning")
        elif change is OpenAgentChange.RENAMED:
            screen.sub_title = title_of(ws.project, ws.rel)
            screen.notify(f"moved to {ws.rel}", title=report.renamed_from or "", timeout=3)

        if report.resources_added or report.resources_deleted or report.resources_renamed:
            self._update_browser_list()
        if change is OpenAgentChange.DELETED or (ws.buffer is not None and ws.buffer.deleted):
            screen.browser.update_entry(ResourceSummary(ws.rel or "", error=DELETED_NOTE, errors=1))
        if report.config_changed:
            if report.language_changed:
                screen.notify(f"agpm.toml changed: language is now {ws.language}", timeout=3)
            self.refresh_status()
        reloaded = change in (OpenAgentChange.RELOADED, OpenAgentChange.RECREATED)
        if report.rerender_open and not reloaded:  # a reload has asked for its render already
            screen.request_render()
        if report.names_changed and ws.agent is not None:
            self.show_problems()  # the folder's names are read again (``read_names_later``)
        if report.stale:
            self._mark_stale(report.stale)
            screen.disk_watch.queue_refresh(report.stale)

    def _update_browser_list(self) -> None:
        ws, browser = self.ws, self.screen.browser
        resources = ws.resources()
        if ws.rel is not None and ws.rel not in resources:
            resources.append(ws.rel)  # deleted on disk, still open: listed and marked
        browser.set_resources(resources)
        browser.set_current(ws.rel)

    def _mark_stale(self, rels: set[str]) -> None:
        browser = self.screen.browser
        for rel in rels:
            entry = browser.entries.get(rel)
            if entry is not None and entry.tokens is not None and not entry.stale:
                browser.update_entry(replace(entry, stale=True))

    def show_counts(self, entries: list[ResourceSummary]) -> None:
        """Fresh counts from the background refresh (entries the browser still lists)."""
        browser = self.screen.browser
        for entry in entries:
            if entry.rel in browser.entries:
                browser.update_entry(entry)
        self.screen.disk_watch.learn(browser.entries)
