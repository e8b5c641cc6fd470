"""The one way the workbench reads a file from disk: regular files only, never blocking.

Opening a named pipe (FIFO) for reading waits for a writer, forever; reading a
device such as ``/dev/zero`` never ends. A project is somebody else's folder, so
every read opens with ``O_NONBLOCK`` (which makes opening a FIFO return at once),
checks with ``fstat`` that what was opened is a regular file, and refuses
anything else with ``NotRegularFileError`` ("not a regular file") before a single
byte is read. Checking the descriptor, not the path, leaves no window for the
file to be swapped between the check and the read.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from pathlib import Path

_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


class NotRegularFileError(OSError):
    """The path names a FIFO, a device, a socket or a directory, not a regular file."""

    def __init__(self, path: Path | str, kind: str) -> None:
        super().__init__(errno.EINVAL, f"not a regular file ({kind})", str(path))
        self.kind = kind


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


def open_regular(path: Path | str) -> io.BufferedReader:
    """``path`` opened for reading, once ``fstat`` says it is a regular file (the same
    refusals as ``read_regular``); for a reader that maps the file or reads it in parts."""
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket, or a device with nothing behind it
            raise NotRegularFileError(path, "a socket or device") from None
        raise
    file = os.fdopen(fd, "rb")
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFileError(path, kind_of(info.st_mode))
        os.set_blocking(fd, True)  # a regular file never blocks; reads are plain again
    except BaseException:
        file.close()
        raise
    return file


def read_regular(path: Path | str, *, max_bytes: int | None = None) -> bytes:
    """The bytes of the regular file at ``path``.

    Raises ``NotRegularFileError`` for anything else (``IsADirectoryError`` for a
    directory, as ``open`` would), ``FileNotFoundError`` and other ``OSError``s as
    ``open`` does, and ``FileTooLargeError`` past ``max_bytes``.
    """
    with open_regular(path) as file:
        if max_bytes is not None:
            size = os.fstat(file.fileno()).st_size
            if size > max_bytes:
                raise FileTooLargeError(path, size, max_bytes)
        return file.read()


class FileTooLargeError(OSError):
    """The file is larger than the caller allows."""

    def __init__(self, path: Path | str, size: int, limit: int) -> None:
        super().__init__(errno.EFBIG, f"{size:,} bytes (limit {limit:,})", str(path))
        self.size = size
        self.limit = limit


def is_regular(path: Path | str) -> bool:
    """Is there a regular file at ``path`` (following symlinks)? Never blocks."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False
