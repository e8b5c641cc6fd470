"""Background work gives the interpreter back between two files.

The browser's counts, the re-count of agents the disk changed and the reading of an
agents folder's names run in thread workers over the same interpreter as the UI thread.
A worker that goes from one file to the next without pause keeps the GIL nearly all the
time: the UI thread lets it go at every system call and every turn of its event loop
(reading a key, a snippet's ``stat``), and waits each time for the worker's next switch
interval to have it back. A key typed during a 500-file burst then waited up to
0.15-0.25 s for its render (p95; 0.03 s with a nap between files), though the render
itself needs ~20 ms of CPU (``benchmarks/bench_watch_app.py``, docs/benchmarks.md).
"""

from __future__ import annotations

import threading
import time

NAP = 0.001  # seconds: long enough for a waiting UI thread to take the interpreter
WORK = 0.002  # seconds of work a worker may do between two naps

_since = threading.local()  # each worker's time of its last nap


def give_way() -> None:
    """Called by a background worker between two files: once it has worked ``WORK``
    since its last nap, sleeps ``NAP``, which hands the interpreter to the UI thread
    (and the open agent's renders). Reading a file's name takes ~0.3 ms, counting one
    1-5 ms: the first naps every few files, the second after each."""
    now = time.perf_counter()
    if now - getattr(_since, "nap", 0.0) >= WORK:
        time.sleep(NAP)
        _since.nap = time.perf_counter()
