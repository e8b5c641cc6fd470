"""The app's flows through Textual's Pilot, on real files in tmp_path."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from agent_workbench.app.screens.confirm import ConfirmUnsaved
from agent_workbench.app.screens.main import MainScreen
from agent_workbench.app.widgets.error_panel import ErrorPanel
from agent_workbench.app.widgets.preview import Preview
from app_helpers import make_app, settle
from app_project import write_project

REVIEWER = "agents/claude-code/reviewer.md"
HELPER = "agents/opencode/helper.md"
PLANNER = "agents/claude-code/planner.md"
SIZE = (160, 50)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project")


def changed_lines(before: bytes, after: bytes) -> list[str]:
    diff = difflib.unified_diff(
        before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0
    )
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def main_screen(app: object) -> MainScreen:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, MainScreen)
    return screen


async def test_select_an_agent_edit_a_field_and_save_changes_that_line(project: Path) -> None:
    before = (project / HELPER).read_bytes()
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await pilot.press("ctrl+f", *"helper", "enter")
        await settle(pilot)
        assert app.workspace.rel == HELPER
        await pilot.press("f5")
        await settle(pilot)
        field = main.query_one("#field-temperature Input", Input)
        await pilot.click(field)
        await pilot.press("end", "backspace", "backspace", "backspace", *"0.7")
        await settle(pilot)
        assert app.workspace.dirty
        assert "unsaved" in str(main.query_one("#status").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.workspace.dirty
    assert changed_lines(before, (project / HELPER).read_bytes()) == [
        "-temperature: 0.2",
        "+temperature: 0.7",
    ]


async def test_an_invalid_value_is_shown_and_never_written(project: Path) -> None:
    before = (project / HELPER).read_bytes()
    app = make_app(project / HELPER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await pilot.press("f5")
        field = main.query_one("#field-temperature")
        await pilot.click("#field-temperature Input")
        await pilot.press("end", *"x")
        await settle(pilot)
        assert field.has_class("-invalid")
        assert "not a number" in str(field.query_one(".field-problem").render())
        assert not app.workspace.dirty
        await pilot.press("backspace", "5")  # 0.25: valid, written
        await settle(pilot)
        assert not field.has_class("-invalid")
        assert "temperature: 0.25" in app.workspace.text
        # 90.25: OpenCode's schema has no range, the model provider rejects it: a warning
        # beside the field, and the value is written.
        await pilot.press("home", "9")
        await settle(pilot)
        assert not field.has_class("-invalid")
        assert "outside 0–2" in str(field.query_one(".field-problem").render())
        assert "temperature: 90.25" in app.workspace.text
        await pilot.press("ctrl+s")
        await settle(pilot)
    after = (project / HELPER).read_bytes()
    assert after == before.replace(b"temperature: 0.2\n", b"temperature: 90.25\n")


async def test_the_language_key_switches_the_preview_to_the_other_snippet(project: Path) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        preview = app.screen.query_one(Preview)
        assert "pytest" in preview.text and "cargo" not in preview.text
        await pilot.press("f4")
        await settle(pilot)
        assert app.workspace.language == "rust"
        assert "cargo test" in preview.text and "pytest" not in preview.text
        assert "rust" in str(app.screen.query_one("#status").render())


async def test_typing_in_the_prompt_editor_changes_the_token_count(project: Path) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = app.workspace.tokens
        assert before is not None
        status_before = str(app.screen.query_one("#status").render())
        editor = app.screen.query_one("#editor", TextArea)
        editor.focus()
        await pilot.press("down", "down", "end")
        await pilot.press(*" Look for missing tests too.")
        await settle(pilot)
        after = app.workspace.tokens
        assert after is not None and after.body > before.body
        status_after = str(app.screen.query_one("#status").render())
        assert f"body {after.body:,}" in status_after and status_after != status_before
        assert "Look for missing tests too." in app.screen.query_one(Preview).text


async def test_a_broken_template_shows_the_error_and_recovers(project: Path) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        preview = app.screen.query_one(Preview)
        panel = app.screen.query_one(ErrorPanel)
        assert "Read the change twice" in preview.text
        assert not panel.display or panel.has_class("-empty")
        editor = app.screen.query_one("#editor", TextArea)
        editor.focus()
        await pilot.press("down", "down", "end", "enter", *"{{ agpm.project.langauge }}")
        await settle(pilot)
        assert preview.stale and "langauge" not in preview.text
        assert not panel.has_class("-empty")
        first = panel.diagnostics[0]
        assert (
            first.is_error
            and first.path == REVIEWER
            and "language" in ((first.suggestion or "") + first.message)
        )
        # Selecting the problem jumps the editor to its line and column.
        panel.focus()
        panel.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        document = app.workspace.document
        assert document is not None
        assert editor.cursor_location[0] == first.line - document.body_first_line
        editor.focus()
        await pilot.press("end")
        for _ in range(len("{{ agpm.project.langauge }}") + 1):
            await pilot.press("backspace")
        await settle(pilot)
        assert not preview.stale
        assert panel.has_class("-empty")
        assert not app.workspace.dirty


async def test_quit_with_unsaved_changes_asks_first(project: Path) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#editor", TextArea).focus()
        await pilot.press(*"x")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmUnsaved)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
    assert app.return_code == 0
    assert "x" not in (project / REVIEWER).read_text().split("---")[-1][:2]


async def test_switching_agents_with_unsaved_changes_asks_and_can_save(project: Path) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#editor", TextArea).focus()
        await pilot.press("end", *"!")
        await settle(pilot)
        main_screen(app).open_agent(HELPER)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmUnsaved)
        await pilot.press("s")
        await settle(pilot)
        assert app.workspace.rel == HELPER
    assert "Reviewer for {{ agpm.project.language }}!" in (project / REVIEWER).read_text()


async def test_broken_yaml_is_read_only_with_repair(project: Path) -> None:
    app = make_app(project / PLANNER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await pilot.press("f5")
        await settle(pilot)
        form = main.form
        assert "not valid YAML" in str(form.query_one(".form-reason").render())
        assert all(i.disabled for i in form.query(Input))
        await pilot.click("#repair")
        await settle(pilot)
        agent = app.workspace.agent
        assert agent is not None and agent.yaml_error is None
        assert app.workspace.dirty
        assert not main.form.query("#repair")
