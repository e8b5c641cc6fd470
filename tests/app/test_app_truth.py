"""What the app shows is what it writes: bursts of keys, pastes, invalid values at save."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from agent_workbench.app.compat import notifications
from agent_workbench.app.widgets.preview import Preview
from app_helpers import burst, make_app, settle, until
from app_project import write_project

REVIEWER = "agents/claude-code/reviewer.md"
HELPER = "agents/opencode/helper.md"
SIZE = (160, 50)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project")


async def test_a_burst_of_keys_in_a_form_field_is_saved_as_shown(project: Path) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        field = app.screen.query_one("#field-color Input", Input)
        field.focus()
        await burst(pilot, "end", *["backspace"] * 12, *"purple")
        await settle(pilot)
        shown = field.value
        await pilot.press("ctrl+s")
        await settle(pilot)
    print(repr(shown))
    text = (project / REVIEWER).read_text()
    print(text[:200])
    assert shown == "purple"
    assert "\ncolor: purple\n" in text


async def test_a_field_left_invalid_at_save_keeps_the_files_value_and_says_so(
    project: Path,
) -> None:
    before = (project / HELPER).read_bytes()
    app = make_app(project / HELPER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        field = app.screen.query_one("#field-temperature")
        field.query_one(Input).focus()
        # 0.2 -> "0." -> "0" -> "" -> "x": the in-between 0 is valid, x is not a number
        await pilot.press("end", "backspace", "backspace", "backspace", "x")
        await settle(pilot)
        assert field.has_class("-invalid")
        assert field.query_one(Input).value == "x"
        await pilot.press("ctrl+s")
        await settle(pilot)
        messages = notifications(app)
        assert field.query_one(Input).value == "x"  # what was typed stays on screen, flagged
    assert (project / HELPER).read_bytes() == before  # not the 0 typed on the way
    assert any("temperature" in m and "not written" in m for m in messages), messages


async def test_the_form_opens_on_the_name_without_selecting_it_and_rechecks_each_change(
    project: Path,
) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        name = app.screen.query_one("#field-name")
        box = name.query_one(Input)
        assert app.focused is box
        assert box.selection.is_empty  # a first key adds to the name, it does not replace it
        await burst(pilot, "home", "-")
        await settle(pilot)
        assert box.value == "-reviewer"
        assert name.has_class("-invalid")  # Claude Code skips an agent named -…
        assert box.content_region.height >= 1  # the text stays visible while flagged
        assert "-reviewer" in "".join(s.text for s in box.render_lines(box.region.reset_offset))
        await burst(pilot, "backspace")
        await settle(pilot)
        assert box.value == "reviewer"
        assert not name.has_class("-invalid")  # fixed back to the file's value: cleared
        assert str(name.query_one(".field-problem").render()) == ""
        assert not app.workspace.dirty


async def test_a_rule_whose_pattern_exists_is_refused_with_a_message(project: Path) -> None:
    before = (project / HELPER).read_bytes()
    app = make_app(project / HELPER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        box = app.screen.query_one(".new-pattern", Input)
        box.focus()
        await burst(pilot, *"git status", "enter")  # Enter adds, as the button does
        await settle(pilot)
        table = app.screen.query_one(".rules", DataTable)
        messages = notifications(app)
        assert app.is_running and app.focused is table
        assert table.row_count == 2
        assert table.get_row_at(table.cursor_row)[0] == "git status"
        assert any("already a rule" in m for m in messages), messages
        await burst(pilot, "tab")
        box.focus()
        await burst(pilot, *["backspace"] * 12, *"git diff *", "enter")
        await settle(pilot)
        assert table.row_count == 3
        await pilot.press("ctrl+s")
        await settle(pilot)
    after = (project / HELPER).read_text()
    assert after == before.decode().replace(
        '    "git status": allow\n', '    "git status": allow\n    "git diff *": ask\n'
    )


def test_an_internal_error_exits_1(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.app import App

    import agent_workbench.app as app_package
    from agent_workbench.app.app import WorkbenchApp
    from agent_workbench.app.screens.main import MainScreen

    monkeypatch.setenv("XDG_STATE_HOME", str(project.parent / "state"))
    monkeypatch.setattr(WorkbenchApp, "run", lambda self: App.run(self, headless=True))

    def fail(self: MainScreen) -> None:
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(MainScreen, "on_mount", fail)
    assert app_package.run(project / HELPER) == 1


FAILING = "agents/claude-code/failing.md"


async def test_a_failing_agent_never_shows_the_previous_agents_render(project: Path) -> None:
    (project / FAILING).write_text(
        "---\nname: failing\ndescription: Never renders.\nagpm:\n  templating: true\n---\n"
        "# Failing\n\n{{ agpm.deps.snippets.missing.content }}\n"
    )
    app = make_app(project / REVIEWER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        preview = app.screen.query_one(Preview)
        assert "Read the change twice" in preview.text
        await pilot.press("ctrl+f", *"failing", "enter")
        await settle(pilot)
        assert app.workspace.rel == FAILING
        assert "Read the change twice" not in preview.text
        assert preview.has_class("-stale")
        assert "no render of this agent" in str(preview.border_title or "") + str(
            preview.border_subtitle or ""
        )
        status = str(app.screen.query_one("#status").render())
        assert "counting tokens" not in status and "render failed" in status


async def test_each_agent_opens_at_the_top_of_its_preview(project: Path) -> None:
    long_body = "\n\n".join(f"Paragraph {n} of a long prompt." for n in range(120))
    for name in ("first", "second"):
        (project / f"agents/claude-code/{name}.md").write_text(
            f"---\nname: {name}\ndescription: Long.\n---\n# {name}\n\n{long_body}\n"
        )
    app = make_app(project / "agents/claude-code/first.md")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        preview = app.screen.query_one(Preview)
        preview.scroll_end(animate=False)
        await settle(pilot)
        assert preview.scroll_y > 0
        await pilot.press("ctrl+f", *"second", "enter")
        await settle(pilot)
        assert app.workspace.rel == "agents/claude-code/second.md"
        assert "# second" in preview.text or "second" in preview.text.splitlines()[0]
        assert preview.scroll_y == 0


async def test_undo_takes_back_a_whole_value_and_a_reload_starts_a_new_history(
    project: Path,
) -> None:
    path = project / REVIEWER
    original = path.read_text()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        app.screen.query_one("#field-color Input", Input).focus()
        await burst(pilot, "end", *["backspace"] * 4, *"purple")
        await settle(pilot)
        assert "\ncolor: purple\n" in app.workspace.text
        await pilot.press("ctrl+z")  # one step: the whole value, not one key
        await settle(pilot)
        assert app.workspace.text == original
        # Type again, save, and let another program change the file: the reload is
        # a new history, with nothing of the values typed before it to replay.
        app.screen.query_one("#field-color Input", Input).focus()
        await burst(pilot, "end", *["backspace"] * 4, *"red")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        outside = original.replace("color: blue", "color: green")
        await until(pilot, lambda: app.screen.disk_watch.watching, "watcher")
        path.write_text(outside)
        await until(pilot, lambda: app.workspace.text == outside, "reloaded from disk")
        await settle(pilot)
        app.screen.query_one("#field-color Input", Input).focus()
        await pilot.press("ctrl+z")
        assert any("no form edit to undo" in m for m in notifications(app))
        await settle(pilot)
        assert app.workspace.text == outside
    assert path.read_text() == outside


async def test_the_status_counts_the_lines_the_saved_diff_shows(project: Path) -> None:
    import difflib

    app = make_app(project / REVIEWER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        saved = app.workspace.text
        # Two edits far apart: the first and the last line of the body.
        lines = saved.split("\n")
        first = lines.index("# Reviewer for {{ agpm.project.language }}")
        lines[first] += " and more"
        lines[-2] += " Always."
        app.workspace.set_text("\n".join(lines))
        await settle(pilot)
        status = str(app.screen.query_one("#status").render())
        diff = list(difflib.unified_diff(saved.splitlines(), app.workspace.text.splitlines()))
        added = sum(1 for line in diff if line.startswith("+") and not line.startswith("+++"))
        removed = sum(1 for line in diff if line.startswith("-") and not line.startswith("---"))
        assert (added, removed) == (2, 2)
        assert f"+{added} −{removed}" in status, status


async def test_alt_r_discards_unsaved_changes_and_ctrl_z_brings_them_back(project: Path) -> None:
    before = (project / REVIEWER).read_text()
    app = make_app(project / REVIEWER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        app.screen.query_one("#field-color Input", Input).focus()
        await burst(pilot, "end", *["backspace"] * 4, *"red")
        await settle(pilot)
        assert app.workspace.dirty
        edited = app.workspace.text
        said: list[str] = []  # what was notified: a 3 s notification may expire under load
        notify = app.notify
        app.notify = lambda message, **kw: (said.append(str(message)), notify(message, **kw))[1]  # type: ignore[method-assign]
        await pilot.press("alt+r")
        assert any("discarded" in m for m in said), said
        await settle(pilot)
        assert not app.workspace.dirty and app.workspace.text == before
        app.screen.query_one("AgentTree").focus()
        await pilot.press("ctrl+z")  # not in the prompt editor: the screen's undo
        await settle(pilot)
        assert app.workspace.text == edited
    assert (project / REVIEWER).read_text() == before
