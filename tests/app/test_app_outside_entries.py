"""An agpm.toml entry outside the project in the app: ``workbench ../shared/agents/x.md``
run in the consumer project opens it read-only in its view (model/outside.py): the browser
lists its folder, the preview, F7 (the entry), Ctrl+T and F8 work, saving is refused with a
message and the file is untouched, and the status line says it is not watched."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_workbench.app.widgets.preview import Preview
from app_helpers import make_app, settle

SIZE = (160, 50)
AGENT = (
    "---\nname: x\ndescription: X\nagpm:\n  templating: true\ndependencies:\n  snippets:\n"
    "    - path: snippets/helper.md\n---\nX for {{ project.language }}: "
    "{{ agpm.deps.snippets.helper.content }}"
)


@pytest.fixture
def outside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    (root / "agents").mkdir(parents=True)
    (root / "agpm.toml").write_text(
        '[project]\nlanguage = "python"\n\n[agents]\next = { path = "../shared/agents/x.md", '
        'template_vars = { project = { language = "rust" } } }\n'
    )
    (tmp_path / "shared/agents").mkdir(parents=True)
    (tmp_path / "shared/snippets").mkdir()
    (tmp_path / "shared/agents/x.md").write_text(AGENT)
    (tmp_path / "shared/snippets/helper.md").write_text("Helper\n")
    monkeypatch.chdir(root)
    return tmp_path / "shared/agents/x.md"


async def test_an_outside_entry_opens_read_only(outside: Path) -> None:
    from agent_workbench.app.screens.diff import DiffScreen

    before = outside.read_bytes()
    app = make_app(Path("../shared/agents/x.md"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        preview = app.screen.query_one(Preview)
        status = app.screen.query_one("#status")
        assert "X for python: Helper" in preview.text
        assert "read-only (outside the project, not watched)" in str(status.render())
        await pilot.press("f7")  # as the entry: its language, its install path
        await settle(pilot)
        assert "X for rust: Helper" in preview.text
        assert "ext → .claude/agents/agpm/x.md" in str(status.render())
        app.workspace.set_text(app.workspace.text.replace("X for", "Y for"))
        await settle(pilot)
        assert "Y for rust: Helper" in preview.text
        await pilot.press("f8")  # the unsaved edit against the saved text
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DiffScreen) and screen.result is not None
        assert "+Y for rust: Helper" in screen.result.unified_lines()
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.workspace.dirty  # refused: still unsaved
        outcome = app.workspace.save()
        assert "../shared/agents/x.md is outside the project" in outcome.message
    assert outside.read_bytes() == before
