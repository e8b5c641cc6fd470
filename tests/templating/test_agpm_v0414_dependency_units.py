"""AGPM v0.4.14's tests of how dependencies are declared, found and embedded, ported
(repository aig787/agpm, tag v0.4.14; docs/agpm-tests-ported.md): the unit tests of
``src/templating/dependencies/extractors.rs``, ``src/metadata/extractor.rs``,
``src/markdown/{frontmatter,mod}.rs``, ``src/resolver/transitive_extractor.rs``,
``src/manifest/manifest_template_tests.rs`` and the integration tests
``tests/integration/transitive/{basic,merged,patterns}.rs`` and
``tests/integration/resolver/glob_transitive_deps.rs``.

A unit test of AGPM's extractor observes, through a render, which files the render reads
as dependencies (``RenderResult.dependencies``), where they install and what they embed.
"""

from __future__ import annotations

import pytest

from agpm_port import ON, MakeProject, installed, render, render_fails


def _deps(make_project: MakeProject, files: dict[str, str], rel: str) -> list[str]:
    result = render(make_project, files, rel)
    assert result.ok, result.diagnostics
    return [use.rel for use in result.dependencies]


# -- src/templating/dependencies/extractors.rs: canonicalize_dep_path ---------------------------


@pytest.mark.parametrize(
    ("declaring", "path", "resolved"),
    [
        ("agents/primary.md", "../utils/helper.md", "utils/helper.md"),  # _relative_up
        (
            "agents/primary.md",
            "./helper.md",
            "agents/helper.md",
        ),  # _relative_current, _same_directory
        ("agents/ai/assistant.md", "../utils/helper.md", "agents/utils/helper.md"),  # _nested
        ("agents/primary.md", "agents/helper.md", "agents/helper.md"),  # _absolute
        (
            "agents/primary.md",
            "snippets/utils/helper.md",
            "snippets/utils/helper.md",
        ),  # _absolute_nested
        ("root.md", "./agents/helper.md", "agents/helper.md"),  # _root_resource
        (
            "agents/ai/models/gpt.md",
            "../../shared/base.md",
            "agents/shared/base.md",
        ),  # _multiple_levels_up
        ("agents/primary.md", "../utils/helper", "utils/helper"),  # _no_extension
        ("agents/primary.md", "../scripts/setup.sh", "scripts/setup.sh"),  # _with_complex_extension
        # not in extractors.rs: the resolver reads a root-relative path of a nested file from
        # two folders up (`agpm install` reads agents/snippets/x.md for agents/sub/n.md)
        ("agents/sub/n.md", "snippets/x.md", "agents/snippets/x.md"),
    ],
)
def test_canonicalize_dep_path(
    make_project: MakeProject, declaring: str, path: str, resolved: str
) -> None:
    # extractors.rs test_canonicalize_dep_path_*: the dependency read is the file named
    files = {
        declaring: ON + f"dependencies:\n  snippets:\n    - path: {path}\n      name: d\n---\n"
        "[{{ agpm.deps.snippets.d.path }}] {{ agpm.deps.snippets.d.content }}",
        resolved: "Found it",
    }
    result = render(make_project, files, declaring)
    assert result.ok, result.diagnostics
    assert result.body == f"[{resolved}] Found it"


# -- src/metadata/extractor.rs and src/resolver/transitive_extractor.rs ---------------------------


def test_extract_markdown_frontmatter(make_project: MakeProject) -> None:
    # extractor.rs test_extract_markdown_frontmatter, test_extract_auto_markdown;
    # transitive_extractor.rs test_extract_from_markdown_with_frontmatter
    text = (
        "---\ndependencies:\n  agents:\n    - path: agents/helper.md\n      version: v1.0.0\n"
        "    - path: agents/reviewer.md\n  snippets:\n    - path: snippets/utils.md\n---\n"
        "# My Command\n\nThis is the command documentation."
    )
    files = {
        "commands/command.md": text,
        "agents/helper.md": "H",
        "agents/reviewer.md": "R",
        "snippets/utils.md": "U",
    }
    assert _deps(make_project, files, "commands/command.md") == [
        "agents/helper.md",
        "agents/reviewer.md",
        "snippets/utils.md",
    ]
    assert installed(make_project, files, "commands/command.md") == text


