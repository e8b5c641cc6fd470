"""Saving the open buffer: written atomically, and only over the bytes it was loaded from.

A file changed on disk since it was loaded is a conflict (``ConflictError``), never
overwritten, unless the author chose "keep mine" (``force``); a file deleted since
is recreated (with its folders, inside the project only); a read-only file is refused.
"""

from __future__ import annotations

from agent_workbench.frontmatter.edit import write_document
from agent_workbench.model.atomic import ConflictError, WriteError, is_read_only
from agent_workbench.model.diagnostics import DiagnosticError
from agent_workbench.model.project import Project
from agent_workbench.session.buffer import Buffer, sha256_hex
from agent_workbench.session.events import SaveOutcome, SaveState


def save_buffer(
    project: Project, buffer: Buffer, *, force: bool = False
) -> tuple[SaveOutcome, ConflictError | None]:
    """Write ``buffer`` if the file on disk is still the one loaded; on success the
    buffer's saved state is the text written. Returns the outcome, and the conflict
    when there was one."""
    if not buffer.dirty and not buffer.deleted and not force:
        return SaveOutcome(SaveState.UNCHANGED, f"{buffer.rel}: nothing to save"), None
    if project.is_view:  # an agpm.toml entry's file outside the project (model/outside.py)
        message = (
            f"{project.manifest_rel(buffer.rel)} is outside the project (an agpm.toml entry "
            "points at it): read-only here; not saved (edit it in its own project)"
        )
        return SaveOutcome(SaveState.FAILED, message), None
    if is_read_only(buffer.path):
        message = f"{buffer.rel} is read-only (no write permission); not saved"
        return SaveOutcome(SaveState.FAILED, message), None
    document = buffer.document
    expected = None if (force or buffer.deleted) else buffer.saved_sha256
    # A file deleted with its folder: saving recreates both (inside the project only).
    folders = project.root if buffer.deleted else None
    try:
        write_document(buffer.path, document, expected, make_folders_within=folders)
    except ConflictError as exc:
        if exc.deleted:
            buffer.deleted = True  # known now: the next save recreates it
        return SaveOutcome(SaveState.CONFLICT, exc.message, exc.diagnostic), exc
    except (WriteError, DiagnosticError) as exc:
        return SaveOutcome(SaveState.FAILED, str(exc), exc.diagnostic), None
    except OSError as exc:
        return SaveOutcome(SaveState.FAILED, f"{buffer.rel}: {exc.strerror or exc}"), None
    raw = document.to_bytes()
    buffer.saved_bytes = raw
    buffer.saved_sha256 = sha256_hex(raw)
    buffer.saved_text = buffer.text
    buffer.deleted = False
    return SaveOutcome(SaveState.SAVED, f"saved {buffer.rel}"), None
