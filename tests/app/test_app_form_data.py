"""The form is built from ``schema.data`` for every kind of file the tools read, in the
layouts authors keep them: each field's help, its choices, the tools a checklist offers
and the permissions offered as rows; and an edit through it changes that field's line."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML
from textual.widgets import Input, SelectionList

from agent_workbench.app.widgets.form import AgentForm
from agent_workbench.app.widgets.form_fields import FormField
from agent_workbench.model.flavour import Flavour
from agent_workbench.schema.data import claude_code, opencode
from agent_workbench.schema.tables import schema_for
from app_helpers import burst, make_app, settle

SIZE = (160, 50)
# (file in its real layout, its text, the flavour, a text field to edit, a value for it)
LAYOUTS = [
    (
        ".claude/agents/reviewer.md",
        "---\nname: reviewer\ndescription: Reviews code.\n---\nBody\n",
        Flavour.CLAUDE_CODE,
        "name",
        "reviewer-two",
    ),
    (
        ".claude/commands/ship.md",
        "---\ndescription: Ship it.\nallowed-tools: Bash, Read\n---\nShip $ARGUMENTS\n",
        Flavour.COMMAND,
        "argument-hint",
        "[version]",
    ),
    (
        ".claude/skills/pdf/SKILL.md",
        "---\nname: pdf\ndescription: Reads PDFs.\n---\nUse it.\n",
        Flavour.SKILL,
        "name",
        "pdf-reader",
    ),
    (
        ".opencode/agent/helper.md",
        "---\ndescription: Helps.\nmode: subagent\n---\nBody\n",
        Flavour.OPENCODE,
        "model",
        "anthropic/claude-sonnet-4-5",
    ),
    (
        ".opencode/agents/planner.md",
        "---\ndescription: Plans.\nmode: primary\n---\nBody\n",
        Flavour.OPENCODE,
        "model",
        "openai/gpt-5",
    ),
    (
        ".opencode/command/test.md",
        "---\ndescription: Run the tests.\n---\nRun them.\n",
        Flavour.OPENCODE_COMMAND,
        "agent",
        "build",
    ),
]


def _label(widget: FormField) -> str:
    return str(widget.query_one(".field-label").render())


@pytest.mark.parametrize(("rel", "text", "flavour", "key", "value"), LAYOUTS)
async def test_each_kind_of_file_gets_its_own_fields_from_the_data_and_edits_one_line(
    tmp_path: Path, rel: str, text: str, flavour: Flavour, key: str, value: str
) -> None:
    root = tmp_path / "dotfiles"
    (root / rel).parent.mkdir(parents=True)
    (root / rel).write_text(text, encoding="utf-8")
    (root / "agpm.toml").write_text("[project]\n", encoding="utf-8")
    schema = schema_for(flavour)
    app = make_app(root / rel)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        form = app.screen.query_one(AgentForm)
        widgets = {w.spec.key: w for w in form.query(FormField)}
        assert set(widgets) == set(schema.fields)  # every field the data knows, no other
        for name in schema.primary:  # shown, with the data's help
            assert schema.fields[name].help in _label(widgets[name])
        box = widgets[key].query_one(Input)
        box.focus()
        await burst(pilot, "end", *["backspace"] * len(box.value), *value)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
    after = (root / rel).read_text(encoding="utf-8")
    changed = set(after.splitlines()) ^ set(text.splitlines())
    assert changed and all(line.startswith(f"{key}: ") for line in changed)  # its line only
    assert YAML(typ="safe").load(after.split("---\n")[1])[key] == value


async def _offered(tmp_path: Path, rel: str, text: str) -> tuple[list[str], list[str]]:
    """(the tools the form's checklist offers, the permissions offered as rows) for ``text``
    at ``rel``, read off the screen."""
    (tmp_path / rel).parent.mkdir(parents=True)
    (tmp_path / rel).write_text(text, encoding="utf-8")
    app = make_app(tmp_path / rel)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        checklist = app.screen.query_one("#field-tools", FormField).query_one(SelectionList)
        offered = [checklist.get_option_at_index(i).value for i in range(checklist.option_count)]
        rows = [str(label.render()) for label in app.screen.query(".permission-tool")]
    return offered, rows


async def test_the_opencode_checklist_and_permission_rows_are_the_datas(tmp_path: Path) -> None:
    offered, rows = await _offered(
        tmp_path,
        ".opencode/agent/helper.md",
        "---\ndescription: Helps.\ntools:\n  bash: true\n  mytool: false\n---\nBody\n",
    )
    assert set(offered) == {*opencode.TOOLS, "mytool"}  # a plugin's tool stays in the list
    assert rows == list(opencode.PERMISSION_KEYS)


async def test_the_claude_code_checklist_is_the_datas_tools(tmp_path: Path) -> None:
    offered, rows = await _offered(
        tmp_path,
        ".claude/agents/reviewer.md",
        "---\nname: reviewer\ndescription: Reviews.\ntools: Read, Grep\n---\nBody\n",
    )
    assert set(offered) == set(claude_code.TOOLS) and rows == []