@pytest.mark.parametrize(
    "text",
    [
        "# My Command\n\nThis is a command without frontmatter.",  # test_extract_markdown_no_frontmatter
        "---\ndependencies:\n---\n# Content",  # test_empty_dependencies
        # test_malformed_yaml: a list that is not YAML: no dependencies, installed as is
        "---\ndependencies:\n  agents:\n    - path: agents/test.md\n    version: missing dash\n"
        "---\n# Content",
        # test_extract_unknown_field_warning: an unknown key: the list is ignored
        "---\ndependencies:\n  agents:\n    - path: agents/test.md\n      version: v1.0.0\n"
        "      invalid_field: should_warn\n---\n# Content",
    ],
)
def test_files_without_usable_dependencies(make_project: MakeProject, text: str) -> None:
    # extractor.rs (and transitive_extractor.rs test_extract_from_file_without_dependencies):
    # no dependency is read (agents/test.md does not exist) and the file installs as is
    files = {"commands/command.md": text}
    assert _deps(make_project, files, "commands/command.md") == []
    assert installed(make_project, files, "commands/command.md") == text


def test_windows_line_endings(make_project: MakeProject) -> None:
    # extractor.rs test_windows_line_endings
    text = "---\r\ndependencies:\r\n  agents:\r\n    - path: agents/test.md\r\n---\r\n\r\n# Content"
    files = {"commands/command.md": text, "agents/test.md": "T"}
    assert _deps(make_project, files, "commands/command.md") == ["agents/test.md"]


def test_extract_with_tool_field(make_project: MakeProject) -> None:
    # extractor.rs test_extract_with_tool_field: each entry's tool decides where it installs
    text = (
        ON + "dependencies:\n  agents:\n    - path: agents/backend.md\n      version: v1.0.0\n"
        "      tool: opencode\n    - path: agents/frontend.md\n      tool: claude-code\n---\n"
        "{{ agpm.deps.agents.backend.install_path }} {{ agpm.deps.agents.frontend.install_path }}"
    )
    files = {"commands/command.md": text, "agents/backend.md": "B", "agents/frontend.md": "F"}
    assert render(make_project, files, "commands/command.md").body == (
        ".opencode/agent/agpm/backend.md .claude/agents/agpm/frontend.md"
    )


TEMPLATED = {"agpm.toml": '[project]\nlanguage = "rust"\nframework = "tokio"\n'}


def test_template_frontmatter_with_project_vars(make_project: MakeProject) -> None:
    # extractor.rs test_template_frontmatter_with_project_vars (and
    # test_template_with_no_template_syntax, test_template_transitive_dep_path)
    text = (
        ON
        + "dependencies:\n  snippets:\n    - path: standards/{{ agpm.project.language }}-guide.md\n"
        "      version: v1.0.0\n  commands:\n    - path: configs/{{ agpm.project.framework }}-setup.md\n"
        "  agents:\n    - path: agents/{{ agpm.project.language }}-helper.md\n"
        "    - path: standards/plain-guide.md\n---\n# My Agent"
    )
    files = {
        **TEMPLATED,
        "agents/agent.md": text,
        "standards/rust-guide.md": "G",
        "configs/tokio-setup.md": "S",
        "agents/rust-helper.md": "H",
        "standards/plain-guide.md": "P",
    }
    assert sorted(_deps(make_project, files, "agents/agent.md")) == [
        "agents/rust-helper.md",
        "configs/tokio-setup.md",
        "standards/plain-guide.md",
        "standards/rust-guide.md",
    ]


