"""AGPM v0.4.14's tests of transitive dependencies, ported (repository aig787/agpm, tag
v0.4.14; docs/agpm-tests-ported.md): ``tests/integration/templating/test_circular_deps.rs``,
``test_transitive_*.rs``, ``transitive_conditional_deps.rs``, ``tool_inheritance.rs``,
``resource_vars.rs`` and ``tests/integration/transitive/{local,tool_inheritance,overrides}.rs``.

A failed install is a failed render naming the file; what an installed file contains is
what ``workbench render`` prints, as the manifest entry (``--variant``) where AGPM's test
installs one.
"""

from __future__ import annotations

from agpm_port import MakeProject, installed, render, render_fails


def _dep(category: str, path: str, *, name: str = "", nested: bool = False) -> str:
    """A frontmatter with templating on declaring one dependency (under ``agpm:`` when
    ``nested``, as many AGPM tests do)."""
    entry = f"    - path: {path}\n" + (f"      name: {name}\n" if name else "")
    entry += "      install: false\n"
    if nested:
        indented = "".join("  " + line + "\n" for line in entry.splitlines())
        return f"---\nagpm:\n  templating: true\n  dependencies:\n    {category}:\n{indented}---\n"
    return f"---\ndependencies:\n  {category}:\n{entry}agpm:\n  templating: true\n---\n"


# -- tests/integration/templating/test_circular_deps.rs ------------------------------------------


def test_cross_resource_type_circular_dependency(make_project: MakeProject) -> None:
    # test_circular_deps.rs test_cross_resource_type_circular_dependency: a bare file name
    # (`agent1.md`) is relative to the declaring file's folder, so the cycle closes
    files = {
        "agents/agent1.md": _dep("snippets", "../snippets/snippet1.md", nested=True)
        + "# Agent 1\nUsing snippet: {{ agpm.deps.snippets.snippet1.content }}\n",
        "snippets/snippet1.md": _dep("agents", "../agents/agent2.md", nested=True)
        + "# Snippet 1\nUsing agent: {{ agpm.deps.agents.agent2.content }}\n",
        "agents/agent2.md": _dep("agents", "agent1.md", nested=True)
        + "# Agent 2\nBack to agent 1: {{ agpm.deps.agents.agent1.content }}\n",
    }
    stderr = render_fails(make_project, files, "agents/agent1.md", "agent1", "snippet1", "agent2")
    assert "cycle" in stderr.lower()


def test_conditional_circular_dependency(make_project: MakeProject) -> None:
    # test_circular_deps.rs test_conditional_circular_dependency (rendered as the manifest
    # entry that sets feature_enabled)
    a = (
        "---\ndependencies:\n  agents:\n    - path: conditional-b.md\n      install: false\n"
        "{% if agpm.project.feature_enabled %}\n    - path: conditional-c.md\n"
        "      install: false\n  {% endif %}\nagpm:\n  templating: true\n---\n"
        "From B: {{ agpm.deps.agents.conditional_b.content }}\n"
    )
    files = {
        "agpm.toml": '[agents.conditional-a]\npath = "agents/conditional-a.md"\n'
        '[agents.conditional-a.template_vars.project]\nfeature_enabled = "true"\n',
        "agents/conditional-a.md": a,
        "agents/conditional-b.md": _dep("agents", "conditional-c.md")
        + "From C: {{ agpm.deps.agents.conditional_c.content }}\n",
        "agents/conditional-c.md": _dep("agents", "conditional-a.md")
        + "Back to A: {{ agpm.deps.agents.conditional_a.content }}\n",
    }
    result = render(make_project, files, "agents/conditional-a.md", "conditional-a")
    assert not result.ok
    assert result.diagnostics[0].code == "dependency-cycle"


