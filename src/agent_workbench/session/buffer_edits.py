"""Editing the open buffer: whole text, body, fields through the one edit path, undo, repair.

Form edits go through ``frontmatter.edit.set_fields`` (minimal diff: one field's
lines change); each form edit, revert and repair is one undoable step. The
``Workspace`` owns the buffer and tells its listeners (``WorkspaceEvent.CHANGED``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from agent_workbench.frontmatter.edit import move_field, rename_field, set_fields
from agent_workbench.frontmatter.keypath import format_key_path
from agent_workbench.frontmatter.repair import repair
from agent_workbench.session.buffer import Buffer, document_of
from agent_workbench.session.events import WorkspaceEvent
from agent_workbench.tokens.agent_tokens import agent_of


class BufferEdits:
    """The edit operations of a ``Workspace`` (which provides the attributes below)."""

    buffer: Buffer | None
    _undo: list[str]
    _undo_group: tuple[str, ...] | None

    def _emit(self, event: WorkspaceEvent) -> None:
        raise NotImplementedError

    def _require(self) -> Buffer:
        raise NotImplementedError

    def set_text(
        self, text: str, *, undoable: bool = False, group: tuple[str, ...] | None = None
    ) -> bool:
        """Replace the whole text (BOM excluded). Returns False when nothing changed.

        ``undoable`` edits are undo steps; consecutive ones of the same ``group`` (the
        keys one form field sets, typed key by key) are one step: undo takes back the
        whole value typed, not one key.
        """
        buffer = self._require()
        if text == buffer.text:
            return False
        if undoable and not (group is not None and group == self._undo_group and self._undo):
            self._undo.append(buffer.text)
        self._undo_group = group if undoable else None
        buffer.text = text
        self._emit(WorkspaceEvent.CHANGED)
        return True

    def set_body(self, body: str) -> bool:
        """Replace the prompt body (everything after the closing ``---``)."""
        document = self._require().document
        if body == document.body:
            return False
        return self.set_text(document.with_body(body).to_text())

    def set_fields(
        self,
        sets: Mapping[str, Any] | None = None,
        unsets: Iterable[str] = (),
        *,
        group: tuple[str, ...] | None = None,
    ) -> bool:
        """Change frontmatter fields through the one edit path (minimal diff).

        Raises DiagnosticError when the edit is refused (template logic, invalid
        YAML, a bad key); the buffer is then unchanged.
        """
        document = self._require().document
        new = set_fields(document, dict(sets or {}), list(unsets), rel=self._require().rel)
        return self.set_text(new.to_text(), undoable=True, group=group)

    def rename_field(self, key: str, new_name: str) -> bool:
        """Rename the last key of ``key`` on its own line (one undoable step)."""
        buffer = self._require()
        new = rename_field(buffer.document, key, new_name, rel=buffer.rel)
        return self.set_text(new.to_text(), undoable=True)

    def move_field(self, key: str, offset: int) -> bool:
        """Move the entry ``key`` among its siblings (one undoable step)."""
        buffer = self._require()
        new = move_field(buffer.document, key, offset, rel=buffer.rel)
        return self.set_text(new.to_text(), undoable=True)

    def set_field(self, key: str, value: Any) -> bool:
        return self.set_fields({key: value})

    def unset_field(self, key: str) -> bool:
        return self.set_fields({}, [key])

    def keep_saved_fields(self, keys: Iterable[str]) -> bool:
        """Put top-level fields back to their values in the saved file (absent: removed).

        Before saving, for the fields the author left invalid: what is written is
        either what they typed (valid) or what the file already held, never a value
        typed on the way. Returns False when the buffer already held those values.
        """
        buffer = self._require()
        saved: Mapping[str, Any] = (
            agent_of(buffer.rel, document_of(buffer.saved_text, buffer.bom)).fields or {}
        )
        current: Mapping[str, Any] = agent_of(buffer.rel, buffer.document).fields or {}
        sets: dict[str, Any] = {}
        unsets: list[str] = []
        for key in keys:
            path = format_key_path([key])
            if key in saved:
                if key not in current or current[key] != saved[key]:
                    sets[path] = saved[key]
            elif key in current:
                unsets.append(path)
        if not sets and not unsets:
            return False
        return self.set_fields(sets, unsets)

    def forget_history(self) -> None:
        """Start a new undo history (the buffer was reloaded from disk)."""
        self._undo.clear()
        self._undo_group = None

    def undo(self) -> bool:
        """Undo the last form edit or repair."""
        if self.buffer is None or not self._undo:
            return False
        self.buffer.text = self._undo.pop()
        self._undo_group = None
        self._emit(WorkspaceEvent.CHANGED)
        return True

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def revert(self) -> bool:
        """Drop unsaved changes (back to the text loaded from disk)."""
        buffer = self._require()
        return self.set_text(buffer.saved_text, undoable=True)

    def repair(self) -> list[str]:
        """Apply the engine's fix for invalid YAML as one undoable change.

        Returns what could not be repaired (empty when all was fixed).
        """
        buffer = self._require()
        result = repair(buffer.document, buffer.rel)
        if result.changed:
            self.set_text(result.document.to_text(), undoable=True)
        return [d.format() for d in result.unrepaired]
