"""Small things a user notices: F2's label, stale counts, the palette's order, plain folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import TextArea

from agent_workbench.app.compat import FooterKey
from agent_workbench.app.widgets.status import StatusBar
from app_helpers import make_app, settle
from app_project import write_project

REVIEWER = "agents/claude-code/reviewer.md"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project")


def f2_label(app: object) -> list[str]:
    keys = app.screen.query(FooterKey)  # type: ignore[attr-defined]
    return [k.description for k in keys if k.key == "f2"]


async def test_f2_says_edit_while_the_narrow_preview_is_shown(project: Path) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert f2_label(app) == ["Preview"]
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen.has_class("-show-preview")
        assert f2_label(app) == ["Edit"]
        await pilot.press("f2")
        await settle(pilot)
        assert not app.screen.has_class("-show-preview")
        assert f2_label(app) == ["Preview"]
        # The palette's "Toggle edit / preview" works whichever label is shown.
        await pilot.press("f2")
        await settle(pilot)
        await app.screen.run_action("toggle_preview")
        await settle(pilot)
        assert not app.screen.has_class("-show-preview")
        assert f2_label(app) == ["Preview"]


async def test_f2_says_edit_while_the_wide_preview_has_focus(project: Path) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        assert f2_label(app) == ["Preview"]
        await pilot.press("f2")
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "preview"
        assert f2_label(app) == ["Edit"]
        await pilot.press("f2")
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "editor"
        assert f2_label(app) == ["Preview"]


async def test_during_a_render_error_the_counts_are_marked_stale_not_a_delta(
    project: Path,
) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        status = app.screen.query_one(StatusBar)
        assert "~" not in status.text.plain and "stale" not in status.text.plain
        editor = app.screen.query_one("#editor", TextArea)
        editor.focus()
        editor.insert("{{ broken( }} ")
        await settle(pilot)
        line = status.text.plain
        assert "✗ 1 error" in line and "~body" in line and "(stale)" in line, line
        assert "Δ" in line, line  # the lines changed are still told
        delta = line[line.index("Δ") :].split("  ")[0]
        assert "tok" not in delta, line  # no "+0 tok" worked out from the last good render
        counts = next(s for s in status.text.spans if "~body" in status.text.plain[s.start : s.end])
        assert "dim" in str(counts.style)
        editor.undo()
        await settle(pilot)
        line = status.text.plain
        assert "~" not in line and "stale" not in line, line


async def test_the_palette_lists_our_commands_before_textuals(project: Path) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        titles: list[str] = []
        for _ in range(40):
            await pilot.pause(0.05)
            if isinstance(app.screen, CommandPalette):
                commands = app.screen.query_one(CommandList)
                titles = [
                    str(commands.get_option_at_index(i).prompt).split("\n")[0]
                    for i in range(commands.option_count)
                ]
                if "Keys" in titles and "Save" in titles:
                    break
        assert titles[0] == "Save", titles
        assert titles.index("Changes since HEAD") < titles.index("Keys"), titles
        assert titles.index("Help") < titles.index("Theme"), titles
        await pilot.press("t", "h", "e", "m", "e")  # Textual's own are still found by name
        for _ in range(40):
            await pilot.pause(0.05)
            commands = app.screen.query_one(CommandList)
            found = [
                str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)
            ]
            if any("Theme" in f for f in found):
                break
        assert any("Theme" in f for f in found), found


async def test_a_plain_folder_shows_no_language_tag(tmp_path: Path) -> None:
    agents = tmp_path / "plain" / "agents"
    agents.mkdir(parents=True)
    (agents / "writer.md").write_text(
        "---\nname: writer\ndescription: Writes release notes.\n---\nBe brief.\n"
    )
    app = make_app(agents / "writer.md")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        status = app.screen.query_one(StatusBar)
        line = status.text.plain
        assert "writer.md" in line and "tok" in line, line
        assert "language" not in line, line
        assert not any("reverse" in str(s.style) for s in status.text.spans), line
