"""Which tool reads a file: the innermost `.claude/` or `.opencode/` folder, then AGPM's folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_workbench.model.flavour import Flavour, detect_flavour
from cli_helpers import no_traceback
from conftest import run_cli


@pytest.mark.parametrize(
    ("rel", "flavour"),
    [
        (".claude/agents/a.md", Flavour.CLAUDE_CODE),
        (".opencode/agent/a.md", Flavour.OPENCODE),
        (".opencode/agents/a.md", Flavour.OPENCODE),
        # A dotfiles repository keeping both tools' folders: the innermost one decides.
        ("dotfiles/.claude/tools/opencode/.opencode/agent/a.md", Flavour.OPENCODE),
        ("dotfiles/.opencode/backup/.claude/agents/a.md", Flavour.CLAUDE_CODE),
        # A folder merely containing a tool's word decides nothing (the fields do).
        ("claude-voltagent/.opencode/agent/a.md", Flavour.OPENCODE),
        ("my-claude-agents/agents/a.md", Flavour.UNKNOWN),
        # AGPM's source folders, and OpenCode's ~/.config/opencode/agent/.
        ("agents/claude-code/a.md", Flavour.CLAUDE_CODE),
        ("home/.config/opencode/agent/a.md", Flavour.OPENCODE),
        (".claude/commands/c.md", Flavour.COMMAND),
        (".opencode/command/c.md", Flavour.OPENCODE_COMMAND),
        (".claude/skills/pdf/SKILL.md", Flavour.SKILL),
        (".claude/skills/pdf/reference.md", Flavour.UNKNOWN),
    ],
)
def test_flavour_from_the_innermost_tool_folder(rel: str, flavour: Flavour) -> None:
    assert detect_flavour(rel, {}) is flavour


def test_fields_decide_only_without_a_tool_folder() -> None:
    assert detect_flavour("x/a.md", {"name": "a", "mode": "subagent"}) is Flavour.OPENCODE
    assert detect_flavour(".claude/agents/a.md", {"mode": "subagent"}) is Flavour.CLAUDE_CODE


OC_AGENT = "---\ndescription: Reviews\nmode: subagent\ntemperature: 0.1\n---\nReview.\n"


def test_workbench_file_keeps_an_opencode_file_opencode(tmp_path: Path) -> None:
    # `workbench check FILE` in a dotfiles repository with no agpm.toml: the folder named is
    # the project, and the file stays the OpenCode agent it is.
    agent = tmp_path / "dotfiles" / ".opencode" / "agent" / "reviewer.md"
    agent.parent.mkdir(parents=True)
    agent.write_text(OC_AGENT)
    proc = run_cli("check", "--json", str(agent), cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stdout
    assert '"flavour": "opencode"' in proc.stdout


def test_a_project_rooted_inside_opencode_folder_stays_opencode(tmp_path: Path) -> None:
    # `workbench FILE` with no agpm.toml roots the project at the file's folder (README);
    # `name` and `description` alone would read as Claude Code, the `.opencode` above decides.
    from agent_workbench.frontmatter.agentfile import AgentFile
    from agent_workbench.model.scope import project_for

    path = tmp_path / "dotfiles" / ".opencode" / "agent" / "reviewer.md"
    path.parent.mkdir(parents=True)
    path.write_text("---\nname: reviewer\ndescription: Reviews\n---\nReview.\n")
    project, _, rel = project_for(path)
    assert project.root == path.parent.resolve() and rel == "reviewer.md"
    assert AgentFile.load(project, rel).flavour is Flavour.OPENCODE
    proc = run_cli("check", "--json", ".", cwd=path.parent)
    assert '"flavour": "opencode"' in proc.stdout, proc.stdout
