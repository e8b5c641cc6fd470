"""AGPM v0.4.14's tests of the ``content`` filter, of template errors and of files that are
not templated, ported (repository aig787/agpm, tag v0.4.14; docs/agpm-tests-ported.md).

Each test names the AGPM test it comes from: ``tests/integration/templating/*.rs`` and the
unit tests of ``src/templating/filters.rs`` and ``src/templating/renderer_tests.rs``.
Where AGPM installs from a git source the same files are local here: ``version``/``source``
are null for a local file, and the comment says so. Error wording need not match; a failed
install is a failed render that names the file.
"""

from __future__ import annotations

import pytest

from agpm_port import ON, MakeProject, installed, render, render_fails

# -- tests/integration/templating/content_filter.rs -------------------------------------------


def test_content_filter_basic(make_project: MakeProject) -> None:
    # content_filter.rs test_content_filter_basic
    agent = ON + "---\n# Test Agent\n\n## Project Readme\n\n{{ 'README.md' | content }}\n"
    files = {"agents/test.md": agent, "README.md": "# My Project\n\nThis is the project README."}
    content = installed(make_project, files, "agents/test.md")
    assert "# My Project" in content
    assert "This is the project README" in content
    assert "{{ '" not in content


def test_content_filter_security_path_traversal(make_project: MakeProject) -> None:
    # content_filter.rs test_content_filter_security_path_traversal
    agent = ON + "---\n# Malicious Agent\n\n{{ '../../../etc/passwd' | content }}\n"
    stderr = render_fails(make_project, {"agents/malicious.md": agent}, "agents/malicious.md")
    assert ".." in stderr


def test_content_filter_strips_frontmatter(make_project: MakeProject) -> None:
    # content_filter.rs test_content_filter_strips_frontmatter
    doc = (
        "---\ntitle: Documentation\nauthor: Test\n---\n# Real Content\n\n"
        "This is the actual documentation."
    )
    agent = ON + "---\n# Agent\n\n{{ 'doc.md' | content }}\n"
    content = installed(make_project, {"agents/test.md": agent, "doc.md": doc}, "agents/test.md")
    assert "# Real Content" in content
    assert "This is the actual documentation" in content
    assert "title: Documentation" not in content
    assert "author: Test" not in content


def test_content_filter_size_limit(make_project: MakeProject) -> None:
    # content_filter.rs test_content_filter_size_limit: a 2 MB file is refused (AGPM's
    # limit is 1 MiB; its test accepts a failure that mentions the size)
    agent = ON + "---\n# Large File Reader\n\n{{ 'large.txt' | content }}\n\nEnd of reader.\n"
    files = {"agents/large-reader.md": agent, "large.txt": "x" * 2_000_000}
    stderr = render_fails(make_project, files, "agents/large-reader.md")
    assert any(word in stderr.lower() for word in ("size", "too large", "limit", "mib"))


@pytest.mark.parametrize(
    "path",
    [
        "../../../etc/passwd",
        "..\\\\..\\\\..\\\\windows\\\\system32\\\\config\\\\sam",
        "....//....//....//etc/passwd",
        "%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/etc/passwd",
    ],
)
def test_content_filter_path_traversal_variations(make_project: MakeProject, path: str) -> None:
    # content_filter.rs test_content_filter_path_traversal_variations: each attempt of the
    # AGPM test fails the install (one per render here, so each is seen to fail)
    agent = ON + f"---\n# Path Traversal Tests\n\n{{{{ '{path}' | content }}}}\n"
    render_fails(
        make_project, {"agents/path-traversal-test.md": agent}, "agents/path-traversal-test.md"
    )


def test_content_filter_non_existent_file(make_project: MakeProject) -> None:
    # content_filter.rs test_content_filter_non_existent_file
    agent = (
        ON + "---\n# Missing File Reader\n\n{{ 'non-existent.txt' | content }}\n\n"
        "This should fail gracefully.\n"
    )
    stderr = render_fails(
        make_project, {"agents/missing-file-reader.md": agent}, "agents/missing-file-reader.md"
    )
    assert "non-existent.txt" in stderr


def test_content_filter_binary_file(make_project: MakeProject) -> None:
    # content_filter.rs test_content_filter_binary_file: AGPM fails (or says "binary");
    # a .dat file is not an extension the filter reads
    agent = ON + "---\n# Binary File Reader\n\n{{ 'binary.dat' | content }}\n"
    files = {
        "agents/binary-reader.md": agent,
        "binary.dat": bytes([0x00, 0x01, 0x02, 0x03, 0xFF, 0xFE, 0xFD]),
    }
    render_fails(make_project, files, "agents/binary-reader.md")


# -- src/templating/filters.rs (unit tests of the content filter) ------------------------------

