"""A project's files as they were at a git revision, read without touching the working tree.

``GitRevisionSource`` implements the ``FileSource`` protocol over the git object
database: the revision is resolved once (``git rev-parse``), its tree listed once
(``git ls-tree -r -z --long``), and blobs are read through one long-lived
``git cat-file --batch`` process. Line endings are converted as a checkout would
(``core.autocrlf``, ``core.eol`` and the ``text``/``eol`` attributes), so an
unchanged file reads the same bytes at the revision and on disk. (Filter drivers
such as LFS smudge are not run: nothing may download.) Reads are confined to the project root, which
may be a subfolder of the repository; a symlink in the tree that points outside it
is refused, as ``WorkingTreeSource`` refuses one on disk.

``changed_paths`` lists what differs between a revision and the working tree
(tracked changes plus untracked, not-ignored files), project-relative.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from agent_workbench.model.sources import (
    REASON_DIRECTORY,
    REASON_MISSING,
    REASON_OUTSIDE,
    REASON_TOO_LARGE,
    REASON_UNREADABLE,
    SKIPPED_DIRS,
    SourceError,
    normalize_rel,
)
from agent_workbench.revisions.git_plumbing import (
    CatFile,
    GitError,
    RepoLocation,
    checkout_crlf,
    locate,
    resolve_revision,
    run_git,
    to_crlf,
)

__all__ = [
    "GitError",
    "GitRevisionSource",
    "RepoLocation",
    "changed_paths",
    "locate",
    "resolve_revision",
]

_MODE_SYMLINK = "120000"
_MODE_SUBMODULE = "160000"
_MAX_SYMLINK_HOPS = 40


@dataclass(frozen=True)
class _Entry:
    mode: str
    sha: str
    size: int


def _strip_prefix(path: str, prefix: str) -> str | None:
    if not prefix:
        return path
    if path.startswith(prefix + "/"):
        return path[len(prefix) + 1 :]
    return None


class GitRevisionSource:
    """The project's files at git revision ``rev`` (a FileSource), confined to the project root."""

    def __init__(self, repo_root: Path, rev: str, project_prefix: str = "") -> None:
        self.repo_root = Path(os.path.realpath(repo_root))
        self.rev = rev
        self.prefix = normalize_rel(project_prefix)
        self.commit = resolve_revision(self.repo_root, rev)
        self._files: dict[str, _Entry] = {}
        self._dirs: dict[str, set[str]] = {"": set()}
        self._cache: dict[str, bytes] = {}
        self._cat = CatFile(self.repo_root)
        self._crlf: frozenset[str] | None = None
        self._auto_paths: frozenset[str] = frozenset()
        self._list_tree()

    @classmethod
    def for_project(cls, project_root: Path, rev: str) -> GitRevisionSource:
        """The revision of the repository holding ``project_root``, confined to that folder."""
        where = locate(project_root)
        return cls(where.repo_root, rev, where.prefix)

    def _list_tree(self) -> None:
        args = ["ls-tree", "-r", "-z", "--long", "--full-tree", self.commit]
        if self.prefix:
            args += ["--", self.prefix]
        out = run_git(self.repo_root, *args).stdout
        for record in out.split(b"\0"):
            if not record:
                continue
            meta, _, raw_path = record.partition(b"\t")
            mode, _kind, sha, size = meta.decode("ascii").split()
            if mode == _MODE_SUBMODULE:
                continue
            rel = _strip_prefix(raw_path.decode("utf-8", "surrogateescape"), self.prefix)
            if not rel:
                continue
            self._files[rel] = _Entry(mode, sha, int(size) if size != "-" else 0)
            child = rel
            parent = posixpath.dirname(child)
            while True:
                siblings = self._dirs.setdefault(parent, set())
                name = posixpath.basename(child)
                if name in siblings:
                    break
                siblings.add(name)
                if not parent:
                    break
                child, parent = parent, posixpath.dirname(parent)

    def _crlf_paths(self) -> frozenset[str]:
        """Repository paths a checkout writes with CRLF line endings (computed once)."""
        if self._crlf is None:
            self._crlf, self._auto_paths = checkout_crlf(
                self.repo_root, [f"{self.prefix}/{r}" if self.prefix else r for r in self._files]
            )
        return self._crlf

    # -- FileSource ------------------------------------------------------------

    @property
    def label(self) -> str:
        return self.rev

    def close(self) -> None:
        """Stop the ``git cat-file`` process (it is restarted if the source is read again)."""
        self._cat.close()

    def __enter__(self) -> GitRevisionSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _blob(self, rel: str, entry: _Entry) -> bytes:
        data = self._cache.get(rel)
        if data is None:
            repo_path = f"{self.prefix}/{rel}" if self.prefix else rel
            data = self._cat.read(entry.sha, repo_path)
            if entry.mode != _MODE_SYMLINK and repo_path in self._crlf_paths():
                data = to_crlf(data, auto=repo_path in self._auto_paths)
            self._cache[rel] = data
        return data

    def _resolve(self, rel: str, original: str) -> str:
        """Follow symlinks in every component of ``rel``; refuse any that leaves the root."""
        parts = rel.split("/") if rel else []
        done: list[str] = []
        hops = 0
        while parts:
            done.append(parts.pop(0))
            current = "/".join(done)
            entry = self._files.get(current)
            if entry is None or entry.mode != _MODE_SYMLINK:
                continue
            hops += 1
            if hops > _MAX_SYMLINK_HOPS:
                raise SourceError(original, REASON_UNREADABLE, f"{original!r}: too many symlinks")
            target = self._blob(current, entry).decode("utf-8", "surrogateescape")
            if target.startswith("/"):
                raise SourceError(
                    original,
                    REASON_OUTSIDE,
                    f"{original!r} resolves outside the project root (symlink to {target})",
                )
            try:
                joined = normalize_rel(posixpath.join(posixpath.dirname(current), target))
            except SourceError:
                raise SourceError(
                    original,
                    REASON_OUTSIDE,
                    f"{original!r} resolves outside the project root (symlink to {target})",
                ) from None
            parts = (joined.split("/") if joined else []) + parts
            done = []
        return "/".join(done)

    def _lookup(self, rel: str) -> tuple[str, _Entry | None]:
        norm = normalize_rel(rel)
        real = self._resolve(norm, rel)
        return real, self._files.get(real)

    def resolved(self, rel: str) -> str:
        """The path ``rel`` names once every symlink on the way is followed (SourceError
        when one leaves the root)."""
        return self._lookup(rel)[0]

    def read_bytes(self, rel: str, *, max_bytes: int | None = None) -> bytes:
        real, entry = self._lookup(rel)
        if entry is None:
            if real in self._dirs:
                raise SourceError(rel, REASON_DIRECTORY, f"{rel!r} is a directory, not a file")
            raise SourceError(rel, REASON_MISSING, f"{rel!r} does not exist at {self.rev}")
        if max_bytes is not None and entry.size > max_bytes:
            raise SourceError(
                rel, REASON_TOO_LARGE, f"{rel!r} is {entry.size:,} bytes (limit {max_bytes:,})"
            )
        return self._blob(real, entry)

    def is_file(self, rel: str) -> bool:
        try:
            return self._lookup(rel)[1] is not None
        except SourceError:
            return False

    def is_dir(self, rel: str) -> bool:
        try:
            real, entry = self._lookup(rel)
        except SourceError:
            return False
        return entry is None and real in self._dirs

    def list_dir(self, rel: str) -> list[str]:
        try:
            real, entry = self._lookup(rel)
        except SourceError:
            return []
        if entry is not None:
            return []
        return sorted(self._dirs.get(real, ()))

    def walk_files(self, rel: str = "") -> Iterator[str]:
        try:
            start, entry = self._lookup(rel)
        except SourceError:
            return
        if entry is not None:
            yield normalize_rel(rel)
            return
        if start not in self._dirs:
            return
        # Symlinked files are reported (and checked when read); symlinked folders are not
        # descended into, as os.walk does not follow them.
        base = normalize_rel(rel)

        def walk(real_dir: str, shown_dir: str) -> Iterator[str]:
            names = sorted(self._dirs.get(real_dir, ()))
            for name in names:
                real = f"{real_dir}/{name}" if real_dir else name
                shown = f"{shown_dir}/{name}" if shown_dir else name
                if real in self._files:
                    if self._files[real].mode == _MODE_SYMLINK and self.is_dir(real):
                        continue
                    yield shown
            for name in names:
                real = f"{real_dir}/{name}" if real_dir else name
                if real in self._dirs and real not in self._files and name not in SKIPPED_DIRS:
                    yield from walk(real, f"{shown_dir}/{name}" if shown_dir else name)

        yield from walk(start, base)

    # -- extras ----------------------------------------------------------------

    def tracked(self) -> frozenset[str]:
        """Every file path (project-relative) in the revision's tree."""
        return frozenset(self._files)


def changed_paths(repo_root: Path, rev: str, project_prefix: str = "") -> set[str]:
    """Project-relative paths that differ between ``rev`` and the working tree: tracked
    files modified, added or deleted (staged or not), plus untracked files that are not
    ignored. ``rev`` may be a name or a commit id."""
    repo_root = Path(os.path.realpath(repo_root))
    commit = resolve_revision(repo_root, rev)
    prefix = normalize_rel(project_prefix)
    spec = ["--", prefix] if prefix else []
    diff = run_git(
        repo_root,
        "diff",
        "--name-only",
        "-z",
        "--no-renames",
        "--no-ext-diff",
        "--ignore-submodules",
        commit,
        *spec,
    ).stdout
    untracked = run_git(repo_root, "ls-files", "--others", "--exclude-standard", "-z", *spec).stdout
    found: set[str] = set()
    for raw in (*diff.split(b"\0"), *untracked.split(b"\0")):
        if raw:
            rel = _strip_prefix(raw.decode("utf-8", "surrogateescape"), prefix)
            if rel:
                found.add(rel)
    return found
