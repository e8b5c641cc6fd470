"""What a change on disk is: editor noise, settled batches, and the disk snapshot they are judged by.

The watcher (``watch.py``) gathers raw events; this module says which paths are
noise, what a ``ChangeBatch`` holds, and how a file is compared before and after
(size, mode, content hash), so that a burst is classified by looking at the disk.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field

from agent_workbench.model.project import CONFIG_NAME
from agent_workbench.model.regular_file import read_regular
from agent_workbench.model.sources import SKIPPED_DIRS

HASH_LIMIT = 8 * 1024 * 1024
"""Files up to this size are hashed (content comparison, rename detection)."""

_NOISE_NAMES = [
    r"^\..*\.s[a-w][a-z]$",  # vim swap files (.swp, .swo, … .swa, .svz, …; .swx probe)
    r"~$",  # backups (vim, emacs, gedit)
    r"^\.#",  # emacs lock files
    r"^#.*#$",  # emacs auto-save files
    r"^\.DS_Store$",
    r"^flycheck_",
    r"\.___jb_\w+___$",  # JetBrains safe-write
    r"^\.goutputstream-",  # GNOME
    r"\.kate-swp$",
    r"\.py[cod]$",
    r"^\..+\.[0-9a-f]{12}\.tmp$",  # atomic.py's temporary files
    r"^sed\w{6}$",  # sed -i
]
_NOISE = re.compile("|".join(f"(?:{p})" for p in _NOISE_NAMES))


def is_noise_name(name: str) -> bool:
    """Is a file name editor or tool noise (never a change worth reporting)?"""
    if _NOISE.search(name):
        return True
    # vim probes whether it may write in a folder with a file named 4913 (then 5036, …).
    return name.isdigit() and int(name) >= 4913 and (int(name) - 4913) % 123 == 0


def is_noise_rel(rel: str) -> bool:
    """Is a project-relative path noise: in an ignored folder, or a noise file name?"""
    parts = rel.split("/")
    if any(part in SKIPPED_DIRS for part in parts[:-1]):
        return True
    return parts[-1] in SKIPPED_DIRS or is_noise_name(parts[-1])


@dataclass(frozen=True)
class ChangeBatch:
    """One settled burst of changes, as project-relative paths."""

    added: frozenset[str] = frozenset()
    modified: frozenset[str] = frozenset()
    deleted: frozenset[str] = frozenset()
    renamed: frozenset[tuple[str, str]] = frozenset()  # (old, new)
    first_event: float = 0.0  # time.monotonic() of the burst's first event (estimated)
    settled: float = 0.0  # time.monotonic() when the batch was classified
    suppressed: frozenset[str] = frozenset()  # own saves that were recognised and dropped

    @property
    def agpm_toml_changed(self) -> bool:
        return CONFIG_NAME in self.paths

    @property
    def paths(self) -> frozenset[str]:
        """Every path whose content may have changed (both ends of a rename)."""
        ends = {p for pair in self.renamed for p in pair}
        return self.added | self.modified | self.deleted | frozenset(ends)

    @property
    def appeared(self) -> frozenset[str]:
        """Paths that exist now and did not before (added, or the new end of a rename)."""
        return self.added | {new for _, new in self.renamed}

    @property
    def disappeared(self) -> frozenset[str]:
        return self.deleted | {old for old, _ in self.renamed}

    def renamed_to(self, old: str) -> str | None:
        for before, after in self.renamed:
            if before == old:
                return after
        return None

    def __bool__(self) -> bool:
        return bool(self.added or self.modified or self.deleted or self.renamed)

    def __len__(self) -> int:
        return len(self.added) + len(self.modified) + len(self.deleted) + len(self.renamed)


@dataclass(frozen=True)
class WatchSettings:
    """Timing knobs (milliseconds). See ``benchmarks/bench_watch.py`` for how they were chosen."""

    step_ms: int = 30  # quiet period that ends a group (watchfiles ``step``)
    max_latency_ms: int = 1200  # a group never waits longer than this (watchfiles ``debounce``)
    burst_paths: int = 16  # a group this large is a burst in progress ...
    burst_quiet_ms: int = 250  # ... and absorbs the groups that follow within this long
    tick_ms: int = (
        100  # how often the idle watcher wakes (stop checks); watchfiles ``rust_timeout``
    )
    force_polling: bool = False


@dataclass
class _Entry:
    size: int
    mtime_ns: int
    sha256: str | None  # None when larger than HASH_LIMIT or unreadable


def _sha256(path: str) -> str | None:
    try:
        return hashlib.sha256(read_regular(path)).hexdigest()
    except OSError:
        return None


def _entry(path: str) -> _Entry | None:
    """What is on disk at ``path`` now: None when no regular file is there."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    sha = _sha256(path) if st.st_size <= HASH_LIMIT else None
    return _Entry(st.st_size, st.st_mtime_ns, sha)


def _same(before: _Entry, now: _Entry) -> bool:
    if before.sha256 is not None and now.sha256 is not None:
        return before.sha256 == now.sha256
    return (before.size, before.mtime_ns) == (now.size, now.mtime_ns)


@dataclass
class _Snapshot:
    """The watcher's idea of the disk: project-relative path → entry."""

    root: str
    entries: dict[str, _Entry] = field(default_factory=dict)

    def scan(self, under: str = "") -> dict[str, _Entry]:
        found: dict[str, _Entry] = {}
        start = os.path.join(self.root, under) if under else self.root
        for dirpath, dirnames, filenames in os.walk(start):
            dirnames[:] = [d for d in dirnames if d not in SKIPPED_DIRS]
            base = os.path.relpath(dirpath, self.root).replace(os.sep, "/")
            for name in filenames:
                if is_noise_name(name):
                    continue
                rel = name if base == "." else f"{base}/{name}"
                entry = _entry(os.path.join(dirpath, name))
                if entry is not None:
                    found[rel] = entry
        return found
