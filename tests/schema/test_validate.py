"""Validation against each flavour's fields: errors and warnings at the key or value."""

from __future__ import annotations

import pytest

from agent_workbench.frontmatter.agentfile import AgentFile
from agent_workbench.model.diagnostics import Severity
from agent_workbench.model.flavour import Flavour
from agent_workbench.schema.tables import Kind, schema_for
from agent_workbench.schema.validate import validate


def check(rel: str, text: str) -> list[tuple[int, int, str, str]]:
    agent = AgentFile.from_bytes(rel, text.encode())
    return [(d.line, d.column, d.severity.value, d.message) for d in validate(agent)]


def test_valid_claude_code_agent_has_no_diagnostics() -> None:
    text = "---\nname: rev\ndescription: Reviews\ntools: Read, Grep, mcp__gh__pr\nmodel: claude-opus-4-1-20250805\ncolor: red\npermissionMode: plan\n---\n"
    assert check("agents/claude-code/rev.md", text) == []


def test_claude_code_errors_are_located() -> None:
    text = (
        "---\nname: other\ntools: 3\nmodel: gpt-4\npermissionMode: acceptedits\ncolour: red\n---\n"
    )
    found = check("agents/claude-code/rev.md", text)
    by_line = {(line, col): (sev, msg) for line, col, sev, msg in found}
    assert (2, 7) not in by_line  # the file name need not match `name` (sub-agents doc)
    assert by_line[(3, 8)][0] == "error" and "`tools` must be" in by_line[(3, 8)][1]
    assert by_line[(4, 8)][0] == "warning" and "full model id" in by_line[(4, 8)][1]
    assert by_line[(5, 17)][0] == "error"
    assert by_line[(6, 1)][0] == "warning" and "unknown field `colour`" in by_line[(6, 1)][1]
    missing = [f for f in found if "`description` is missing" in f[3]]
    assert missing and missing[0][2] == "error"


def test_permission_mode_suggestion() -> None:
    agent = AgentFile.from_bytes(
        "agents/claude-code/a.md",
        b"---\nname: a\ndescription: d\npermissionMode: acceptedits\n---\n",
    )
    [diag] = validate(agent)
    assert diag.suggestion == "did you mean `acceptEdits`?"


def test_opencode_rules() -> None:
    text = (
        "---\n"
        "description: d\n"
        "mode: sub\n"
        "model: sonnet\n"
        "temperature: 2.5\n"
        "tools:\n"
        "  bash: yes please\n"
        "permission:\n"
        "  edit: allow\n"
        "  bash:\n"
        '    "git *": allow\n'
        '    "rm *": nope\n'
        "---\n"
    )
    found = check("agents/opencode/a.md", text)
    errors = {(line, col) for line, col, sev, _ in found if sev == "error"}
    assert errors == {(3, 7), (4, 8), (7, 9), (12, 13)}
    # No range in OpenCode's schema: only the provider rejects 2.5, so a warning.
    assert [f[:3] for f in found if f[0] == 5] == [(5, 14, "warning")]


def test_opencode_valid_permission_string_and_patterns() -> None:
    text = "---\ndescription: d\nmode: all\nmodel: anthropic/claude-sonnet-4-5\ntemperature: 0\ntop_p: 0.9\npermission: ask\nmaxSteps: 5\n---\n"
    assert check("agents/opencode/a.md", text) == []


def test_unknown_fields_warn_and_stay() -> None:
    agent = AgentFile.from_bytes("agents/opencode/a.md", b"---\ndescription: d\ncategory: x\n---\n")
    [diag] = validate(agent)
    assert diag.severity is Severity.WARNING and (diag.line, diag.column) == (3, 1)
    assert agent.fields is not None and agent.fields["category"] == "x"


def test_agpm_keys_are_always_known() -> None:
    text = "---\nname: a\ndescription: d\nagpm:\n  templating: yes\ndependencies:\n  snippet:\n    - path: x.md\n---\n"
    found = check("agents/claude-code/a.md", text)
    assert [(line, sev) for line, _, sev, _ in found] == [(5, "error"), (7, "warning")]


def test_invalid_yaml_reports_it_and_missing_required() -> None:
    found = check("agents/claude-code/a.md", "---\ndescription: Use: it\n---\n")
    assert found[0][:3] == (2, 17, "warning")  # Claude Code tolerates a one-line `: `
    assert any("`name` is missing" in f[3] and f[2] == "error" for f in found)


def test_rendered_fields_are_checked_with_approximate_positions() -> None:
    text = "---\nname: a\ndescription: d\n{% if x %}\nmodel: {{ m }}\n{% endif %}\n---\n"
    agent = AgentFile.from_bytes("agents/claude-code/a.md", text.encode())
    assert validate(agent) == []  # needs the rendered fields
    [diag] = validate(agent, {"name": "a", "description": "d", "model": "gpt"})
    assert diag.line == 5 and "model" in diag.message


@pytest.mark.parametrize("flavour", list(Flavour))
def test_schema_is_form_data(flavour: Flavour) -> None:
    schema = schema_for(flavour)
    assert "agpm" in schema.fields
    for spec in schema.fields.values():
        assert isinstance(spec.kind, Kind) and spec.help
        if spec.kind is Kind.CHOICE and not spec.open_values:
            assert spec.values
