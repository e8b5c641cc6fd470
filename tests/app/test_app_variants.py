"""Manifest variants in the app: F7 cycles through the agpm.toml entries that point at the
open agent; the preview and the status line (entry name and install path) follow."""

from __future__ import annotations

from pathlib import Path

from agent_workbench.app.widgets.preview import Preview
from app_helpers import make_app, settle

SIZE = (160, 50)
MANIFEST = """[project]
language = "python"

[agents]
rust-reviewer = { path = "agents/reviewer.md", filename = "reviewer-rust.md", template_vars = { project = { language = "rust" }, config = { model = "opus" } } }
"""
REVIEWER = """---
name: reviewer
description: Reviews code
agpm:
  templating: true
---
Reviews {{ project.language }} code with {{ config.model | default(value="no model") }}.
"""


def write(root: Path) -> Path:
    (root / "agents").mkdir(parents=True)
    (root / "agpm.toml").write_text(MANIFEST)
    (root / "agents/reviewer.md").write_text(REVIEWER)
    (root / "agents/plain.md").write_text("---\nname: plain\ndescription: d\n---\nPlain.\n")
    return root


async def test_f7_renders_as_each_manifest_entry_and_back(tmp_path: Path) -> None:
    root = write(tmp_path / "project")
    app = make_app(root / "agents/reviewer.md")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        preview = app.screen.query_one(Preview)
        status = app.screen.query_one("#status")
        assert "Reviews python code with no model." in preview.text
        await pilot.press("f7")
        await settle(pilot)
        assert app.workspace.variant is not None
        assert "Reviews rust code with opus." in preview.text
        line = str(status.render())
        assert "rust-reviewer → .claude/agents/agpm/reviewer-rust.md" in line
        assert " rust " in line  # the entry's language
        await pilot.press("f7")  # after the last entry: the file as it is
        await settle(pilot)
        assert app.workspace.variant is None
        assert "Reviews python code with no model." in preview.text
        assert "rust-reviewer" not in str(status.render())


async def test_f7_on_an_agent_no_entry_points_at_changes_nothing(tmp_path: Path) -> None:
    root = write(tmp_path / "project")
    app = make_app(root / "agents/plain.md")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert app.workspace.variant is None
        assert "Plain." in app.screen.query_one(Preview).text


async def test_f8_diff_follows_the_variant(tmp_path: Path) -> None:
    from agent_workbench.app.screens.diff import DiffScreen

    root = write(tmp_path / "project")
    app = make_app(root / "agents/reviewer.md")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f7")  # as rust-reviewer
        await settle(pilot)
        app.workspace.set_text(app.workspace.text.replace("Reviews {{", "Carefully reviews {{"))
        await pilot.press("f8")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DiffScreen) and screen.result is not None
        lines = screen.result.unified_lines()
        assert "-Reviews rust code with opus." in lines
        assert "+Carefully reviews rust code with opus." in lines
        assert "[rust-reviewer]" in str(screen.query_one("#diff-title").render())
        await pilot.press("escape", "f7")  # back to the file as it is: the project's python
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DiffScreen) and screen.result is not None
        assert "+Carefully reviews python code with no model." in screen.result.unified_lines()
        assert "rust-reviewer" not in str(screen.query_one("#diff-title").render())


async def test_tokens_screen_follows_the_variant(tmp_path: Path) -> None:
    from textual.widgets import DataTable, Label

    from agent_workbench.app.screens.tokens import TokensScreen

    root = write(tmp_path / "project")
    (root / "agpm.toml").write_text(
        MANIFEST.replace('model = "opus"', 'model = "' + "opus " * 40 + '"')
    )
    app = make_app(root / "agents/reviewer.md")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)

        async def first_row() -> tuple[str, str]:
            await pilot.press("ctrl+t")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, TokensScreen)
            title = str(screen.query_one("#tokens-title", Label).render())
            row = screen.query_one("#tokens-languages", DataTable).get_row_at(0)
            await pilot.press("escape")
            await settle(pilot)
            return title, f"{row[0]} {row[3]}"

        plain_title, plain = await first_row()
        await pilot.press("f7")
        await settle(pilot)
        variant_title, as_variant = await first_row()
        assert "as rust-reviewer" in variant_title and "as " not in plain_title
        assert plain.startswith("python") and as_variant.startswith("rust")
        # the entry's long model name is in the rendered body: more tokens
        assert (
            int(as_variant.split()[-1].replace(",", ""))
            > int(plain.split()[-1].replace(",", "")) + 30
        )