FILTER_PROJECT = {
    "docs/guide.md": "# Guide\n\nContent here",
    "docs/notes.txt": "Plain text notes",
    "project/config.json": '{"key": "value"}',
    "docs/with-frontmatter.md": "---\ntitle: Test\n---\n\n# Content",
}


def _embed(make_project: MakeProject, expression: str, extra: dict[str, str] | None = None):
    files: dict[str, str | bytes] = {**FILTER_PROJECT, **(extra or {})}
    files["agents/a.md"] = ON + "---\n[{{ " + expression + " }}]\n"
    return render(make_project, files, "agents/a.md")


def test_validate_valid_path_and_filter_function(make_project: MakeProject) -> None:
    # filters.rs test_validate_valid_path, test_filter_function
    result = _embed(make_project, "'docs/guide.md' | content")
    assert result.body == "[# Guide\n\nContent here]\n"


@pytest.mark.parametrize(
    ("expression", "word"),
    [
        ("'/etc/passwd' | content", "absolute"),  # test_validate_rejects_absolute_path
        ("'../../etc/passwd' | content", ".."),  # test_validate_rejects_traversal
        ("'script.sh' | content", "sh"),  # test_validate_rejects_invalid_extension
        ("'docs/missing.md' | content", "docs/missing.md"),  # test_validate_rejects_missing_file
        ("42 | content", "42"),  # test_filter_rejects_non_string
    ],
)
def test_content_filter_rejections(make_project: MakeProject, expression: str, word: str) -> None:
    # filters.rs: each rejected path fails the render, located in the agent
    result = _embed(make_project, expression, {"script.sh": "#!/bin/bash"})
    assert not result.ok
    [diag] = result.diagnostics
    assert diag.path == "agents/a.md" and diag.line == 5
    assert word in diag.message.lower()


def test_validate_rejects_file_too_large(make_project: MakeProject) -> None:
    # filters.rs test_validate_rejects_file_too_large, with AGPM's default limit (1 MiB):
    # a file of exactly the limit is read, one byte more is refused and the sizes are named
    limit = 1024 * 1024
    ok = _embed(make_project, "'large.md' | length", {"large.md": "a" * limit})
    assert ok.ok, ok.diagnostics
    embedded = _embed(make_project, "'large.md' | content | length", {"large.md": "a" * limit})
    assert embedded.body == f"[{limit}]\n"
    too_big = _embed(make_project, "'large.md' | content", {"large.md": "a" * (limit + 1)})
    assert not too_big.ok
    assert f"{limit + 1:,}" in too_big.diagnostics[0].message


def test_read_markdown_strips_frontmatter(make_project: MakeProject) -> None:
    # filters.rs test_read_markdown_strips_frontmatter
    body = _embed(make_project, "'docs/with-frontmatter.md' | content").body
    assert body is not None
    assert "---" not in body and "title: Test" not in body and "# Content" in body


def test_read_json_pretty_prints(make_project: MakeProject) -> None:
    # filters.rs test_read_json_pretty_prints
    body = _embed(make_project, "'project/config.json' | content").body
    assert body == '[{\n  "key": "value"\n}]\n'


def test_read_text_returns_raw(make_project: MakeProject) -> None:
    # filters.rs test_read_text_returns_raw
    assert _embed(make_project, "'docs/notes.txt' | content").body == "[Plain text notes]\n"


# -- tests/integration/templating/error_clarity.rs ---------------------------------------------


def test_literal_blocks_preserve_template_syntax(make_project: MakeProject) -> None:
    # error_clarity.rs test_literal_blocks_preserve_template_syntax
    text = (
        ON + "---\n# Agent with Literal Blocks\n\nThis template shows how to preserve template "
        "syntax:\n\n```literal\n{{ agpm.resource.name }}\n{{ agpm.resource.install_path }}\n"
        "{% for dep in agpm.deps.agents %}\n- {{ dep.name }}\n{% endfor %}\n```\n\n"
        "The syntax above should appear literally in the output."
    )
    content = installed(make_project, {"agents/literal-test.md": text}, "agents/literal-test.md")
    assert "```\n{{ agpm.resource.name }}" in content
    assert "{{ agpm.resource.install_path }}" in content
    assert "{% for dep in agpm.deps.agents %}" in content
    assert "{% endfor %}\n```" in content
    assert "__AGPM_LITERAL_BLOCK_" not in content


def test_template_error_messages_are_clear(make_project: MakeProject) -> None:
    # error_clarity.rs test_template_error_messages_are_clear
    text = (
        ON + "---\n# Agent with Syntax Error\n\nThis template has broken syntax:\n"
        "{{ variable_with_no_closing_brace\n\nAnother line here."
    )
    stderr = render_fails(make_project, {"agents/syntax-error.md": text}, "agents/syntax-error.md")
    assert "__tera_one_off" not in stderr