def test_template_frontmatter_with_missing_vars(make_project: MakeProject) -> None:
    # extractor.rs test_template_frontmatter_with_missing_vars
    text = (
        ON + "dependencies:\n  snippets:\n    - path: standards/{{ agpm.project.language }}-"
        "{{ agpm.project.undefined }}-guide.md\n---\n# My Agent"
    )
    stderr = render_fails(make_project, {**TEMPLATED, "agents/agent.md": text}, "agents/agent.md")
    assert "agpm.project.undefined" in stderr


def test_template_frontmatter_with_default_filter(make_project: MakeProject) -> None:
    # extractor.rs test_template_frontmatter_with_default_filter
    text = (
        ON + "dependencies:\n  snippets:\n    - path: standards/{{ agpm.project.language }}-"
        '{{ agpm.project.style | default(value="standard") }}-guide.md\n---\n# My Agent'
    )
    files = {**TEMPLATED, "agents/agent.md": text, "standards/rust-standard-guide.md": "G"}
    assert _deps(make_project, files, "agents/agent.md") == ["standards/rust-standard-guide.md"]


@pytest.mark.parametrize(
    ("category", "words"),
    [
        (
            "opencode",
            ("opencode", "tool", "agents"),
        ),  # test_validate_tool_name_as_resource_type_yaml
        ("foobar", ("foobar", "categor")),  # test_validate_unknown_resource_type
    ],
)
def test_validate_resource_types(
    make_project: MakeProject, category: str, words: tuple[str, ...]
) -> None:
    # extractor.rs: a category AGPM does not know fails the install
    text = f"---\ndependencies:\n  {category}:\n    - path: agents/helper.md\n---\n# Command"
    files = {"commands/command.md": text, "agents/helper.md": "H"}
    stderr = render_fails(make_project, files, "commands/command.md")
    for word in words:
        assert word in stderr


def test_validate_correct_resource_types(make_project: MakeProject) -> None:
    # extractor.rs test_validate_correct_resource_types
    text = (
        "---\ndependencies:\n  agents:\n    - path: agents/helper.md\n  snippets:\n"
        "    - path: snippets/util.md\n  commands:\n    - path: commands/deploy.md\n---\n# Command"
    )
    files = {
        "commands/command.md": text,
        "agents/helper.md": "H",
        "snippets/util.md": "U",
        "commands/deploy.md": "D",
    }
    assert len(_deps(make_project, files, "commands/command.md")) == 3


def test_extract_nonexistent_file(make_project: MakeProject) -> None:
    # transitive_extractor.rs test_extract_nonexistent_file: a declared file that does not
    # exist fails, named
    text = "---\ndependencies:\n  agents:\n    - path: ./nope.md\n---\n# A"
    render_fails(make_project, {"agents/a.md": text}, "agents/a.md", "agents/nope.md")


# -- tests/integration/transitive/merged.rs ---------------------------------------------------------


def test_dependency_metadata_merged_view(make_project: MakeProject) -> None:
    # merged.rs test_markdown_metadata_agpm_extraction, test_dependency_metadata_merged_view,
    # test_end_to_end_merged_dependencies_workflow: both lists, merged
    text = (
        '---\ntitle: "Test Resource"\ndependencies:\n  agents:\n    - path: helper.md\n'
        "      name: root_helper\nagpm:\n  templating: true\n  dependencies:\n    snippets:\n"
        "      - path: utils.md\n        name: nested_utils\n    agents:\n"
        "      - path: another-helper.md\n        name: nested_helper\n---\n"
        "{% for c, m in agpm.deps %}{% for k, d in m %}{{ c }}.{{ k }}={{ d.path }}\n"
        "{% endfor %}{% endfor %}"
    )
    files = {
        "agents/t.md": text,
        "agents/helper.md": "H",
        "agents/utils.md": "U",
        "agents/another-helper.md": "A",
    }
    assert render(make_project, files, "agents/t.md").body == (
        "agents.another_helper=agents/another-helper.md\n"
        "agents.helper=agents/helper.md\n"
        "agents.nested_helper=agents/another-helper.md\n"
        "agents.root_helper=agents/helper.md\n"
        "snippets.nested_utils=agents/utils.md\n"
        "snippets.utils=agents/utils.md\n"
    )


