"""Every screen and modal at 80x24, the smallest terminal the app promises to fit.

Snapshots (pytest-textual-snapshot) on the fixed project of app_project.py, as
in test_app_snapshots.py: nothing clipped, every text wrapped or scrollable.
Each picture was reviewed by eye before it was accepted.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from agent_workbench.app.screens.conflict import ConflictScreen
from agent_workbench.session.disk_sync import DiskConflict
from app_helpers import make_app, settle
from app_project import write_project
from git_helpers import commit_all, init_repo
from snapshot_steps import steps

REVIEWER = "agents/claude-code/reviewer.md"
NARROW = (80, 24)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project")


def snap(snap_compare, project: Path, run: Callable[[Pilot[int]], Awaitable[None]]) -> bool:
    return snap_compare(make_app(project / REVIEWER), terminal_size=NARROW, run_before=run)


def test_form(snap_compare, project: Path) -> None:
    assert snap(snap_compare, project, steps("f5"))


def test_preview_raw(snap_compare, project: Path) -> None:
    assert snap(snap_compare, project, steps("f2", "f3"))


def test_preview_installed(snap_compare, project: Path) -> None:
    assert snap(snap_compare, project, steps("f2", "f3", "f3"))


def test_tokens_screen(snap_compare, project: Path) -> None:
    assert snap(snap_compare, project, steps("ctrl+t"))


def test_diff_unified(snap_compare, project: Path) -> None:
    assert snap(snap_compare, project, steps("f8", typed="Check the tests too."))


def test_diff_split(snap_compare, project: Path) -> None:
    assert snap(snap_compare, project, steps("f8", "s", typed="Check the tests too."))


def test_changes_screen(snap_compare, project: Path) -> None:
    init_repo(project)
    commit_all(project, "the sample project")
    guide = project / "snippets/guides/python-guide.md"
    guide.write_text(guide.read_text() + "Name each test for the behaviour it checks.\n")
    assert snap(snap_compare, project, steps("f9"))


def test_help(snap_compare, project: Path) -> None:
    assert snap(snap_compare, project, steps("f1"))


def test_language_picker(snap_compare, project: Path) -> None:
    assert snap(snap_compare, project, steps("ctrl+l"))


def test_unsaved_changes_dialog(snap_compare, project: Path) -> None:
    assert snap(snap_compare, project, steps("ctrl+q", typed="Check the tests too."))


def test_problems_panel_with_errors(snap_compare, project: Path) -> None:
    assert snap(snap_compare, project, steps(typed="{{ agpm.project.langauge }}"))


def conflict(project: Path, *, mergeable: bool) -> Callable[[Pilot[int]], Awaitable[None]]:
    """The conflict dialog: the disk retitled the agent; I appended a line, or retitled it too."""

    async def run(pilot: Pilot[int]) -> None:
        await settle(pilot)
        base = (project / REVIEWER).read_text()
        disk = base.replace("# Reviewer", "# The reviewer").encode()
        mine = base + "Mine.\n" if mergeable else base.replace("# Reviewer", "# My reviewer")
        pilot.app.push_screen(ConflictScreen(DiskConflict(REVIEWER, disk, mine, base)))
        await steps()(pilot)

    return run


def test_conflict_dialog_with_a_merge(snap_compare, project: Path) -> None:
    assert snap(snap_compare, project, conflict(project, mergeable=True))


def test_conflict_dialog_without_a_merge(snap_compare, project: Path) -> None:
    assert snap(snap_compare, project, conflict(project, mergeable=False))