def test_disabled_templating_preserves_syntax(make_project: MakeProject) -> None:
    # error_clarity.rs test_disabled_templating_preserves_syntax
    text = (
        "---\ntitle: No Template Agent\n---\n\n# Agent Without Template Processing\n\n"
        "This content should not be processed:\n{{ agpm.resource.name }}\n"
        "{{ undefined.variable }}\n{% if condition %}{% endif %}\n\n"
        "All template syntax should remain exactly as written."
    )
    content = installed(make_project, {"agents/no-template.md": text}, "agents/no-template.md")
    assert content == text


# -- tests/integration/templating/windows_security.rs ------------------------------------------
# Every agent of these tests has templating off: AGPM installs it as written, `{{ … | content }}`
# and all (the tests that accept either outcome see the install succeed on Linux).

WINDOWS_BODIES = {
    "test_windows_reserved_names_rejected": "{{ 'CON.md' | content }}\n{{ 'NUL.md' | content }}\n",
    "test_windows_path_traversal_attempts": (
        "{{ '..\\\\..\\\\..\\\\windows\\\\system32\\\\config\\\\sam' | content }}\n"
        "{{ 'folder\\\\..\\\\..\\\\windows\\\\system32\\\\drivers\\\\etc\\\\hosts' | content }}\n"
    ),
    "test_windows_invalid_characters": "{{ 'file<name.md' | content }}\n{{ 'file|name.md' | content }}\n",
    "test_case_sensitivity_reserved_names": "{{ 'con.md' | content }}\n{{ 'cOn.md' | content }}\n",
    "test_mixed_path_separators": "{{ 'subdir\\\\test.md' | content }}\n{{ './test.md' | content }}\n",
    "test_unicode_special_characters": "{{ '文件.md' | content }}\n{{ 'file with spaces.md' | content }}\n",
    "test_control_characters": "{{ 'file\x00name.md' | content }}\n{{ 'file\\rname.md' | content }}\n",
}


@pytest.mark.parametrize("case", sorted(WINDOWS_BODIES))
def test_windows_security_untemplated_agents_install_as_written(
    make_project: MakeProject, case: str
) -> None:
    # windows_security.rs: `case`
    text = (
        f"---\nname: {case}\nmodel: claude-3-5-sonnet-20241022\n---\n\n# Test\n\n"
        f"Testing:\n{WINDOWS_BODIES[case]}"
    )
    files = {"agents/t.md": text, "subdir/test.md": "# Test Content", "test.md": "# Root"}
    assert installed(make_project, files, "agents/t.md") == text


# -- tests/integration/templating/test_edge_cases.rs --------------------------------------------


def test_template_paths_platform_native(make_project: MakeProject) -> None:
    # test_edge_cases.rs test_template_paths_platform_native (the Unix branch)
    agent = (
        "---\ntitle: Path Test Agent\nagpm:\n  templating: true\n---\n# {{ agpm.resource.name }}"
        "\n\nThis agent is installed at: `{{ agpm.resource.install_path }}`\n"
    )
    snippet = (
        "---\ntitle: Nested Snippet\nagpm:\n  templating: true\n---\n# Utility Snippet\n\n"
        "Install path: {{ agpm.resource.install_path }}\n"
    )
    files = {
        "agpm.toml": '[agents]\npath-test = { path = "agents/path-test.md" }\n'
        '[snippets]\nnested-helper = { path = "snippets/utils.md" }\n',
        "agents/path-test.md": agent,
        "snippets/utils.md": snippet,
    }
    assert ".claude/agents/agpm/path-test.md" in installed(
        make_project, files, "agents/path-test.md", "path-test"
    )
    assert "Install path: .agpm/snippets/utils.md" in installed(
        make_project, files, "snippets/utils.md", "nested-helper"
    )


