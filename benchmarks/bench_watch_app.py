"""Watching, through the Textual app (run by ``bench_watch.py``, or on its own).

- external save of the open agent or of its snippet → the preview shows it
  (and the counts, computed with the same render), p95 over many saves, beside
  a bare watchfiles loop noticing the same writes in the same run;
- a 500-file burst written by another process → all 500 in the browser with
  their counts, and the latency of keys typed meanwhile, beside the same keys
  typed with nothing happening on disk.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from textual import events

from agent_workbench.app.app import WorkbenchApp
from agent_workbench.app.screens.main import MainScreen
from agent_workbench.session.workspace import Workspace
from agent_workbench.tokens import counting as tokens
from bench_watch import Writer, bench_floor_watchfiles, burst_writer, make_project, summary, targets


async def wait(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("condition not met")
        await asyncio.sleep(0.001)


def main_screen(app: WorkbenchApp) -> MainScreen:
    return next(s for s in app.screen_stack if isinstance(s, MainScreen))


async def started(app: WorkbenchApp) -> MainScreen:
    await wait(lambda: any(isinstance(s, MainScreen) for s in app.screen_stack))
    screen = main_screen(app)
    await wait(lambda: screen.ws.last_good is not None and screen.ws.tokens is not None)
    await wait(lambda: screen.disk_watch.watching)
    return screen


async def app_saves(saves: int) -> list[float]:
    tokens.preload((tokens.DEFAULT_ENCODING,))
    with tempfile.TemporaryDirectory() as folder:
        root = make_project(Path(folder))
        workspace, _ = Workspace.from_target(root)
        app = WorkbenchApp(workspace, "agents/big.md")
        times: list[float] = []
        writer = Writer()
        try:
            async with app.run_test(size=(160, 50)):
                screen = await started(app)
                for i, (path, text) in enumerate(targets(root, saves)):
                    marker = f"Save {i}." if i % 2 else f"Edit {i}."
                    start = writer.write(path, text)
                    await wait(lambda m=marker: m in screen.preview.text)  # type: ignore[misc]
                    times.append(time.perf_counter() - start)
                    await asyncio.sleep(0.05)
        finally:
            writer.close()
        return times


def send_key(app: WorkbenchApp, char: str) -> None:
    """What ``Pilot.press`` does for one printable key, without its waits for idle."""
    event = events.Key(char, char)
    event.set_sender(app)
    assert app._driver is not None
    app._driver.send_message(event)


async def key_latency(screen: MainScreen, app: WorkbenchApp, keys: int) -> list[float]:
    """Time from a key sent to the editor holding the typed character."""
    screen.editor.focus()
    await asyncio.sleep(0.01)
    out = []
    for _ in range(keys):
        before = screen.editor.text.count("q")
        start = time.perf_counter()
        send_key(app, "q")
        await wait(lambda b=before: screen.editor.text.count("q") > b)  # type: ignore[misc]
        out.append(time.perf_counter() - start)
        await asyncio.sleep(0.01)
    return out


async def app_burst(count: int = 500) -> tuple[tuple[float, float], list[float], list[float]]:
    tokens.preload((tokens.DEFAULT_ENCODING,))
    with tempfile.TemporaryDirectory() as folder:
        root = make_project(Path(folder))
        generated = root / "agents" / "gen"
        generated.mkdir()
        workspace, _ = Workspace.from_target(root)
        app = WorkbenchApp(workspace, "agents/big.md")
        async with app.run_test(size=(160, 50)):
            screen = await started(app)
            idle_keys = await key_latency(screen, app, 20)
            expected = {f"agents/gen/gen{i:03}.md" for i in range(count)}
            start = time.perf_counter()
            proc = burst_writer(generated, count)
            busy_keys: list[float] = []

            listed_at: list[float] = []

            def settled() -> bool:
                entries = screen.browser.entries
                if not listed_at and expected <= set(entries):
                    listed_at.append(time.perf_counter() - start)
                return expected <= set(entries) and all(
                    entries[rel].tokens is not None for rel in expected
                )

            while not settled():
                busy_keys += await key_latency(screen, app, 1)
                if time.perf_counter() - start > 60:
                    raise TimeoutError("burst never settled")
            counted = time.perf_counter() - start
            proc.wait()
        return (listed_at[0], counted), idle_keys, busy_keys


def run_app(saves: int) -> None:
    print()
    print("through the Textual app (Pilot, headless):")
    floor = bench_floor_watchfiles(saves, 30)
    print(f"{'bare watchfiles.watch, step=30 (floor)':44} {summary(floor)}")
    print(f"{'save → preview + counts in the app':44} {summary(asyncio.run(app_saves(saves)))}")
    settle, idle, busy = asyncio.run(app_burst())
    print(f"{'keys, nothing on disk (floor)':44} {summary(idle)}")
    print(f"{'keys during a 500-file burst':44} {summary(busy)}   ({len(busy)} keys)")
    listed, counted = settle
    print(
        f"500-file burst (another process writing): all 500 listed {listed * 1000:.0f} ms, all counted {counted * 1000:.0f} ms"
    )


if __name__ == "__main__":
    run_app(int(sys.argv[1]) if len(sys.argv) > 1 else 60)
