"""Where renders run: a cheap render follows the keystroke at once; a slow one never blocks typing."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_workbench.app import render_schedule
from agent_workbench.app.screens.main import MainScreen
from agent_workbench.app.widgets.editor import PromptEditor
from agent_workbench.app.widgets.error_panel import ErrorPanel
from agent_workbench.app.widgets.preview import Preview
from app_helpers import make_app, settle

SIZE = (160, 50)
AGENT = """\
---
name: reviewer
description: Reviews changes.
agpm:
  templating: true
---
# Reviewer for {{ agpm.project.language }}

Read the change twice.
"""
SLOW = "{% for i in range(end=100000) %}{% endfor %}loop done"


def write_agent(root: Path) -> Path:
    (root / "agpm.toml").write_text('[project]\nlanguage = "python"\n', encoding="utf-8")
    path = root / "agents" / "claude-code" / "reviewer.md"
    path.parent.mkdir(parents=True)
    path.write_text(AGENT, encoding="utf-8")
    return path


async def test_a_cheap_render_is_shown_before_the_keystroke_returns(tmp_path: Path) -> None:
    app = make_app(write_agent(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        preview = screen.query_one(Preview)
        editor = screen.query_one(PromptEditor)
        editor.move_cursor((2, len(editor.document[2])))
        editor.insert(" Then")  # the first renders measure what a render costs
        await settle(pilot)
        before = app.workspace.tokens
        assert before is not None and "python" in preview.text
        editor.insert(" once more.")  # no await: nothing else has run since
        assert "Read the change twice. Then once more." in preview.text
        assert app.workspace.tokens is not None and app.workspace.tokens.body > before.body
        assert f"body {app.workspace.tokens.body:,}" in str(screen.query_one("#status").render())


async def test_a_slow_template_renders_in_the_background_without_a_false_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The UI thread gives a render 1 ms here (0.1 s in the app): the loop outlasts it.
    monkeypatch.setattr(render_schedule, "SYNC_TIME_LIMIT", 0.001)
    app = make_app(write_agent(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        preview = screen.query_one(Preview)
        panel = screen.query_one(ErrorPanel)
        editor = screen.query_one(PromptEditor)
        editor.move_cursor((2, len(editor.document[2])))
        editor.insert(" Then")  # the first renders measure what a render costs
        await settle(pilot)
        editor.insert("\n" + SLOW)
        # Stopped on the UI thread and handed to a worker, not shown as an error.
        assert "loop done" not in preview.text and not preview.stale
        await settle(pilot)
        assert "loop done" in preview.text and not preview.stale
        assert panel.has_class("-empty"), [d.format() for d in panel.diagnostics]
        # That render was slow: the next keystroke renders in the worker too.
        editor.insert("!")
        assert "loop done!" not in preview.text
        await settle(pilot)
        assert "loop done!" in preview.text and not preview.stale
