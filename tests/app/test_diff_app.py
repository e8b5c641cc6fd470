"""The diff view, the diff screen and the Changes panel: snapshots and Pilot tests on
real git repositories."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from agent_workbench.app.app import WorkbenchApp
from agent_workbench.app.screens.changes import ChangesScreen
from agent_workbench.app.screens.diff import DiffScreen
from agent_workbench.app.widgets.diff_view import DiffView
from agent_workbench.revisions.diff_model import Side, compare
from agent_workbench.revisions.text_diff import diff_texts
from agent_workbench.session.workspace import Workspace
from diff_fixtures import DEPENDENT, FILES, make_repo
from git_helpers import write

OLD = """\
---
name: reviewer
description: Reviews Python changes for correctness
tools: Read, Grep
---
# Reviewer

Use type hints in every function.
Prefer pathlib.
Keep answers short and cite file:line for every finding you report to the author of the change, so they can act on it.

  An indented line that stays.
Another one.
Third.
Fourth.
Fifth.
Sixth.
End.
"""

NEW = (
    OLD.replace("Reviews Python", "Reviews Rust")
    .replace("Use type hints in every function.", "Use strict type hints in each function.")
    .replace("Prefer pathlib.\n", "")
    .replace("End.\n", "End.\nAdded line.\n")
)


def _agent_diff():
    old = Side("HEAD", "agents/reviewer.md", "python", True, OLD)
    new = Side("editor", "agents/reviewer.md", "rust", True, NEW)
    return compare(old, new)


class DiffApp(App[None]):
    def __init__(self, split: bool) -> None:
        super().__init__()
        self.split = split

    def on_mount(self) -> None:
        self.push_screen(DiffScreen(diff=_agent_diff(), split=self.split))


def test_snapshot_unified(snap_compare) -> None:
    assert snap_compare(DiffApp(split=False), terminal_size=(100, 28))


def test_snapshot_side_by_side(snap_compare) -> None:
    assert snap_compare(DiffApp(split=True), terminal_size=(100, 28))


class ViewApp(App[None]):
    def __init__(self, old: str, new: str) -> None:
        super().__init__()
        self.texts = (old, new)

    def compose(self) -> ComposeResult:
        yield DiffView(diff_texts(*self.texts))


def _row_text(view: DiffView, y: int) -> str:
    return "".join(segment.text for segment in view.render_line(y))


async def test_rows_keep_indentation_numbers_and_wrap() -> None:
    app = ViewApp(OLD, NEW)
    async with app.run_test(size=(60, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(DiffView)
        rows = [_row_text(view, y) for y in range(view.document_height)]
        assert rows[0].strip().startswith("@@ -1,")
        assert any(r.startswith(" 3    - description: Reviews Python changes") for r in rows)
        assert any(r.startswith("    3 + description: Reviews Rust changes") for r in rows)
        assert any("    An indented line that stays." in r for r in rows)
        # The long context line wraps inside the view instead of running off it.
        long_rows = [i for i, r in enumerate(rows) if "Keep answers short" in r]
        assert long_rows and "act on it." in "".join(rows[long_rows[0] + 1 : long_rows[0] + 3])
        assert all(len(r) <= 60 for r in rows)


async def test_split_toggle_and_hunk_navigation() -> None:
    far = "".join(f"line {i}\n" for i in range(200))
    changed = far.replace("line 5\n", "line five\n")
    for i in (40, 80, 120, 160):
        changed = changed.replace(f"line {i}\n", f"line {i}!\n")
    app = ViewApp(far, changed)
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        view = app.query_one(DiffView)
        assert len(view.hunk_blocks) == 5
        view.focus()
        await pilot.press("n")
        await pilot.pause()
        assert "@@ -38,7 +38,7 @@" in _row_text(view, 0)
        await pilot.press("p")
        await pilot.pause()
        assert "@@ -3,7 +3,7 @@" in _row_text(view, 0)
        view.set_split(True)
        await pilot.pause()
        assert view.split
        row = next(
            _row_text(view, y)
            for y in range(view.document_height)
            if "line five" in _row_text(view, y)
        )
        left, right = row.split("│", 1)
        assert "line 5" in left and "line five" in right


async def test_a_60kb_diff_renders_only_what_is_on_screen() -> None:
    paragraph = "Review each change for correctness first, then clarity, then speed. " * 3
    old = "".join(f"{i}: {paragraph}\n" for i in range(300))  # about 62 KB
    new = "".join(
        f"{i}: {paragraph.replace('speed', 'cost') if i % 7 == 0 else paragraph}\n"
        for i in range(300)
    )
    assert len(new) > 60_000
    app = ViewApp("", "")
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(DiffView)
        await pilot.pause()
        view.stats.reset()
        view.show_diff(diff_texts(old, new))
        screen_rows = [_row_text(view, y) for y in range(view.size.height)]
        # Showing a screenful rendered about a screenful of rows, not the document.
        assert len(view.blocks) > 300
        assert 0 < view.stats.rendered_blocks <= view.size.height
        assert screen_rows[1].startswith("  1     - 0: Review each change")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


async def test_f8_diffs_the_open_agent_against_saved_head_and_language(repo: Path) -> None:
    rel = DEPENDENT[1]
    workspace, initial = Workspace.from_target(repo / rel)
    app = WorkbenchApp(workspace, initial, preload_tokens=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f8")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DiffScreen) and screen.baseline == "HEAD"
        assert screen.result is not None and not screen.result.changed
        await pilot.press("escape")
        # An unsaved edit: F8 now compares with the saved text.
        workspace.set_text(workspace.text.replace("You are the", "You are the careful"))
        await pilot.press("f8")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DiffScreen) and screen.baseline == "saved"
        assert screen.result is not None
        assert (screen.result.old.label, screen.result.new.label) == ("saved", "editor")
        assert "+You are the careful backend agent for python." in screen.result.unified_lines()
        await pilot.press("l")  # against another language
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.baseline == "lang:rust"
        assert screen.result is not None and "+Use type hints." in screen.result.unified_lines()
        await pilot.press("r", *"HEAD~5", "enter")  # no such revision: said, not raised
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.result is None
        view = screen.query_one(DiffView)
        assert "unknown revision 'HEAD~5'" in _row_text(view, 0)


async def test_f9_lists_changed_agents_and_opens_one(repo: Path) -> None:
    write(repo, {"snippets/shared/review.md": "Review the patch.\n"})
    (repo / "agents/opencode/plain.md").unlink()
    workspace, initial = Workspace.from_target(repo / DEPENDENT[0])
    app = WorkbenchApp(workspace, initial, preload_tokens=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f9")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChangesScreen) and screen.report is not None
        table = screen.query_one(DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert [r[0] for r in rows] == [*DEPENDENT, "agents/opencode/plain.md"]
        assert rows[2][2] == "removed" and rows[0][3:5] == ["+1", "−1"]
        await pilot.press("down", "enter")
        await pilot.pause()
        opened = app.screen
        assert isinstance(opened, DiffScreen) and opened.result is not None
        assert opened.result.rel == DEPENDENT[1]
        assert "+Review the patch." in opened.result.unified_lines()


class ChangesApp(App[None]):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def on_mount(self) -> None:
        self.push_screen(ChangesScreen(self.workspace))


def test_snapshot_changes_panel(snap_compare, repo: Path) -> None:
    write(
        repo,
        {
            "snippets/shared/review.md": "Review the patch line by line, twice.\n",
            "agpm.toml": FILES["agpm.toml"] + "\n# reviewed\n",
            "agents/opencode/new.md": "---\ndescription: new one\nmode: subagent\n---\nHello.\n",
        },
    )
    (repo / "agents/opencode/plain.md").unlink()
    workspace, _ = Workspace.from_target(repo)

    async def settle(pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(ChangesApp(workspace), terminal_size=(100, 16), run_before=settle)
