"""Helpers for the app's Pilot and snapshot tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from agent_workbench.app.app import WorkbenchApp
from agent_workbench.session.workspace import Workspace


def make_app(target: Path, language: str | None = None) -> WorkbenchApp:
    workspace, initial = Workspace.from_target(target, language=language)
    return WorkbenchApp(workspace, initial)


async def settle(pilot: Pilot[int]) -> None:
    """Wait until every worker (renders, counts, the browser scan) has finished and shown."""
    app = pilot.app
    for _ in range(50):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            break
    await pilot.pause()


async def burst(pilot: Pilot[int], *keys: str) -> None:
    """Send keys the way a terminal does when they arrive together (a fast typist, a paste
    without bracketed-paste): all queued at once, no frame between them (``pilot.press``
    waits for idle after every key)."""
    from textual import events
    from textual.keys import _character_to_key

    app = pilot.app
    driver = app._driver
    assert driver is not None
    for key in keys:
        char = key if len(key) == 1 else None
        name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
        event = events.Key(name, char)
        event.set_sender(app)
        driver.send_message(event)
    await pilot.pause()


async def terminal_sends(pilot: Pilot[int], data: str) -> None:
    """Send ``data`` as a terminal does, all at once: the characters it writes for the
    keys (``"\x1br"`` for Alt+R, ``"\x1b"`` for Escape), parsed by Textual's own parser."""
    from agent_workbench.app.compat import terminal_input

    app = pilot.app
    driver = app._driver
    assert driver is not None
    for event in terminal_input(data):
        event.set_sender(app)
        driver.send_message(event)
    await pilot.pause()


def screen_lines(app: WorkbenchApp) -> list[str]:
    """The screen as a terminal shows it (as ``tmux capture-pane -p`` prints it): one
    string per row, the characters only (what ``export_screenshot`` draws, as text)."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True))
    lines = console.export_text(styles=False).split("\n")
    return [line.rstrip() for line in lines[:height]]


async def palette_hits(app: WorkbenchApp, pilot: object, query: str) -> list[str]:
    """The palette's entries for ``query``, as shown (title and help), then closes it."""
    from textual.command import CommandList, CommandPalette

    await pilot.press("ctrl+p")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press(*query)  # type: ignore[attr-defined]
    hits: list[str] = []
    for _ in range(40):
        await pilot.pause(0.05)  # type: ignore[attr-defined]
        if isinstance(app.screen, CommandPalette):
            commands = app.screen.query_one(CommandList)
            hits = [
                str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)
            ]
            if hits:
                break
    await pilot.press("escape")  # type: ignore[attr-defined]
    return hits


async def until(
    pilot: Pilot[int], condition: Callable[[], bool], what: str, timeout: float = 30.0
) -> None:
    """Wait until ``condition()`` holds (a file reloaded, the watcher started), failing the
    test after ``timeout`` seconds with ``what`` it waited for."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for: {what}"
        await pilot.pause(0.05)
