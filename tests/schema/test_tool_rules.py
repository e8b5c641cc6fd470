"""Each cited rule of Claude Code and OpenCode, on real files in the layouts authors use.

The rules and their sources are in ``agent_workbench.schema.data``; every test
here names the fact it checks (a document or repository path, see the data).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_workbench.frontmatter.agentfile import AgentFile
from agent_workbench.model.diagnostics import Diagnostic
from agent_workbench.model.flavour import Flavour
from agent_workbench.schema.data import claude_code, opencode
from agent_workbench.schema.tables import SCHEMAS, schema_for
from agent_workbench.schema.validate import validate


def found(tmp_path: Path, rel: str, text: str) -> list[Diagnostic]:
    """Validate ``text`` written at ``tmp_path/rel`` (a real file in its real folder)."""
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return validate(AgentFile.load_path(path, rel))


def brief(diagnostics: list[Diagnostic]) -> list[tuple[int, str]]:
    return [(d.line, d.severity.value) for d in diagnostics]


CC = ".claude/agents/{}.md"
OC = ".opencode/agent/{}.md"


# -- Claude Code subagents ------------------------------------------------------------------


def test_the_file_name_need_not_match_name(tmp_path: Path) -> None:
    # sub-agents doc: the agent is named by `name`; wshobson keeps files as category__name.md.
    text = "---\nname: context-manager\ndescription: Keeps context\n---\nBody\n"
    assert found(tmp_path, CC.format("agent-orchestration__context-manager"), text) == []


@pytest.mark.parametrize("name", ["plugin:reviewer", "-reviewer"])
def test_a_name_claude_code_skips_is_an_error(tmp_path: Path, name: str) -> None:
    text = f"---\nname: '{name}'\ndescription: Reviews\n---\n"
    [diag] = found(tmp_path, CC.format("reviewer"), text)
    assert (diag.line, diag.severity.value) == (2, "error") and "skips" in diag.message


def test_missing_name_or_description_skips_the_file(tmp_path: Path) -> None:
    diags = found(tmp_path, CC.format("a"), "---\ntools: Read\n---\n")
    assert {d.message.split("`")[1] for d in diags if d.is_error} == {"name", "description"}
    assert all("Claude Code skips the file" in d.message for d in diags if d.is_error)


@pytest.mark.parametrize("model", ["fable", "best", "opusplan", "opus[1m]", "inherit"])
def test_current_model_aliases_are_fine(tmp_path: Path, model: str) -> None:
    text = f"---\nname: a\ndescription: d\nmodel: {model}\n---\n"
    assert found(tmp_path, CC.format("a"), text) == []


@pytest.mark.parametrize(
    "model",
    [
        "claude-opus-4-5",
        "claude-sonnet-4-5@20250929",  # Vertex
        "us.anthropic.claude-sonnet-4-5-20250929-v1:0",  # Bedrock inference profile
        "arn:aws:bedrock:us-east-1:123:application-inference-profile/abc",
    ],
)
def test_full_model_ids_of_every_provider_are_fine(tmp_path: Path, model: str) -> None:
    text = f"---\nname: a\ndescription: d\nmodel: '{model}'\n---\n"
    assert found(tmp_path, CC.format("a"), text) == []


def test_an_unknown_model_is_a_warning_not_an_error(tmp_path: Path) -> None:
    diags = found(tmp_path, CC.format("a"), "---\nname: a\ndescription: d\nmodel: gpt-5\n---\n")
    assert brief(diags) == [(4, "warning")]


def test_permission_mode_manual_and_new_fields(tmp_path: Path) -> None:
    # CHANGELOG: `manual` accepted alongside `default`; `effort`, `initialPrompt` fields.
    text = (
        "---\nname: a\ndescription: d\npermissionMode: manual\neffort: high\n"
        "initialPrompt: Start by reading the plan\nmaxTurns: 5\nmemory: project\n"
        "background: true\nisolation: worktree\ndisallowedTools: Write\n"
        "mcpServers: [github]\nskills: review\nhooks: {}\ncolor: cyan\n---\n"
    )
    assert found(tmp_path, CC.format("a"), text) == []


def test_new_tools_are_known_and_removed_ones_flagged(tmp_path: Path) -> None:
    text = (
        "---\nname: a\ndescription: d\n"
        "tools: PowerShell, Monitor, CronCreate, EnterWorktree, ReadMcpResourceTool, TeamCreate\n"
        "---\n"
    )
    [diag] = found(tmp_path, CC.format("a"), text)
    assert diag.severity.value == "warning" and "TeamCreate" in diag.message
    assert "removed in Claude Code 2.1.178" in diag.message


def test_a_tools_list_with_no_real_tool_is_an_error(tmp_path: Path) -> None:
    # CHANGELOG: a `tools` list that resolves to nothing makes the Agent tool return an error.
    text = "---\nname: a\ndescription: d\ntools: context-manager, error-coordinator\n---\n"
    diags = found(tmp_path, CC.format("a"), text)
    assert sum(d.is_error for d in diags) == 1
    assert any("refuses to launch" in d.message for d in diags if d.is_error)
    mixed = "---\nname: a\ndescription: d\ntools: Read, context-manager\n---\n"
    assert brief(found(tmp_path, CC.format("b"), mixed)) == [(4, "warning")]


def test_user_agents_folder_is_claude_code(tmp_path: Path) -> None:
    # ~/.claude/agents/ laid out under a home folder: the innermost `.claude` decides.
    rel = "home/me/.claude/agents/reviewer.md"
    diags = found(tmp_path, rel, "---\nname: reviewer\ndescription: d\nmode: subagent\n---\n")
    assert [d.message.split("`")[1] for d in diags] == ["mode"]  # unknown to Claude Code


# -- OpenCode agents -------------------------------------------------------------------------


@pytest.mark.parametrize("folder", [".opencode/agent", ".opencode/agents"])
def test_description_is_optional_in_opencode(tmp_path: Path, folder: str) -> None:
    diags = found(tmp_path, f"{folder}/helper.md", "---\nmode: subagent\n---\nBody\n")
    assert brief(diags) == [(1, "warning")]


@pytest.mark.parametrize("text", ["---\nmode: primary\n---\n", "---\ndisable: true\n---\n"])
def test_builtin_overrides_and_disabled_agents_need_no_description(
    tmp_path: Path, text: str
) -> None:
    name = "build" if "mode" in text else "helper"
    assert found(tmp_path, OC.format(name), text) == []


def test_name_is_a_known_key_and_unknown_keys_go_to_the_provider(tmp_path: Path) -> None:
    text = "---\nname: renamed\ndescription: d\nreasoning: deep\n---\n"
    [diag] = found(tmp_path, OC.format("a"), text)
    assert diag.line == 4 and "passes it to the model provider as an option" in diag.message


@pytest.mark.parametrize("key", opencode.VALUE_ONLY_BOTH)
def test_value_only_permissions_with_a_map_fail_the_load(tmp_path: Path, key: str) -> None:
    text = f"---\ndescription: d\npermission:\n  {key}:\n    '*': allow\n---\n"
    diags = found(tmp_path, OC.format("a"), text)
    assert brief(diags) == [(4, "error")] and "fails OpenCode's config load" in diags[0].message


@pytest.mark.parametrize("key", opencode.VALUE_ONLY_ZOD_ONLY)
def test_permissions_value_only_in_one_schema_warn(tmp_path: Path, key: str) -> None:
    text = f"---\ndescription: d\npermission:\n  {key}:\n    '*': allow\n---\n"
    assert brief(found(tmp_path, OC.format("a"), text)) == [(4, "warning")]


def test_any_permission_key_is_accepted_and_write_has_no_effect(tmp_path: Path) -> None:
    text = (
        "---\ndescription: d\npermission:\n  mymcp_search: allow\n  bash:\n    'git *': allow\n"
        "  write: deny\n---\n"
    )
    diags = found(tmp_path, OC.format("a"), text)
    assert brief(diags) == [(7, "warning")] and "`permission.edit`" in diags[0].message


def test_tool_typos_warn(tmp_path: Path) -> None:
    text = "---\ndescription: d\ntools:\n  bassh: false\n  mymcp_*: false\n  read: true\n---\n"
    diags = found(tmp_path, OC.format("a"), text)
    assert brief(diags) == [(4, "warning")] and diags[0].suggestion == "did you mean `bash`?"


def test_temperature_has_no_range_in_the_schema(tmp_path: Path) -> None:
    fine = found(tmp_path, OC.format("a"), "---\ndescription: d\ntemperature: 1.5\n---\n")
    assert fine == []
    high = found(tmp_path, OC.format("b"), "---\ndescription: d\ntemperature: 7\n---\n")
    assert brief(high) == [(3, "warning")]


def test_colour_outside_the_schema_fails_the_load(tmp_path: Path) -> None:
    diags = found(tmp_path, OC.format("a"), "---\ndescription: d\ncolor: cyan\n---\n")
    assert brief(diags) == [(3, "error")]
    assert found(tmp_path, OC.format("b"), "---\ndescription: d\ncolor: '#FF5733'\n---\n") == []


# -- commands and skills ---------------------------------------------------------------------


def test_claude_code_command_fields(tmp_path: Path) -> None:
    text = (
        "---\ndescription: Commit\nargument-hint: '[message]'\nallowed-tools: Bash(git add:*)\n"
        "model: haiku\ndisable-model-invocation: true\nsubtask: true\n---\nCommit $ARGUMENTS\n"
    )
    diags = found(tmp_path, ".claude/commands/commit.md", text)
    assert brief(diags) == [(7, "warning")] and "Claude Code ignores it" in diags[0].message


def test_opencode_command_fields(tmp_path: Path) -> None:
    text = "---\ndescription: Test\nagent: build\nmodel: anthropic/claude-haiku-4-5\nsubtask: true\n---\n"
    rel = ".opencode/command/test.md"
    agent = AgentFile.load_path(_write(tmp_path, rel, text), rel)
    assert agent.flavour is Flavour.OPENCODE_COMMAND and validate(agent) == []


def test_skill_fields(tmp_path: Path) -> None:
    text = "---\nname: pdf\ndescription: Reads PDFs\nallowed-tools: Read, Bash\n---\nSteps\n"
    rel = ".claude/skills/pdf/SKILL.md"
    agent = AgentFile.load_path(_write(tmp_path, rel, text), rel)
    assert agent.flavour is Flavour.SKILL and validate(agent) == []


def test_a_skills_allowed_tools_may_be_space_separated_and_it_may_have_hooks(
    tmp_path: Path,
) -> None:
    # Agent Skills format: `allowed-tools` is a space-delimited list; skills doc: `hooks`.
    text = (
        "---\nname: review\ndescription: Reviews diffs\n"
        "allowed-tools: Read Grep Bash(git diff *)\nhooks:\n  PreToolUse: []\n---\nSteps\n"
    )
    assert found(tmp_path, ".claude/skills/review/SKILL.md", text) == []
    [typo] = found(tmp_path, ".claude/skills/typo/SKILL.md", text.replace("Grep", "Grepp"))
    assert "`Grepp`" in typo.message and typo.suggestion == "did you mean `Grep`?"


def _write(tmp_path: Path, rel: str, text: str) -> Path:
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- the data itself --------------------------------------------------------------------------


@pytest.mark.parametrize("flavour", list(SCHEMAS))
def test_every_rule_names_its_source_and_date(flavour: Flavour) -> None:
    for spec in schema_for(flavour).fields.values():
        assert "checked 20" in spec.source, (flavour, spec.name)


def test_removed_tools_are_not_offered() -> None:
    assert not set(claude_code.REMOVED_TOOLS) & set(claude_code.TOOLS)
