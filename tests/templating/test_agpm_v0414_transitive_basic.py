"""AGPM v0.4.14's tests of manifest template_vars, basic transitive resolution, glob
patterns and resource variables, ported (repository aig787/agpm, tag v0.4.14; docs/agpm-tests-ported.md):
``src/manifest/manifest_template_tests.rs``, ``tests/integration/templating/resource_vars.rs``,
``tests/integration/transitive/{basic,patterns}.rs``
and ``tests/integration/resolver/glob_transitive_deps.rs``.
"""

from __future__ import annotations

import pytest

from agpm_port import ON, MakeProject, installed, render, render_fails

# -- src/manifest/manifest_template_tests.rs ----------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        # test_template_vars_in_dependency, test_template_vars_inline_table_with_multiple_keys
        (
            '{ path = "agents/a.md", template_vars = { project = { language = "python", '
            'framework = "fastapi" }, config = { model = "opus" } } }',
            "python fastapi opus",
        ),
        ('{ path = "agents/a.md", template_vars = {} }', "rust - -"),  # test_template_vars_empty
    ],
)
def test_template_vars(make_project: MakeProject, entry: str, expected: str) -> None:
    # manifest_template_tests.rs: an entry's template_vars reach the render
    files = {
        "agpm.toml": f'[project]\nlanguage = "rust"\n[agents]\nv = {entry}\n',
        "agents/a.md": ON
        + '---\n{{ project.language }} {{ project.framework | default(value="-") }}'
        " {% if config is defined %}{{ config.model }}{% else %}-{% endif %}",
    }
    assert render(make_project, files, "agents/a.md", "v").body == expected


# -- tests/integration/transitive/basic.rs -----------------------------------------------------------


def test_transitive_resolution_basic_and_diamond(make_project: MakeProject) -> None:
    # basic.rs test_transitive_resolution_basic, test_transitive_diamond_dependencies,
    # test_shared_dependency_deduplication: D is read once for A's render though two
    # files need it
    def node(*deps: str) -> str:
        entries = "".join(f"    - path: ./agent-{d}.md\n      version: v1.0.0\n" for d in deps)
        return f"---\ndependencies:\n  agents:\n{entries}---\n# Agent\n" if deps else "# D\n"

    files = {
        "agents/agent-a.md": node("b", "c"),
        "agents/agent-b.md": node("d"),
        "agents/agent-c.md": node("d"),
        "agents/agent-d.md": node(),
    }
    result = render(make_project, files, "agents/agent-a.md")
    assert result.ok, result.diagnostics
    assert sorted({use.rel for use in result.dependencies}) == [
        "agents/agent-b.md",
        "agents/agent-c.md",
        "agents/agent-d.md",
    ]


def test_transitive_cycle_detection(make_project: MakeProject) -> None:
    # basic.rs test_transitive_cycle_detection (templating off: the resolver still fails)
    def node(other: str) -> str:
        return f"---\ndependencies:\n  agents:\n    - path: ./agent-{other}.md\n---\n# Agent\n"

    files = {
        "agents/agent-a.md": node("b"),
        "agents/agent-b.md": node("c"),
        "agents/agent-c.md": node("a"),
    }
    assert "cycle" in render_fails(make_project, files, "agents/agent-a.md").lower()


def test_transitive_deps_duplicate_names_different_paths(make_project: MakeProject) -> None:
    # basic.rs test_transitive_deps_duplicate_names_different_paths (and
    # test_transitive_deps_cross_type_collision): two files with one stem install apart
    text = (
        ON + "dependencies:\n  snippets:\n    - path: ../snippets/commands/commit.md\n"
        "    - path: ../snippets/logit/commit.md\n      name: logit\n  agents:\n"
        "    - path: ../agents/commit.md\n---\n{{ agpm.deps.snippets.commit.install_path }} "
        "{{ agpm.deps.snippets.logit.install_path }} {{ agpm.deps.agents.commit.install_path }}"
    )
    files = {
        "commands/commit-cmd.md": text,
        "snippets/commands/commit.md": "C",
        "snippets/logit/commit.md": "L",
        "agents/commit.md": "A",
    }
    assert render(make_project, files, "commands/commit-cmd.md").body == (
        ".claude/snippets/agpm/commands/commit.md .claude/snippets/agpm/logit/commit.md "
        ".claude/agents/agpm/commit.md"
    )


# -- tests/integration/transitive/patterns.rs, tests/integration/resolver/glob_transitive_deps.rs ---


def test_transitive_pattern_dependency_expands(make_project: MakeProject) -> None:
    # patterns.rs test_transitive_pattern_dependency_expands: a glob in a dependency list
    # installs (AGPM expands it; its matches stay out of agpm.deps, as `agpm install` shows)
    parent = "---\ndependencies:\n  snippets:\n    - path: ../snippets/helper-*.md\n---\n# Parent Agent\n"
    files = {
        "agents/parent.md": parent,
        "snippets/helper-one.md": "1",
        "snippets/helper-two.md": "2",
    }
    assert installed(make_project, files, "agents/parent.md") == parent


