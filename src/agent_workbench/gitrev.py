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
import subprocess
import threading
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from agent_workbench.sources import (
    REASON_DIRECTORY,
    REASON_MISSING,
    REASON_OUTSIDE,
    REASON_TOO_LARGE,
    REASON_UNREADABLE,
    SKIPPED_DIRS,
    SourceError,
    normalize_rel,
)

_MODE_SYMLINK = "120000"
_MODE_SUBMODULE = "160000"
_MAX_SYMLINK_HOPS = 40


class GitError(Exception):
    """git could not answer: not a repository, unknown revision, git missing, …"""


def _git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    try:
        proc = subprocess.run(
            ["git", "--literal-pathspecs", "-c", "core.quotepath=off", *args],
            cwd=cwd,
            capture_output=True,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"},
        )
    except FileNotFoundError:
        raise GitError("git is not installed (it is needed to read revisions)") from None
    except OSError as exc:
        raise GitError(f"cannot run git in {cwd}: {exc.strerror}") from None
    if check and proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed"
        raise GitError(message)
    return proc


@dataclass(frozen=True)
class RepoLocation:
    """Where a project sits in its repository."""

    repo_root: Path
    prefix: str  # the project root relative to the repository root ("" when they coincide)


def locate(project_root: Path) -> RepoLocation:
    """The repository holding ``project_root``; GitError if there is none."""
    root = Path(os.path.realpath(project_root))
    if not root.is_dir():
        raise GitError(f"{project_root} is not a directory")
    proc = _git(root, "rev-parse", "--show-toplevel", check=False)
    if proc.returncode != 0:
        raise GitError(f"{project_root} is not inside a git repository")
    top = Path(os.path.realpath(proc.stdout.decode("utf-8", "surrogateescape").strip()))
    prefix = root.relative_to(top).as_posix()
    return RepoLocation(top, "" if prefix == "." else prefix)


def resolve_revision(repo_root: Path, rev: str) -> str:
    """The commit id ``rev`` names; GitError with a clear message when it names none."""
    if not rev or rev.startswith("-") or "\n" in rev or "\0" in rev:
        raise GitError(f"invalid revision {rev!r}")
    proc = _git(
        repo_root,
        "rev-parse",
        "--verify",
        "--quiet",
        "--end-of-options",
        f"{rev}^{{commit}}",
        check=False,
    )
    if proc.returncode == 0:
        return proc.stdout.decode("ascii").strip()
    has_commits = _git(repo_root, "rev-parse", "--verify", "--quiet", "HEAD", check=False)
    if has_commits.returncode != 0 and rev == "HEAD":
        raise GitError(
            f"unknown revision {rev!r}: the repository in {repo_root} has no commits yet"
        )
    raise GitError(f"unknown revision {rev!r}: not a commit in the repository at {repo_root}")


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


class _CatFile:
    """One long-lived ``git cat-file --batch`` process; thread-safe."""

    def __init__(self, repo_root: Path) -> None:
        self._repo_root = repo_root
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    def _start(self) -> subprocess.Popen[bytes]:
        try:
            proc = subprocess.Popen(
                ["git", "cat-file", "--batch"],
                cwd=self._repo_root,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
            )
        except OSError as exc:
            raise GitError(f"cannot run git cat-file: {exc.strerror}") from None
        self._finalizer = weakref.finalize(self, _stop, proc)
        return proc

    def read(self, sha: str, repo_path: str) -> bytes:
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._proc = self._start()
            proc = self._proc
            assert proc.stdin is not None and proc.stdout is not None
            try:
                proc.stdin.write(f"{sha}\n".encode("ascii"))
                proc.stdin.flush()
                header = proc.stdout.readline().split()
                if len(header) != 3:
                    raise GitError(f"git cat-file could not read {repo_path} ({sha})")
                size = int(header[2])
                data = proc.stdout.read(size)
                proc.stdout.read(1)  # the newline after the content
            except (OSError, ValueError) as exc:
                self.close_locked()
                raise GitError(f"git cat-file failed reading {repo_path}: {exc}") from None
            return data

    def close_locked(self) -> None:
        if self._proc is not None:
            _stop(self._proc)
            self._proc = None

    def close(self) -> None:
        with self._lock:
            self.close_locked()


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        try:
            if proc.stdin is not None:
                proc.stdin.close()
            proc.wait(timeout=2)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()


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
        self._cat = _CatFile(self.repo_root)
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
        out = _git(self.repo_root, *args).stdout
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
            self._crlf, self._auto_paths = _checkout_crlf(
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
                data = _to_crlf(data, auto=repo_path in self._auto_paths)
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


def _checkout_crlf(repo_root: Path, paths: list[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Which of ``paths`` a checkout converts to CRLF, and which of those only when the
    content looks like text without CRs (``text=auto``)."""
    config = _git(repo_root, "config", "--get-regexp", r"^core\.(autocrlf|eol)$", check=False)
    settings = dict(
        line.split(" ", 1)
        for line in config.stdout.decode("utf-8", "replace").splitlines()
        if " " in line
    )
    autocrlf = settings.get("core.autocrlf", "false").lower()
    default_crlf = autocrlf == "true" or (
        autocrlf not in ("input",) and settings.get("core.eol", "").lower() == "crlf"
    )
    if not paths:
        return frozenset(), frozenset()
    try:
        proc = subprocess.run(
            ["git", "check-attr", "--stdin", "-z", "text", "eol"],
            cwd=repo_root,
            input=b"\0".join(p.encode("utf-8", "surrogateescape") for p in paths) + b"\0",
            capture_output=True,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
        )
    except OSError:
        return frozenset(), frozenset()
    attrs: dict[str, dict[str, str]] = {}
    fields = proc.stdout.split(b"\0")
    for i in range(0, len(fields) - 2, 3):
        path = fields[i].decode("utf-8", "surrogateescape")
        attrs.setdefault(path, {})[fields[i + 1].decode()] = fields[i + 2].decode()
    crlf: set[str] = set()
    auto: set[str] = set()
    for path, values in attrs.items():
        text, eol = values.get("text", "unspecified"), values.get("eol", "unspecified")
        if text == "unset":
            continue
        if text == "unspecified" and eol == "unspecified":
            if autocrlf == "true":
                crlf.add(path)
                auto.add(path)
            continue
        wants_crlf = eol == "crlf" or (eol == "unspecified" and default_crlf)
        if wants_crlf:
            crlf.add(path)
            if text == "auto":
                auto.add(path)
    return frozenset(crlf), frozenset(auto)


def _to_crlf(data: bytes, *, auto: bool) -> bytes:
    """LF → CRLF as a checkout writes it; ``auto`` leaves binary-looking or CR-holding blobs alone."""
    if b"\0" in data or (auto and b"\r" in data):
        return data
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def changed_paths(repo_root: Path, rev: str, project_prefix: str = "") -> set[str]:
    """Project-relative paths that differ between ``rev`` and the working tree: tracked
    files modified, added or deleted (staged or not), plus untracked files that are not
    ignored. ``rev`` may be a name or a commit id."""
    repo_root = Path(os.path.realpath(repo_root))
    commit = resolve_revision(repo_root, rev)
    prefix = normalize_rel(project_prefix)
    spec = ["--", prefix] if prefix else []
    diff = _git(
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
    untracked = _git(repo_root, "ls-files", "--others", "--exclude-standard", "-z", *spec).stdout
    found: set[str] = set()
    for raw in (*diff.split(b"\0"), *untracked.split(b"\0")):
        if raw:
            rel = _strip_prefix(raw.decode("utf-8", "surrogateescape"), prefix)
            if rel:
                found.add(rel)
    return found
