"""The app side of staying in sync with the disk (``agent_workbench.session.disk_sync`` does the deciding).

``DiskWatch`` is a service the main screen owns (not a widget). It starts the
project watcher and posts each settled ``ChangeBatch`` to the screen as a
``DiskWatch.Settled`` message; the screen's handler calls ``apply`` (which lets
``DiskSync.apply`` update the workspace) and shows the ``SyncReport``. Stale
counts are refreshed in a background worker, one agent at a time, so a 500-file
checkout never blocks a key, and arrive as ``DiskWatch.Counted`` messages. A
conflict opens ``ConflictScreen`` and carries out the author's choice.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import get_current_worker

from agent_workbench.app.external_editor import run_suspended
from agent_workbench.app.give_way import give_way
from agent_workbench.app.keys import key_for
from agent_workbench.session.disk_sync import DiskSync, SyncReport
from agent_workbench.session.summary import ResourceSummary, summarize_resource
from agent_workbench.session.watching import ChangeBatch, WatchSettings
from agent_workbench.session.workspace import Workspace

if TYPE_CHECKING:
    from agent_workbench.app.screens.conflict import ConflictChoice

REFRESH_DELAY = 0.3  # seconds: stale counts wait for the open agent's render to go first
DELETED_NOTE = "deleted on disk (your text is kept; saving recreates it)"


class DiskWatch:
    """Watches the project for ``screen`` (whose workers and timers it uses)."""

    class Settled(Message):
        """A settled batch of changes on disk (posted from the watcher's thread)."""

        def __init__(self, batch: ChangeBatch) -> None:
            super().__init__()
            self.batch = batch

    def __init__(
        self, screen: Screen[Any], workspace: Workspace, *, settings: WatchSettings | None = None
    ) -> None:
        self.screen = screen
        self.ws = workspace
        self.settings = settings
        self.sync: DiskSync | None = None
        self.last_report: SyncReport | None = None
        self.batches_applied = 0
        self._conflict_open = False
        self._learned: dict[str, ResourceSummary] = {}
        self._pending: set[str] = set()  # agents whose counts wait for the refresh worker
        self._pending_lock = threading.Lock()
        self._refreshing = False
        self._refresh_timer: Timer | None = None

    # -- life cycle ------------------------------------------------------------------

    def start(self, *, watch: bool = True) -> None:
        """Follow the workspace's renders (the dependency graph) from now on; watch the
        disk now, or (``watch=False``) from ``watch()``."""
        self.sync = DiskSync(self.ws, settings=self.settings)
        if watch:
            self.watch()

    def watch(self) -> None:
        """Start the project watcher in a worker (its first scan stats every file)."""
        if self.sync is not None and self.sync.watcher is None:
            self.screen.run_worker(
                self._start_watching, group="disk-watch-start", thread=True, exit_on_error=False
            )

    def _start_watching(self) -> None:
        if self.sync is not None:
            self.sync.start(self._settled)

    def _settled(self, batch: ChangeBatch) -> None:
        """The watcher's callback (its thread): the batch goes to the screen as a message."""
        self.screen.post_message(self.Settled(batch))

    def stop(self) -> None:
        if self.sync is not None:
            self.sync.detach()

    @property
    def watching(self) -> bool:
        """The watcher is in place: a write from now on will be seen."""
        watcher = self.sync.watcher if self.sync is not None else None
        return watcher is not None and watcher.ready

    # -- a batch from disk ---------------------------------------------------------------

    def apply(self, batch: ChangeBatch, known: Mapping[str, ResourceSummary]) -> SyncReport | None:
        """Bring the workspace in line with ``batch`` (may reload the buffer); ``known``:
        the browser's entries, whose renders teach the dependency graph what they read."""
        if self.sync is None:
            return None
        self.learn(known)
        report = self.sync.apply(batch)
        self.last_report = report
        self.batches_applied += 1
        return report

    # -- background counts -----------------------------------------------------------------

    class Counted(Message):
        """Fresh browser entries from the background refresh (posted from its thread)."""

        def __init__(self, entries: list[ResourceSummary]) -> None:
            super().__init__()
            self.entries = entries

    def learn(self, entries: Mapping[str, ResourceSummary]) -> None:
        """Teach the dependency graph what the browser's counting renders read."""
        sync = self.sync
        if sync is None:
            return
        open_rel = self.ws.rel
        for rel, entry in entries.items():
            if entry.files_read and self._learned.get(rel) is not entry:
                self._learned[rel] = entry
                if rel != open_rel:
                    sync.graph.forget(rel)
                sync.graph.update(rel, entry.language, entry.files_read, ok=entry.rendered_ok)

    def queue_refresh(self, rels: set[str]) -> None:
        """Re-count ``rels`` in the background once the open agent has had its turn."""
        with self._pending_lock:
            self._pending |= rels
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
        self._refresh_timer = self.screen.set_timer(REFRESH_DELAY, self._start_refresh)

    def _start_refresh(self) -> None:
        self._refresh_timer = None
        if not self._refreshing:
            self._refreshing = True
            self.screen.run_worker(
                self._refresh_stale, group="disk-watch-stale", thread=True, exit_on_error=False
            )

    def _next_pending(self) -> str | None:
        with self._pending_lock:
            if not self._pending:
                self._refreshing = False
                return None
            rel = min(self._pending)
            self._pending.discard(rel)
            return rel

    def _refresh_stale(self) -> None:
        """Re-count the queued agents off the UI thread, posting results in small batches."""
        worker = get_current_worker()
        ws = self.ws
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
            give_way()
            if len(done) >= 50 or time.monotonic() - last_post > 0.1:
                self.screen.post_message(self.Counted(done))
                done, last_post = [], time.monotonic()
        if done:
            self.screen.post_message(self.Counted(done))

    # -- conflicts -----------------------------------------------------------------------------

    def show_conflict(self) -> None:
        sync = self.sync
        if sync is None or sync.conflict is None or self._conflict_open:
            return
        # Imported when needed: its Rich syntax highlighting (Pygments) is not on the first screen
        from agent_workbench.app.screens.conflict import ConflictScreen

        self._conflict_open = True
        self.screen.app.push_screen(ConflictScreen(sync.conflict), self._resolve)

    def _resolve(self, choice: ConflictChoice | None) -> None:
        self._conflict_open = False
        sync = self.sync
        if sync is None:
            return
        if choice == "merge":
            if sync.merge():
                self.screen.notify("merged: both changes loaded (unsaved); Ctrl+S saves", timeout=3)
            else:  # the disk changed again since the dialog: ask again, with the new text
                self.show_conflict()
        elif choice == "mine":
            outcome = sync.keep_mine()
            if outcome.ok:
                self.screen.notify(outcome.message, timeout=3)
            else:
                self.screen.notify(outcome.message, severity="error", timeout=3)
        elif choice == "disk":
            if sync.take_disk():
                self.screen.notify("loaded the version on disk", timeout=2)
        elif choice == "editor":
            self._merge_in_editor()
        else:
            self.screen.notify(
                "unsaved changes kept; the file on disk differs (saving will ask again)",
                severity="warning",
                timeout=4,
            )

    def _merge_in_editor(self) -> None:
        sync = self.sync
        if sync is None:
            return

        try:
            done = sync.merge_in_editor(lambda command: run_suspended(self.screen.app, command))
        except Exception as exc:
            self.screen.notify(f"could not run the editor: {exc}", severity="error")
            return
        if done:
            save = key_for(self.screen.app, "save")
            self.screen.notify(f"merged text loaded (unsaved); {save} saves it", timeout=3)
        else:
            self.screen.notify("could not run $EDITOR; nothing changed", severity="error")