def test_mixed_templating_circular_dependency(make_project: MakeProject) -> None:
    # test_circular_deps.rs test_mixed_templating_circular_dependency: a file with
    # templating off in the middle still closes the cycle (its dependencies are read)
    literal_b = (
        "---\ndependencies:\n  agents:\n    - path: templated-c.md\n      install: false\n"
        "agpm:\n  templating: false\n---\n# Literal Agent B\n"
    )
    files = {
        "agents/templated-a.md": _dep("agents", "literal-b.md")
        + "From B: {{ agpm.deps.agents.literal_b.content }}\n",
        "agents/literal-b.md": literal_b,
        "agents/templated-c.md": _dep("agents", "templated-a.md")
        + "Back to A: {{ agpm.deps.agents.templated_a.content }}\n",
    }
    stderr = render_fails(make_project, files, "agents/templated-a.md")
    assert "cycle" in stderr.lower()


def test_self_dependency_bare_name(make_project: MakeProject) -> None:
    # test_circular_deps.rs test_self_dependency, as written (`path: self-dep.md`)
    text = (
        _dep("agents", "self-dep.md")
        + "This should fail: {{ agpm.deps.agents.self_dep.content }}\n"
    )
    stderr = render_fails(make_project, {"agents/self-dep.md": text}, "agents/self-dep.md")
    assert "cycle" in stderr.lower()


def test_diamond_with_cycle(make_project: MakeProject) -> None:
    # test_circular_deps.rs test_diamond_with_cycle: A → B, C → D → A
    def node(*deps: str) -> str:
        entries = "".join(f"    - path: diamond-{d}.md\n      install: false\n" for d in deps)
        uses = "".join(f"{{{{ agpm.deps.agents.diamond_{d}.content }}}}\n" for d in deps)
        return f"---\ndependencies:\n  agents:\n{entries}agpm:\n  templating: true\n---\n{uses}"

    files = {
        "agents/diamond-a.md": node("b", "c"),
        "agents/diamond-b.md": node("d"),
        "agents/diamond-c.md": node("d"),
        "agents/diamond-d.md": node("a"),
    }
    result = render(make_project, files, "agents/diamond-a.md")
    assert [d.code for d in result.diagnostics] == ["dependency-cycle"]


def test_circular_dependency_with_custom_names(make_project: MakeProject) -> None:
    # test_circular_deps.rs test_circular_dependency_with_custom_names
    def node(other: str) -> str:
        return _dep("agents", f"custom-{other}.md", name=f"custom_{other}_alias") + (
            f"From: {{{{ agpm.deps.agents.custom_{other}_alias.content }}}}\n"
        )

    files = {f"agents/custom-{x}.md": node(y) for x, y in (("a", "b"), ("b", "c"), ("c", "a"))}
    stderr = render_fails(make_project, files, "agents/custom-a.md")
    assert "cycle" in stderr.lower()


# -- tests/integration/templating/test_transitive_direct_same_resource.rs ----------------------


def test_direct_and_transitive_same_resource_template_lookup(make_project: MakeProject) -> None:
    # test_direct_and_transitive_same_resource_template_lookup
    checkpoint = (
        "---\ndescription: Create a checkpoint\n---\n# Checkpoint Command\n\n"
        "This creates a git checkpoint for safe editing.\n\nCHECKPOINT_MARKER_CONTENT\n"
    )
    squash = (
        "---\ndescription: Squash commits\nagpm:\n  templating: true\n  dependencies:\n"
        "    commands:\n      - path: ./checkpoint.md\n        install: false\n---\n"
        "# Squash Command\n\n## Embedded Checkpoint:\n\n"
        "{{ agpm.deps.commands.checkpoint.content }}\n\nEND_OF_SQUASH\n"
    )
    files = {
        "agpm.toml": '[commands]\ncheckpoint = { path = "commands/checkpoint.md" }\n'
        'squash = { path = "commands/squash.md" }\n',
        "commands/checkpoint.md": checkpoint,
        "commands/squash.md": squash,
    }
    content = installed(make_project, files, "commands/squash.md", "squash")
    assert "CHECKPOINT_MARKER_CONTENT" in content and "END_OF_SQUASH" in content
    assert "{{ agpm.deps" not in content