def test_glob_expanded_resource_with_transitive_deps(make_project: MakeProject) -> None:
    # glob_transitive_deps.rs test_glob_expanded_resource_with_transitive_deps (and
    # patterns.rs test_manifest_pattern_has_transitive_deps_resolved): a manifest entry
    # whose path is a glob is an entry for each file it matches
    agent = (
        "---\nagpm:\n  templating: true\ndependencies:\n  snippets:\n    - name: shared_snippet\n"
        "      path: ../../snippets/shared.md\n      install: false\n---\n# Agent Content\n"
        "{{ agpm.deps.snippets.shared_snippet.content }}\n{{ agpm.resource.install_path }}\n"
    )
    files = {
        "agpm.toml": '[agents]\nspecialists = { path = "agents/specialists/*.md" }\n',
        "snippets/shared.md": "---\nagpm:\n  templating: false\n---\n# Shared Snippet Content\n",
        "agents/specialists/agent-one.md": agent,
        "agents/specialists/agent-two.md": agent,
    }
    for name in ("agent-one", "agent-two"):
        content = installed(make_project, files, f"agents/specialists/{name}.md", "specialists")
        assert f"# Shared Snippet Content\n.claude/agents/agpm/{name}.md\n" in content


# -- tests/integration/templating/resource_vars.rs ------------------------------------------------


def test_transitive_snippet_alias_resolves_with_direct_manifest_entry(
    make_project: MakeProject,
) -> None:
    # resource_vars.rs test_transitive_snippet_alias_resolves_with_direct_manifest_entry
    files = {
        "agpm.toml": '[snippets]\nrust-best-practices = { path = "snippets/rust-best-practices.md" }\n'
        '[agents]\nrust-dev = { path = "agents/rust-dev.md" }\n',
        "snippets/rust-best-practices.md": "# Rust Best Practices\n- Use Result\n",
        "agents/rust-dev.md": "---\nagpm:\n  templating: true\ndependencies:\n  snippets:\n"
        "    - name: best_practices\n      path: ../snippets/rust-best-practices.md\n"
        "      install: false\n---\n# Rust Developer\n\n"
        "{{ agpm.deps.snippets.best_practices.content }}\n",
    }
    assert "Use Result" in installed(make_project, files, "agents/rust-dev.md", "rust-dev")


def test_lockfile_template_vars_used_in_rendering(make_project: MakeProject) -> None:
    # resource_vars.rs test_lockfile_template_vars_used_in_rendering
    files = {
        "agpm.toml": '[agents.agent-java]\npath = "agents/templated-agent.md"\n'
        'filename = "agent-java.md"\n[agents.agent-java.template_vars.project]\nlanguage = "java"\n',
        "agents/templated-agent.md": ON + "---\n# Agent for {{ agpm.project.language }}\n\n"
        "Specialized for {{ agpm.project.language }}",
    }
    content = installed(make_project, files, "agents/templated-agent.md", "agent-java")
    assert "Agent for java" in content and "Specialized for java" in content
    assert "{{" not in content


def test_tool_override_preserved_with_relative_paths_as_written(make_project: MakeProject) -> None:
    # resource_vars.rs test_tool_override_preserved_with_relative_paths, as AGPM writes it
    files = {
        "agpm.toml": '[agents]\ndevops-agent = { path = "agents/devops-agent.md" }\n',
        "snippets/agents/github-actions-expert.md": "# GitHub Actions Expert\n\n"
        "- Use workflow best practices\n- Cache dependencies\n",
        "agents/devops-agent.md": "---\nagpm:\n  templating: true\ndependencies:\n  snippets:\n"
        "    - path: ../snippets/agents/github-actions-expert.md\n      tool: agpm\n"
        "      name: github_actions_expert\n      install: false\n---\n# DevOps Agent\n\n"
        "{{ agpm.deps.snippets.github_actions_expert.content }}\n",
    }
    content = installed(make_project, files, "agents/devops-agent.md", "devops-agent")
    assert "Use workflow best practices" in content and "Cache dependencies" in content
    assert "{{" not in content


@pytest.mark.parametrize("alias", ["backend-engineer-default", "backend-engineer-golang"])
def test_resource_template_vars_override_with_filename(
    make_project: MakeProject, alias: str
) -> None:
    # resource_vars.rs test_resource_template_vars_override_for_transitive_deps, as written
    # (the default entry uses the project's python; `filename` names the installed file)
    files = {
        "agpm.toml": '[project]\nlanguage = "python"\n\n[agents.backend-engineer-default]\n'
        'path = "agents/backend-engineer.md"\n\n[agents.backend-engineer-golang]\n'
        'path = "agents/backend-engineer.md"\nfilename = "backend-engineer-golang.md"\n'
        '[agents.backend-engineer-golang.template_vars.project]\nlanguage = "golang"\n',
        "snippets/best-practices/python-best-practices.md": "Follow PEP 8\n",
        "snippets/best-practices/golang-best-practices.md": "Use error wrapping\n",
        "agents/backend-engineer.md": "---\nagpm:\n  templating: true\ndependencies:\n  snippets:\n"
        "    - name: best-practices\n      path: ../snippets/best-practices/"
        "{{ agpm.project.language }}-best-practices.md\n      install: false\n---\n"
        "# Backend Engineer ({{ agpm.resource.install_path }})\n\n"
        "{{ agpm.deps.snippets.best_practices.content }}\n",
    }
    content = installed(make_project, files, "agents/backend-engineer.md", alias)
    if alias == "backend-engineer-default":
        assert "(.claude/agents/agpm/backend-engineer.md)" in content and "Follow PEP 8" in content
    else:
        assert "(.claude/agents/agpm/backend-engineer-golang.md)" in content
        assert "Use error wrapping" in content
