"""AGPM v0.4.14's tests of local transitive dependencies, tools and manifest overrides,
ported (repository aig787/agpm, tag v0.4.14; docs/agpm-tests-ported.md):
``tests/integration/transitive/{local,tool_inheritance,overrides}.rs``.

AGPM's tests check which files ``agpm install`` writes; a render observes the same through
``agpm.resource.install_path`` and ``agpm.deps.*.install_path``, and through a failed
install being a failed render.
"""

from __future__ import annotations

from agpm_port import MakeProject, installed, render, render_fails

SHOW = "{% for c, m in agpm.deps %}{% for k, d in m %}{{ k }}={{ d.install_path }}\n{% endfor %}{% endfor %}"


def _agent(deps: str, body: str = SHOW, templating: bool = True) -> str:
    flag = "agpm:\n  templating: true\n" if templating else ""
    return f"---\ndescription: d\n{flag}dependencies:\n{deps}---\n{body}"


# -- tests/integration/transitive/local.rs ----------------------------------------------------


def test_local_file_dependency_skips_transitive_with_warning(make_project: MakeProject) -> None:
    # local.rs test_local_file_dependency_skips_transitive_with_warning: a file at the root
    # declaring ../snippets/helper.md reaches above the project: the install fails
    text = (
        "---\ndependencies:\n  snippets:\n    - path: ../snippets/helper.md\n"
        "      version: v1.0.0\n---\n# Local Agent\n"
    )
    files = {"agpm.toml": '[agents]\nlocal-agent = { path = "local-agent.md" }\n'}
    render_fails(make_project, {**files, "local-agent.md": text}, "local-agent.md")


def test_local_with_current_dir_transitive(make_project: MakeProject) -> None:
    # local.rs test_local_with_current_dir_transitive
    files = {
        "agents/helper.md": "# Helper Agent\n\nA helper agent without dependencies.",
        "agents/local-agent.md": _agent("  agents:\n    - path: ./helper.md\n"),
    }
    assert installed(make_project, files, "agents/local-agent.md").endswith(
        "---\nhelper=.claude/agents/agpm/helper.md\n"
    )


def test_local_with_parent_dir_transitive(make_project: MakeProject) -> None:
    # local.rs test_local_with_parent_dir_transitive (flatten = false keeps the subfolder)
    files = {
        "agpm.toml": '[agents]\nlocal-agent = { path = "agents/subfolder/local-agent.md", '
        "flatten = false }\n",
        "agents/helper.md": "# Helper Agent\n",
        "agents/subfolder/local-agent.md": _agent(
            "  agents:\n    - path: ../helper.md\n",
            "{{ agpm.resource.install_path }}\n" + SHOW,
        ),
    }
    content = installed(make_project, files, "agents/subfolder/local-agent.md", "local-agent")
    assert content.endswith(
        ".claude/agents/agpm/subfolder/local-agent.md\nhelper=.claude/agents/agpm/helper.md\n"
    )


def test_local_with_cross_directory_transitive(make_project: MakeProject) -> None:
    # local.rs test_local_with_cross_directory_transitive: the snippet inherits the
    # agent's tool (.claude/snippets, not .agpm/snippets)
    files = {
        "snippets/utils.md": "# Utils Snippet\n",
        "agents/local-agent.md": _agent("  snippets:\n    - path: ../snippets/utils.md\n"),
    }
    assert installed(make_project, files, "agents/local-agent.md").endswith(
        "utils=.claude/snippets/agpm/utils.md\n"
    )


def test_local_transitive_missing_file(make_project: MakeProject) -> None:
    # local.rs test_local_transitive_missing_file
    text = _agent("  agents:\n    - path: ./missing.md\n", "# Local Agent\n", templating=False)
    render_fails(
        make_project, {"agents/local-agent.md": text}, "agents/local-agent.md", "missing.md"
    )


def test_local_transitive_invalid_path_format(make_project: MakeProject) -> None:
    # local.rs test_local_transitive_invalid_path_format: a bare file name is read from the
    # declaring file's folder
    files = {
        "agents/helper.md": "# Helper\n",
        "agents/local-agent.md": _agent("  agents:\n    - path: helper.md\n"),
    }
    assert installed(make_project, files, "agents/local-agent.md").endswith(
        "helper=.claude/agents/agpm/helper.md\n"
    )


def test_local_transitive_outside_manifest_directory(make_project: MakeProject) -> None:
    # local.rs test_local_transitive_outside_manifest_directory: AGPM installs a snippet
    # from a folder beside the project; the workbench confines every file a render reads
    # to the project root (house rule; docs/agpm-oracle.md), so this render fails and
    # names the path instead
    text = _agent(
        "  snippets:\n    - path: ../../shared/utils.md\n      tool: agpm\n",
        "# My Agent\n",
        templating=False,
    )
    stderr = render_fails(make_project, {"agents/my-agent.md": text}, "agents/my-agent.md")
    assert "../../shared/utils.md" in stderr


