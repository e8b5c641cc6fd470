"""Start-up and memory of the real ``workbench`` process, measured from a shell.

Run: ``.venv/bin/python benchmarks/bench_startup.py [--runs 5] [--agents 1000]``

Goals (issue 11, "Start-up and memory"): the first preview with token counts on
screen ≤ 0.8 s from process start, on the 30-file sample project (the repository
root) and on a generated 1,000-agent project; ≤ 100 MB RSS with 1,000 agents.

Each start spawns ``workbench`` (the console script of this interpreter's
environment) in a pseudo-terminal of 160×50, as a shell in tmux would, reads what
it writes, and stops the clock when the screen shows the status line's counts
(``body N + desc N tok``): the preview is drawn by then (the counts come from the
render it shows). No Pilot, no in-process shortcuts: interpreter start, imports,
discovery, the first render, the tokenizer and Textual's first frames are all in.
Memory is read from ``/proc/PID/status``: VmRSS at the first preview, then VmRSS and
VmHWM (the peak) once the process has settled (under 5 % of a CPU for 2.5 s: the
browser's background counts are done), then the app is quit with Ctrl+Q.

The floor, started the same way in the same run and alternated with the app
start by start: a bare Textual app (``python -c`` with one ``Static``), clock
stopped when its text is on screen; and ``python -c "import textual"`` alone.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_common import machine

ROOT = Path(__file__).resolve().parent.parent
SIZE = (160, 50)
QUIET = 2.5  # seconds nearly idle: settled (the idle garbage collection runs after 1 s)
COUNTS = re.compile(rb"body [0-9.,k]+ \+ desc [0-9.,k]+ tok")
READY = re.compile(rb"bare-app-ready")
_ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    rb"|\x1b[PX^_][^\x1b]*\x1b\\"  # DCS and the like
    rb"|\x1b[()][0-9A-Za-z]|\x1b[@-Z\\-_=>78]"
)
BARE_APP = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("bare-app-ready")
Bare().run()
"""


@dataclass
class Start:
    seconds: float  # process start → the awaited text on screen
    first_output: float  # process start → the first byte written to the terminal
    cpu_at_ready: float  # seconds of CPU the process had used by then (all its threads)
    rss_at_ready: float  # MB
    rss_settled: float  # MB
    hwm: float  # MB, the peak


def _memory(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) in MB."""
    values: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def _cpu(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks


def run_once(argv: list[str], cwd: Path, awaited: re.Pattern[bytes], timeout: float) -> Start:
    """Spawn ``argv`` in a 160×50 pty and time it to ``awaited`` on screen."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(SIZE[0]), "LINES": str(SIZE[1])}
    env.pop("TEXTUAL", None)
    # As installed: bytecode is cached (some shells here set this; a user's does not).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, cwd=cwd, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    seen = b""
    first_output = ready = 0.0
    rss_at_ready = cpu_at_ready = 0.0
    try:
        while not ready:
            if time.perf_counter() - start > timeout:
                raise TimeoutError(f"{argv[0]}: nothing matching {awaited.pattern!r} on screen")
            if not select.select([master], [], [], 0.05)[0]:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                raise RuntimeError(f"{argv[0]} exited: {seen[-400:]!r}") from None
            if not first_output:
                first_output = time.perf_counter() - start
            # Search only the new text (with an overlap for a match split across reads).
            window = _ESCAPES.sub(b"", seen[-512:] + chunk)
            seen = (seen + chunk)[-4096:]
            if awaited.search(window):
                ready = time.perf_counter() - start
                rss_at_ready = _memory(process.pid)[0]
                cpu_at_ready = _cpu(process.pid) / os.sysconf("SC_CLK_TCK")
        rss, hwm = _settle(process, master)
    finally:
        try:
            os.write(master, b"\x11")  # Ctrl+Q
            _drain_until_exit(process, master, 5.0)
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait()
            os.close(master)
    return Start(ready, first_output, cpu_at_ready, rss_at_ready, rss, hwm)