def test_parent_relative_path_transitive_lookup(make_project: MakeProject) -> None:
    # test_parent_relative_path_transitive_lookup
    files = {
        "agpm.toml": '[snippets]\nhelper = { path = "snippets/helper.md" }\n'
        '[agents]\nparent = { path = "agents/parent.md" }\n',
        "snippets/helper.md": "---\ndescription: Helper utilities\n---\n# Helper Snippet\n\n"
        "HELPER_UNIQUE_CONTENT\n",
        "agents/parent.md": "---\ndescription: Parent agent\nagpm:\n  templating: true\n"
        "  dependencies:\n    snippets:\n      - path: ../snippets/helper.md\n"
        "        install: false\n---\n# Parent Agent\n\n{{ agpm.deps.snippets.helper.content }}\n"
        "\nEND_OF_PARENT\n",
    }
    content = installed(make_project, files, "agents/parent.md", "parent")
    assert "HELPER_UNIQUE_CONTENT" in content and "{{ agpm.deps" not in content


# -- tests/integration/templating/test_transitive_errors.rs -------------------------------------


def test_missing_variable_in_transitive_dep(make_project: MakeProject) -> None:
    # test_transitive_errors.rs test_missing_variable_in_transitive_dep: the helper has
    # templating off, so its `{{ … }}` is embedded as written and the install succeeds
    helper = (
        "---\n# No dependencies\n---\n# Helper Snippet\n\n"
        "{{ agpm.deps.snippets.missing_dep.content }}\n"
    )
    main = (
        "---\ndependencies:\n  snippets:\n    - path: ../snippets/helper.md\n"
        "      version: v1.0.0\nagpm:\n  templating: true\n---\n# Main Agent\n\n"
        "{{ agpm.deps.snippets.helper.content }}\n\nEnd of agent.\n"
    )
    files = {"snippets/helper.md": helper, "agents/main.md": main}
    assert "missing_dep" in installed(make_project, files, "agents/main.md")
    assert "missing_dep" in installed(make_project, files, "snippets/helper.md")


def test_missing_dependency_in_transitive_chain(make_project: MakeProject) -> None:
    # test_transitive_errors.rs test_missing_dependency_in_transitive_chain
    middle = (
        "---\ndependencies:\n  snippets:\n    - path: ../snippets/nonexistent.md\n"
        "      version: v1.0.0\nagpm:\n  templating: true\n---\n"
        "{{ agpm.deps.snippets.nonexistent.content }}\n"
    )
    root = (
        "---\ndependencies:\n  agents:\n    - path: agent-with-missing-dep.md\n"
        "      version: v1.0.0\nagpm:\n  templating: true\n---\n"
        "{{ agpm.deps.agents.agent_with_missing_dep.content }}\n"
    )
    files = {"agents/agent-with-missing-dep.md": middle, "agents/root-agent.md": root}
    render_fails(make_project, files, "agents/root-agent.md", "nonexistent")


def test_template_syntax_error_in_transitive_dep(make_project: MakeProject) -> None:
    # test_transitive_errors.rs test_template_syntax_error_in_transitive_dep: templating
    # off, so the unclosed tag is kept as written
    malformed = "---\n# No dependencies\n---\n# Malformed Snippet\n\n{{ agpm.project.name\n"
    agent = (
        "---\ndependencies:\n  snippets:\n    - path: ../snippets/malformed.md\n"
        "      version: v1.0.0\nagpm:\n  templating: true\n---\n"
        "# Agent Using Malformed Snippet\n\n{{ agpm.deps.snippets.malformed.content }}\nEnd.\n"
    )
    files = {"snippets/malformed.md": malformed, "agents/using-malformed.md": agent}
    assert "{{ agpm.project.name" in installed(make_project, files, "snippets/malformed.md")
    content = installed(make_project, files, "agents/using-malformed.md")
    assert "Agent Using Malformed Snippet" in content and "{{ agpm.project.name" in content


