"""An unclosed ``{% if %}`` is reported where it opens, by the app's problems panel and by
``workbench check`` alike (issue 11: it was reported at the end of the file)."""

from __future__ import annotations

from pathlib import Path

from agent_workbench.app.widgets.error_panel import ErrorPanel
from app_helpers import burst, make_app, screen_lines, settle
from app_project import write_project
from conftest import run_cli

REVIEWER = "agents/claude-code/reviewer.md"


async def test_an_unclosed_if_typed_in_the_editor_is_shown_at_its_line(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project")
    app = make_app(project / REVIEWER)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        editor = app.screen.query_one("#editor")
        editor.focus()
        await burst(pilot, "ctrl+home", *"{% if agpm.project.language %}", "enter")
        await settle(pilot)
        opened = app.workspace.text.splitlines().index("{% if agpm.project.language %}") + 1
        assert opened < len(app.workspace.text.splitlines()) - 3  # lines follow it
        (problem,) = [d for d in app.screen.query_one(ErrorPanel).diagnostics if d.line]
        assert problem.line == opened and "if" in problem.message
        assert any(f"{REVIEWER}:{opened}:" in row for row in screen_lines(app)), screen_lines(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
    proc = run_cli("check", REVIEWER, cwd=project)
    assert proc.returncode == 1
    assert f"{REVIEWER}:{opened}:1: error:" in proc.stdout, proc.stdout
