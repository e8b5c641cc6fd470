"""Texts fit at 80x24: every message wraps inside its box instead of running past the edge.

Each test opens the app at 80x24, brings up one text that used to be clipped, and
reads back what the screen draws: the whole sentence must be there, inside its box.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widget import Widget

from app_helpers import burst, make_app, settle
from app_project import write_project

NARROW = (80, 24)
HELPER = "agents/opencode/helper.md"
REVIEWER = "agents/claude-code/reviewer.md"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project")


def drawn(widget: Widget) -> str:
    """What the widget draws, its rows joined with spaces (a wrapped sentence reads whole)."""
    rows = [strip.text.strip() for strip in widget.render_lines(widget.size.region)]
    return " ".join(row for row in rows if row)


async def test_the_unsaved_changes_dialog_wraps_a_long_path(project: Path) -> None:
    folder = project / "agents/claude-code/a-rather-long-team-folder/reviewers-for-the-platform"
    folder.mkdir(parents=True)
    rel = folder.relative_to(project) / "security-and-correctness-reviewer-for-rust.md"
    (project / rel).write_bytes((project / REVIEWER).read_bytes())
    app = make_app(project / rel)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        app.screen.query_one("#editor").focus()
        await burst(pilot, *"Edited. ")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        dialog = app.screen.query_one("#confirm-dialog")
        title = app.screen.query_one("#confirm-title", Widget)
        assert drawn(title).replace(" ", "") == f"{rel.as_posix()}hasunsavedchanges."
        assert dialog.content_region.contains_region(title.region)


async def test_a_long_form_problem_wraps_inside_the_form(project: Path) -> None:
    app = make_app(project / HELPER)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        field = app.screen.query_one("#field-temperature")
        field.query_one("Input").focus()
        await pilot.press("end")
        await burst(pilot, "backspace", "backspace", "backspace", "9")
        await settle(pilot)
        problem = field.query_one(".field-problem", Widget)
        assert drawn(problem) == (
            "⚠ `temperature: 9` is outside 0–2; OpenCode passes it on and the model "
            "provider rejects it"
        )
        assert problem.region.right <= app.screen.query_one("#form").content_region.right


async def test_the_diff_header_shows_the_token_change_at_80_columns(project: Path) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        app.screen.query_one("#editor").focus()
        await burst(pilot, *"xyz")
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        title = app.screen.query_one("#diff-title", Widget)
        assert drawn(title) == (
            "agents/claude-code/reviewer.md (python) · saved → editor · +1 −1 · tokens +1"
        )


async def test_the_revision_box_of_the_diff_screen_sits_above_the_footer(project: Path) -> None:
    from textual.widgets import Footer, Input

    app = make_app(project / REVIEWER)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        box = app.screen.query_one("#diff-rev", Input)
        footer = app.screen.query_one(Footer)
        assert box.has_focus and box.region.height == 3  # its whole border in view
        assert box.region.bottom <= footer.region.y


async def test_a_token_decrease_is_written_with_a_minus_sign_as_the_line_changes_are(
    project: Path,
) -> None:
    from agent_workbench.app.widgets.status import StatusBar

    app = make_app(project / REVIEWER)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        app.screen.query_one("#editor").focus()
        await burst(pilot, "down", "down", "end", *["backspace"] * 18)  # "before you comment."
        await settle(pilot)
        delta = app.workspace.token_change()
        assert delta is not None and delta < 0
        assert f"−{-delta} tok" in drawn(app.screen.query_one(StatusBar))
        await pilot.press("f8")
        await settle(pilot)
        title = drawn(app.screen.query_one("#diff-title", Widget))
        assert title.endswith(f"· tokens −{-delta}") and "-" not in title.split("·")[-1]
