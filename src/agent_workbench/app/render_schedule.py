"""Where the open agent's renders run: at once on the UI thread when cheap, else in a worker.

A keystroke's render and token count of the largest sample agent costs ~5-7 ms
of CPU. Run in a thread worker it took ~29 ms: it shares the interpreter with
the painting of the same keystroke, and its result then waits for the UI
thread (``call_from_thread``) behind that painting. So when the last render of
the open agent in this language cost less than ``SYNC_BUDGET`` of CPU time, the
next one runs at once, on the UI thread, before the keystroke's frame is
painted, under a short time limit (a template that has turned slow is stopped
after ``SYNC_TIME_LIMIT`` and handed to the worker with the full limit). The
first render of an agent or language (its cost is not known yet) is tried on the
UI thread under ``FIRST_TIME_LIMIT``; slow renders and token counts that wait
for the tokenizer run in the worker; a newer job makes their results stale, and
the workspace drops them.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import replace

from textual.dom import DOMNode
from textual.worker import get_current_worker

from agent_workbench.session.render_jobs import RenderJob, RenderOutcome, timed_out
from agent_workbench.session.workspace import Workspace

# Seconds of CPU: a render cheaper than this runs on the UI thread. About a frame
# at 60 fps: the keystroke is handled whole well before the next key of even a
# fast typist (~70 ms apart), and the costs measured for the largest sample agent
# (~10 ms, up to ~17 ms on a loaded machine) stay on this side of it.
SYNC_BUDGET = 0.02
SYNC_TIME_LIMIT = 0.1  # seconds: a UI-thread render running longer moves to the worker
# Seconds: the first render of an agent in a language (its cost not known yet) is tried on
# the UI thread for this long. At start-up it is then on the first frame painted, instead
# of waiting in a worker for the interpreter while that frame is painted (~0.1 s on
# 1,000 agents, bench_startup.py); a template that takes longer is handed to the worker.
FIRST_TIME_LIMIT = 0.05
GROUP = "render"


class RenderSchedule:
    """Runs the workspace's render jobs for ``node`` (the main screen)."""

    def __init__(self, node: DOMNode, ws: Workspace, report: Callable[[str], None]) -> None:
        self.node = node
        self.ws = ws
        self.report = report  # shows an unexpected engine failure (never raises)
        self._cost: tuple[str, str | None, float] | None = None  # rel, language, CPU seconds
        self._requested: tuple[str, str, str | None] | None = None  # rel, text, language
        self.ran_here = 0  # renders run on the UI thread (for tests and benchmarks)
        self.ran_in_worker = 0

    def request(self, *, only_if_new: bool = False) -> None:
        """Render the buffer as it is now; older renders still running become stale.

        ``only_if_new``: not when this text in this language was the last requested
        (an edit already rendered by the handler that made it).
        """
        buffer = self.ws.buffer
        if buffer is None:
            return
        key = (buffer.rel, buffer.text, self.ws.language)
        if only_if_new and key == self._requested:
            return
        self._requested = key
        job = self.ws.next_job()
        limit = self._time_limit(job)
        if limit is not None and self._render_here(job, limit):
            return
        self._start_worker(job)

    def _time_limit(self, job: RenderJob) -> float | None:
        """How long the UI thread gives this render; None: it goes to the worker."""
        cost = self._cost
        if cost is None or cost[:2] != (job.rel, job.language):
            return FIRST_TIME_LIMIT  # not known yet: tried here, briefly
        return SYNC_TIME_LIMIT if cost[2] < SYNC_BUDGET else None

    def _measured(self, job: RenderJob, seconds: float | None) -> None:
        self._cost = None if seconds is None else (job.rel, job.language, seconds)

    # -- on the UI thread ----------------------------------------------------------

    def _render_here(self, job: RenderJob, limit: float) -> bool:
        """Render and accept now; False when the render ran out of its short time limit."""
        self.node.workers.cancel_group(self.node, GROUP)  # their results are stale anyway
        start = time.thread_time()
        try:
            outcome = self.ws.render(replace(job, time_limit=limit), wait_for_tokens=False)
        except Exception as exc:  # an engine bug must not take the app down
            self._measured(job, None)
            self.report(f"render failed: {exc!r}")
            return True
        if timed_out(outcome.result):
            self._measured(job, math.inf)  # the next ones go to the worker (it measures)
            return False
        self._measured(job, time.thread_time() - start)
        self.ran_here += 1
        self.ws.accept(outcome)
        if outcome.tokens is None and outcome.result.output is not None:
            self._start_worker(job, outcome)  # the tokenizer is still loading
        return True

    # -- in a worker thread --------------------------------------------------------

    def _start_worker(self, job: RenderJob, rendered: RenderOutcome | None = None) -> None:
        self.node.run_worker(
            lambda: self._work(job, rendered),
            name="render",
            group=GROUP,
            exclusive=True,
            thread=True,
            exit_on_error=False,
        )

    def _work(self, job: RenderJob, outcome: RenderOutcome | None) -> None:
        worker = get_current_worker()
        call = self.node.app.call_from_thread
        try:
            if outcome is None:
                start = time.thread_time()  # CPU time: not inflated by waits for the GIL
                outcome = self.ws.render(job, wait_for_tokens=False)
                self._measured(job, time.thread_time() - start)
                self.ran_in_worker += 1
                if worker.is_cancelled:
                    return
                call(self.ws.accept, outcome)
            if outcome.tokens is None and outcome.result.output is not None:
                outcome = self.ws.count(outcome)
                if not worker.is_cancelled:
                    call(self.ws.accept, outcome)
        except Exception as exc:  # an engine bug must not take the app down
            call(self.report, f"render failed: {exc!r}")
