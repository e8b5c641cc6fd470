"""Focus that shows in the screen's characters, not only in colours: the form field being
edited, check boxes that read checked or not, and the problems list walked row by row.
Asserted on the screen's text (what ``tmux capture-pane -p`` prints)."""

from __future__ import annotations

from pathlib import Path

from agent_workbench.app.widgets.error_panel import ErrorPanel
from app_helpers import burst, make_app, screen_lines, settle
from app_project import write_project

REVIEWER = "agents/claude-code/reviewer.md"
HELPER = "agents/opencode/helper.md"


def editing_pane(app: object) -> list[str]:
    """The rows of the pane right of the browser (the form or the editor)."""
    browser = app.screen.query_one("#browser")  # type: ignore[attr-defined]
    start = browser.region.right
    return [line[start:] for line in screen_lines(app)]  # type: ignore[arg-type]


def rows_with(lines: list[str], text: str) -> list[str]:
    return [line for line in lines if text in line]


async def test_the_focused_form_field_has_a_bar_that_moves_with_tab(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project")
    app = make_app(project / REVIEWER)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        pane = editing_pane(app)
        (name_label,) = rows_with(pane, "name *")
        (name_value,) = [line for line in pane if line.strip() == "▌reviewer"]
        assert name_label.lstrip().startswith("▌name *"), name_label
        assert name_value
        (description,) = rows_with(pane, "description *")
        assert not description.lstrip().startswith("▌")
        await pilot.press("tab")
        await settle(pilot)
        pane = editing_pane(app)
        assert rows_with(pane, "description *")[0].lstrip().startswith("▌description *")
        assert not rows_with(pane, "name *")[0].lstrip().startswith("▌")


async def test_tools_read_checked_or_unchecked_and_space_changes_both_screen_and_file(
    tmp_path: Path,
) -> None:
    project = write_project(tmp_path / "project")
    app = make_app(project / REVIEWER)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        app.screen.query_one("#field-tools SelectionList").focus()
        await settle(pilot)
        pane = "\n".join(editing_pane(app))
        assert "[x] Read" in pane and "[x] Grep" in pane and "[ ] Agent" in pane, pane
        await burst(pilot, "space")  # the first row: Read, switched off
        await settle(pilot)
        pane = "\n".join(editing_pane(app))
        assert "[ ] Read" in pane and "[x] Grep" in pane
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert "tools: Grep, Glob\n" in (project / REVIEWER).read_text()


async def test_a_true_or_false_field_reads_as_a_box(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project")
    helper = project / HELPER
    helper.write_text(
        helper.read_text().replace("mode: subagent\n", "mode: subagent\ndisable: false\n")
    )
    app = make_app(helper)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        app.screen.query_one("#field-disable Checkbox").focus()
        await settle(pilot)
        assert rows_with(editing_pane(app), "[ ] disable")
        await pilot.press("space")
        await settle(pilot)
        assert rows_with(editing_pane(app), "[x] disable")
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert "disable: true\n" in helper.read_text()


async def test_the_problems_list_is_walked_with_the_row_marked_and_enter_jumps(
    tmp_path: Path,
) -> None:
    project = write_project(tmp_path / "project")
    helper = project / HELPER
    # Two problems: a temperature out of range and a colour OpenCode does not know.
    text = helper.read_text().replace("temperature: 0.2", "temperature: 7")
    helper.write_text(text.replace("mode: subagent\n", "mode: subagent\ncolor: not-a-colour\n"))
    app = make_app(helper)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        problems = app.screen.query_one(ErrorPanel)
        assert len(problems.diagnostics) >= 2, problems.diagnostics
        assert not [line for line in screen_lines(app) if "▶" in line]
        await pilot.press("alt+p")
        await settle(pilot)
        marked = [line for line in screen_lines(app) if "▶" in line]
        assert len(marked) == 1 and problems.diagnostics[0].message[:20] in marked[0]
        await pilot.press("down")
        await settle(pilot)
        marked = [line for line in screen_lines(app) if "▶" in line]
        second = problems.diagnostics[1]
        assert len(marked) == 1 and f"{HELPER}:{second.line}:{second.column}" in marked[0]
        await pilot.press("enter")
        await settle(pilot)
        assert not [line for line in screen_lines(app) if "▶" in line]  # focus left the list
        status = screen_lines(app)[-2]
        assert f" {second.line}:{second.column} " in status, status  # the editor's cursor
