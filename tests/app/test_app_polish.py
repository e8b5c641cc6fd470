"""What a user notices at a glance: the footer at 80 columns, and what each screen says."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import TextArea

from agent_workbench.app.compat import FooterKey, notifications
from agent_workbench.app.widgets.status import StatusBar
from app_helpers import make_app, settle
from app_project import write_project

REVIEWER = "agents/claude-code/reviewer.md"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project")


@pytest.mark.parametrize("focus", ["#editor", "#browser-tree", "#browser-filter", "#preview"])
async def test_at_80_columns_the_footer_shows_the_keys_that_matter_whole(
    project: Path, focus: str
) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        if focus == "#preview":
            await pilot.press("f2")
        else:
            app.screen.query_one(focus).focus()
        await settle(pilot)
        f2 = "Edit" if focus == "#preview" else "Preview"  # F2 says what it does
        assert set(footer_fits(app)) >= {"Save", f2, "Language", "Help", "Quit"}


def footer_fits(app: object) -> list[str]:
    """The descriptions of the footer's keys, after checking none is cut off."""
    keys = list(app.screen.query(FooterKey))  # type: ignore[attr-defined]
    palette = next(k for k in keys if k.has_class("-command-palette"))
    shown = [k for k in keys if k is not palette]
    for key in shown:
        assert key.region.right <= palette.region.x, f"{key.description} is clipped"
    return [k.description for k in shown]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("f8", {"Back", "Split", "Against…", "Next", "Help"}),
        ("f9", {"Back", "Refresh"}),
        ("ctrl+t", {"Back", "Help"}),
    ],
)
async def test_at_80_columns_the_other_screens_footers_fit(
    project: Path, key: str, expected: set[str]
) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert set(footer_fits(app)) >= expected


async def test_the_status_line_keeps_unsaved_and_errors_in_view_at_80_columns(
    project: Path,
) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        status = app.screen.query_one(StatusBar)
        wide = status.text.plain
        assert "reviewer.md" in wide and "(o200k_base)" in wide
        editor = app.screen.query_one("#editor", TextArea)
        editor.focus()
        editor.insert("{{ broken( }} ")
        await settle(pilot)
        assert "● unsaved" in status.text.plain and "✗ 1 error" in status.text.plain
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        narrow = status.text.plain
        assert len(narrow) <= status.content_region.width
        for part in ("python", "● unsaved", "✗ 1 error", "tok", "Δ"):
            assert part in narrow, narrow
        assert "reviewer.md" not in narrow  # the first detail to go


async def test_a_read_only_folder_opens_shows_read_only_and_is_never_written(
    project: Path,
) -> None:
    folder = project / "agents/claude-code"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    mode = folder.stat().st_mode
    folder.chmod(mode & ~0o222)
    try:
        app = make_app(project / REVIEWER)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            status = app.screen.query_one(StatusBar)
            assert "read-only" in status.text.plain
            editor = app.screen.query_one("#editor", TextArea)
            editor.focus()
            await pilot.press("x")
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
            messages = notifications(app)
            assert any("read-only" in m for m in messages), messages
            assert app.workspace.dirty
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    finally:
        folder.chmod(mode)


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
@pytest.mark.parametrize("mergeable", [False, True])
async def test_the_conflict_dialog_shows_the_diff_and_every_choice(
    project: Path, size: tuple[int, int], mergeable: bool
) -> None:
    from textual.widgets import Button, Static

    from agent_workbench.app.screens.conflict import ConflictScreen
    from agent_workbench.session.disk_sync import DiskConflict

    app = make_app(project / REVIEWER)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        disk = (project / REVIEWER).read_bytes()
        base = disk.decode()
        # The disk changed the title; I appended a line (mergeable) or changed it too.
        disk_now = base.replace("# Reviewer", "# The reviewer").encode()
        mine = base + "Mine.\n" if mergeable else base.replace("# Reviewer", "# My reviewer")
        conflict = DiskConflict(REVIEWER, disk_now, mine, base)
        assert conflict.merge.ok is mergeable
        app.push_screen(ConflictScreen(conflict))
        await settle(pilot)
        dialog = app.screen.query_one("#conflict-dialog")
        diff = app.screen.query_one("#conflict-diff")
        assert diff.region.height >= 5  # the difference is in view, not squeezed out
        buttons = list(app.screen.query(Button))
        assert [str(b.label) for b in buttons] == [
            *(["Merge both [b]", "Show yours [v]"] if mergeable else []),
            "Keep mine [m]",
            "Take disk's [d]",
            "Edit both [e]",
            "Later [esc]",
        ]
        for button in buttons:
            assert dialog.content_region.contains_region(button.region), button.label
        # Every text wraps inside the dialog: nothing runs past its right edge.
        for static in app.screen.query(Static):
            assert static.region.right <= dialog.content_region.right, static.id


async def test_at_80_columns_the_repair_note_wraps_beside_its_button(project: Path) -> None:
    from textual.widgets import Label

    app = make_app(project / "agents/claude-code/planner.md")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        form = app.screen.query_one("#form")
        note = app.screen.query_one(".repair-row Label", Label)
        assert note.region.right <= form.content_region.right
        assert note.region.height >= 3  # the whole sentence, on as many lines as it needs
        assert "one undoable change" in str(note.render())
