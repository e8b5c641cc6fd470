"""The app side of staying in sync with the disk (``agent_workbench.session.disk_sync`` does the deciding).

``DiskWatch`` is an invisible widget the main screen composes. It starts the
project watcher, receives each settled ``ChangeBatch`` as a message on the UI
thread, lets ``DiskSync.apply`` update the workspace, and then moves the
screen: reloads keep the cursor, the scroll position and the selected view;
a conflict opens ``ConflictScreen``; the browser gains new agents, marks the
deleted open agent and follows renames; stale counts refresh in a background
worker, one agent at a time, so a 500-file checkout never blocks a key.
"""

from __future__ import annotations

import subprocess
import threading
import time
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual import work
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.worker import get_current_worker

from agent_workbench.app.screens.conflict import ConflictChoice, ConflictScreen
from agent_workbench.session.disk_sync import DiskSync, OpenAgentChange, SyncReport
from agent_workbench.session.summary import ResourceSummary, summarize_resource
from agent_workbench.session.watching import ChangeBatch, WatchSettings
from agent_workbench.session.workspace import WorkspaceEvent

if TYPE_CHECKING:
    from agent_workbench.app.screens.main import MainScreen

REFRESH_DELAY = 0.3  # seconds: stale counts wait for the open agent's render to go first
DELETED_NOTE = "deleted on disk (your text is kept; saving recreates it)"


