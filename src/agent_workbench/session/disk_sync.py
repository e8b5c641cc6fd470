"""Keep a ``Workspace`` in step with the disk, never losing anyone's text.

``DiskSync(workspace)`` owns the project watcher and the dependency graph. The
watcher delivers ``ChangeBatch``-es in its own thread; the front end hands each
one to ``apply(batch)`` on its UI thread, which updates the workspace and
returns a ``SyncReport`` saying what the screen must do:

- the open agent changed on disk and nothing is unsaved → reloaded in place;
- it changed while the buffer holds unsaved changes → a ``DiskConflict`` (both
  sides kept; ``merge`` (when the two changes touch different lines),
  ``keep_mine``, ``take_disk`` or ``merge_in_editor`` resolve it);
- it was deleted → the buffer is kept and marked deleted (saving recreates it);
- it was renamed → the buffer follows its new path;
- ``agpm.toml`` changed → project variables, languages and the default
  language are re-read;
- a file some render read changed → the open agent re-renders, and every other
  affected agent is listed as stale for a background refresh.

A save that finds the disk changed (``Workspace.save`` compares content
hashes) becomes the same ``DiskConflict``.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from agent_workbench.follow.dependency_graph import DependencyGraph
from agent_workbench.follow.watcher import ChangeBatch, ProjectWatcher, WatchSettings
from agent_workbench.model.atomic import sha256_of
from agent_workbench.model.diagnostics import DiagnosticError
from agent_workbench.model.document import decode_text
from agent_workbench.model.regular_file import read_regular
from agent_workbench.session.disk_conflict import DiskConflict
from agent_workbench.session.workspace import SaveOutcome, Workspace, WorkspaceEvent


class OpenAgentChange(StrEnum):
    """What happened on disk to the agent open in the workspace."""

    NONE = "none"
    RELOADED = "reloaded"  # changed on disk, nothing unsaved: the buffer now holds the disk's text
    CONFLICT = "conflict"  # changed on disk while unsaved changes exist: see DiskSync.conflict
    DELETED = "deleted"  # gone on disk: the buffer is kept, saving recreates the file
    RECREATED = "recreated"  # back on disk after a delete
    RENAMED = "renamed"  # moved: the buffer follows (see SyncReport.renamed_from)


@dataclass
class SyncReport:
    """What one batch did, for the screen to follow."""

    batch: ChangeBatch
    open_agent: OpenAgentChange = OpenAgentChange.NONE
    rerender_open: bool = False  # the open agent's preview and counts must be refreshed
    renamed_from: str | None = None  # the open agent's previous path when it moved
    stale: set[str] = field(default_factory=set)  # other agents whose counts are stale
    resources_added: set[str] = field(default_factory=set)
    resources_deleted: set[str] = field(default_factory=set)
    resources_renamed: set[tuple[str, str]] = field(default_factory=set)
    config_changed: bool = False
    language_changed: bool = False
    names_changed: bool = False  # agents' names were forgotten: the open agent's may clash


class DiskSync:
    """The watcher, the dependency graph and the reconcile rules for one workspace."""

    def __init__(self, workspace: Workspace, *, settings: WatchSettings | None = None) -> None:
        self.workspace = workspace
        self.graph = DependencyGraph(workspace.project.root)
        self.settings = settings
        self.watcher: ProjectWatcher | None = None
        self.conflict: DiskConflict | None = None
        self.stale: set[str] = set()  # agents whose counts wait for a background refresh
        self._explicit_language = (
            workspace.session_language is not None
            and workspace.session_language != workspace.project.default_language
        )
        self._unsubscribe = workspace.subscribe(self._on_workspace_event)

    # -- life cycle ------------------------------------------------------------------

    def start(self, on_batch: Callable[[ChangeBatch], object]) -> None:
        """Start watching; ``on_batch`` runs in the watcher's thread (hand it to the UI thread)."""
        if self.watcher is None and not self.workspace.project.is_view:  # views: not watched
            self.watcher = ProjectWatcher(
                self.workspace.project.root, on_batch, settings=self.settings
            )
            self.watcher.start()

    def stop(self) -> None:
        """Stop watching (saves still detect conflicts by content hash)."""
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None

    def detach(self) -> None:
        """Stop watching and stop listening to the workspace."""
        self.stop()
        self._unsubscribe()

    def language_chosen(self) -> None:
        """The author picked the language: an ``agpm.toml`` change no longer moves it."""
        self._explicit_language = True

    # -- the workspace's own events ------------------------------------------------------

    def _on_workspace_event(self, event: WorkspaceEvent) -> None:
        ws = self.workspace
        if event is WorkspaceEvent.SAVED and ws.buffer is not None and self.watcher is not None:
            self.watcher.expect_write(ws.buffer.rel, ws.buffer.saved_sha256)
            self.conflict = None
        elif event is WorkspaceEvent.RENDERED and ws.last_result is not None:
            self.graph.record(ws.last_result)
        elif event is WorkspaceEvent.CONFLICT and ws.buffer is not None:
            self.conflict = DiskConflict(
                ws.buffer.rel, self._read_disk(ws.buffer.rel), ws.text, ws.buffer.saved_text
            )
        elif event in (WorkspaceEvent.OPENED, WorkspaceEvent.CLOSED):
            self.conflict = None

    def record(self, result: object) -> None:
        """Feed a render done elsewhere (the browser's counts) into the dependency graph."""
        self.graph.record(result)  # type: ignore[arg-type]
        self.stale.discard(getattr(result, "rel", ""))

    # -- applying a batch (UI thread) ------------------------------------------------------

    def apply(self, batch: ChangeBatch) -> SyncReport:
        ws = self.workspace
        report = SyncReport(batch)

        if batch.agpm_toml_changed:
            self._reload_config(report)

        for old, new in batch.renamed:
            self.graph.rename_agent(old, new)
            if ws.is_resource(old) or ws.is_resource(new):
                report.resources_renamed.add((old, new))
            self.stale.discard(old)
        report.resources_added = {p for p in batch.added if ws.is_resource(p)}
        report.resources_deleted = {p for p in batch.deleted if ws.is_resource(p)}
        for rel in batch.deleted:
            self.graph.forget(rel)
            self.stale.discard(rel)

        if ws.buffer is not None:
            self._apply_to_open(batch, report)

        affected = self.graph.affected_by(batch.paths)
        open_rel = ws.rel
        if open_rel is not None and (
            any(agent == open_rel for agent, _ in affected) or report.config_changed
        ):
            report.rerender_open = True
        # Another agent saved with the open agent's name (or no longer with it) changes
        # the open agent's problems, though nothing it reads changed.
        report.names_changed = ws.names.changed(batch.paths)
        if report.rerender_open or batch.added or batch.deleted or batch.renamed:
            # Files appeared or went (an agent's languages come from the snippet files
            # present), or what the open agent reads changed (its saved count is old).
            ws.invalidate_caches()
            report.names_changed = True
        if report.open_agent in (OpenAgentChange.RELOADED, OpenAgentChange.RECREATED):
            report.rerender_open = True
        others = {agent for agent, _ in affected if agent != open_rel}
        others |= {p for p in report.resources_added if p != open_rel}
        others |= {new for _, new in report.resources_renamed if new != open_rel}
        others |= {p for p in batch.modified if p != open_rel and ws.is_resource(p)}
        report.stale = others - batch.deleted
        self.stale |= report.stale
        return report

    def _apply_to_open(self, batch: ChangeBatch, report: SyncReport) -> None:
        ws = self.workspace
        buffer = ws.buffer
        assert buffer is not None
        new_rel = batch.renamed_to(buffer.rel)
        if new_rel is not None:
            report.renamed_from = buffer.rel
            buffer.rel = new_rel
            buffer.path = ws.project.abspath(new_rel)
            report.open_agent = OpenAgentChange.RENAMED
            if self.conflict is not None:
                self.conflict = DiskConflict(
                    new_rel, self.conflict.disk_bytes, ws.text, buffer.saved_text
                )
            return
        rel = buffer.rel
        if rel in batch.deleted:
            buffer.deleted = True
            report.open_agent = OpenAgentChange.DELETED
            return
        if rel not in batch.modified and rel not in batch.added:
            return
        disk = self._read_disk(rel)
        if disk is None:  # gone again since the batch settled
            buffer.deleted = True
            report.open_agent = OpenAgentChange.DELETED
            return
        was_deleted = buffer.deleted
        if sha256_of(disk) == buffer.saved_sha256:
            # Our own save, or the same bytes back: nothing to reload.
            buffer.deleted = False
            report.open_agent = OpenAgentChange.RECREATED if was_deleted else OpenAgentChange.NONE
            return
        if not ws.dirty or _text_of(disk) == ws.text:
            try:
                self._load_disk(disk)
            except DiagnosticError:
                pass  # not UTF-8: keep the buffer, show both sides as a conflict
            else:
                report.open_agent = (
                    OpenAgentChange.RECREATED if was_deleted else OpenAgentChange.RELOADED
                )
                return
        self.conflict = DiskConflict(rel, disk, ws.text, buffer.saved_text)
        report.open_agent = OpenAgentChange.CONFLICT

    def _reload_config(self, report: SyncReport) -> None:
        ws = self.workspace
        old_default = ws.project.default_language
        ws.project.reload_config()
        ws.invalidate_caches()
        report.config_changed = True
        new_default = ws.project.default_language
        if not self._explicit_language and new_default != old_default:
            ws.set_language(new_default)
            report.language_changed = True

    # -- resolving a conflict ------------------------------------------------------------

    def keep_mine(self) -> SaveOutcome:
        """Save the buffer over whatever is on disk now (the author chose to)."""
        outcome = self.workspace.save(force=True)
        if outcome.ok:
            self.conflict = None
        return outcome

    def take_disk(self) -> bool:
        """Drop the unsaved changes and load the disk's version (False when it is gone)."""
        ws = self.workspace
        if ws.buffer is None:
            return False
        disk = self._read_disk(ws.buffer.rel)
        if disk is None:
            return False
        try:
            self._load_disk(disk)
        except DiagnosticError:
            return False  # not UTF-8: the buffer stays as it is
        self.conflict = None
        return True

    def merge(self) -> bool:
        """Load the three-way merge the conflict showed: the disk's version becomes the
        saved one and the buffer holds both changes, unsaved (one undoable step), so
        saving writes them without another conflict. False (nothing changed) when no
        merge is offered, or the disk changed again since the conflict was seen (the
        conflict is then brought up to date, to be shown again)."""
        ws, conflict = self.workspace, self.conflict
        if ws.buffer is None or conflict is None or conflict.merge.merged is None:
            return False
        disk = self._read_disk(ws.buffer.rel)
        if disk is None or disk != conflict.disk_bytes or ws.text != conflict.buffer_text:
            self.conflict = DiskConflict(ws.buffer.rel, disk, ws.text, ws.buffer.saved_text)
            return False
        merged = conflict.merge.merged
        try:
            self._load_disk(disk)
        except DiagnosticError:
            return False
        ws.set_text(merged, undoable=True)
        self.conflict = None
        return True

    def merge_in_editor(self, run: Callable[[list[str]], object] | None = None) -> bool:
        """Open the disk's file and the buffer (in a temp file) together in ``$EDITOR``.

        ``run`` runs the command (the app wraps it in ``App.suspend``). Afterwards
        the buffer holds what the author left in the temp file, measured against
        the disk's current version: saving writes it without another conflict.
        Returns False when no editor could be run (nothing changed then).
        """
        ws = self.workspace
        if ws.buffer is None:
            return False
        rel, disk_path = ws.buffer.rel, ws.buffer.path
        with tempfile.TemporaryDirectory(prefix="workbench-merge-") as folder:
            mine = Path(folder) / f"{disk_path.stem}.unsaved{disk_path.suffix}"
            mine.write_bytes(ws.buffer.to_bytes())
            command = [*editor_command(), str(disk_path), str(mine)]
            try:
                (run or _run_blocking)(command)
            except OSError:
                return False
            merged = mine.read_bytes()
        disk = self._read_disk(rel)
        if disk is None:
            ws.buffer.deleted = True
        else:
            with contextlib.suppress(DiagnosticError):
                self._load_disk(disk)
        ws.set_text(_text_of(merged), undoable=True)
        self.conflict = None
        return True

    # -- helpers ---------------------------------------------------------------------------

    def _read_disk(self, rel: str) -> bytes | None:
        try:
            return read_regular(self.workspace.project.abspath(rel))
        except OSError:
            return None

    def _load_disk(self, disk: bytes) -> None:
        """Make the disk's bytes the buffer's saved and current text, in place."""
        ws = self.workspace
        buffer = ws.buffer
        assert buffer is not None
        text, bom = decode_text(disk, buffer.rel)
        buffer.saved_bytes = disk
        buffer.saved_sha256 = sha256_of(disk)
        buffer.saved_text = text
        buffer.bom = bom
        buffer.deleted = False
        if buffer.text != text:
            ws.set_text(text)
        ws.forget_history()  # undo must not replay the values the disk replaced


def _text_of(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace").removeprefix("\ufeff")


def editor_command() -> list[str]:
    """``$VISUAL`` or ``$EDITOR`` split like a shell would (``vi`` when neither is set)."""
    value = os.environ.get("VISUAL") or os.environ.get("EDITOR") or ""
    parts = shlex.split(value) if value.strip() else []
    if not parts:
        parts = [shutil.which("vi") or "vi"]
    return parts


def _run_blocking(command: list[str]) -> object:
    return subprocess.run(command, check=False)
