"""What differs between a git revision and the working tree, asked path by path.

``RevisionChanges.touched(rel)`` says whether reading ``rel`` could give a different
answer from the two sources: the file (or a folder on its way, or a file below it)
is among ``gitrev.changed_paths``; it is a symlink (or lies below one) whose target
changed; or it exists, or is a folder, on one side only — which catches ignored
files that ``git`` does not list. ``listing_changed(folder)`` compares a folder's
entries on both sides (what language matching lists). Answers are cached: the
sources must not change while a ``RevisionChanges`` is in use.
"""

from __future__ import annotations

import os
import posixpath
import stat
from collections.abc import Iterable
from pathlib import Path

from agent_workbench.model.project import CONFIG_NAME
from agent_workbench.model.sources import FileSource, SourceError, WorkingTreeSource, normalize_rel

_OUTSIDE = "\0outside"


def _ancestors(rel: str) -> Iterable[str]:
    while rel:
        rel = posixpath.dirname(rel)
        yield rel


class RevisionChanges:
    def __init__(self, new: FileSource, old: FileSource, changed: Iterable[str]) -> None:
        self.new = new
        self.old = old
        self.changed = frozenset(changed)
        # Every folder that holds a changed path (the root included, when any changed).
        self._holders = frozenset(a for rel in self.changed for a in _ancestors(rel))
        self._root = new.root if isinstance(new, WorkingTreeSource) else None
        self._touched: dict[str, bool] = {}
        self._listings: dict[str, bool] = {}
        self._real_dirs: dict[str, str] = {}

    @property
    def any(self) -> bool:
        return bool(self.changed)

    @property
    def config_changed(self) -> bool:
        return self.touched(CONFIG_NAME)

    def touched(self, rel: str) -> bool:
        """Could reading ``rel`` (a file, a missing file, a folder) differ between sides?"""
        known = self._touched.get(rel)
        if known is None:
            known = self._touched[rel] = self._check(rel)
        return known

    def _check(self, rel: str) -> bool:
        try:
            rel = normalize_rel(rel)
        except SourceError:
            return False  # refused before anything is read, on both sides
        names = [rel]
        new_kind: str | None = None
        if self._root is not None:
            real, new_kind = self._real(rel)
            if real is None:
                return True  # resolves outside the root: refused, with a message per side
            if real != rel:
                names.append(real)
        for name in names:
            if name in self.changed or name in self._holders:
                return True
            if any(a in self.changed for a in _ancestors(name)):
                return True
        if self._root is None:
            new_file, new_dir = self.new.is_file(rel), self.new.is_dir(rel)
        else:
            new_file, new_dir = new_kind == "file", new_kind == "dir"
        return new_file != self.old.is_file(rel) or new_dir != self.old.is_dir(rel)

    def _real(self, rel: str) -> tuple[str | None, str | None]:
        """The working-tree path ``rel`` resolves to (None: outside the root) and what is
        there ("file", "dir" or None), with one ``lstat`` per path: each folder's real
        path is worked out once."""
        assert self._root is not None
        if not rel:
            return "", "dir"
        parent, name = posixpath.split(rel)
        real_parent = self._real_dirs.get(parent)
        if real_parent is None:
            real_parent = self._resolve(parent)
            self._real_dirs[parent] = real_parent
        if real_parent == _OUTSIDE:
            return None, None
        candidate = f"{real_parent}/{name}" if real_parent else name
        try:
            info = os.lstat(self._root / candidate)
        except OSError:
            return candidate, None
        if stat.S_ISLNK(info.st_mode):
            resolved = self._resolve(candidate)
            if resolved == _OUTSIDE:
                return None, None
            full = self._root / resolved if resolved else self._root
            kind = "file" if full.is_file() else "dir" if full.is_dir() else None
            return resolved, kind
        kind = (
            "file" if stat.S_ISREG(info.st_mode) else "dir" if stat.S_ISDIR(info.st_mode) else None
        )
        return candidate, kind

    def _resolve(self, rel: str) -> str:
        root = self._root
        assert root is not None  # only asked by _real, for a working tree
        real = Path(os.path.realpath(root / rel if rel else root))
        try:
            out = real.relative_to(root).as_posix()
        except ValueError:
            return _OUTSIDE
        return "" if out == "." else out

    def listing_changed(self, folder: str) -> bool:
        """Do the folder's entries differ between the two sides?"""
        known = self._listings.get(folder)
        if known is None:
            known = self._listings[folder] = self.touched(folder) or sorted(
                self.new.list_dir(folder)
            ) != sorted(self.old.list_dir(folder))
        return known
