"""Watching: from an external save to the preview and counts updated, and 500-file bursts.

Run: ``.venv/bin/python benchmarks/bench_watch.py [--saves 60] [--no-app]``

Every figure stands beside a floor measured in the same run:

- external save → re-rendered with counts (headless: watcher + DiskSync + render),
  beside a bare ``watchfiles.watch`` loop noticing the same writes with the same
  ``step``, and beside the render alone;
- the same through the Textual app (``Pilot``): save from outside → preview
  and status updated;
- a 500-file burst: from the first write to one settled batch applied, and
  (in the app) the keys answered meanwhile.

Writes come from a separate process (like an editor beside the workbench), one
at a time, each waited for before the next.
"""

from __future__ import annotations

import argparse
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import watchfiles

from agent_workbench.follow.watcher import ChangeBatch, WatchSettings
from agent_workbench.model.project import Project
from agent_workbench.session.disk_sync import DiskSync
from agent_workbench.session.workspace import Workspace

AGENT = """---
description: The benchmark agent, large enough to matter
dependencies:
  snippets:
    - path: ../snippets/{{ agpm.project.language }}.md
      name: guide
agpm:
  templating: true
---
# Guide

{{ agpm.deps.snippets.guide.content }}

"""

PARAGRAPH = (
    "Review every change for correctness first, then clarity, then speed. Name things "
    "for what they mean; keep functions short; test behaviour, not implementation.\n\n"
)


def make_project(root: Path) -> Path:
    (root / "agents").mkdir(parents=True)
    (root / "snippets").mkdir()
    (root / "agpm.toml").write_text('[project]\nlanguage = "python"\n')
    body = "".join(f"## Section {i}\n\n{PARAGRAPH * 3}" for i in range(60))  # ~40 KB rendered
    (root / "agents" / "big.md").write_text(AGENT + body)
    (root / "snippets" / "python.md").write_text("Use type hints.\n")
    for i in range(20):
        (root / "agents" / f"other{i:02}.md").write_text(AGENT + f"Other {i}\n")
    return root


class Writer:
    """A separate process that writes files when asked (an editor beside the app)."""

    CODE = (
        "import sys, os\n"
        "for line in sys.stdin:\n"
        "    path, text = line.rstrip('\\n').split('\\t', 1)\n"
        "    tmp = path + '.tmp-save'\n"
        "    open(tmp, 'w').write(text.replace('\\\\n', '\\n'))\n"
        "    os.replace(tmp, path)\n"
        "    print('ok', flush=True)\n"
    )

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", self.CODE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def write(self, path: Path, text: str) -> float:
        """Write ``text`` to ``path`` atomically from the other process; returns when it started."""
        assert self.proc.stdin and self.proc.stdout
        start = time.perf_counter()
        self.proc.stdin.write(f"{path}\t{text.replace(chr(10), chr(92) + 'n')}\n")
        self.proc.stdin.flush()
        self.proc.stdout.readline()
        return start

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=10)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (
        f"p50 {statistics.median(ms):6.1f} ms   p95 {pct(ms, 0.95):6.1f} ms   max {max(ms):6.1f} ms"
    )


def targets(root: Path, saves: int) -> list[tuple[Path, str]]:
    agent = root / "agents" / "big.md"
    snippet = root / "snippets" / "python.md"
    base = agent.read_text()
    out = []
    for i in range(saves):
        if i % 2:
            out.append((snippet, f"Use type hints. Save {i}.\n"))
        else:
            out.append((agent, base + f"\nEdit {i}.\n"))
    return out


def bench_headless(saves: int, settings: WatchSettings) -> list[float]:
    """External save → batch → DiskSync.apply → render with token counts."""
    with tempfile.TemporaryDirectory() as folder:
        root = make_project(Path(folder))
        workspace = Workspace(Project.open(root))
        workspace.open("agents/big.md")
        workspace.render_now()
        sync = DiskSync(workspace, settings=settings)
        batches: queue.Queue[ChangeBatch] = queue.Queue()
        sync.start(batches.put)
        writer = Writer()
        times: list[float] = []
        try:
            for path, text in targets(root, saves):
                start = writer.write(path, text)
                while True:
                    report = sync.apply(batches.get(timeout=10))
                    if report.rerender_open:
                        break
                outcome = workspace.render_now()
                assert outcome.tokens is not None
                times.append(time.perf_counter() - start)
                time.sleep(0.05)
        finally:
            writer.close()
            sync.detach()
        return times


