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