def test_deep_transitive_dependency_error(make_project: MakeProject) -> None:
    # test_transitive_errors.rs test_deep_transitive_dependency_error
    files = {
        "snippets/level4.md": "---\n# No dependencies\n---\n# Level 4 Snippet\n\n"
        "Error at deepest level: {{ agpm.deps.snippets.undefined.content }}\n",
        "commands/level3.md": _dep("snippets", "../snippets/level4.md")
        + "# Level 3 Command\n{{ agpm.deps.snippets.level4.content }}\n",
        "agents/level2.md": _dep("commands", "../commands/level3.md")
        + "# Level 2 Agent\n{{ agpm.deps.commands.level3.content }}\n",
        "agents/level1.md": _dep("agents", "level2.md")
        + "# Level 1 Root Agent\n{{ agpm.deps.agents.level2.content }}\n",
    }
    assert "agpm.deps.snippets.undefined.content" in installed(
        make_project, files, "snippets/level4.md"
    )
    content = installed(make_project, files, "agents/level1.md")
    assert "Level 1 Root Agent" in content and "Level 4 Snippet" in content


# -- tests/integration/templating/tool_inheritance.rs and transitive_conditional_deps.rs --------


def test_explicit_tool_in_transitive_dependency(make_project: MakeProject) -> None:
    # tool_inheritance.rs test_explicit_tool_in_transitive_dependency
    agent = (
        "---\nname: backend-engineer\ndescription: Backend development specialist\n"
        'agpm:\n  version: "1.0.0"\n  templating: true\n  dependencies:\n    snippets:\n'
        "      - name: backend-engineer-base\n"
        "        path: ../../snippets/agents/backend-engineer-{{ agpm.project.language }}.md\n"
        "        tool: agpm  # EXPLICIT tool\n        install: false\n---\n"
        "{{ agpm.deps.snippets.backend_engineer_base.content }}\n\n"
        "This agent is designed for Claude Code for {{ agpm.project.language }} development.\n"
    )
    files = {
        "agpm.toml": "[agents]\n"
        'backend-engineer-python = { path = "claude-code/agents/backend-engineer.md", '
        'filename = "backend-engineer-python.md", template_vars = { project = '
        '{ language = "python" } } }\n'
        'backend-engineer-rust = { path = "claude-code/agents/backend-engineer.md", '
        'filename = "backend-engineer-rust.md", template_vars = { project = '
        '{ language = "rust" } } }\n',
        "claude-code/agents/backend-engineer.md": agent,
        "snippets/agents/backend-engineer-python.md": "---\nagpm:\n  templating: false\n---\n"
        "# Backend Engineer Best Practices - Python\n\n- Follow PEP 8 style guide\n",
        "snippets/agents/backend-engineer-rust.md": "---\nagpm:\n  templating: false\n---\n"
        "# Backend Engineer Best Practices - Rust\n\n- Follow Rust idioms\n",
    }
    rel = "claude-code/agents/backend-engineer.md"
    python = installed(make_project, files, rel, "backend-engineer-python")
    rust = installed(make_project, files, rel, "backend-engineer-rust")
    assert "Backend Engineer Best Practices - Python" in python
    assert "Follow PEP 8 style guide" in python
    assert "Backend Engineer Best Practices - Rust" in rust and "Follow Rust idioms" in rust


