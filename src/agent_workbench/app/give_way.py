"""Background work gives the interpreter back between two files.

The browser's counts and the re-count of agents the disk changed run in thread workers
over the same interpreter as the UI thread. A worker that goes from one file to the next
without pause keeps the GIL nearly all the time: the UI thread lets it go at every
system call and every turn of its event loop (reading a key, a snippet's ``stat``), and
waits each time for the worker's next switch interval to have it back. A key typed
during a 500-file burst then waited up to 0.15-0.25 s for its render (p95; 0.03 s with a
nap between files), though the render itself needs ~20 ms of CPU (see
``benchmarks/bench_watch_app.py`` and docs/benchmarks.md).
"""

from __future__ import annotations

import time

NAP = 0.001  # seconds: long enough for a waiting UI thread to take the interpreter


def give_way() -> None:
    """Called by a background worker between two files: sleeps ``NAP``, which releases
    the interpreter to the UI thread (and the renders of the open agent)."""
    time.sleep(NAP)
