"""Read-only access to a project's files: the working tree, or (see ``gitrev``) a git revision.

Every read goes through ``FileSource.read_bytes(rel)`` with a project-relative,
``/``-separated path. A path that climbs out of the root, or a symlink that
resolves outside it, is refused: templates come from other people's repositories.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from agent_workbench.model.regular_file import (
    FileTooLargeError,
    NotRegularFileError,
    read_regular,
)


class SourceError(Exception):
    """A file could not be read; ``reason`` is one of the ``REASON_*`` strings."""

    def __init__(self, rel: str, reason: str, message: str) -> None:
        super().__init__(message)
        self.rel = rel
        self.reason = reason
        self.message = message


REASON_MISSING = "missing"
REASON_OUTSIDE = "outside-root"
REASON_DIRECTORY = "directory"
REASON_TOO_LARGE = "too-large"
REASON_UNREADABLE = "unreadable"
REASON_NOT_REGULAR = "not-regular"


def normalize_rel(rel: str) -> str:
    """Normalise a project-relative path; raise SourceError if it is absolute or leaves the root."""
    rel = rel.replace("\\", "/")
    if rel.startswith("/") or (len(rel) > 1 and rel[1] == ":"):
        raise SourceError(rel, REASON_OUTSIDE, f"absolute path {rel!r} is not allowed")
    norm = posixpath.normpath(rel) if rel else "."
    if norm == ".." or norm.startswith("../"):
        raise SourceError(rel, REASON_OUTSIDE, f"path {rel!r} leaves the project root")
    return "" if norm == "." else norm


def join_rel(base_dir: str, rel: str) -> str:
    """Join a path relative to a project-relative directory, normalised and checked."""
    if rel.startswith("/"):
        raise SourceError(rel, REASON_OUTSIDE, f"absolute path {rel!r} is not allowed")
    return normalize_rel(posixpath.join(base_dir, rel) if base_dir else rel)


class FileSource(Protocol):
    """Where a render reads project files from."""

    @property
    def label(self) -> str:
        """Human name of the source: "working tree" or "HEAD", "v1.2", …"""
        ...

    def read_bytes(self, rel: str, *, max_bytes: int | None = None) -> bytes: ...

    def is_file(self, rel: str) -> bool: ...

    def is_dir(self, rel: str) -> bool: ...

    def list_dir(self, rel: str) -> list[str]:
        """Names (not paths) of the entries of a directory; [] when it does not exist."""
        ...

    def walk_files(self, rel: str = "") -> Iterator[str]:
        """Every file below ``rel``, as project-relative paths."""
        ...


SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        ".venv",
        "venv",
        "__pycache__",
        ".tox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        "target",
        "dist",
        "build",
    }
)


class WorkingTreeSource:
    """The project's files as they are on disk, confined to ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(os.path.realpath(root))

    @property
    def label(self) -> str:
        return "working tree"

    def path_of(self, rel: str) -> Path:
        """Absolute path of ``rel``; raises SourceError if it (or a symlink on the way) leaves the root."""
        norm = normalize_rel(rel)
        candidate = self.root / norm if norm else self.root
        real = os.path.realpath(candidate)
        root = str(self.root)  # both normalised by realpath: inside means "root/..."
        if real != root and not real.startswith(root if root.endswith(os.sep) else root + os.sep):
            raise SourceError(
                rel,
                REASON_OUTSIDE,
                f"{rel!r} resolves outside the project root (symlink to {real})",
            )
        return candidate

    def read_bytes(self, rel: str, *, max_bytes: int | None = None) -> bytes:
        path = self.path_of(rel)
        try:
            return read_regular(path, max_bytes=max_bytes)  # never blocks on a FIFO
        except FileNotFoundError:
            raise SourceError(rel, REASON_MISSING, f"{rel!r} does not exist") from None
        except IsADirectoryError:
            raise SourceError(
                rel, REASON_DIRECTORY, f"{rel!r} is a directory, not a file"
            ) from None
        except NotRegularFileError as exc:
            raise SourceError(
                rel, REASON_NOT_REGULAR, f"{rel!r} is not a regular file ({exc.kind})"
            ) from None
        except FileTooLargeError as exc:
            raise SourceError(
                rel, REASON_TOO_LARGE, f"{rel!r} is {exc.size:,} bytes (limit {exc.limit:,})"
            ) from None
        except OSError as exc:
            raise SourceError(
                rel, REASON_UNREADABLE, f"{rel!r} cannot be read: {exc.strerror}"
            ) from None

    def is_file(self, rel: str) -> bool:
        try:
            return self.path_of(rel).is_file()
        except SourceError:
            return False

    def is_dir(self, rel: str) -> bool:
        try:
            return self.path_of(rel).is_dir()
        except SourceError:
            return False

    def list_dir(self, rel: str) -> list[str]:
        try:
            return sorted(os.listdir(self.path_of(rel)))
        except (SourceError, OSError):
            return []

    def walk_files(self, rel: str = "") -> Iterator[str]:
        try:
            start = self.path_of(rel)
        except SourceError:
            return
        if start.is_file():
            yield normalize_rel(rel)
            return
        for dirpath, dirnames, filenames in os.walk(start):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS)
            base = Path(dirpath).relative_to(self.root).as_posix()
            for name in sorted(filenames):
                yield name if base == "." else f"{base}/{name}"


class OverlaySource:
    """A source with some files replaced by in-memory text (the app's unsaved buffers)."""

    def __init__(self, base: FileSource, overrides: dict[str, bytes]) -> None:
        self.base = base
        self.overrides = {normalize_rel(k): v for k, v in overrides.items()}

    @property
    def label(self) -> str:
        return self.base.label

    def read_bytes(self, rel: str, *, max_bytes: int | None = None) -> bytes:
        norm = normalize_rel(rel)
        if norm in self.overrides:
            return self.overrides[norm]
        return self.base.read_bytes(rel, max_bytes=max_bytes)

    def is_file(self, rel: str) -> bool:
        return normalize_rel(rel) in self.overrides or self.base.is_file(rel)

    def is_dir(self, rel: str) -> bool:
        return self.base.is_dir(rel)

    def list_dir(self, rel: str) -> list[str]:
        names = set(self.base.list_dir(rel))
        prefix = normalize_rel(rel)
        for key in self.overrides:
            if posixpath.dirname(key) == prefix:
                names.add(posixpath.basename(key))
        return sorted(names)

    def walk_files(self, rel: str = "") -> Iterator[str]:
        seen = set()
        for item in self.base.walk_files(rel):
            seen.add(item)
            yield item
        prefix = normalize_rel(rel)
        for key in sorted(self.overrides):
            if key not in seen and (not prefix or key == prefix or key.startswith(prefix + "/")):
                yield key
