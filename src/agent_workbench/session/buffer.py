"""The open agent's buffer: the bytes loaded from disk and the text being edited."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from agent_workbench.model.caches import memo
from agent_workbench.model.document import AgentDocument, decode_text, split_lines
from agent_workbench.model.line_diff import changed_blocks, common_bounds
from agent_workbench.model.project import Project


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Buffer:
    """The open agent: the bytes on disk when loaded and the text being edited."""

    rel: str
    path: Path
    saved_bytes: bytes
    saved_sha256: str
    text: str  # current text, BOM excluded
    bom: bool
    saved_text: str
    deleted: bool = False  # the file is gone on disk (saving recreates it)

    @classmethod
    def load(cls, project: Project, rel: str) -> Buffer:
        path = project.abspath(rel)
        raw = project.source.read_bytes(rel)
        text, bom = decode_text(raw, rel)
        return cls(rel, path, raw, sha256_hex(raw), text, bom, text)

    @property
    def dirty(self) -> bool:
        return self.text != self.saved_text

    @property
    def document(self) -> AgentDocument:
        return document_of(self.text, self.bom)

    def to_bytes(self) -> bytes:
        return self.document.to_bytes()


@memo("session.buffer_documents", 8)
def document_of(text: str, bom: bool) -> AgentDocument:
    return AgentDocument.from_text(text, bom=bom)


@dataclass(frozen=True)
class LineChange:
    """How many lines the buffer adds and removes against the saved file."""

    added: int = 0
    removed: int = 0

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)

    def format(self) -> str:
        return f"+{self.added} −{self.removed}" if self else "no changes"


def line_change(old: str, new: str) -> LineChange:
    """Lines added and removed, as a line diff of the saved text counts them (``git diff
    --numstat``, the diff view): the common head and tail are trimmed (linear time) and
    only the lines between are diffed, so two edits far apart count their own lines,
    not every line between them."""
    if old == new:
        return LineChange()
    a, b = split_lines(old), split_lines(new)
    bounds = start, end_a, end_b = common_bounds(a, b)
    if end_a - start <= 1 or end_b - start <= 1:  # one side is a single line or none
        return LineChange(added=end_b - start, removed=end_a - start)
    added = removed = 0
    for i1, i2, j1, j2 in changed_blocks(a, b, bounds):
        removed += i2 - i1
        added += j2 - j1
    return LineChange(added=added, removed=removed)
