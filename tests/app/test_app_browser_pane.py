"""The browser pane as people use it: made wider or narrower, names whole when there is
room, and the unsaved marker on the open file's line. Asserted on the screen's text
(what ``tmux capture-pane`` shows)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from agent_workbench.app.widgets.browser import AgentBrowser
from agent_workbench.app.widgets.browser_labels import entry_label
from agent_workbench.session.summary import ResourceSummary
from app_helpers import burst, make_app, screen_lines, settle, terminal_sends
from app_project import write_project

REVIEWER = "agents/claude-code/reviewer.md"
LONG = "agents/claude-code/changelog-writer-advanced.md"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = write_project(tmp_path / "project")
    agent = (root / REVIEWER).read_text().replace("name: reviewer", "name: notes")
    (root / LONG).write_text(agent)
    return root


def browser_rows(lines: list[str], width: int) -> list[str]:
    """The browser's rows: the first ``width`` cells of each screen row."""
    return [line[:width] for line in lines]


def row_of(lines: list[str], name: str) -> str:
    return next(line for line in lines if name in line)


def test_a_name_is_whole_when_the_tag_gives_way_and_cut_in_its_middle_below() -> None:
    entry = ResourceSummary(LONG, flavour="claude-code", tokens=1_234)
    name = "changelog-writer-advanced"  # 25 cells
    assert entry_label(entry, width=35).plain.startswith(name + " ")
    assert " CC " in entry_label(entry, width=35).plain
    whole = entry_label(entry, width=32).plain  # room for the name, not the name and tag
    assert whole.startswith(name + " ") and " CC " not in whole and whole.endswith("1.2k  ")
    cut = entry_label(entry, width=20).plain.split(" ")[0]
    head, tail = cut.split("…")
    assert name.startswith(head) and name.endswith(tail) and len(tail) >= 5  # "advanced" kept
    assert len(cut) == 20 - len(" 1.2k  ")


def test_the_unsaved_marker_goes_before_the_name_and_the_label_keeps_its_width() -> None:
    entry = ResourceSummary(REVIEWER, flavour="claude-code", tokens=883)
    label = entry_label(entry, width=24, unsaved=True)
    assert label.plain.startswith("● reviewer") and label.cell_len == 24
    assert not entry_label(entry, width=24).plain.startswith("●")


async def test_brackets_in_the_list_resize_it_within_limits_and_the_width_is_kept(
    project: Path,
) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        browser = app.screen.query_one(AgentBrowser)
        start = browser.outer_size.width
        assert "changelog-writer-advanced" not in "\n".join(screen_lines(app))
        browser.agent_tree.focus()
        await burst(pilot, "right_square_bracket", "right_square_bracket", "right_square_bracket")
        await settle(pilot)
        wider = browser.outer_size.width
        assert wider == start + 12
        lines = screen_lines(app)
        assert lines[0][wider - 1] == "╮"  # the border moved with it
        assert "changelog-writer-advanced" in row_of(lines, "changelog-writer")[:wider]
        # At 80 columns, at most half the terminal; at least 16 cells.
        await pilot.press(*["right_square_bracket"] * 10)
        await settle(pilot)
        assert browser.outer_size.width == 40
        assert screen_lines(app)[0][39] == "╮"
        await pilot.press(*["left_square_bracket"] * 20)
        await settle(pilot)
        assert browser.outer_size.width == 16
        await pilot.press(*["right_square_bracket"] * 4)
        await settle(pilot)
        assert browser.outer_size.width == 32
        # Hidden and shown again, and a terminal made narrow and wide again: still 32.
        await terminal_sends(pilot, "\x1ba")  # Alt+A, as a terminal sends it
        await settle(pilot)
        assert not browser.display or browser.outer_size.width == 0
        await terminal_sends(pilot, "\x1ba")
        await settle(pilot)
        assert browser.outer_size.width == 32
        await pilot.resize_terminal(50, 24)
        await settle(pilot)
        assert browser.outer_size.width == 25
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert browser.outer_size.width == 32


async def test_dragging_the_right_edge_resizes_the_list(project: Path) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        browser = app.screen.query_one(AgentBrowser)
        edge = browser.outer_size.width - 1
        await pilot.mouse_down(offset=(edge, 10))
        await pilot.hover(offset=(edge + 15, 12))
        await pilot.mouse_up(offset=(edge + 15, 12))
        await settle(pilot)
        assert browser.outer_size.width == edge + 16
        lines = screen_lines(app)
        assert lines[0][edge + 15] == "╮"
        assert re.search(r"changelog-writer-advanced +CC +26", row_of(lines, "changelog-writer"))
        # A press inside the list (not on the edge) selects, never resizes.
        await pilot.click(offset=(5, 5))
        await pilot.hover(offset=(60, 5))
        await settle(pilot)
        assert browser.outer_size.width == edge + 16


async def test_the_open_file_is_marked_unsaved_until_saved_or_discarded(project: Path) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        width = app.screen.query_one(AgentBrowser).outer_size.width
        assert "●" not in "".join(browser_rows(screen_lines(app), width))
        app.screen.query_one("#editor").focus()
        await burst(pilot, "end", *"xy")
        await settle(pilot)
        assert "● reviewer" in row_of(browser_rows(screen_lines(app), width), "reviewer")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "●" not in "".join(browser_rows(screen_lines(app), width))
        # An edit in the form marks it too; discarding clears the mark.
        await pilot.press("f5")
        await settle(pilot)
        app.screen.query_one("#field-color Input").focus()
        await burst(pilot, "end", *["backspace"] * 4, *"red")
        await settle(pilot)
        assert "● reviewer" in row_of(browser_rows(screen_lines(app), width), "reviewer")
        await pilot.press("alt+r")
        await settle(pilot)
        assert "●" not in "".join(browser_rows(screen_lines(app), width))
