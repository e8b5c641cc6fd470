"""Atomic file writes: the old file or the new one on disk, never a mix, never nothing.

``atomic_write`` writes to a temporary file in the same folder, flushes and
fsyncs it, gives it the old file's mode bits (and owner where allowed),
``os.replace``-s it over the target and fsyncs the folder. On any failure the
temporary file is removed and the old file is left exactly as it was.

Conflicts are judged by content hash, not mtime: the caller passes the SHA-256
of the bytes it loaded; if the file on disk no longer hashes to it (someone
else saved it, or deleted it), nothing is written and ``ConflictError`` says so.
The check and the replace are not one atomic step (no file system offers
that portably); the window is the few microseconds between them.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import stat
import time
from collections.abc import Iterable
from pathlib import Path

from agent_workbench.model.diagnostics import DiagnosticError, error
from agent_workbench.model.regular_file import read_regular


def sha256_of(data: bytes) -> str:
    """Hex SHA-256 of some bytes (what ``expected_sha256`` compares against)."""
    return hashlib.sha256(data).hexdigest()


def sha256_of_file(path: Path | str) -> str | None:
    """Hex SHA-256 of a file's current bytes, or None when it does not exist."""
    try:
        return sha256_of(read_regular(path))
    except FileNotFoundError:
        return None


class WriteError(DiagnosticError):
    """The file could not be written; the old file (if any) is intact."""

    def __init__(self, path: Path | str, message: str, *, code: str = "write-failed") -> None:
        super().__init__(error(str(path), 1, 1, message, code=code))
        self.path = str(path)
        self.message = message


class ConflictError(WriteError):
    """The file on disk is no longer the one that was loaded (changed or deleted)."""

    def __init__(self, path: Path | str, message: str, *, deleted: bool = False) -> None:
        super().__init__(path, message, code="conflict")
        self.deleted = deleted


def _describe(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "no space left on the device"
    if exc.errno == errno.EDQUOT:
        return "disk quota exceeded"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "read-only file system"
    return exc.strerror or str(exc)


def is_read_only(path: Path | str) -> bool:
    """Would writing ``path`` go against its permissions?

    True when the file, or its folder (a replace writes the folder), grants
    nobody write permission, or the current user may not write them. Checked
    by mode bits as well as ``os.access``, so that a superuser, whom the
    kernel lets write anything, still leaves a read-only folder alone.
    A file whose folder is gone is not read-only (saving recreates both).
    """
    target = Path(os.path.realpath(path))
    try:
        folder = target.parent.stat()
    except OSError:
        return False
    if not folder.st_mode & 0o222 or not os.access(target.parent, os.W_OK):
        return True
    try:
        info = target.stat()
    except OSError:
        return False
    return not info.st_mode & 0o222 or not os.access(target, os.W_OK)


def _check_expected(target: Path, expected_sha256: str) -> None:
    try:
        current = read_regular(target)
    except FileNotFoundError:
        raise ConflictError(
            target,
            f"{target} was deleted on disk since it was loaded; not written "
            "(save again to recreate it)",
            deleted=True,
        ) from None
    except OSError as exc:
        raise WriteError(target, f"cannot read {target} to check it: {_describe(exc)}") from None
    if sha256_of(current) != expected_sha256:
        raise ConflictError(
            target,
            f"{target} changed on disk since it was loaded; not written "
            "(reload it, or keep your version and save again)",
        )


TEMP_HEX = 6  # bytes of randomness in a temporary file's name (12 hex digits)
# ``.{target name}.{12 hex digits}.tmp``: our temporary files, and nothing else.
TEMP_NAME = re.compile(r"^\.(?P<target>.+)\.[0-9a-f]{" + str(2 * TEMP_HEX) + r"}\.tmp$")
STALE_TEMP_AGE = 60.0  # seconds: a save takes milliseconds; older temps are from killed saves


def _open_temp(folder: Path, name: str) -> tuple[int, Path]:
    for _ in range(100):
        temp = folder / f".{name}.{secrets.token_hex(TEMP_HEX)}.tmp"
        try:
            # 0o666 lets the umask decide, as for any newly created file.
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "could not create a unique temporary file")


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot fsync a directory; the replace is still atomic
    finally:
        os.close(fd)


