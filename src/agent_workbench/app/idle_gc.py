"""Python's full garbage collections when the author pauses, not on a keystroke.

A full (generation 2) collection visits every tracked object the app has built
since start-up was frozen out of them (``gc.freeze`` in ``app.py``); with the
largest sample agent open that is ~60,000 objects, mostly the cached rows of
the preview and the editor, and 50-130 ms, which fell on a keystroke every
50-100 keys. While an ``IdleCollector`` runs, automatic collections stop at
generation 1 (young objects: a millisecond or two), and the full collection
runs once the author has paused for ``IDLE`` seconds after some activity
(``poke``), or at least every ``AT_MOST`` seconds of idleness otherwise.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from textual.dom import DOMNode
from textual.timer import Timer

IDLE = 1.0  # seconds without activity before a full collection
AT_MOST = 60.0  # seconds between full collections when nothing pokes
NEVER = 1_000_000  # generation-1 collections before an automatic full one


class IdleCollector:
    """Moves full collections to idle moments while started (process-wide: ``stop`` restores)."""

    def __init__(self, node: DOMNode) -> None:
        self.node = node
        self._saved: tuple[int, int, int] | None = None
        self._timer: Timer | None = None
        self._last_poke = time.monotonic()
        self._last_collect = time.monotonic()
        self._pending = False
        self.collections = 0

    def start(self) -> None:
        """Called once the first preview is shown: what start-up built lives as long as the
        app, so it is frozen out of every later collection; the collector is enabled again
        (``app.run`` disables it for start-up, whose ~100,000 objects are all kept)."""
        if self._saved is not None:
            return
        gc.enable()
        gc.freeze()
        give_back_free_memory()  # what loading the tokenizer read and parsed
        self._saved = gc.get_threshold()
        young, middle, _ = self._saved
        gc.set_threshold(young, middle, NEVER)
        self._timer = self.node.set_interval(IDLE / 2, self._check, name="idle-gc")

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def poke(self) -> None:
        """Something happened (an edit, a render): collect after the next pause."""
        self._last_poke = time.monotonic()
        self._pending = True

    def _check(self) -> None:
        now = time.monotonic()
        if now - self._last_poke < IDLE:
            return
        if self._pending or now - self._last_collect >= AT_MOST:
            self._pending = False
            self._last_collect = now
            self.collections += 1
            gc.collect()
            give_back_free_memory()


def give_back_free_memory() -> None:
    """Return the C heap's free pages to the system (glibc's ``malloc_trim``): memory
    freed by start-up's transient work (the tokenizer's rank file, ~30 MB) and by worker
    threads (each has its own heap) otherwise stays counted in the process's RSS."""
    import ctypes
    import ctypes.util

    global _trim
    if _trim is None:
        name = ctypes.util.find_library("c")
        library = ctypes.CDLL(name) if name else None
        _trim = getattr(library, "malloc_trim", None) or (lambda pad: 0)
    _trim(0)


_trim: Callable[[int], int] | None = None  # glibc's malloc_trim, or a no-op elsewhere
