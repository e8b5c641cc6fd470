"""The editor's cursor in the status line: line and column of the file, 1-based, following
every move while the editor has focus."""

from __future__ import annotations

from pathlib import Path

from app_helpers import burst, make_app, screen_lines, settle
from app_project import REVIEWER as REVIEWER_TEXT
from app_project import write_project

REVIEWER = "agents/claude-code/reviewer.md"
# The body's first line in the file: the line after the closing "---".
BODY_LINE = REVIEWER_TEXT.split("\n").index("# Reviewer for {{ agpm.project.language }}") + 1


def status_row(lines: list[str]) -> str:
    return lines[-2]


async def test_the_status_line_shows_the_cursor_and_follows_every_move(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project")
    app = make_app(project / REVIEWER)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        app.screen.query_one("#editor").focus()
        await pilot.pause()
        assert f"Ln {BODY_LINE}, Col 1" in status_row(screen_lines(app))
        await burst(pilot, "down", "down", "right", "right", "right")
        assert f"Ln {BODY_LINE + 2}, Col 4" in status_row(screen_lines(app))
        await burst(pilot, "end")
        line = "Read the change twice before you comment."
        assert f"Ln {BODY_LINE + 2}, Col {len(line) + 1}" in status_row(screen_lines(app))
        # Focus elsewhere: no cursor to show.
        app.screen.query_one("#preview").focus()
        await pilot.pause()
        assert "Ln " not in status_row(screen_lines(app))
        # The whole source (F6, pressed in the editor): lines count from the file's first.
        app.screen.query_one("#editor").focus()
        await pilot.press("f6")
        await settle(pilot)
        await burst(pilot, "down", "right")
        assert "Ln 2, Col 2" in status_row(screen_lines(app))


async def test_at_80_columns_the_cursor_stays_in_the_status_line(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project")
    app = make_app(project / REVIEWER)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#editor").focus()
        await burst(pilot, "down", "x")  # unsaved: the line has more to say
        await settle(pilot)
        row = status_row(screen_lines(app))
        assert "● unsaved" in row
        assert f"{BODY_LINE + 1}:2" in row or f"Ln {BODY_LINE + 1}, Col 2" in row, row
