"""Another agent saved with the open agent's name (another editor, git) makes a clash the
open agent shows, though nothing the open agent reads changed: real files written from
outside, the real watcher (as in test_app_sync.py)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from agent_workbench.app.screens.main import MainScreen
from agent_workbench.app.widgets.error_panel import ErrorPanel
from agent_workbench.app.widgets.status import StatusBar
from app_helpers import make_app, settle

TIMEOUT = 30.0


def _agent(name: str) -> str:
    return f"---\nname: {name}\ndescription: Reviews {name}.\n---\nBody\n"


async def _until(pilot: Pilot[int], condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for: {what}"
        await pilot.pause(0.05)


def _problems(screen: MainScreen) -> list[str]:
    return [str(option.prompt) for option in screen.query_one(ErrorPanel).options]


async def test_another_agent_renamed_on_disk_to_the_open_ones_name_is_a_clash_and_back(
    make_project: Callable[..., Path],
) -> None:
    root = make_project(
        {".claude/agents/a.md": _agent("same"), ".claude/agents/b.md": _agent("other")}
    )
    app = make_app(root / ".claude/agents/a.md")
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await _until(pilot, lambda: screen.disk_watch.watching, "the watcher")
        status = screen.query_one(StatusBar)
        assert "error" not in str(status.render())
        assert screen.browser.entries[".claude/agents/a.md"].errors == 0

        (root / ".claude/agents/b.md").write_text(_agent("same"), encoding="utf-8")
        await _until(pilot, lambda: any("b.md" in line for line in _problems(screen)), "the clash")
        entries = screen.browser.entries
        await _until(pilot, lambda: not entries[".claude/agents/b.md"].stale, "b re-counted")
        await settle(pilot)
        assert "1 error" in str(status.render())
        assert entries[".claude/agents/a.md"].errors == 1  # its line in the list agrees
        assert entries[".claude/agents/b.md"].errors == 1

        (root / ".claude/agents/b.md").write_text(_agent("other"), encoding="utf-8")
        await _until(pilot, lambda: not _problems(screen), "the clash gone")
        await settle(pilot)
        assert "error" not in str(status.render())
        assert entries[".claude/agents/a.md"].errors == 0