def _make_folders(target: Path, within: Path) -> None:
    """Create the missing folders of ``target`` below ``within`` (never ``within`` itself)."""
    root = Path(os.path.realpath(within))
    folder = target.parent
    if folder == root or not folder.is_relative_to(root):
        return  # the project root itself is gone, or the target is outside it: not ours
    missing: list[Path] = []
    while folder != root and not folder.exists():
        missing.append(folder)
        folder = folder.parent
    if not folder.is_dir():
        return  # the root went, or a file stands where a folder should be: fail below
    for folder in reversed(missing):
        try:
            folder.mkdir()
        except FileExistsError:
            continue  # someone else made it meanwhile
        except OSError as exc:
            raise WriteError(
                target, f"cannot recreate the folder {folder}: {_describe(exc)}"
            ) from None
        _fsync_dir(folder.parent)


def atomic_write(
    path: Path | str,
    data: bytes,
    *,
    expected_sha256: str | None = None,
    make_folders_within: Path | str | None = None,
) -> None:
    """Replace ``path`` with ``data`` atomically.

    ``expected_sha256``: the hash of the bytes the caller loaded. When given and
    the file on disk hashes differently, or is gone, raise ``ConflictError``
    without writing. ``None`` writes unconditionally (and recreates a deleted file).
    ``make_folders_within``: a folder (the project root) below which missing
    folders of ``path`` are recreated, for a file whose folder was deleted with
    it; without it a missing folder is an error.
    Raises ``WriteError`` (a DiagnosticError) with a clear message on failure.
    """
    target = Path(os.path.realpath(path))  # write through symlinks, keep the link
    if expected_sha256 is not None:
        _check_expected(target, expected_sha256)
    if make_folders_within is not None:
        _make_folders(target, Path(make_folders_within))
    folder = target.parent
    try:
        old = target.stat()
    except FileNotFoundError:
        old = None
    except OSError as exc:
        raise WriteError(target, f"cannot write {target}: {_describe(exc)}") from None
    if old is not None and not stat.S_ISREG(old.st_mode):
        raise WriteError(target, f"cannot write {target}: not a regular file")

    try:
        fd, temp = _open_temp(folder, target.name)
    except OSError as exc:
        raise WriteError(
            target, f"cannot write {target}: {_describe(exc)} (the file is unchanged)"
        ) from None
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if old is not None:
                os.fchmod(fd, stat.S_IMODE(old.st_mode))
                if (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
                    # Only root may give files away; otherwise the file stays ours.
                    with contextlib.suppress(OSError):
                        os.fchown(fd, old.st_uid, old.st_gid)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise WriteError(
                target, f"cannot write {target}: {_describe(exc)} (the file is unchanged)"
            ) from None
        raise
    _fsync_dir(folder)


def sweep_stale_temps(
    folders: Iterable[Path | str], *, older_than: float = STALE_TEMP_AGE
) -> list[Path]:
    """Remove temporary files that killed saves left in ``folders``; returns those removed.

    Only regular files named as ``atomic_write`` names them (``.{name}.{12 hex}.tmp``)
    and last modified more than ``older_than`` seconds ago; never anything else,
    never in sub-folders. Folders that cannot be read or written are skipped quietly.
    """
    removed: list[Path] = []
    cutoff = time.time() - older_than
    for folder in dict.fromkeys(Path(f) for f in folders):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if not TEMP_NAME.match(entry.name):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if not stat.S_ISREG(info.st_mode) or info.st_mtime > cutoff:
                continue
            try:
                os.unlink(entry.path)
            except OSError:
                continue  # read-only folder, or gone already
            removed.append(Path(entry.path))
    return removed
