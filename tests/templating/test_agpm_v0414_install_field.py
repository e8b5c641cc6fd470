"""AGPM v0.4.14's tests of ``install: false`` content embedding and of deep dependency
chains, ported (repository aig787/agpm, tag v0.4.14; docs/agpm-tests-ported.md):
``tests/integration/install/install_field.rs`` and ``tests/stress/transitive_depth.rs``.

``install: false`` only decides whether AGPM writes the dependency's own file; the
parent's render embeds its content either way, which is what these ports observe.
"""

from __future__ import annotations

import pytest

from agpm_port import MakeProject, installed, render, render_fails


def test_content_field_in_templates(make_project: MakeProject) -> None:
    # install_field.rs test_content_field_in_templates
    files = {
        "snippets/coding-standards.md": "---\ntitle: Coding Standards\n---\n# Coding Standards\n\n"
        "- Follow PEP 8\n- Write unit tests\n- Use type hints\n",
        "agents/code-reviewer.md": "---\ntitle: Code Reviewer\nagpm:\n  templating: true\n"
        "dependencies:\n  snippets:\n    - path: ../snippets/coding-standards.md\n"
        "      version: v1.0.0\n---\n# Code Review Agent\n\n## Standards I enforce:\n\n"
        "{{ agpm.deps.snippets.coding_standards.content }}\n\n## Review Process\n",
    }
    content = installed(make_project, files, "agents/code-reviewer.md")
    assert "# Coding Standards" in content and "Follow PEP 8" in content
    assert "Write unit tests" in content
    assert "title: Coding Standards" not in content and "{{ agpm.deps" not in content


def test_install_false_with_content_embedding(make_project: MakeProject) -> None:
    # install_field.rs test_install_false_with_content_embedding
    files = {
        "snippets/guidelines.md": "---\ntitle: Development Guidelines\n---\n"
        "# Development Guidelines\n\n## Testing\n- Write tests first\n\n## Documentation\n"
        "- Document all public APIs\n",
        "agents/dev-assistant.md": "---\ntitle: Development Assistant\nagpm:\n  templating: true\n"
        "dependencies:\n  snippets:\n    - path: ../snippets/guidelines.md\n      version: v1.0.0\n"
        "      install: false\n      name: dev_guidelines\n---\n# Development Assistant\n\n"
        "{{ agpm.deps.snippets.dev_guidelines.content }}\n\nAsk me anything!\n",
    }
    content = installed(make_project, files, "agents/dev-assistant.md")
    for expected in ("# Development Guidelines", "Write tests first", "Document all public APIs"):
        assert expected in content
    assert "title: Development Guidelines" not in content and "{{ agpm.deps" not in content


def test_content_extraction_from_local_files(make_project: MakeProject) -> None:
    # install_field.rs test_content_extraction_from_local_files: one installed, one not;
    # both embedded
    files = {
        "snippets/local-helper.md": "---\ntitle: Local Helper\n---\n# Local Helper Functions\n\n"
        "- `format_date()` - Format dates consistently\n- `validate_input()` - Input validation\n",
        "snippets/utils.md": "---\ntitle: Utilities\n---\n# Utility Functions\n\n"
        "- `trim()` - Remove whitespace\n",
        "agents/local-content-agent.md": "---\ntitle: Agent with Local Content\nagpm:\n"
        "  templating: true\ndependencies:\n  snippets:\n    - path: ../snippets/local-helper.md\n"
        "      name: local_helper\n    - path: ../snippets/utils.md\n      name: utils\n"
        "      install: false\n---\n{{ agpm.deps.snippets.local_helper.content }}\n\n"
        "{{ agpm.deps.snippets.utils.content }}\n",
    }
    content = installed(make_project, files, "agents/local-content-agent.md")
    for expected in ("# Local Helper Functions", "`format_date()`", "`validate_input()`"):
        assert expected in content
    assert "# Utility Functions" in content and "`trim()`" in content
    assert "title: Local Helper" not in content and "title: Utilities" not in content


def test_content_extraction_from_json(make_project: MakeProject) -> None:
    # install_field.rs test_content_extraction_from_json: pretty-printed, without its
    # `dependencies`
    config = (
        '{\n  "dependencies": {\n    "commands": [\n      {\n        "path": "commands/base.md",\n'
        '        "version": "v1.0.0"\n      }\n    ]\n  },\n  "config": {\n'
        '    "environment": "production",\n    "region": "us-west-2"\n  }\n}'
    )
    files = {
        "commands/base.md": "---\ntitle: Base Command\n---\n# Base Command\n",
        "commands/deploy-config.json": config,
        "agents/deploy-agent.md": "---\ntitle: Deploy Agent\nagpm:\n  templating: true\n"
        "dependencies:\n  commands:\n    - path: ../commands/deploy-config.json\n"
        "      version: v1.0.0\n      install: false\n      name: config\n---\n# Deploy Agent\n\n"
        "```json\n{{ agpm.deps.commands.config.content }}\n```\n",
    }
    content = installed(make_project, files, "agents/deploy-agent.md")
    assert '"environment": "production"' in content and '"region": "us-west-2"' in content
    assert '"dependencies"' not in content


# -- tests/stress/transitive_depth.rs -------------------------------------------------------------


def _level(i: int, next_name: str) -> str:
    return (
        f"---\nname: Level {i}\ndependencies:\n  agents:\n    - path: ./{next_name}.md\n"
        f"      version: v1.0.0\n---\n# Level {i}\n"
    )


@pytest.mark.parametrize("depth", [3, 5, 8])
def test_cycle_detection_at_depth(make_project: MakeProject, depth: int) -> None:
    # transitive_depth.rs test_cycle_detection_at_depth
    files = {
        f"agents/cycle-level-{i}.md": _level(i, f"cycle-level-{(i + 1) % depth}")
        for i in range(depth)
    }
    stderr = render_fails(make_project, files, "agents/cycle-level-0.md")
    assert "cycle" in stderr.lower()


def test_deep_linear_chain(make_project: MakeProject) -> None:
    # transitive_depth.rs test_deep_linear_chain_performance (its deepest chain, 15): a
    # chain well under AGPM's limit resolves, every level read once
    depth = 15
    files = {f"agents/level-{i}.md": _level(i, f"level-{i + 1}") for i in range(depth)}
    files[f"agents/level-{depth}.md"] = "---\nname: Leaf Resource\n---\n# Final resource\n"
    result = render(make_project, files, "agents/level-0.md")
    assert result.ok, result.diagnostics
    assert len({use.rel for use in result.dependencies}) == depth
