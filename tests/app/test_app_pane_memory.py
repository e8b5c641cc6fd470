"""The agent list's width is kept across runs, in a small state file written atomically;
a file that cannot be used is ignored with a message, and the app runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent_workbench.app.ui_state import load_state, state_path
from app_helpers import make_app, screen_lines, settle, terminal_sends
from app_project import write_project

REVIEWER = "agents/claude-code/reviewer.md"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project")


def recorded(app: object) -> list[str]:
    said: list[str] = []  # what was notified (a notification may expire under load)
    notify = app.notify  # type: ignore[attr-defined]
    app.notify = lambda message, **kw: (said.append(str(message)), notify(message, **kw))[1]  # type: ignore[attr-defined]
    return said


def test_the_file_lives_under_xdg_state_home(tmp_path: Path) -> None:
    assert state_path({"XDG_STATE_HOME": str(tmp_path)}) == (
        tmp_path / "agent-workbench" / "state.json"
    )
    assert state_path({"XDG_STATE_HOME": ""}) == (
        Path.home() / ".local" / "state" / "agent-workbench" / "state.json"
    )


async def test_the_width_chosen_in_one_run_is_the_width_of_the_next(
    project: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state" / "agent-workbench" / "state.json"
    app = make_app(project / REVIEWER)
    app.state_file = state
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        browser = app.screen.query_one("#browser")
        default = browser.outer_size.width
        app.screen.query_one("AgentTree").focus()
        await terminal_sends(pilot, "]]]")  # three steps wider, typed together
        await settle(pilot)
        chosen = browser.outer_size.width
        assert chosen > default
    assert json.loads(state.read_text()) == {"browser_width": chosen}
    assert [p.name for p in state.parent.iterdir()] == ["state.json"]  # no temp file left
    again = make_app(project / REVIEWER)
    again.state_file = state
    async with again.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        browser = again.screen.query_one("#browser")
        assert browser.outer_size.width == chosen
        assert screen_lines(again)[0][chosen - 1] == "╮"  # the pane's corner, on screen


@pytest.mark.parametrize(
    "text",
    ['{"browser_width": "wide"}\n', "{not json\n", '["browser_width", 40]\n', "\xff\xfe"],
)
async def test_a_state_file_that_cannot_be_used_is_ignored_with_a_message(
    project: Path, tmp_path: Path, text: str
) -> None:
    state = tmp_path / "state.json"
    state.write_bytes(text.encode("latin-1"))
    _, problem = load_state(state)
    assert problem is not None and problem.startswith(str(state)), problem
    app = make_app(project / REVIEWER)
    app.state_file = state
    said = recorded(app)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert problem in said
        browser = app.screen.query_one("#browser")
        default = browser.outer_size.width
        app.screen.query_one("AgentTree").focus()
        await terminal_sends(pilot, "[")
        await settle(pilot)
        assert browser.outer_size.width == default - 4
    assert json.loads(state.read_text()) == {"browser_width": default - 4}  # written afresh