# -- tests/integration/transitive/tool_inheritance.rs --------------------------------------------

OPENCODE_TOOLS = (
    '[tools.claude-code]\npath = ".claude"\n'
    'resources = { commands = { path = "commands/agpm", flatten = true } }\n'
    '[tools.opencode]\nenabled = true\npath = ".opencode"\n'
    'resources = { commands = { path = "command/agpm", flatten = true } }\n'
    '[tools.agpm]\npath = ".agpm"\nresources = { snippets = { path = "snippets" } }\n'
)


def _command(tool_line: str = "") -> str:
    return _agent(
        "  snippets:\n    - name: helper\n      path: ../snippets/helper.md\n"
        f"{tool_line}      install: false\n",
        "{{ agpm.resource.install_path }}\n{{ agpm.deps.snippets.helper.install_path }}\n"
        "{{ agpm.deps.snippets.helper.content }}\n",
    )


def test_transitive_dependency_inherits_parent_tool(make_project: MakeProject) -> None:
    # tool_inheritance.rs test_transitive_dependency_inherits_parent_tool
    files = {
        "agpm.toml": OPENCODE_TOOLS + "[commands]\ntest-command = { path = "
        '"commands/test-command.md", tool = "opencode" }\n',
        "snippets/helper.md": "# Helper Snippet\n",
        "commands/test-command.md": _command(),
    }
    content = installed(make_project, files, "commands/test-command.md", "test-command")
    assert content.endswith(
        ".opencode/command/agpm/test-command.md\n.opencode/snippet/agpm/snippets/helper.md\n"
        "# Helper Snippet\n"
    )


def test_transitive_dependency_explicit_tool_overrides_parent(make_project: MakeProject) -> None:
    # tool_inheritance.rs test_transitive_dependency_explicit_tool_overrides_parent
    files = {
        "agpm.toml": OPENCODE_TOOLS + "[commands]\nconfig-cmd = { path = "
        '"commands/config-cmd.md", tool = "claude-code" }\n',
        "snippets/helper.md": "# Config Snippet\n",
        "commands/config-cmd.md": _command("      tool: agpm\n"),
    }
    content = installed(make_project, files, "commands/config-cmd.md", "config-cmd")
    assert content.endswith(
        ".claude/commands/agpm/config-cmd.md\n.agpm/snippets/helper.md\n# Config Snippet\n"
    )


def test_partial_tool_config_merges_with_defaults(make_project: MakeProject) -> None:
    # tool_inheritance.rs test_partial_tool_config_merges_with_defaults: opencode's
    # snippets keep their default folder (not .agpm/snippets; `agpm install` puts them in
    # .opencode/snippet/agpm/snippets/)
    files = {
        "agpm.toml": '[tools.opencode]\nenabled = true\npath = ".opencode"\nresources = { '
        'agents = { path = "agent/agpm", flatten = true }, commands = { path = "command/agpm", '
        'flatten = true } }\n[commands]\nsetup = { path = "commands/setup.md", tool = "opencode" }\n',
        "snippets/helper.md": "# Config Helper\n",
        "commands/setup.md": _command(),
    }
    content = installed(make_project, files, "commands/setup.md", "setup")
    assert ".opencode/snippet/agpm/snippets/helper.md\n# Config Helper\n" in content
    assert ".agpm/snippets" not in content


def test_custom_tool_transitive_dependency(make_project: MakeProject) -> None:
    # tool_inheritance.rs test_custom_tool_transitive_dependency: a tool of the project's
    # own [tools] table installs the command and the snippet it inherits (checked with
    # `agpm install`: .my-custom/commands/cmd.md and .my-custom/snippets/helper.md)
    files = {
        "agpm.toml": '[tools.my_custom_tool]\nenabled = true\npath = ".my-custom"\nresources = '
        '{ commands = { path = "commands", flatten = true }, snippets = { path = "snippets", '
        'flatten = false } }\n[commands]\ncmd = { path = "commands/cmd.md", tool = '
        '"my_custom_tool" }\n',
        "snippets/helper.md": "# Custom Snippet\n",
        "commands/cmd.md": _command(),
    }
    content = installed(make_project, files, "commands/cmd.md", "cmd")
    assert content.endswith(
        ".my-custom/commands/cmd.md\n.my-custom/snippets/helper.md\n# Custom Snippet\n"
    )


