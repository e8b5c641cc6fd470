"""The one edit path: set or remove frontmatter fields, replace the body, write atomically.

The CLI (``workbench edit``) and the app's form and editor all come through
here. Field edits change only the touched field's lines (see ``yaml_edit``);
files whose frontmatter holds template logic or is not valid YAML are refused
with a clear message. Writes go through ``atomic_write`` with the hash of the
bytes that were loaded, so nothing changed on disk meanwhile is overwritten.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agent_workbench.frontmatter.agentfile import AgentFile
from agent_workbench.frontmatter.entry_edit import apply_edits
from agent_workbench.frontmatter.entry_moves import move_entry, rename_key
from agent_workbench.frontmatter.keypath import KeyPathError, parse_key_path
from agent_workbench.frontmatter.roundtrip import YamlEditError
from agent_workbench.model.atomic import ConflictError, WriteError, atomic_write, sha256_of
from agent_workbench.model.diagnostics import DiagnosticError, error
from agent_workbench.model.document import AgentDocument
from agent_workbench.model.regular_file import read_regular
from agent_workbench.model.sources import SourceError, WorkingTreeSource

__all__ = [
    "EditResult",
    "edit_file",
    "move_field",
    "rename_field",
    "set_body",
    "set_fields",
    "write_document",
]


def _refuse(rel: str, line: int, message: str, code: str) -> DiagnosticError:
    return DiagnosticError(error(rel, line, 1, message, code=code))


def set_fields(
    document: AgentDocument,
    sets: Mapping[str, Any] | Iterable[tuple[str | list[str], Any]] = (),
    unsets: Iterable[str | list[str]] = (),
    *,
    rel: str = "<text>",
) -> AgentDocument:
    """The document with frontmatter fields set (``{"tools.bash": True}``) and removed.

    Only the touched fields' lines change; setting a field to the value it has
    returns the document unchanged. Raises DiagnosticError when the frontmatter
    holds template logic, is not valid YAML, or the key path is wrong.
    """
    return _edited(
        document, rel, lambda text: apply_edits(text, sets, unsets, newline=document.newline)
    )


def _check_editable(document: AgentDocument, rel: str) -> None:
    """Refuse (DiagnosticError) a frontmatter holding template logic or invalid YAML."""
    agent = AgentFile.from_document(rel, document, fast=True)
    reason = agent.edit_refusal_reason
    if reason is not None:
        line = agent.yaml_error.line if agent.yaml_error else document.frontmatter_first_line
        code = "edit-refused-yaml" if agent.yaml_error else "edit-refused-template"
        raise _refuse(rel, line, reason, code)


def _edited(document: AgentDocument, rel: str, edit: Callable[[str], str]) -> AgentDocument:
    """The document with ``edit`` applied to its frontmatter text, or DiagnosticError."""
    _check_editable(document, rel)
    try:
        frontmatter = edit(document.frontmatter)
    except KeyPathError as exc:
        raise _refuse(rel, document.frontmatter_first_line, str(exc), "edit-bad-key") from None
    except YamlEditError as exc:
        raise _refuse(
            rel, document.frontmatter_first_line, f"cannot edit: {exc}", "edit-failed"
        ) from None
    if frontmatter == document.frontmatter:
        return document
    return document.with_frontmatter(frontmatter)


def rename_field(
    document: AgentDocument, key: str | list[str], new_name: str, *, rel: str = "<text>"
) -> AgentDocument:
    """The document with the last key of ``key`` renamed on its own line (a pattern rule's
    pattern); its value and place stay. Refused as ``set_fields`` refuses."""
    return _edited(document, rel, lambda text: rename_key(text, _path(key), new_name))


def move_field(
    document: AgentDocument, key: str | list[str], offset: int, *, rel: str = "<text>"
) -> AgentDocument:
    """The document with the entry ``key`` moved ``offset`` places among its siblings (the
    order of pattern rules matters); only the lines of the entries it passes move."""
    return _edited(document, rel, lambda text: move_entry(text, _path(key), offset))


def _path(key: str | list[str]) -> list[str]:
    return parse_key_path(key) if isinstance(key, str) else list(key)


def set_body(document: AgentDocument, body: str) -> AgentDocument:
    """The document with a new body; the frontmatter and delimiters stay byte for byte."""
    if body == document.body:
        return document
    return document.with_body(body)


def write_document(
    path: Path | str,
    document: AgentDocument,
    expected_sha256: str | None = None,
    *,
    make_folders_within: Path | str | None = None,
) -> str:
    """Write the document atomically (see ``atomic_write``); return the new content hash."""
    data = document.to_bytes()
    atomic_write(
        path, data, expected_sha256=expected_sha256, make_folders_within=make_folders_within
    )
    return sha256_of(data)


@dataclass(frozen=True)
class EditResult:
    path: Path
    before: AgentDocument
    after: AgentDocument
    sha256: str  # of the bytes now on disk

    @property
    def changed(self) -> bool:
        return self.before.text != self.after.text or self.before.bom != self.after.bom


def _target(project_or_path: Any, rel: str) -> tuple[Path, str]:
    # A Project has .root; a path (which also has a .root: "/") is the root itself.
    is_path = isinstance(project_or_path, (str, os.PathLike))
    root = Path(project_or_path if is_path else project_or_path.root)
    if Path(rel).is_absolute():
        absolute = Path(rel)
        try:
            rel = absolute.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            return absolute, str(absolute)
    try:
        return WorkingTreeSource(root).path_of(rel), rel
    except SourceError as exc:
        raise _refuse(rel, 1, exc.message, "edit-outside-root") from None


def edit_file(
    project_or_path: Any,
    rel: str,
    sets: Mapping[str, Any] | Iterable[tuple[str | list[str], Any]] = (),
    unsets: Iterable[str | list[str]] = (),
    expected_sha256: str | None = None,
) -> EditResult:
    """Apply ``set_fields`` to a file on disk and write it atomically.

    ``project_or_path``: a Project or the project root folder; ``rel`` relative
    to it (an absolute path works too). ``expected_sha256``: the hash of the
    bytes the caller loaded (ConflictError when the file has changed since);
    without it the file is read here and guarded against changes during the edit.
    Nothing is written when nothing changes.
    """
    path, rel = _target(project_or_path, rel)
    try:
        raw = read_regular(path)
    except FileNotFoundError:
        raise _refuse(rel, 1, f"{rel} does not exist", "edit-missing") from None
    except OSError as exc:
        raise WriteError(path, f"cannot read {rel}: {exc.strerror}") from None
    loaded_hash = sha256_of(raw)
    if expected_sha256 is not None and expected_sha256 != loaded_hash:
        raise ConflictError(path, f"{rel} changed on disk since it was loaded; not written")
    document = AgentDocument.parse(raw, rel)
    after = set_fields(document, sets, unsets, rel=rel)
    if after is document:
        return EditResult(path, document, after, loaded_hash)
    new_hash = write_document(path, after, loaded_hash)
    return EditResult(path, document, after, new_hash)