class DiskWatch(Widget):
    """Watches the project for the main screen; never shown."""

    DEFAULT_CSS = "DiskWatch { display: none; }"

    class Changed(Message):
        """A settled batch of changes on disk (posted from the watcher's thread)."""

        def __init__(self, batch: ChangeBatch) -> None:
            super().__init__()
            self.batch = batch

    def __init__(self, *, settings: WatchSettings | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.settings = settings
        self.sync: DiskSync | None = None
        self.last_report: SyncReport | None = None
        self.batches_applied = 0
        self._conflict_open = False
        self._unsubscribe: Any = None
        self._learned: dict[str, ResourceSummary] = {}
        self._pending: set[str] = set()  # agents whose counts wait for the refresh worker
        self._pending_lock = threading.Lock()
        self._refreshing = False
        self._refresh_timer: Timer | None = None

    @property
    def main(self) -> MainScreen:
        return self.screen  # type: ignore[return-value]

    # -- life cycle ------------------------------------------------------------------

    def on_mount(self) -> None:
        ws = self.main.ws
        self.sync = DiskSync(ws, settings=self.settings)
        self._unsubscribe = ws.subscribe(self._on_workspace_event)
        self._start_watching()

    @work(thread=True, group="disk-watch-start", exit_on_error=False)
    def _start_watching(self) -> None:
        if self.sync is not None:
            self.sync.start(lambda batch: self.post_message(self.Changed(batch)))

    def on_unmount(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        if self.sync is not None:
            self.sync.detach()

    @property
    def watching(self) -> bool:
        """The watcher is in place: a write from now on will be seen."""
        watcher = self.sync.watcher if self.sync is not None else None
        return watcher is not None and watcher.ready

    # -- the workspace's own events ----------------------------------------------------

    def _on_workspace_event(self, event: WorkspaceEvent) -> None:
        if event is WorkspaceEvent.CONFLICT:
            # A save found the disk changed: DiskSync has built the conflict already.
            self.call_after_refresh(self.show_conflict)

    # -- a batch from disk ---------------------------------------------------------------

    def on_disk_watch_changed(self, message: DiskWatch.Changed) -> None:
        message.stop()
        if self.sync is None:
            return
        screen = self.main
        editor = screen.editor
        scroll = editor.scroll_offset
        self._learn_from_browser()
        report = self.sync.apply(message.batch)  # may reload the buffer (CHANGED → views)
        self.last_report = report
        self.batches_applied += 1
        ws = screen.ws
        change = report.open_agent

        if change in (OpenAgentChange.RELOADED, OpenAgentChange.RECREATED):
            editor.scroll_to(scroll.x, scroll.y, animate=False)
            self.notify(f"{ws.rel} reloaded from disk", timeout=2)
        elif change is OpenAgentChange.CONFLICT:
            self.show_conflict()
        elif change is OpenAgentChange.DELETED:
            self.notify(DELETED_NOTE, title=ws.rel or "", severity="warning")
        elif change is OpenAgentChange.RENAMED:
            screen.sub_title = ws.rel or ""
            self.notify(f"moved to {ws.rel}", title=report.renamed_from or "", timeout=3)

        if report.resources_added or report.resources_deleted or report.resources_renamed:
            self._update_browser_list()
        if change is OpenAgentChange.DELETED or (ws.buffer is not None and ws.buffer.deleted):
            screen.browser.update_entry(ResourceSummary(ws.rel or "", error=DELETED_NOTE, errors=1))
        if report.config_changed:
            if report.language_changed:
                self.notify(f"agpm.toml changed: language is now {ws.language}", timeout=3)
            screen.refresh_status()
        reloaded = change in (OpenAgentChange.RELOADED, OpenAgentChange.RECREATED)
        if report.rerender_open and not reloaded:  # a reload has asked for its render already
            screen.request_render()
        if report.stale:
            self._mark_stale(report.stale)
            self.queue_refresh(report.stale)

    def _update_browser_list(self) -> None:
        screen = self.main
        ws = screen.ws
        resources = ws.resources()
        if ws.rel is not None and ws.rel not in resources:
            resources.append(ws.rel)  # deleted on disk, still open: listed and marked
        screen.browser.set_resources(resources)
        screen.browser.set_current(ws.rel)

    # -- background counts -----------------------------------------------------------------

    class Counted(Message):
        """Fresh browser entries from the background refresh (posted from its thread)."""

        def __init__(self, entries: list[ResourceSummary]) -> None:
            super().__init__()
            self.entries = entries

    def _learn_from_browser(self) -> None:
        """Teach the dependency graph what the browser's counting renders read."""
        sync = self.sync
        if sync is None:
            return
        open_rel = self.main.ws.rel
        for rel, entry in self.main.browser.entries.items():
            if entry.files_read and self._learned.get(rel) is not entry:
                self._learned[rel] = entry
                if rel != open_rel:
                    sync.graph.forget(rel)
                sync.graph.update(rel, entry.language, entry.files_read, ok=entry.rendered_ok)

    def _mark_stale(self, rels: set[str]) -> None:
        browser = self.main.browser
        for rel in rels:
            entry = browser.entries.get(rel)
            if entry is not None and entry.tokens is not None and not entry.stale:
                browser.update_entry(replace(entry, stale=True))

    def queue_refresh(self, rels: set[str]) -> None:
        """Re-count ``rels`` in the background once the open agent has had its turn."""
        with self._pending_lock:
            self._pending |= rels
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
        self._refresh_timer = self.set_timer(REFRESH_DELAY, self._start_refresh)

    def _start_refresh(self) -> None:
        self._refresh_timer = None
        if not self._refreshing:
            self._refreshing = True
            self.refresh_stale()

    def _next_pending(self) -> str | None:
        with self._pending_lock:
            if not self._pending:
                self._refreshing = False
                return None
            rel = min(self._pending)
            self._pending.discard(rel)
            return rel

    @work(thread=True, group="disk-watch-stale", exit_on_error=False)
    def refresh_stale(self) -> None:
        """Re-count the queued agents off the UI thread, posting results in small batches."""
        worker = get_current_worker()
        ws = self.main.ws
        done: list[ResourceSummary] = []
        last_post = time.monotonic()
        while (rel := self._next_pending()) is not None:
            if worker.is_cancelled:
                self._refreshing = False
                return
            if rel == ws.rel or not ws.project.abspath(rel).is_file():
                continue
            try:
                entry = summarize_resource(
                    ws.project, rel, ws.session_language, ws.encoding, count=True
                )
            except Exception:
                continue
            done.append(entry)
            if len(done) >= 50 or time.monotonic() - last_post > 0.1:
                self.post_message(self.Counted(done))
                done, last_post = [], time.monotonic()
        if done:
            self.post_message(self.Counted(done))

    def on_disk_watch_counted(self, message: DiskWatch.Counted) -> None:
        message.stop()
        browser = self.main.browser
        for entry in message.entries:
            if entry.rel in browser.entries:
                browser.update_entry(entry)
        self._learn_from_browser()

    # -- conflicts -----------------------------------------------------------------------------

    def show_conflict(self) -> None:
        sync = self.sync
        if sync is None or sync.conflict is None or self._conflict_open:
            return
        self._conflict_open = True
        self.app.push_screen(ConflictScreen(sync.conflict), self._resolve)

    def _resolve(self, choice: ConflictChoice | None) -> None:
        self._conflict_open = False
        sync = self.sync
        if sync is None:
            return
        if choice == "mine":
            outcome = sync.keep_mine()
            severity = "information" if outcome.ok else "error"
            self.notify(outcome.message, severity=severity, timeout=3)
        elif choice == "disk":
            if sync.take_disk():
                self.notify("loaded the version on disk", timeout=2)
        elif choice == "editor":
            self._merge_in_editor()
        else:
            self.notify(
                "unsaved changes kept; the file on disk differs (saving will ask again)",
                severity="warning",
                timeout=4,
            )

    def _merge_in_editor(self) -> None:
        sync = self.sync
        if sync is None:
            return

        def run(command: list[str]) -> object:
            with self.app.suspend():
                return subprocess.run(command, check=False)

        try:
            done = sync.merge_in_editor(run)
        except Exception as exc:
            self.notify(f"could not run the editor: {exc}", severity="error")
            return
        if done:
            self.notify("merged text loaded (unsaved); Ctrl+S saves it", timeout=3)
        else:
            self.notify("could not run $EDITOR; nothing changed", severity="error")