def bench_floor_watchfiles(saves: int, step_ms: int) -> list[float]:
    """A bare watchfiles loop (same step) noticing the same writes: nothing else done."""
    with tempfile.TemporaryDirectory() as folder:
        root = make_project(Path(folder))
        seen: queue.Queue[float] = queue.Queue()
        stop = threading.Event()
        ready = threading.Event()

        def loop() -> None:
            for changes in watchfiles.watch(
                root,
                step=step_ms,
                debounce=1200,
                stop_event=stop,
                rust_timeout=100,
                yield_on_timeout=True,
            ):
                ready.set()
                if changes:
                    seen.put(time.perf_counter())

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        ready.wait(10)
        writer = Writer()
        times: list[float] = []
        try:
            for path, text in targets(root, saves):
                start = writer.write(path, text)
                times.append(seen.get(timeout=10) - start)
                time.sleep(0.05)
        finally:
            writer.close()
            stop.set()
            thread.join(5)
        return times


def bench_render_only(saves: int) -> list[float]:
    with tempfile.TemporaryDirectory() as folder:
        root = make_project(Path(folder))
        workspace = Workspace(Project.open(root))
        workspace.open("agents/big.md")
        workspace.render_now()
        times = []
        for i in range(saves):
            start = time.perf_counter()
            workspace.set_text(workspace.text + f"\nEdit {i}.\n")
            workspace.render_now()
            times.append(time.perf_counter() - start)
        return times


def burst_writer(folder: Path, count: int) -> subprocess.Popen[str]:
    code = (
        "import sys, pathlib\n"
        f"folder = pathlib.Path({str(folder)!r})\n"
        f"for i in range({count}):\n"
        "    (folder / f'gen{i:03}.md').write_text(f'---\\ndescription: {i}\\n---\\nBody {i}\\n')\n"
    )
    return subprocess.Popen([sys.executable, "-c", code], text=True)


def bench_burst(count: int = 500, rounds: int = 3) -> tuple[list[float], list[int], list[float]]:
    """First write of a burst → one settled batch applied; beside the bare writing time."""
    settle, sizes, writing = [], [], []
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as folder:
            root = make_project(Path(folder))
            gen = root / "agents" / "gen"
            gen.mkdir()
            workspace = Workspace(Project.open(root))
            workspace.open("agents/big.md")
            workspace.render_now()
            sync = DiskSync(workspace)
            batches: queue.Queue[ChangeBatch] = queue.Queue()
            sync.start(batches.put)
            start = time.perf_counter()
            proc = burst_writer(gen, count)
            proc.wait()
            writing.append(time.perf_counter() - start)
            seen = 0
            n = 0
            while seen < count:
                report = sync.apply(batches.get(timeout=10))
                seen += len(report.resources_added)
                n += 1
            settle.append(time.perf_counter() - start)
            sizes.append(n)
            sync.detach()
    return settle, sizes, writing


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=60)
    parser.add_argument("--no-app", action="store_true", help="skip the Textual part")
    args = parser.parse_args(argv)

    print(
        f"external saves: {args.saves} (half the agent, half its snippet), writes from another process"
    )
    print(f"{'render alone (floor)':44} {summary(bench_render_only(args.saves))}")
    for step in (10, 30, 50):
        print(
            f"{f'bare watchfiles.watch, step={step} (floor)':44} {summary(bench_floor_watchfiles(args.saves, step))}"
        )
        settings = WatchSettings(step_ms=step)
        print(
            f"{f'save → re-rendered + counts, step={step}':44} {summary(bench_headless(args.saves, settings))}"
        )
    settle, sizes, writing = bench_burst()
    print(f"500-file burst: writer alone {summary(writing)}")
    print(f"500-file burst: settled     {summary(settle)}   batches per burst: {sizes}")
    if not args.no_app:
        run_app: Callable[[int], None] | None
        try:
            from bench_watch_app import run_app  # type: ignore[import-not-found]
        except ImportError:
            run_app = None
        if run_app is not None:
            run_app(args.saves)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(__file__))
    main()
