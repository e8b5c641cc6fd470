"""The form shows, under each field, the problems ``workbench check`` has about it, and a
value being typed is checked by the same validation (one code path decides a file's
problems: ``diagnose``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input

from agent_workbench.app.widgets.form import AgentForm
from agent_workbench.app.widgets.form_fields import FormField
from app_helpers import burst, make_app, settle
from cli_helpers import no_traceback
from conftest import run_cli

SIZE = (160, 50)
FILES = {
    # two agents of one name in one agents folder: a problem across files
    ".claude/agents/reviewer.md": "---\nname: reviewer\ndescription: Reviews code.\n---\nB\n",
    ".claude/agents/team/strict.md": "---\nname: reviewer\ndescription: Stricter.\n---\nB\n",
    # several problems on one field, an unknown field, a removed tool
    ".claude/agents/teams.md": (
        "---\nname: teams\ndescription: Runs a team.\ntools: TeamCreate, Read\n"
        "model: sonnet\nflavor: mild\ncolor: 7\n---\nB\n"
    ),
    # OpenCode: a pattern map where only a value is taken, a permission with no effect
    ".opencode/agent/helper.md": (
        "---\ndescription: Helps.\nmode: subagent\npermission:\n  webfetch:\n"
        '    "*": allow\n  write: deny\nmodel: sonnet\n---\nB\n'
    ),
}


def _message(diagnostic: dict[str, object]) -> str:
    suggestion = diagnostic["suggestion"]
    return f"{diagnostic['message']}" + (f" ({suggestion})" if suggestion else "")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for rel, text in {**FILES, "agpm.toml": "[project]\n"}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("rel", list(FILES))
async def test_the_forms_field_problems_are_what_check_reports(project: Path, rel: str) -> None:
    proc = run_cli("check", "--json", rel, cwd=project)
    no_traceback(proc)
    checked = json.loads(proc.stdout)["files"][0]["diagnostics"]
    assert checked  # each of these files has something to say
    app = make_app(project / rel)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        form = app.screen.query_one(AgentForm)
        shown: set[str] = set()
        for widget in form.query(FormField):
            text = str(widget.query_one(".field-problem").render())
            shown.update(line for line in text.split("\n") if line)
        _, rest = form.field_problems()
        assert not app.workspace.dirty  # showing a file's values never changes them
    on_fields = {_message(d) for d in checked if d["field"] is not None}
    assert {line[2:] for line in shown} == on_fields  # "✗ " / "⚠ " then the message
    assert {d.message for d in rest} == {d["message"] for d in checked if d["field"] is None}


async def test_a_clash_shows_under_the_name_and_goes_when_the_name_is_changed(
    project: Path,
) -> None:
    app = make_app(project / ".claude/agents/reviewer.md")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        name = app.screen.query_one("#field-name")
        problem = str(name.query_one(".field-problem").render())
        assert "`.claude/agents/team/strict.md`" in problem
        assert name.has_class("-invalid")
        name.query_one(Input).focus()
        await burst(pilot, "end", *"-lead")
        await settle(pilot)
        assert str(name.query_one(".field-problem").render()) == ""
        assert not name.has_class("-invalid")
        assert app.workspace.error_count() == 0
