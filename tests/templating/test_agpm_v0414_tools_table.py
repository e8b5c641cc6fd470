"""agpm.toml's ``[tools]`` as AGPM v0.4.14 reads it: the table replaces AGPM's default
tools (a tool it does not list is unknown), a well-known tool it lists keeps its default
folders for the types it does not override, and a dependency whose tool (its parent's,
else its type's default) is not configured for its type fails the install
(src/manifest/tool_config.rs, manifest_validation.rs, resolver/transitive_resolver.rs
``determine_transitive_tool``; each checked with `agpm install`)."""

from __future__ import annotations

from agpm_port import MakeProject
from cli_helpers import no_traceback
from conftest import run_cli

UNSUPPORTED_AGENT = (
    "---\ndescription: Agent with transitive snippet dependency\nagpm:\n  templating: true\n"
    "dependencies:\n  snippets:\n    - name: helper\n      path: ../snippets/helper.md\n"
    "      install: false\n---\n\n# Test Agent\n\n"
    "This agent uses a snippet: {{ agpm.deps.snippets.helper.content }}\n"
)
CUSTOM_TOOLS = (
    '[tools.claude-code]\npath = ".claude"\n'
    'resources = { agents = { path = "agents", flatten = true } }\n\n'
    '[tools.my_custom_tool]\nenabled = true\npath = ".my-custom"\n'
    'resources = { agents = { path = "agents", flatten = true } }\n'
)


def test_transitive_dependency_unsupported_resource_type(make_project: MakeProject) -> None:
    # tool_inheritance.rs test_transitive_dependency_unsupported_resource_type: the snippet
    # cannot install for my_custom_tool, so it falls back to its type's default tool, agpm,
    # which this [tools] table does not list: the install fails, naming snippets
    root = make_project(
        {
            "agpm.toml": CUSTOM_TOOLS + "\n[agents]\ntest-agent = { path = "
            '"agents/test-agent.md", tool = "my_custom_tool" }\n',
            "snippets/helper.md": "# Helper Snippet\nThis is a helper snippet.\n",
            "agents/test-agent.md": UNSUPPORTED_AGENT,
        }
    )
    proc = run_cli("render", "agents/test-agent.md", "--variant", "test-agent", cwd=root)
    no_traceback(proc)
    assert proc.returncode == 1
    assert "agents/test-agent.md:8:13: error: " in proc.stderr
    assert "snippets" in proc.stderr and "`agpm`" in proc.stderr
    # once [tools.agpm] is configured, `agpm install` installs it
    manifest = (root / "agpm.toml").read_text()
    (root / "agpm.toml").write_text(
        manifest.replace(
            "\n[agents]",
            '\n[tools.agpm]\npath = ".agpm"\nresources = { snippets = { path = "snippets" } }\n'
            "\n[agents]",
        )
    )
    proc = run_cli("render", "agents/test-agent.md", "--variant", "test-agent", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert "uses a snippet: # Helper Snippet\nThis is a helper snippet." in proc.stdout


def test_a_tools_table_replaces_the_default_tools(make_project: MakeProject) -> None:
    # manifest_validation.rs (Manifest::validate, "Unknown tool '{tool}'") over
    # tool_config.rs's ToolsConfig (only the tools [tools] lists): with [tools] naming
    # only a custom tool, an [agents] entry (tool claude-code by default) fails the
    # install; checked with `agpm install`
    root = make_project(
        {
            "agpm.toml": '[tools.my_custom_tool]\nenabled = true\npath = ".my-custom"\n'
            'resources = { agents = { path = "agents", flatten = true } }\n\n'
            '[agents]\na = { path = "agents/a.md" }\n'
            'b = { path = "agents/a.md", tool = "my_custom_tool" }\n',
            "agents/a.md": "---\nname: a\ndescription: A\n---\nA\n",
        }
    )
    proc = run_cli("render", "agents/a.md", "--variant", "b", cwd=root)
    no_traceback(proc)
    assert proc.returncode == 1  # the render is shown; agpm install would refuse the manifest
    assert proc.stdout == "---\nname: a\ndescription: A\n---\nA\n"
    assert "agpm.toml:7:1: error: entry `a` of [agents]" in proc.stderr
    assert "`claude-code`" in proc.stderr and "entry `b`" not in proc.stderr
    proc = run_cli("check", cwd=root)
    assert proc.returncode == 1 and "agpm.toml:7:1: error: entry `a`" in proc.stdout
    # a well-known tool [tools] lists keeps its default folders for the types it does not
    # override (AGPM's test_partial_tool_config_merges_with_defaults): no error for `c`
    (root / "agpm.toml").write_text(
        '[tools.claude-code]\npath = ".claude"\n'
        'resources = { agents = { path = "agents/custom", flatten = true } }\n\n'
        '[commands]\nc = { path = "commands/c.md" }\n'
    )
    (root / "commands").mkdir()
    (root / "commands/c.md").write_text(
        "---\ndescription: C\nagpm:\n  templating: true\n---\n{{ agpm.resource.install_path }}\n"
    )
    proc = run_cli("render", "commands/c.md", "--variant", "c", "--body-only", cwd=root)
    no_traceback(proc)
    assert (proc.returncode, proc.stdout) == (0, ".claude/commands/agpm/c.md\n"), proc.stderr
