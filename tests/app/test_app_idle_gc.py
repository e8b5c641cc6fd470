"""Full garbage collections wait for the author to pause, and the app leaves the collector as it was."""

from __future__ import annotations

import asyncio
import gc
from pathlib import Path

import pytest

from agent_workbench.app import idle_gc
from agent_workbench.app.screens.main import MainScreen
from agent_workbench.app.widgets.editor import PromptEditor
from app_helpers import make_app, settle

AGENT = """\
---
name: reviewer
description: Reviews changes.
---
# Reviewer

Read the change twice.
"""


def write_agent(root: Path) -> Path:
    (root / "agpm.toml").write_text('[project]\nlanguage = "python"\n', encoding="utf-8")
    path = root / "agents" / "claude-code" / "reviewer.md"
    path.parent.mkdir(parents=True)
    path.write_text(AGENT, encoding="utf-8")
    return path


async def test_full_collections_run_after_a_pause_not_while_typing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A pause well beyond one key press even on a loaded machine (0.4 s was not at load 20).
    monkeypatch.setattr(idle_gc, "IDLE", 1.5)
    before = gc.get_threshold()
    full: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            full.append(1)

    app = make_app(write_agent(tmp_path))
    gc.callbacks.append(note)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, MainScreen)
            # No automatic full collection while the app runs.
            assert gc.get_threshold()[:2] == before[:2]
            assert gc.get_threshold()[2] == idle_gc.NEVER
            editor = screen.query_one(PromptEditor)
            editor.focus()
            await asyncio.sleep(3.5)  # a pause after start-up: its collection runs
            done = screen.idle_gc.collections
            full.clear()
            for key in "typing":  # keys closer together than the pause
                await pilot.press(key)
            assert screen.idle_gc.collections == done and not full
            await asyncio.sleep(3.5)  # the author pauses
            assert screen.idle_gc.collections == done + 1 and full
    finally:
        gc.callbacks.remove(note)
    assert gc.get_threshold() == before  # the app gave the thresholds back
