"""AGPM v0.4.14's own templating tests, ported (repository aig787/agpm, tag v0.4.14).

Each test names the AGPM test it comes from. AGPM's tests install from a git source;
here the same files are local, so where an assertion reads ``source``/``version`` (set
for a git source, null for a local file) the local value is asserted instead, as the
comment says. Error wording need not match; that the render fails and names the file
does.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from agent_workbench.model.project import Project
from agent_workbench.model.variants import find_variant
from agent_workbench.templating.render import RenderOptions, RenderResult, render_agent

MakeProject = Callable[..., Path]


def render(make_project: MakeProject, files: dict[str, str], rel: str, **options) -> RenderResult:
    return render_agent(Project.open(make_project(files)), rel, RenderOptions(**options))


# -- tests/integration/templating/test_basic_rendering.rs ----------------------------------


def test_basic_template_substitution(make_project: MakeProject) -> None:
    # test_basic_template_substitution
    text = (
        "---\ntitle: Test Agent\nagpm:\n  templating: true\n---\n# {{ agpm.resource.name }}\n\n"
        "This agent is installed at: `{{ agpm.resource.install_path }}`\n"
        "Version: {{ agpm.resource.version }}\n"
    )
    content = render(make_project, {"agents/test-agent.md": text}, "agents/test-agent.md").output
    assert "# agents/test-agent" in content  # the canonical name, with its folder
    assert "installed at: `.claude/agents/agpm/test-agent.md`" in content
    assert "Version: \n" in content  # a local file has no version (AGPM's: v1.0.0, from git)
    assert "{{ agpm" not in content


def test_non_templated_files_with_curly_braces(make_project: MakeProject) -> None:
    # test_non_templated_files_with_curly_braces
    body = (
        "const calculateSum = (a, b) => {\n    return a + b;\n};\n"
        "const message = `Hello, ${name}!`;\nconst { firstName, lastName } = person;\n"
        "const [first, ...rest] = items;\nconsole.log(calculateSum(5, 3));\n"
        "// @param {{id: number, name: string}} user\n"
    )
    text = "---\ntitle: JavaScript Snippet\n---\n" + body
    result = render(
        make_project, {"snippets/javascript-snippet.md": text}, "snippets/javascript-snippet.md"
    )
    assert result.ok, result.diagnostics
    assert result.output == text


def test_dependency_references(make_project: MakeProject) -> None:
    # test_dependency_references
    helper = (
        "---\ntitle: Helper\n---\n# Helper Functions\n\n## Function List\n- sum\n- multiply\n"
        "- divide\n"
    )
    agent = (
        "---\ntitle: Main\nagpm:\n  templating: true\ndependencies:\n  snippets:\n"
        "    - path: snippets/helper.md\n      name: helper\n---\n"
        "{{ agpm.deps.snippets.helper.content }}\n"
    )
    files = {"agents/main.md": agent, "snippets/helper.md": helper}
    content = render(make_project, files, "agents/main.md").output
    for line in ("# Helper Functions", "## Function List", "- sum", "- multiply", "- divide"):
        assert line in content


def test_templating_disabled_preserves_syntax(make_project: MakeProject) -> None:
    # test_templating_disabled_preserves_syntax
    default = (
        "---\ntitle: Default Agent\n---\n# {{ agpm.resource.name }}\n"
        "Install path: {{ agpm.resource.install_path }}\n"
    )
    explicit = (
        "---\ntitle: Explicit Disabled Agent\nagpm:\n  templating: false\n---\n"
        "# Agent with Literal Syntax\n"
        "This file contains literal template syntax: {{ agpm.resource.name }}\n"
    )
    files = {"agents/default-agent.md": default, "agents/explicit-disabled.md": explicit}
    first = render(make_project, files, "agents/default-agent.md").output
    assert "# {{ agpm.resource.name }}" in first
    assert "{{ agpm.resource.install_path }}" in first
    second = render(make_project, files, "agents/explicit-disabled.md").output
    assert "{{ agpm.resource.name }}" in second


def test_no_template_syntax(make_project: MakeProject) -> None:
    # test_no_template_syntax
    text = (
        "---\ntitle: Plain Agent\nagpm:\n  templating: true\n---\n# Plain Agent\n\n"
        "This agent has no template syntax.\n\n- Feature 1\n\nJust use it normally.\n"
    )
    result = render(make_project, {"agents/plain.md": text}, "agents/plain.md")
    assert result.output == text


def test_conditional_rendering(make_project: MakeProject) -> None:
    # test_conditional_rendering: a local file has no source and no version, so the
    # other branches render (AGPM's git source: "This resource is from source: test-repo")
    text = (
        "---\ntitle: Conditional Agent\nagpm:\n  templating: true\n---\n# Conditional Content\n"
        "{% if agpm.resource.source %}\nThis resource is from source: {{ agpm.resource.source }}\n"
        "{% else %}\nThis is a local resource.\n{% endif %}\n"
        "{% if agpm.resource.version %}\nVersion: {{ agpm.resource.version }}\n{% endif %}\n"
    )
    content = render(make_project, {"agents/conditional.md": text}, "agents/conditional.md").output
    assert "This is a local resource." in content
    assert "This resource is from source" not in content
    assert "Version:" not in content


def test_loop_over_dependencies(make_project: MakeProject) -> None:
    # test_loop_over_dependencies
    files = {
        f"snippets/helper{i}.md": (
            f"---\ntitle: Helper {i}\nagpm:\n  templating: true\n---\n# Helper {i}\n"
            f"This is helper {i}.\n"
        )
        for i in (1, 2, 3)
    }
    entries = "".join(
        f"    - path: snippets/helper{i}.md\n      tool: agpm\n      name: helper{i}\n"
        for i in (1, 2, 3)
    )
    files["agents/looping-agent.md"] = (
        f"---\ntitle: Looping Agent\ndependencies:\n  snippets:\n{entries}agpm:\n"
        "  templating: true\n---\n# Looping Agent\n## Available Helpers\n"
        "{% for name, snippet in agpm.deps.snippets %}\n### {{ name }}\n{{ snippet.content }}\n"
        "{% endfor %}\n## Count\nThere are {{ agpm.deps.snippets | length }} helpers available.\n"
    )
    result = render(make_project, files, "agents/looping-agent.md")
    assert result.ok, result.diagnostics
    for i in (1, 2, 3):
        assert f"### helper{i}" in result.output
        assert f"# Helper {i}" in result.output
    # the key is the name and also the stem: here both are helperN, so three entries
    assert "There are 3 helpers available." in result.output


def test_non_templated_content_embedding(make_project: MakeProject) -> None:
    # test_non_templated_content_embedding: a snippet with templating off is embedded
    # with its template syntax untouched
    snippet = "---\ntitle: Example\n---\n# Example Code\n\nconst x = {{ value }};\n"
    agent = (
        "---\nagpm:\n  templating: true\ndependencies:\n  snippets:\n"
        "    - path: snippets/example.md\n      name: example\n---\n"
        "{{ agpm.deps.snippets.example.content }}\n\nEnd of embedded content\n"
    )
    files = {"agents/a.md": agent, "snippets/example.md": snippet}
    content = render(make_project, files, "agents/a.md").output
    assert "# Example Code" in content
    assert "const x = {{ value }};" in content
    assert "End of embedded content" in content


def test_nested_transitive_dependency_rendering(make_project: MakeProject) -> None:
    # test_nested_transitive_dependency_rendering: a templated snippet renders with its
    # own dependencies before it is embedded
    base = "---\ntitle: Base\n---\nBase rules for everyone.\n"
    middle = (
        "---\nagpm:\n  templating: true\ndependencies:\n  snippets:\n    - path: ./base.md\n---\n"
        "Frontend rules; {{ agpm.deps.snippets.base.content }}\n"
    )
    agent = (
        "---\nagpm:\n  templating: true\ndependencies:\n  snippets:\n"
        "    - path: snippets/frontend.md\n---\n# Frontend Engineer\n"
        "{{ agpm.deps.snippets.frontend.content }}\nEnd of agent content.\n"
    )
    files = {"agents/fe.md": agent, "snippets/frontend.md": middle, "snippets/base.md": base}
    content = render(make_project, files, "agents/fe.md").output
    assert "Frontend rules; Base rules for everyone." in content
    assert "{{" not in content
    assert "# Frontend Engineer" in content and "End of agent content." in content


# -- tests/integration/templating/project_vars.rs ---------------------------------------------


def test_project_template_vars_in_transitive_deps(make_project: MakeProject) -> None:
    # test_project_template_vars_in_transitive_deps: `./{{ agpm.project.language }}-helper.md`
    # is relative to the declaring file and follows the project's language
    main = (
        "---\nagpm:\n  templating: true\ndependencies:\n  agents:\n"
        "    - path: ./{{ agpm.project.language }}-helper.md\n      version: v1.0.0\n---\n\n"
        "# Main Agent\nUses {{ agpm.deps.agents.rust_helper.content }}\n"
    )
    files = {
        "agpm.toml": '[project]\nlanguage = "rust"\n',
        "agents/main-agent.md": main,
        "agents/rust-helper.md": "# Rust Helper\nHelps with Rust code",
    }
    result = render(make_project, files, "agents/main-agent.md")
    assert result.ok, result.diagnostics
    assert [d.rel for d in result.dependencies] == ["agents/rust-helper.md"]
    assert "Uses # Rust Helper\nHelps with Rust code\n" in result.output


def test_undefined_template_var_error(make_project: MakeProject) -> None:
    # test_undefined_template_var_error: a dependency path reading an undefined variable
    # fails in the frontmatter ("Failed to render frontmatter template")
    text = (
        "---\nagpm:\n  templating: true\ndependencies:\n  snippets:\n"
        "    - path: ../snippets/{{ agpm.project.undefined_var }}-guide.md\n---\n\n# Test Agent\n"
    )
    files = {"agpm.toml": '[project]\nlanguage = "rust"\n', "agents/test-agent.md": text}
    result = render(make_project, files, "agents/test-agent.md")
    assert not result.ok and result.output is None
    [diag] = result.diagnostics
    assert diag.path == "agents/test-agent.md"
    assert "undefined_var" in diag.message


# -- tests/integration/templating/test_circular_deps.rs -------------------------------------


def test_circular_dependency_detection_templating(make_project: MakeProject) -> None:
    # test_circular_dependency_detection_templating: A → B → A fails the install
    def agent(other: str) -> str:
        return (
            f"---\nagpm:\n  templating: true\ndependencies:\n  agents:\n    - path: ./{other}.md\n"
            f"---\n{{{{ agpm.deps.agents.{other}.content }}}}\n"
        )

    files = {"agents/a.md": agent("b"), "agents/b.md": agent("a")}
    result = render(make_project, files, "agents/a.md")
    assert not result.ok
    assert any(d.code == "dependency-cycle" for d in result.diagnostics)


def test_self_dependency(make_project: MakeProject) -> None:
    # test_self_dependency
    text = (
        "---\nagpm:\n  templating: true\ndependencies:\n  agents:\n    - path: ./self.md\n---\n"
        "Self\n"
    )
    result = render(make_project, {"agents/self.md": text}, "agents/self.md")
    assert not result.ok
    assert result.diagnostics[0].code == "dependency-cycle"


def test_diamond_without_a_cycle_is_fine(make_project: MakeProject) -> None:
    # test_diamond_with_cycle's diamond part: A → B, A → C, B → D, C → D installs
    def node(*deps: str) -> str:
        entries = "".join(f"    - path: ./{d}.md\n" for d in deps)
        uses = "".join(f"{{{{ agpm.deps.snippets.{d}.content }}}}" for d in deps)
        block = f"dependencies:\n  snippets:\n{entries}" if deps else ""
        return f"---\nagpm:\n  templating: true\n{block}---\n{uses or 'Dee.'}\n"

    files = {
        "snippets/a.md": node("b", "c"),
        "snippets/b.md": node("d"),
        "snippets/c.md": node("d"),
        "snippets/d.md": node(),
    }
    result = render(make_project, files, "snippets/a.md")
    assert result.ok, result.diagnostics
    assert result.body == "Dee.Dee.\n"


# -- tests/integration/templating/resource_vars.rs ---------------------------------------------


def test_resource_template_vars_override_for_transitive_deps(make_project: MakeProject) -> None:
    # test_resource_template_vars_override_for_transitive_deps: a manifest entry's
    # template_vars.project chooses the transitive dependency (python vs the project's rust)
    agent = (
        "---\nagpm:\n  templating: true\ndependencies:\n  snippets:\n"
        "    - path: snippets/{{ agpm.project.language }}-guide.md\n      name: guide\n---\n"
        "Guide: {{ agpm.deps.snippets.guide.content }} ({{ project.language }})\n"
    )
    files = {
        "agpm.toml": '[project]\nlanguage = "rust"\n\n[agents]\nrust-agent = { path = '
        '"agents/a.md" }\npython-agent = { path = "agents/a.md", template_vars = { project = '
        '{ language = "python" } } }\n',
        "agents/a.md": agent,
        "snippets/rust-guide.md": "Use cargo.",
        "snippets/python-guide.md": "Use uv.",
    }
    project = Project.open(make_project(files))
    rust = render_agent(
        project, "agents/a.md", RenderOptions(variant=find_variant(project.config, "rust-agent"))
    )
    python = render_agent(
        project, "agents/a.md", RenderOptions(variant=find_variant(project.config, "python-agent"))
    )
    assert rust.body == "Guide: Use cargo. (rust)\n"
    assert python.body == "Guide: Use uv. (python)\n"


def test_tool_override_preserved_with_relative_paths(make_project: MakeProject) -> None:
    # test_tool_override_preserved_with_relative_paths: an OpenCode entry installs under
    # .opencode, and so does the snippet it reaches with a ../ path
    agent = (
        "---\nagpm:\n  templating: true\ndependencies:\n  snippets:\n"
        "    - path: ../snippets/helper.md\n---\n{{ agpm.resource.install_path }}\n"
        "{{ agpm.deps.snippets.helper.install_path }}\n"
    )
    files = {
        "agpm.toml": '[agents]\noc = { path = "agents/a.md", tool = "opencode" }\n',
        "agents/a.md": agent,
        "snippets/helper.md": "Helper text.",
    }
    project = Project.open(make_project(files))
    variant = find_variant(project.config, "oc")
    result = render_agent(project, "agents/a.md", RenderOptions(variant=variant))
    assert result.body == (".opencode/agent/agpm/a.md\n.opencode/snippet/agpm/snippets/helper.md\n")
