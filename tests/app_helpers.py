"""Helpers for the app's Pilot and snapshot tests."""

from __future__ import annotations

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
