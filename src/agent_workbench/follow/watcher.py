"""Follow a project on disk: a watchfiles-based watcher that reports settled batches.

``ProjectWatcher(root, on_batch)`` watches the project root recursively (agents,
snippets, every file a dependency or the ``content`` filter can reach, since
those are confined to the root, and ``agpm.toml``). It runs in a background
thread and is usable from plain Python and from the Textual app alike.

What reaches ``on_batch`` is a ``ChangeBatch`` judged *by looking at the disk*
once a burst has settled, not by replaying raw events:

- editor noise is dropped (swap files, ``~`` backups, ``.#`` locks, vim's
  ``4913`` probe, ``.git/``, ``__pycache__``, our own atomic-write temp files);
- a file whose bytes are the same as before (a ``touch``, a save without
  changes) is not a change; write-temp+rename and delete+create dances collapse
  to "modified";
- a file deleted and another added with the same content is a rename;
- the app's own saves are announced with ``expect_write(rel, sha256)`` and the
  matching change is not reported;
- a burst (a checkout touching 500 files) is one batch: watchfiles groups events
  until ``step_ms`` passes quietly (at most ``max_latency_ms``), and a large
  group keeps absorbing the groups that follow within ``burst_quiet_ms``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import queue
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from agent_workbench.follow.batch import (  # ChangeBatch & co. are part of this module's API
    ChangeBatch,
    WatchSettings,
    _Entry,
    _entry,
    _same,
    _Snapshot,
    is_noise_name,
    is_noise_rel,
)

if TYPE_CHECKING:
    import watchfiles

__all__ = [
    "ChangeBatch",
    "ProjectWatcher",
    "WatchSettings",
    "is_noise_name",
    "is_noise_rel",
    "watch_project",
]


class ProjectWatcher:
    """Watch a project root in a background thread; deliver ``ChangeBatch``-es.

    ``on_batch`` is called in the watcher's thread (a Textual app forwards it
    with ``call_from_thread`` or ``post_message``). Without a callback, batches
    queue up for ``next_batch(timeout)``. ``start()`` returns once the watch is
    in place: a write after it is seen.
    """

    def __init__(
        self,
        root: Path | str,
        on_batch: Callable[[ChangeBatch], object] | None = None,  # its result is ignored
        *,
        settings: WatchSettings | None = None,
    ) -> None:
        self.root = Path(os.path.realpath(root))
        self.settings = settings or WatchSettings()
        self._on_batch = on_batch
        self._batches: queue.Queue[ChangeBatch] = queue.Queue()
        self._raw: queue.Queue[tuple[float, set[tuple[watchfiles.Change, str]]] | None] = (
            queue.Queue()
        )
        self._snapshot = _Snapshot(str(self.root))
        self._expected: dict[str, set[str]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._threads: list[threading.Thread] = []
        self.error: BaseException | None = None

    # -- life cycle ------------------------------------------------------------

    def start(self, *, timeout: float = 10.0) -> ProjectWatcher:
        if self._threads:
            return self
        self._snapshot.entries = self._snapshot.scan()
        self._threads = [
            threading.Thread(target=self._watch_loop, name="workbench-watch", daemon=True),
            threading.Thread(target=self._settle_loop, name="workbench-settle", daemon=True),
        ]
        for thread in self._threads:
            thread.start()
        self._ready.wait(timeout)
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(timeout)
        self._threads = []

    @property
    def running(self) -> bool:
        return any(t.is_alive() for t in self._threads) and not self._stop.is_set()

    @property
    def ready(self) -> bool:
        """The watch is in place: a write from now on will be seen."""
        return self._ready.is_set() and self.running

    def __enter__(self) -> ProjectWatcher:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the app's own writes ----------------------------------------------------

    def expect_write(self, rel: str, sha256: str) -> None:
        """The app is about to write (or just wrote) ``rel`` with bytes hashing to ``sha256``:
        when the watcher sees exactly that content there, it is not reported."""
        with self._lock:
            self._expected.setdefault(rel, set()).add(sha256)

    def known_sha256(self, rel: str) -> str | None:
        """The content hash the watcher last saw for ``rel`` (None when absent or not hashed)."""
        with self._lock:
            entry = self._snapshot.entries.get(rel)
            return entry.sha256 if entry else None

    # -- consuming batches -------------------------------------------------------

    def next_batch(self, timeout: float | None = None) -> ChangeBatch | None:
        """The next batch (when no ``on_batch`` was given), or None after ``timeout`` seconds."""
        try:
            return self._batches.get(timeout=timeout)
        except queue.Empty:
            return None

    # -- threads -----------------------------------------------------------------

    def _watch_loop(self) -> None:
        import watchfiles  # here, not at import: the app's first screen does not wait for it

        s = self.settings
        try:
            for raw in watchfiles.watch(
                self.root,
                watch_filter=None,  # filtered per path in _rel, after the fact
                debounce=s.max_latency_ms,
                step=s.step_ms,
                stop_event=self._stop,
                rust_timeout=s.tick_ms,
                yield_on_timeout=True,
                raise_interrupt=False,
                force_polling=s.force_polling,
                ignore_permission_denied=True,
            ):
                # The first yield (a timeout when idle) proves the watch is in place.
                self._ready.set()
                if raw:
                    self._raw.put((time.monotonic(), raw))
        except BaseException as exc:  # the watcher must never take the app down
            self.error = exc
        finally:
            self._ready.set()
            self._raw.put(None)

    def _settle_loop(self) -> None:
        s = self.settings
        while True:
            item = self._raw.get()
            if item is None:
                return
            # A raw group is delivered `step_ms` after its last event; the burst began about then.
            delivered, raw = item
            first = delivered - 1.5 * s.step_ms / 1000
            paths = self._rels(raw)
            # A big group is a burst in progress (checkout, pull): keep absorbing what follows.
            if len(paths) >= s.burst_paths:
                deadline = delivered + s.max_latency_ms / 1000
                while (left := deadline - time.monotonic()) > 0:
                    try:
                        more = self._raw.get(timeout=min(s.burst_quiet_ms / 1000, left))
                    except queue.Empty:
                        break
                    if more is None:
                        self._raw.put(None)
                        break
                    paths |= self._rels(more[1])
            if not paths:
                continue
            try:
                batch = self._classify(paths, first)
            except Exception as exc:  # never kill the thread over one odd file
                self.error = exc
                continue
            if batch:
                self._deliver(batch)

    def _deliver(self, batch: ChangeBatch) -> None:
        if self._on_batch is None:
            self._batches.put(batch)
            return
        try:
            self._on_batch(batch)
        except Exception as exc:
            self.error = exc

    # -- classification ------------------------------------------------------------

    def _rels(self, raw: Iterable[tuple[watchfiles.Change, str]]) -> set[str]:
        root = str(self.root)
        rels: set[str] = set()
        for _, path in raw:
            if path != root and not path.startswith(root + os.sep):
                continue
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            if rel != "." and not is_noise_rel(rel):
                rels.add(rel)
        return rels

    def _classify(self, paths: set[str], first: float) -> ChangeBatch:
        snap = self._snapshot
        now: dict[str, _Entry | None] = {}
        for rel in paths:
            absolute = os.path.join(snap.root, rel)
            if os.path.isdir(absolute):
                # A folder appeared (or was renamed in): its files may not have had events.
                now.update(snap.scan(rel))
            else:
                now[rel] = _entry(absolute)
            with self._lock:
                if rel in snap.entries or now.get(rel) is not None:
                    continue
                # A folder vanished (or was renamed away): its files may not have had events.
                prefix = rel + "/"
                below = [k for k in snap.entries if k.startswith(prefix)]
            for key in below:
                if key not in now:
                    now[key] = _entry(os.path.join(snap.root, key))

        added: dict[str, _Entry] = {}
        deleted: dict[str, _Entry] = {}
        modified: set[str] = set()
        suppressed: set[str] = set()
        with self._lock:
            for rel, entry in now.items():
                before = snap.entries.get(rel)
                if entry is None:
                    if before is not None:
                        deleted[rel] = before
                        del snap.entries[rel]
                    continue
                snap.entries[rel] = entry
                expected = self._expected.get(rel)
                if expected and entry.sha256 in expected:
                    expected.discard(entry.sha256)
                    if not expected:
                        del self._expected[rel]
                    suppressed.add(rel)
                    continue
                if before is None:
                    added[rel] = entry
                elif not _same(before, entry):
                    modified.add(rel)

        renamed: set[tuple[str, str]] = set()
        by_hash: dict[str, list[str]] = {}
        for rel in sorted(added):
            sha = added[rel].sha256
            if sha is not None:
                by_hash.setdefault(sha, []).append(rel)
        for old in sorted(deleted):
            sha = deleted[old].sha256
            candidates = by_hash.get(sha or "")
            if candidates:
                new = candidates.pop(0)
                renamed.add((old, new))
                del added[new]
        for old, _ in renamed:
            del deleted[old]

        return ChangeBatch(
            added=frozenset(added),
            modified=frozenset(modified),
            deleted=frozenset(deleted),
            renamed=frozenset(renamed),
            first_event=first,
            settled=time.monotonic(),
            suppressed=frozenset(suppressed),
        )


async def watch_project(
    root: Path | str, *, settings: WatchSettings | None = None
) -> AsyncIterator[ChangeBatch]:
    """The same batches as an async iterator (for asyncio code outside Textual)."""
    loop = asyncio.get_running_loop()
    batches: asyncio.Queue[ChangeBatch] = asyncio.Queue()
    watcher = ProjectWatcher(
        root,
        lambda batch: loop.call_soon_threadsafe(batches.put_nowait, batch),
        settings=settings,
    )
    await asyncio.to_thread(watcher.start)
    try:
        while True:
            yield await batches.get()
    finally:
        with contextlib.suppress(Exception):
            await asyncio.to_thread(watcher.stop)
