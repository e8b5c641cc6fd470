"""What the workspace hands out besides renders: its events and save outcomes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from agent_workbench.model.diagnostics import Diagnostic


class WorkspaceEvent(StrEnum):
    OPENED = "opened"  # a buffer was opened (or reloaded from disk)
    CHANGED = "changed"  # the buffer's text changed (typing, form, repair, undo)
    SAVED = "saved"  # the buffer was written to disk
    RENDERED = "rendered"  # a render outcome was accepted
    LANGUAGE = "language"  # the session language changed
    CONFLICT = "conflict"  # a save found the file changed or deleted on disk
    CLOSED = "closed"  # the buffer was closed


Listener = Callable[[WorkspaceEvent], None]


class SaveState(StrEnum):
    SAVED = "saved"
    UNCHANGED = "unchanged"  # nothing to write
    CONFLICT = "conflict"  # the file changed or vanished on disk; nothing written
    FAILED = "failed"  # the write failed; the old file is intact


@dataclass(frozen=True)
class SaveOutcome:
    state: SaveState
    message: str
    diagnostic: Diagnostic | None = None

    @property
    def ok(self) -> bool:
        return self.state in (SaveState.SAVED, SaveState.UNCHANGED)