def test_dependency_metadata_duplicate_paths(make_project: MakeProject) -> None:
    # merged.rs test_dependency_metadata_duplicate_paths: the top-level entry wins
    text = (
        "---\ndependencies:\n  agents:\n    - path: shared.md\n      name: root_name\n"
        "agpm:\n  templating: true\n  dependencies:\n    agents:\n      - path: shared.md\n"
        "        name: nested_name\n---\n"
        "{{ agpm.deps.agents.root_name.path }} {{ agpm.deps.agents.nested_name is defined }}"
    )
    files = {"agents/t.md": text, "agents/shared.md": "S"}
    assert render(make_project, files, "agents/t.md").body == "agents/shared.md false"


# -- src/markdown/frontmatter.rs and src/markdown/mod.rs --------------------------------------------


def test_frontmatter_templating(make_project: MakeProject) -> None:
    # frontmatter.rs test_frontmatter_templating_basic,
    # test_frontmatter_templating_no_template_syntax, test_frontmatter_templating_template_error: every frontmatter is rendered (here templating is off)
    files = {
        "agpm.toml": '[project]\nname = "test-project"\nversion = "1.0.0"\nlanguage = "rust"\n',
        "agents/basic.md": "---\nname: {{ project.name }}\nversion: {{ project.version }}\n---\nB\n",
        "agents/static.md": "---\nname: static\nversion: 1.0.0\n---\n{{ kept }}\n",
        "agents/error.md": "---\nname: {{ undefined_var }}\n---\nE\n",
    }
    assert installed(make_project, files, "agents/basic.md") == (
        "---\nname: test-project\nversion: 1.0.0\n---\nB\n"
    )
    assert installed(make_project, files, "agents/static.md") == files["agents/static.md"]
    render_fails(make_project, files, "agents/error.md")


INVALID_FRONTMATTER = {
    # mod.rs test_completely_invalid_frontmatter_fallback
    "fallback": "---\nname: test\ndescription: {this is not valid yaml at all\nmodel: test\n---\n"
    "Content here",
    # mod.rs test_invalid_frontmatter_with_escaped_newlines (shortened)
    "escaped": "---\nname: haiku-syntax-tool\ndescription: Use this agent. Examples:\\n\\n<example>"
    '\\nuser: "I\'ve added a new sync handler function"\\n</example>\nmodel: haiku\n---\n\n'
    "You are a meticulous code standards enforcement specialist",
}


@pytest.mark.parametrize("case", sorted(INVALID_FRONTMATTER))
def test_invalid_frontmatter_is_embedded_whole(make_project: MakeProject, case: str) -> None:
    # markdown/mod.rs: a frontmatter that is not YAML is no frontmatter: what a `content`
    # filter embeds is the whole file, `---` lines included
    files = {
        "docs/bad.md": INVALID_FRONTMATTER[case],
        "agents/a.md": ON + "---\n{{ 'docs/bad.md' | content }}",
    }
    body = render(make_project, files, "agents/a.md").body
    assert body is not None and body.startswith("---\nname: ")
    assert body.rstrip("\n").endswith(INVALID_FRONTMATTER[case].rstrip("\n").rsplit("\n", 1)[-1])


def test_markdown_with_and_without_frontmatter(make_project: MakeProject) -> None:
    # markdown/mod.rs test_markdown_with_yaml_frontmatter, test_markdown_without_frontmatter
    files = {
        "docs/with.md": "---\ntitle: Test Document\ntags:\n  - test\n---\n# Hello World\n\n"
        "This is the content.",
        "docs/without.md": "# Hello World\n\nThis is the content.",
        "agents/a.md": ON
        + "---\n[{{ 'docs/with.md' | content }}][{{ 'docs/without.md' | content }}]",
    }
    assert render(make_project, files, "agents/a.md").body == (
        "[# Hello World\n\nThis is the content.][# Hello World\n\nThis is the content.]"
    )
