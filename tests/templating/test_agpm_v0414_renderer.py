"""AGPM v0.4.14's renderer unit tests, ported (repository aig787/agpm, tag v0.4.14;
docs/agpm-tests-ported.md): ``src/templating/renderer_tests.rs`` and ``renderer.rs``, each
observed through a render of a project file.
"""

from __future__ import annotations

from agpm_port import ON, MakeProject, installed, render, render_fails

# -- src/templating/renderer_tests.rs and renderer.rs --------------------------------------------


def test_template_renderer_and_disabled(make_project: MakeProject) -> None:
    # renderer_tests.rs test_template_renderer, test_template_renderer_disabled
    files = {
        "agpm.toml": '[project]\ntest_var = "test_value"\n',
        "agents/on.md": ON + "---\n# Plain Markdown\n# {{ project.test_var }}",
        "agents/off.md": "---\nagpm:\n  templating: false\n---\n# {{ project.test_var }}",
    }
    assert installed(make_project, files, "agents/on.md").endswith("# Plain Markdown\n# test_value")
    assert installed(make_project, files, "agents/off.md").endswith("# {{ project.test_var }}")


def test_template_error_formatting(make_project: MakeProject) -> None:
    # renderer_tests.rs test_template_error_formatting: a missing variable is named
    stderr = render_fails(
        make_project, {"agents/m.md": ON + "---\n# {{ missing_var }}"}, "agents/m.md"
    )
    assert "missing_var" in stderr and "__tera_one_off" not in stderr


def test_literal_blocks(make_project: MakeProject) -> None:
    # renderer_tests.rs test_protect_literal_blocks_basic, test_protect_literal_blocks_multiple,
    # test_restore_literal_blocks, test_literal_blocks_integration_with_rendering,
    # test_literal_blocks_with_complex_template_syntax, test_literal_blocks_empty
    text = (
        ON + "---\n# Agent: {{ project.agent_name }}\n\n```literal\n"
        "{{ agpm.deps.snippets.helper.content }}\n```\n\n```literal\n"
        "{% for item in agpm.deps.agents %}\n{{ item.name }}: {{ item.version }}\n{% endfor %}\n"
        "```\n\n```literal\n```\n\nThe agent name is: {{ project.agent_name }}\nDone."
    )
    files = {"agpm.toml": '[project]\nagent_name = "test-agent"\n', "agents/a.md": text}
    body = render(make_project, files, "agents/a.md").body
    assert body == (
        "# Agent: test-agent\n\n```\n{{ agpm.deps.snippets.helper.content }}\n```\n\n```\n"
        "{% for item in agpm.deps.agents %}\n{{ item.name }}: {{ item.version }}\n{% endfor %}\n"
        "```\n\n```\n```\n\nThe agent name is: test-agent\nDone."
    )
    assert "__AGPM_LITERAL_BLOCK_" not in body


def test_literal_blocks_unclosed_and_indented(make_project: MakeProject) -> None:
    # renderer_tests.rs test_literal_blocks_unclosed: an unclosed ```literal is not a block
    # (its template syntax is rendered, so an undefined name fails);
    # test_literal_blocks_with_indentation: an indented block is protected too
    unclosed = ON + "---\n# Example\n\n```literal\n{{ template.syntax }}\nThis block is not closed"
    assert not render(make_project, {"agents/u.md": unclosed}, "agents/u.md").ok
    indented = ON + "---\n# Example\n\n    ```literal\n    {{ indented.template }}\n    ```"
    body = render(make_project, {"agents/i.md": indented}, "agents/i.md").body
    assert body is not None and "{{ indented.template }}" in body


def test_error_line_numbers_with_frontmatter(make_project: MakeProject) -> None:
    # renderer_tests.rs test_error_line_numbers_with_frontmatter: the error is reported at
    # the line of the bad expression in the whole file (AGPM: 15 or 16, not 5)
    text = (
        "---\nname: test\ndescription: A test\nauthor: Test Author\nversion: 1.0.0\ntags:\n"
        "  - example\n  - test\nagpm:\n  templating: true\n---\n\n# Test Content\n\n"
        "{{ variable >+ invalid }}\n\nMore content here."
    )
    result = render(make_project, {"agents/t.md": text}, "agents/t.md")
    assert not result.ok and result.diagnostics[0].line == 15


def test_tera_embedding_preserves_template_syntax(make_project: MakeProject) -> None:
    # renderer.rs test_tera_embedding_preserves_template_syntax: a value holding `{{ }}` is
    # printed, not rendered again
    files = {
        "agpm.toml": "[project]\nv = 'Value is {{ some.variable }} here'\n",
        "agents/p.md": ON + "---\n# Parent Document\n\n{{ project.v }}\n\nDone.\n",
    }
    assert "Value is {{ some.variable }} here" in installed(make_project, files, "agents/p.md")