def test_project_template_variables(make_project: MakeProject) -> None:
    # test_edge_cases.rs test_project_template_variables
    manifest = (
        '[project]\nname = "TestProject"\nversion = "2.1.0"\n\n[project.paths]\n'
        'style_guide = "docs/STYLE_GUIDE.md"\narchitecture = "docs/ARCHITECTURE.md"\n'
        'conventions = "docs/CONVENTIONS.md"\n\n[project.standards]\nmax_line_length = 100\n'
        'indent_style = "spaces"\nindent_size = 4\nnaming_convention = "snake_case"\n\n'
        '[project.custom]\nrequire_tests = true\ntest_framework = "pytest"\n'
        'require_docstrings = true\ndocstring_style = "google"\n'
    )
    agent = (
        "---\ntitle: Project Code Reviewer\nagpm:\n  templating: true\n---\n"
        "# {{ agpm.project.name }} Code Reviewer\n\n"
        "I review code for {{ agpm.project.name }} (version {{ agpm.project.version }}).\n"
        "- Style Guide: {{ agpm.project.paths.style_guide }}\n"
        "- Architecture: {{ agpm.project.paths.architecture }}\n"
        "- Conventions: {{ agpm.project.paths.conventions }}\n"
        "- Max line length: {{ agpm.project.standards.max_line_length }} characters\n"
        "- Indentation: {{ agpm.project.standards.indent_size }} "
        "{{ agpm.project.standards.indent_style }}\n"
        "- Naming: {{ agpm.project.standards.naming_convention }}\n"
        "{% if agpm.project.custom.require_tests %}\nAll code changes MUST include tests using "
        "{{ agpm.project.custom.test_framework }}.\n{% endif %}\n"
        "{% if agpm.project.custom.require_docstrings %}\nAll functions require docstrings in "
        "{{ agpm.project.custom.docstring_style }} format.\n{% endif %}\n"
    )
    files = {"agpm.toml": manifest, "agents/project-agent.md": agent}
    content = installed(make_project, files, "agents/project-agent.md")
    for expected in (
        "# TestProject Code Reviewer",
        "I review code for TestProject (version 2.1.0)",
        "Style Guide: docs/STYLE_GUIDE.md",
        "Architecture: docs/ARCHITECTURE.md",
        "Conventions: docs/CONVENTIONS.md",
        "Max line length: 100 characters",
        "Indentation: 4 spaces",
        "Naming: snake_case",
        "All code changes MUST include tests using pytest",
        "All functions require docstrings in google format",
    ):
        assert expected in content
    assert "{{ agpm.project" not in content and "{% for" not in content


# -- tests/integration/templating/test_template_validation.rs -----------------------------------


def test_validate_render_valid_templates(make_project: MakeProject) -> None:
    # test_template_validation.rs test_validate_render_valid_templates (`agpm validate
    # --render` succeeds: both agents render)
    valid = (
        "---\ntitle: Valid Agent\nagpm:\n  templating: true\n---\n# {{ agpm.resource.name }}\n"
        "This agent is at: {{ agpm.resource.install_path }}\n"
        "Version: {{ agpm.resource.version }}\n"
    )
    plain = "---\ntitle: Plain Agent\n---\n# Plain Agent\n\nNo templates here.\n"
    files = {"agents/valid-agent.md": valid, "agents/plain-agent.md": plain}
    content = installed(make_project, files, "agents/valid-agent.md")
    assert "# agents/valid-agent\nThis agent is at: .claude/agents/agpm/valid-agent.md\n" in content
    assert installed(make_project, files, "agents/plain-agent.md") == plain


def test_validate_render_invalid_syntax(make_project: MakeProject) -> None:
    # test_template_validation.rs test_validate_render_invalid_syntax
    text = (
        "---\ntitle: Invalid Agent\nagpm:\n  templating: true\n---\n# {{ agpm.resource.name\n\n"
        "Missing closing braces: {{ broken\nAnother error: {% if true\n"
    )
    render_fails(make_project, {"agents/invalid-agent.md": text}, "agents/invalid-agent.md")


def test_validate_render_missing_variable(make_project: MakeProject) -> None:
    # test_template_validation.rs test_validate_render_missing_variable
    text = (
        "---\ntitle: Missing Var Agent\nagpm:\n  templating: true\n---\n"
        "# {{ agpm.resource.name }}\n\nThis references: {{ agpm.nonexistent.variable }}\n"
        "And another: {{ missing.too }}\n"
    )
    stderr = render_fails(
        make_project, {"agents/missing-var-agent.md": text}, "agents/missing-var-agent.md"
    )
    assert "agpm.nonexistent" in stderr


def test_templating_checksum_enforced(make_project: MakeProject) -> None:
    # test_template_validation.rs test_templating_checksum_enforced and
    # test_templating_lockfile_corruption_detection (their render part): the new content
    # of the file is what renders; a local file has no version (AGPM's: v1.0.0, v1.0.1)
    first = (
        "---\ntitle: Checksum Agent\nagpm:\n  templating: true\n---\n# {{ agpm.resource.name }}\n"
        "Version: {{ agpm.resource.version }}\n"
    )
    second = first.replace("Version:", "Updated content!\nVersion:") + "New line here.\n"
    before = installed(
        make_project, {"agents/checksum-agent.md": first}, "agents/checksum-agent.md"
    )
    after = installed(
        make_project, {"agents/checksum-agent.md": second}, "agents/checksum-agent.md"
    )
    assert "# agents/checksum-agent" in before and "Version: \n" in before
    assert "Updated content!" in after and "New line here." in after
    assert before != after
