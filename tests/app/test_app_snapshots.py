"""Snapshots of the whole app (pytest-textual-snapshot) on the fixed project of app_project.py.

Deterministic: the project is written fresh into tmp_path (no path is shown),
the terminal size is fixed, every worker has finished before the screenshot,
and cursors do not blink.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app_helpers import make_app
from app_project import write_project
from snapshot_steps import steps

REVIEWER = "agents/claude-code/reviewer.md"
HELPER = "agents/opencode/helper.md"
PLANNER = "agents/claude-code/planner.md"
NOTE = "snippets/notes/shared-note.md"
WIDE = (160, 50)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project")


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
