"""Permission rules edited from the keyboard: cycled, edited, deleted and reordered with
keys shown under the table; each change writes that rule's lines only, and the file
saved is what the table shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Label

from agent_workbench.app.compat import notifications
from agent_workbench.app.widgets.rules_table import RulesTable
from app_helpers import burst, make_app, settle
from app_project import write_project

HELPER = "agents/opencode/helper.md"
SIZE = (160, 50)
RULES = '    "*": ask\n    "git status": allow\n'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project")


def shown(table: RulesTable) -> str:
    """The rules as the table shows them, written as the file writes them."""
    rows = [table.get_row_at(i) for i in range(table.row_count)]
    return "".join(f'    "{pattern}": {action}\n' for pattern, action in rows)


async def open_rules(app: object, pilot: object) -> RulesTable:
    await settle(pilot)  # type: ignore[arg-type]
    await pilot.press("f5")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    table = app.screen.query_one(RulesTable)  # type: ignore[attr-defined]
    table.focus()
    await pilot.pause()  # type: ignore[attr-defined]
    return table


async def save_and_read(app: object, pilot: object, project: Path) -> str:
    await pilot.press("ctrl+s")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    return (project / HELPER).read_text()


async def test_the_keys_are_shown_under_the_table(project: Path) -> None:
    app = make_app(project / HELPER)
    async with app.run_test(size=SIZE) as pilot:
        await open_rules(app, pilot)
        label = app.screen.query_one(".rule-keys", Label)
        assert str(label.render()) == "⏎/space cycle · e edit · del/d delete · shift+↑/shift+↓ move"
        assert label.region.height >= 1  # laid out on the screen, under the table


async def test_cycle_delete_and_move_write_only_the_rules_lines(project: Path) -> None:
    before = (project / HELPER).read_text()
    app = make_app(project / HELPER)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_rules(app, pilot)
        await burst(pilot, "down", "enter", "enter")  # git status: allow → ask → deny
        await settle(pilot)
        assert shown(table) == '    "*": ask\n    "git status": deny\n'
        await burst(pilot, "shift+up")  # the specific rule before the catch-all
        await settle(pilot)
        assert shown(table) == '    "git status": deny\n    "*": ask\n'
        assert table.cursor_row == 0
        after = await save_and_read(app, pilot, project)
        assert after == before.replace(RULES, shown(table))
        await burst(pilot, "down", "d")  # delete the catch-all
        await settle(pilot)
        assert shown(table) == '    "git status": deny\n'
        after = await save_and_read(app, pilot, project)
    assert after == before.replace(RULES, '    "git status": deny\n')


async def test_e_edits_a_rules_pattern_in_place_and_esc_leaves_it(project: Path) -> None:
    before = (project / HELPER).read_text()
    app = make_app(project / HELPER)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_rules(app, pilot)
        box = app.screen.query_one(".new-pattern", Input)
        await burst(pilot, "down", "e")
        await pilot.pause()
        assert app.focused is box and box.value == "git status"
        await burst(pilot, *["backspace"] * 6, *"log *", "escape")  # changed my mind
        await settle(pilot)
        assert box.value == "" and app.focused is table
        assert shown(table) == RULES and not app.workspace.dirty
        await burst(pilot, "e")
        await pilot.pause()
        await burst(pilot, *["backspace"] * 6, *"log *", "enter")
        await settle(pilot)
        assert shown(table) == '    "*": ask\n    "git log *": allow\n'
        assert app.focused is table and box.value == ""
        await burst(pilot, "up", "e")  # a pattern that is there already is refused
        await pilot.pause()
        await burst(pilot, "ctrl+u", *"git log *", "enter")
        await settle(pilot)
        assert any("already a rule" in m for m in notifications(app)), notifications(app)
        assert shown(table) == '    "*": ask\n    "git log *": allow\n'
        after = await save_and_read(app, pilot, project)
    assert after == before.replace(RULES, '    "*": ask\n    "git log *": allow\n')


async def test_a_new_rule_added_with_enter_can_be_moved_first(project: Path) -> None:
    before = (project / HELPER).read_text()
    app = make_app(project / HELPER)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_rules(app, pilot)
        app.screen.query_one(".new-pattern", Input).focus()
        await burst(pilot, *"rm *", "enter")
        await settle(pilot)
        table.focus()
        await burst(pilot, "down", "down", "shift+up", "shift+up", "shift+up", "enter", "enter")
        await settle(pilot)
        assert shown(table) == '    "rm *": allow\n    "*": ask\n    "git status": allow\n'
        await pilot.press("alt+u")  # undo: cycling one rule is one step, as typing a value
        await settle(pilot)
        table = app.screen.query_one(RulesTable)  # the form is rebuilt from the file
        assert shown(table) == '    "rm *": ask\n    "*": ask\n    "git status": allow\n'
        after = await save_and_read(app, pilot, project)
    assert after == before.replace(RULES, shown(table))
