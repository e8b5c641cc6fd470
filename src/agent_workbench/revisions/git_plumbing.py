"""Running git for ``gitrev``: the command runner, repository discovery, revision
resolution, one long-lived ``git cat-file --batch`` process, and the line-ending
conversion a checkout would apply."""

from __future__ import annotations

import os
import subprocess
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path


class GitError(Exception):
    """git could not answer: not a repository, unknown revision, git missing, …"""


def run_git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
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
    proc = run_git(root, "rev-parse", "--show-toplevel", check=False)
    if proc.returncode != 0:
        raise GitError(f"{project_root} is not inside a git repository")
    top = Path(os.path.realpath(proc.stdout.decode("utf-8", "surrogateescape").strip()))
    prefix = root.relative_to(top).as_posix()
    return RepoLocation(top, "" if prefix == "." else prefix)


def resolve_revision(repo_root: Path, rev: str) -> str:
    """The commit id ``rev`` names; GitError with a clear message when it names none."""
    if not rev or rev.startswith("-") or "\n" in rev or "\0" in rev:
        raise GitError(f"invalid revision {rev!r}")
    proc = run_git(
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
    has_commits = run_git(repo_root, "rev-parse", "--verify", "--quiet", "HEAD", check=False)
    if has_commits.returncode != 0 and rev == "HEAD":
        raise GitError(
            f"unknown revision {rev!r}: the repository in {repo_root} has no commits yet"
        )
    raise GitError(f"unknown revision {rev!r}: not a commit in the repository at {repo_root}")


class CatFile:
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


def checkout_crlf(repo_root: Path, paths: list[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Which of ``paths`` a checkout converts to CRLF, and which of those only when the
    content looks like text without CRs (``text=auto``)."""
    config = run_git(repo_root, "config", "--get-regexp", r"^core\.(autocrlf|eol)$", check=False)
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


def to_crlf(data: bytes, *, auto: bool) -> bytes:
    """LF → CRLF as a checkout writes it; ``auto`` leaves binary-looking or CR-holding blobs alone."""
    if b"\0" in data or (auto and b"\r" in data):
        return data
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
