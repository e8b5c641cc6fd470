"""The app's other views through Pilot: palette, language selector, tokens view, preview modes,
source editing, and files whose line endings are mixed."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, TextArea

from agent_workbench.app.screens.language import LanguageScreen
from agent_workbench.app.screens.tokens import TokensScreen
from agent_workbench.app.widgets.preview import Preview
from agent_workbench.model.project import Project
from agent_workbench.templating.render import RenderOptions, render_agent
from agent_workbench.tokens import counting as tokens
from app_helpers import make_app, settle
from app_project import write_project

REVIEWER = "agents/claude-code/reviewer.md"
HELPER = "agents/opencode/helper.md"
BUILDER = "agents/claude-code/builder.md"
SIZE = (160, 50)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project")


async def test_the_palette_opens_an_agent(project: Path) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"open agent helper")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert app.workspace.rel == HELPER
        assert "Explain what the code does" in app.screen.query_one(Preview).text


async def test_the_language_selector_lists_the_agents_languages(project: Path) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, LanguageScreen)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.workspace.language == "rust"
        assert "cargo test" in app.screen.query_one(Preview).text


async def test_the_tokens_view_counts_every_language_and_dependency(project: Path) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, TokensScreen)
        table = app.screen.query_one("#tokens-languages", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        deps = app.screen.query_one("#tokens-dependencies", DataTable)
        dep_rows = [[str(cell) for cell in deps.get_row_at(i)] for i in range(deps.row_count)]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TokensScreen)
    expected = {}
    for language in ("python", "rust"):
        result = render_agent(Project.open(project), REVIEWER, RenderOptions(language=language))
        expected[language] = tokens.count_tokens(result.body or "")
    assert [row[0].split()[0] for row in rows] == ["python", "rust"]
    assert rows[0][1] == f"{expected['python']:,}" and rows[1][1] == f"{expected['rust']:,}"
    guide = (project / "snippets/guides/python-guide.md").read_text().split("---\n", 2)[2]
    assert [dep_rows[0][i] for i in (0, 1, 3)] == [
        "snippets.guide",
        f"{tokens.count_tokens(guide.strip()):,}",
        "snippets/guides/python-guide.md",
    ]


async def test_preview_modes_show_raw_text_and_the_installed_file(project: Path) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        preview = app.screen.query_one(Preview)
        assert preview.mode == "markdown"
        await pilot.press("f3")
        await settle(pilot)
        assert preview.mode == "raw" and preview.text.startswith("# Reviewer for python")
        await pilot.press("f3")
        await settle(pilot)
        assert preview.mode == "installed" and preview.text.startswith("---\nname: reviewer\n")


async def test_template_frontmatter_is_edited_in_the_source(project: Path) -> None:
    app = make_app(project / BUILDER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = app.screen.query_one("#editor", TextArea)
        assert editor.text.startswith("---\nname: builder\n")  # the whole source
        await pilot.press("f5")
        await settle(pilot)
        form = app.screen.query_one("#form")
        assert "template logic" in str(form.query_one(".form-reason").render())
        assert "sonnet" in [
            str(w.value) for w in form.query("#field-model Input")
        ]  # the fields as rendered for python
        await pilot.press("f5")
        editor.focus()
        row = editor.text.splitlines().index("model: sonnet")
        editor.cursor_location = (row, len("model: sonnet"))
        await pilot.press(*["backspace"] * len("sonnet"))
        await pilot.press(*"haiku")
        await settle(pilot)
        assert "model: haiku" in app.workspace.text
        await pilot.press("f3", "f3")
        await settle(pilot)
        assert "model: haiku" in app.screen.query_one(Preview).text


async def test_mixed_line_endings_are_not_a_change(project: Path) -> None:
    raw = b"---\r\ndescription: d\r\nmode: subagent\r\n---\nFirst\r\nSecond\nThird\r\n"
    (project / "agents/opencode/mixed.md").write_bytes(raw)
    app = make_app(project / "agents/opencode/mixed.md")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.workspace.dirty
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert (project / "agents/opencode/mixed.md").read_bytes() == raw