def _settle(
    process: subprocess.Popen[bytes], master: int, limit: float = 60.0
) -> tuple[float, float]:
    """Wait (reading the terminal) until the process has used under 5 % of a CPU for
    ``QUIET`` seconds (a blinking cursor and timers use a little, forever)."""
    tick = os.sysconf("SC_CLK_TCK")
    start = time.perf_counter()
    samples = [(start, _cpu(process.pid))]
    while time.perf_counter() - start < limit:
        if select.select([master], [], [], 0.1)[0]:
            os.read(master, 65536)
        now = time.perf_counter()
        samples.append((now, _cpu(process.pid)))
        old = [sample for sample in samples if now - sample[0] >= QUIET]
        if old and (samples[-1][1] - old[-1][1]) / tick <= 0.05 * (now - old[-1][0]):
            break
    return _memory(process.pid)


def _drain_until_exit(process: subprocess.Popen[bytes], master: int, limit: float) -> None:
    deadline = time.perf_counter() + limit
    while process.poll() is None and time.perf_counter() < deadline:
        if select.select([master], [], [], 0.05)[0]:
            try:
                os.read(master, 65536)
            except OSError:
                break
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(max(0.0, deadline - time.perf_counter()))


def import_textual(runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import textual.app"], check=True)
        times.append(time.perf_counter() - start)
    return times


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(name: str, starts: list[Start]) -> str:
    secs = [s.seconds for s in starts]
    return (
        f"  {name:<34} p50 {statistics.median(secs):.2f} s  max {max(secs):.2f} s  "
        f"(first output p50 {statistics.median(s.first_output for s in starts):.2f} s, "
        f"CPU used by then p50 {statistics.median(s.cpu_at_ready for s in starts):.2f} s)  "
        f"RSS at ready {statistics.median(s.rss_at_ready for s in starts):.0f} MB, "
        f"settled {statistics.median(s.rss_settled for s in starts):.0f} MB, "
        f"peak {max(s.hwm for s in starts):.0f} MB"
    )


def workbench_argv() -> list[str]:
    script = Path(sys.executable).with_name("workbench")
    return [str(script)] if script.exists() else [sys.executable, "-m", "agent_workbench"]


def bench(project: Path, runs: int, timeout: float) -> tuple[list[Start], list[Start]]:
    app: list[Start] = []
    bare: list[Start] = []
    # One start of each first, not counted: it writes the bytecode caches (as the first
    # start after an install does) and brings the files into the page cache.
    run_once(workbench_argv(), project, COUNTS, timeout)
    run_once([sys.executable, "-c", BARE_APP], project, READY, timeout)
    for _ in range(runs):  # alternated, so both see the same load
        app.append(run_once(workbench_argv(), project, COUNTS, timeout))
        bare.append(run_once([sys.executable, "-c", BARE_APP], project, READY, timeout))
    return app, bare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--only", choices=("sample", "generated"))
    args = parser.parse_args()
    print(f"machine: {machine('textual', 'regex')}")
    print(f"terminal: {SIZE[0]}x{SIZE[1]} pty; goal: ≤ 0.8 s to the first preview with counts")
    projects: list[tuple[str, Path]] = []
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
        if args.only != "generated":
            projects.append(("sample project (repository root)", ROOT))
        if args.only != "sample":
            from bench_app import make_generated_project

            generated = make_generated_project(Path(folder) / "generated", args.agents)
            projects.append((f"generated {args.agents}-agent project", generated))
        for name, project in projects:
            print(f"\n{name}; load average {os.getloadavg()[0]:.1f}")
            app, bare = bench(project, args.runs, args.timeout)
            print(summary(f"workbench ({args.runs} starts)", app))
            print(summary("floor: bare Textual app", bare))
            print(f"  load average {os.getloadavg()[0]:.1f}")
        imports = import_textual(args.runs)
        print(f"\npython -c 'import textual.app': p50 {statistics.median(imports):.2f} s")


if __name__ == "__main__":
    main()