FRONTEND_FILES = {
    "agpm.toml": '[agents.frontend-react]\npath = "agents/frontend-engineer.md"\n'
    '[agents.frontend-react.template_vars.project]\nlanguage = "javascript"\nframework = "react"\n'
    '[agents.frontend-vanilla]\npath = "agents/frontend-engineer.md"\n'
    'filename = "frontend-engineer-vanilla.md"\n'
    '[agents.frontend-vanilla.template_vars.project]\nlanguage = "javascript"\n',
    "snippets/best-practices/javascript-best-practices.md": "---\nagpm:\n  templating: false\n"
    "---\n# JavaScript Best Practices\n\n- Use const/let instead of var\n",
    "snippets/styleguides/javascript-styleguide.md": "---\nagpm:\n  templating: false\n---\n"
    "# JavaScript Style Guide\n\n- 2 spaces for indentation\n",
    "snippets/frameworks/react.md": "---\nagpm:\n  templating: false\n---\n"
    "# React Framework Guide\n\n- Use hooks instead of classes\n",
    "snippets/agents/frontend-engineer.md": "---\nagpm:\n  templating: true\n  dependencies:\n"
    "    snippets:\n      - name: best-practices\n"
    "        path: ../best-practices/{{ agpm.project.language }}-best-practices.md\n"
    "        install: false\n      - name: styleguide\n"
    "        path: ../styleguides/{{ agpm.project.language }}-styleguide.md\n"
    "        install: false\n      {% if agpm.project.framework %}\n      - name: framework\n"
    "        path: ../frameworks/{{ agpm.project.framework }}.md\n        install: false\n"
    "      {% endif %}\n---\n# Frontend Engineer Base\n\n"
    "{{ agpm.deps.snippets.best_practices.content }}\n\n"
    "{{ agpm.deps.snippets.styleguide.content }}\n{% if agpm.project.framework %}\n"
    "## Framework Guide\n\n{{ agpm.deps.snippets.framework.content }}\n{% endif %}\n",
    "agents/frontend-engineer.md": "---\nagpm:\n  templating: true\n  dependencies:\n"
    "    snippets:\n      - name: frontend-engineer-base\n"
    "        path: ../snippets/agents/frontend-engineer.md\n        install: false\n---\n"
    "{{ agpm.deps.snippets.frontend_engineer_base.content }}\n\n"
    "**Additional tool-specific context**:\n",
}


def test_conditional_deps_with_guards_and_custom_names(make_project: MakeProject) -> None:
    # transitive_conditional_deps.rs test_conditional_deps_with_guards_and_custom_names
    rel = "agents/frontend-engineer.md"
    react = installed(make_project, FRONTEND_FILES, rel, "frontend-react")
    for expected in (
        "Use const/let instead of var",
        "2 spaces for indentation",
        "Use hooks instead of classes",
    ):
        assert expected in react
    assert "__AGPM_LITERAL_RAW_START__" not in react
    vanilla = installed(make_project, FRONTEND_FILES, rel, "frontend-vanilla")
    assert "2 spaces for indentation" in vanilla and "Use hooks" not in vanilla


def test_templating_flag_with_conditional_frontmatter(make_project: MakeProject) -> None:
    # transitive_conditional_deps.rs test_templating_flag_with_conditional_frontmatter
    agent = (
        "---\nagpm:\n  templating: true\n  dependencies:\n    snippets:\n"
        "      {% if agpm.project.language %}\n      - path: ../snippets/helper.md\n"
        "        install: false\n      {% endif %}\n---\n# Agent with Conditional Deps\n\n"
        "Template variable: {{ agpm.project.language }}\n"
    )
    files = {
        "agpm.toml": '[agents.conditional]\npath = "agents/conditional.md"\n'
        '[agents.conditional.template_vars.project]\nlanguage = "rust"\n',
        "agents/conditional.md": agent,
        "snippets/helper.md": "# Helper\nSome helper content",
    }
    content = installed(make_project, files, "agents/conditional.md", "conditional")
    assert "Template variable: rust" in content


def test_template_syntax_preserved_in_embedded_content(make_project: MakeProject) -> None:
    # transitive_conditional_deps.rs test_template_syntax_preserved_in_embedded_content
    fence = (
        "```vue\n<template>\n  <div>{{ user.name }}</div>\n  {% for item in items %}\n"
        "    <li>{{ item }}</li>\n  {% endfor %}\n  {# This is a comment #}\n</template>\n```\n"
    )
    files = {
        "snippets/example-with-syntax.md": "---\nagpm:\n  templating: false\n---\n"
        "# Example Snippet\n\n" + fence,
        "agents/example-agent.md": _dep(
            "snippets", "../snippets/example-with-syntax.md", nested=True
        )
        + "# Example Agent\n\n{{ agpm.deps.snippets.example_with_syntax.content }}\n\nEnd of agent.\n",
    }
    content = installed(make_project, files, "agents/example-agent.md")
    assert fence.rstrip("\n") in content
    assert "__AGPM_LITERAL_RAW_START__" not in content