def test_transitive_chain_inherits_tool(make_project: MakeProject) -> None:
    # tool_inheritance.rs test_transitive_chain_inherits_tool: agent → command → snippet
    command = _agent(
        "  snippets:\n    - name: config\n      path: ../snippets/config.md\n      install: false\n",
        "# Command\nConfig: {{ agpm.deps.snippets.config.content }} "
        "({{ agpm.deps.snippets.config.install_path }})\n",
    )
    agent = _agent(
        "  commands:\n    - name: helper\n      path: ../commands/helper.md\n      install: false\n",
        "# Agent\nHelper: {{ agpm.deps.commands.helper.content }}\n",
    )
    files = {
        "agpm.toml": '[tools.opencode]\nenabled = true\npath = ".opencode"\nresources = { '
        'agents = { path = "agent/agpm", flatten = true }, commands = { path = "command/agpm", '
        'flatten = true } }\n[agents]\nroot = { path = "agents/root.md", tool = "opencode" }\n',
        "snippets/config.md": "# Base Config\n",
        "commands/helper.md": command,
        "agents/root.md": agent,
    }
    content = installed(make_project, files, "agents/root.md", "root")
    assert "Config: # Base Config (.opencode/snippet/agpm/snippets/config.md)" in content


def test_transitive_circular_dependency_detection(make_project: MakeProject) -> None:
    # tool_inheritance.rs test_transitive_circular_dependency_detection: the snippet's
    # dependency on the agent closes a cycle even though its content is never used
    files = {
        "snippets/cycle.md": _agent(
            "  agents:\n    - name: root-agent\n      path: ../agents/root-agent.md\n",
            "# Cycle Snippet\n",
        ),
        "commands/middle.md": _agent(
            "  snippets:\n    - name: cycle\n      path: ../snippets/cycle.md\n",
            "{{ agpm.deps.snippets.cycle.content }}\n",
        ),
        "agents/root-agent.md": _agent(
            "  commands:\n    - name: middle\n      path: ../commands/middle.md\n",
            "{{ agpm.deps.commands.middle.content }}\n",
        ),
    }
    stderr = render_fails(make_project, files, "agents/root-agent.md")
    assert "cycle" in stderr.lower()


def test_transitive_dependency_file_not_found(make_project: MakeProject) -> None:
    # tool_inheritance.rs test_transitive_dependency_file_not_found
    text = _command().replace("helper.md", "missing.md")
    render_fails(make_project, {"commands/test.md": text}, "commands/test.md", "missing.md")


# -- tests/integration/transitive/overrides.rs ---------------------------------------------------


def test_direct_manifest_overrides_transitive(make_project: MakeProject) -> None:
    # overrides.rs test_direct_manifest_overrides_transitive: the helper is installed once,
    # as the manifest entry says (its filename), and the parent sees that install path
    # (checked with `agpm install`; an entry for another tool does not override)
    files = {
        "agpm.toml": '[agents]\nparent = { path = "agents/parent.md" }\n'
        'helper-custom = { path = "agents/helper.md", filename = "helper-custom.md" }\n'
        '[snippets]\nother-tool = { path = "snippets/s.md", filename = "s-agpm.md" }\n',
        "agents/helper.md": "---\ntitle: Helper Agent\n---\n# Helper Agent\n",
        "snippets/s.md": "S\n",
        "agents/parent.md": _agent(
            "  agents:\n    - path: agents/helper.md\n  snippets:\n    - path: snippets/s.md\n"
        ),
    }
    content = installed(make_project, files, "agents/parent.md", "parent")
    assert content.endswith(
        "helper=.claude/agents/agpm/helper-custom.md\ns=.claude/snippets/agpm/s.md\n"
    )


def test_multiple_variants_of_same_resource(make_project: MakeProject) -> None:
    # overrides.rs test_multiple_variants_of_same_resource
    entries = "".join(
        f'lang-{lang} = {{ path = "agents/language.md", filename = "lang-{lang}.md", '
        f'template_vars = {{ project = {{ language = "{lang}" }} }} }}\n'
        for lang in ("python", "rust", "typescript")
    )
    files = {
        "agpm.toml": "[agents]\n" + entries,
        "agents/language.md": "---\ntitle: Language Agent\nagpm:\n  templating: true\n---\n"
        "# {{ project.language | capitalize }} Agent\n\nSpecialized for {{ project.language }}.\n"
        "{{ agpm.resource.install_path }}\n",
    }
    for lang in ("python", "rust", "typescript"):
        result = render(make_project, files, "agents/language.md", f"lang-{lang}")
        assert result.body == (
            f"# {lang.capitalize()} Agent\n\nSpecialized for {lang}.\n"
            f".claude/agents/agpm/lang-{lang}.md\n"
        )


def test_malformed_tool_configuration(make_project: MakeProject) -> None:
    # tool_inheritance.rs test_malformed_tool_configuration: an agpm.toml that is not TOML
    # (an unclosed inline table) fails the install; the render exits 1 and names it
    files = {
        "agpm.toml": '[tools.claude-code]\nresources = { agents = { path = "agents" }\n'
        '[agents]\nsimple = { path = "agents/simple.md", tool = "claude-code" }\n',
        "agents/simple.md": "# Simple Agent\n",
    }
    stderr = render_fails(make_project, files, "agents/simple.md", "agpm.toml:2:")
    assert "TOML" in stderr
