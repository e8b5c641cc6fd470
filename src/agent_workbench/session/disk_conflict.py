"""A conflict: the open file changed on disk while the buffer holds unsaved changes.

``DiskConflict`` holds the three texts a resolution needs — the version last
loaded or saved (``base_text``), the unsaved buffer (``buffer_text``) and the
disk's bytes — and answers what the conflict screen shows: the diff from the
disk to the buffer, and the three-way merge (``merge``), offered when the two
changes touch different lines (``follow.three_way``).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cached_property

from agent_workbench.follow.three_way import MergeResult, merge_texts
from agent_workbench.model.atomic import sha256_of
from agent_workbench.model.diagnostics import DiagnosticError
from agent_workbench.model.document import decode_text


@dataclass(frozen=True)
class DiskConflict:
    """The open file on disk differs from what was loaded, and the buffer has unsaved changes."""

    rel: str
    disk_bytes: bytes | None  # None: deleted on disk
    buffer_text: str
    base_text: str | None = None  # the text last loaded or saved (None: unknown, no merge)

    @property
    def deleted(self) -> bool:
        return self.disk_bytes is None

    @property
    def disk_sha256(self) -> str | None:
        return None if self.disk_bytes is None else sha256_of(self.disk_bytes)

    @property
    def disk_text(self) -> str:
        if self.disk_bytes is None:
            return ""
        return self.disk_bytes.decode("utf-8", errors="replace").removeprefix("\ufeff")

    def diff(self, context: int = 3) -> str:
        """A unified diff from the disk's version to the buffer's."""
        return _unified(
            self.disk_text, self.buffer_text, self.rel, "unsaved in the workbench", context
        )

    # -- the three-way merge -------------------------------------------------------------

    @cached_property
    def merge(self) -> MergeResult:
        """Both changes applied to the version loaded, or why they cannot be (computed once)."""
        if self.disk_bytes is None or self.base_text is None:
            return MergeResult(None)
        try:
            theirs, _ = decode_text(self.disk_bytes, self.rel)
        except DiagnosticError:
            return MergeResult(None)
        return merge_texts(self.base_text, self.buffer_text, theirs)

    @property
    def why_no_merge(self) -> str | None:
        """None when a merge is offered, else one sentence saying why not."""
        result = self.merge
        if result.ok:
            return None
        if self.deleted:
            return "The file is gone on disk: there is nothing to merge with."
        if self.base_text is None:
            return "The version you loaded is not known: a merge cannot be worked out."
        if not result.overlaps:
            return "The file on disk is not UTF-8 text: it cannot be merged."
        first = result.overlaps[0]
        more = len(result.overlaps) - 1
        tail = f" (and {more} more place{'s' if more > 1 else ''})" if more else ""
        return f"No merge: you and the disk {first.describe()}{tail}."

    def merged_diff(self) -> str:
        """A unified diff from the disk's version to the merged text ('' when no merge)."""
        merged = self.merge.merged
        if merged is None:
            return ""
        return _unified(self.disk_text, merged, self.rel, "merged")

    @property
    def message(self) -> str:
        if self.deleted:
            return f"{self.rel} was deleted on disk while you have unsaved changes."
        return f"{self.rel} changed on disk while you have unsaved changes."


def _unified(old: str, new: str, rel: str, label: str, context: int = 3) -> str:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"{rel} (on disk)",
        tofile=f"{rel} ({label})",
        n=context,
    )
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n" for line in lines)
