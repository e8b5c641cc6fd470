"""Snapshots of the whole app (pytest-textual-snapshot) on the fixed project of app_project.py.

Deterministic: the project is written fresh into tmp_path (no path is shown),
the terminal size is fixed, every worker has finished before the screenshot,
and cursors do not blink.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from agent_workbench.app.compat import forget_drawn_rows
from app_helpers import make_app, settle
from app_project import write_project

REVIEWER = "agents/claude-code/reviewer.md"
HELPER = "agents/opencode/helper.md"
PLANNER = "agents/claude-code/planner.md"
NOTE = "snippets/notes/shared-note.md"
WIDE = (160, 50)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project")


def no_blink(pilot: Pilot[int]) -> None:
    """Cursors drawn steadily (a blinking cursor is caught in either phase)."""
    for widget in pilot.app.screen.query("TextArea, Input"):
        if isinstance(widget, (TextArea, Input)):
            widget.cursor_blink = False
        if isinstance(widget, TextArea):
            # Without blinking, TextArea's line cache key does not hold the focus, so a
            # line drawn before the widget took focus would be reused without its cursor.
            forget_drawn_rows(widget)


def steps(*keys: str, typed: str = "") -> Callable[[Pilot[int]], Awaitable[None]]:
    """Settle, press keys (inserting ``typed`` into the editor first), settle, freeze."""

    async def run(pilot: Pilot[int]) -> None:
        no_blink(pilot)
        await settle(pilot)
        if typed:  # inserted in one edit (as a paste), so one render follows
            editor = pilot.app.screen.query_one("#editor", TextArea)
            editor.focus()
            await pilot.press("down", "down", "end")
            editor.insert("\n" + typed)
            await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        no_blink(pilot)
        # Repaint everything once more, so the screenshot does not depend on which
        # lines each widget had cached from the updates before.
        for widget in pilot.app.screen.query("*"):
            widget.refresh()
        await settle(pilot)

    return run


def test_main_screen_with_a_templated_agent(snap_compare, project: Path) -> None:
    assert snap_compare(make_app(project / REVIEWER), terminal_size=WIDE, run_before=steps())


def test_form_claude_code(snap_compare, project: Path) -> None:
    assert snap_compare(make_app(project / REVIEWER), terminal_size=WIDE, run_before=steps("f5"))


def test_form_opencode(snap_compare, project: Path) -> None:
    assert snap_compare(make_app(project / HELPER), terminal_size=WIDE, run_before=steps("f5"))


def test_form_snippet(snap_compare, project: Path) -> None:
    assert snap_compare(make_app(project / NOTE), terminal_size=WIDE, run_before=steps("f5"))


def test_language_switched(snap_compare, project: Path) -> None:
    assert snap_compare(make_app(project / REVIEWER), terminal_size=WIDE, run_before=steps("f4"))


def test_render_error(snap_compare, project: Path) -> None:
    run = steps(typed="{{ agpm.project.langauge }}")
    assert snap_compare(make_app(project / REVIEWER), terminal_size=WIDE, run_before=run)


def test_file_that_fails_to_parse(snap_compare, project: Path) -> None:
    assert snap_compare(make_app(project / PLANNER), terminal_size=WIDE, run_before=steps("f5"))


def test_tokens_view(snap_compare, project: Path) -> None:
    assert snap_compare(
        make_app(project / REVIEWER), terminal_size=WIDE, run_before=steps("ctrl+t")
    )


def test_small_terminal(snap_compare, project: Path) -> None:
    assert snap_compare(make_app(project / REVIEWER), terminal_size=(80, 24), run_before=steps())


def test_small_terminal_preview(snap_compare, project: Path) -> None:
    assert snap_compare(
        make_app(project / REVIEWER), terminal_size=(80, 24), run_before=steps("f2")
    )
