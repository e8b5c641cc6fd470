"""render_agent: templating on/off, the context, literal fences, line endings (contract §1–3, §7)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from agent_workbench.model.diagnostics import Severity
from agent_workbench.model.project import Project
from agent_workbench.templating.render import RenderOptions, render_agent

MakeProject = Callable[..., Path]

SNIPPETS = {
    "snippets/best-practices/python-best-practices.md": "---\nagpm:\n  version: 1\n---\n\n# Python rules\n\nUse ruff.\n\n",
    "snippets/best-practices/rust-best-practices.md": "# Rust rules\n\nUse clippy.\n",
}

TEMPLATED = """---
name: coder
description: Writes {{ agpm.project.language }} code
agpm:
  templating: true
dependencies:
  snippets:
    - name: best-practices
      path: ../../snippets/best-practices/{{ agpm.project.language }}-best-practices.md
---
Language: {{ agpm.project.language }}
{{ agpm.deps.snippets.best_practices.content }}
"""


def open_project(make_project: MakeProject, files: dict[str, str | bytes]) -> Project:
    return Project.open(make_project(files))


# -- templating on / off ------------------------------------------------------------------


def test_templating_on_renders_the_whole_file(make_project: MakeProject) -> None:
    project = open_project(make_project, {"agents/claude/coder.md": TEMPLATED, **SNIPPETS})
    result = render_agent(project, "agents/claude/coder.md")
    assert result.ok, result.diagnostics
    assert result.templating
    assert "description: Writes python code\n" in result.output
    # the snippet's body keeps a blank line: gray-matter drops one final newline only
    assert result.body == "Language: python\n# Python rules\n\nUse ruff.\n\n"
    assert result.output.endswith("---\n" + result.body)


def test_templating_is_off_by_default_and_the_body_stays_literal(make_project: MakeProject) -> None:
    text = TEMPLATED.replace("agpm:\n  templating: true\n", "")
    project = open_project(make_project, {"agents/claude/coder.md": text, **SNIPPETS})
    result = render_agent(project, "agents/claude/coder.md")
    assert result.ok, result.diagnostics
    assert not result.templating
    # the frontmatter is rendered (so dependency paths resolve) …
    assert "description: Writes python code\n" in result.output
    assert "path: ../../snippets/best-practices/python-best-practices.md\n" in result.output
    # … the body is kept literally, `{{` and all
    assert result.body == text.split("---\n", 2)[2]
    assert "{{ agpm.deps.snippets.best_practices.content }}" in result.output


def test_templating_false_is_off(make_project: MakeProject) -> None:
    text = TEMPLATED.replace("templating: true", "templating: false")
    project = open_project(make_project, {"agents/claude/coder.md": text, **SNIPPETS})
    result = render_agent(project, "agents/claude/coder.md")
    assert not result.templating
    assert "Language: {{ agpm.project.language }}" in result.output


def test_frontmatter_without_template_syntax_comes_out_byte_for_byte(
    make_project: MakeProject,
) -> None:
    text = "---\nname: plain   \ndescription: 'x: y'  # comment\n---\n\nBody {{ not rendered }}\n{% nor this %}"
    project = open_project(make_project, {"agents/plain.md": text})
    result = render_agent(project, "agents/plain.md")
    assert result.ok
    assert result.output == text
    assert result.body == "\nBody {{ not rendered }}\n{% nor this %}"


def test_file_without_frontmatter_is_all_body(make_project: MakeProject) -> None:
    text = "Just a prompt with {{ braces }}.\n"
    project = open_project(make_project, {"agents/bare.md": text})
    result = render_agent(project, "agents/bare.md")
    assert result.ok
    assert result.output == text
    assert result.body == text


def test_frontmatter_failure_with_templating_off_is_an_error(
    make_project: MakeProject,
) -> None:
    # AGPM v0.4.14's resolver renders every frontmatter and fails the install there
    # (src/markdown/frontmatter.rs test_frontmatter_templating_template_error)
    text = "---\nname: a\ndescription: for {{ agpm.project.langauge }}\n---\nBody\n"
    project = open_project(make_project, {"agents/a.md": text})
    result = render_agent(project, "agents/a.md")
    assert not result.ok
    assert result.output is None
    [diag] = result.diagnostics
    assert diag.severity is Severity.ERROR
    assert (diag.path, diag.line, diag.column) == ("agents/a.md", 3, 21)
    assert diag.expression == "agpm.project.langauge"
    assert diag.suggestion == "did you mean `agpm.project.language`?"
    assert "templating off" in diag.message


def test_frontmatter_failure_with_templating_on_is_an_error(make_project: MakeProject) -> None:
    text = "---\nname: a\ndescription: for {{ agpm.project.langauge }}\nagpm:\n  templating: true\n---\nBody\n"
    project = open_project(make_project, {"agents/a.md": text})
    result = render_agent(project, "agents/a.md")
    assert not result.ok
    assert result.output is None and result.body is None
    [diag] = result.diagnostics
    assert diag.severity is Severity.ERROR
    assert (diag.line, diag.column) == (3, 21)
    assert diag.suggestion == "did you mean `agpm.project.language`?"


def test_if_lines_in_the_frontmatter_are_rendered_before_parsing(make_project: MakeProject) -> None:
    text = """---
agpm:
  templating: true
  dependencies:
    snippets:
      - name: best-practices
        path: ../snippets/best-practices/{{ agpm.project.language }}-best-practices.md
      {% if agpm.project.framework %}
      - name: framework
        path: ../snippets/frameworks/{{ agpm.project.framework }}.md
      {% endif %}
---
{{ agpm.deps.snippets.best_practices.content }}
{% if agpm.project.framework %}{{ agpm.deps.snippets.framework.content }}{% endif %}
"""
    files = {"agents/fe.md": text, "snippets/frameworks/react.md": "Use hooks.", **SNIPPETS}
    project = open_project(make_project, files)
    plain = render_agent(project, "agents/fe.md")
    assert plain.ok, plain.diagnostics
    assert "Use hooks." not in plain.body
    assert [d.key for d in plain.dependencies] == ["best_practices"]
    react = render_agent(project, "agents/fe.md", RenderOptions(variables={"framework": "react"}))
    assert react.ok, react.diagnostics
    assert react.body.endswith("Use hooks.\n")
    assert [d.key for d in react.dependencies] == ["best_practices", "framework"]


# -- the context -----------------------------------------------------------------------------


def test_resource_variables(make_project: MakeProject) -> None:
    text = """---
agpm: {templating: true}
---
{{ agpm.resource.name }}|{{ agpm.resource.type }}|{{ agpm.resource.path }}|{{ agpm.resource.install_path }}|{{ agpm.resource.source | default(value="local") }}|{{ agpm.resource.version | default(value="none") }}
"""
    project = open_project(
        make_project,
        {
            "agents/claude-code/reviewer.md": text,
            "opencode/agent/helper.md": text,
            "snippets/s.md": text,
        },
    )
    assert render_agent(project, "agents/claude-code/reviewer.md").body == (
        "agents/claude-code/reviewer|agent|agents/claude-code/reviewer.md"
        "|.claude/agents/agpm/reviewer.md|local|none\n"
    )
    assert render_agent(project, "opencode/agent/helper.md").body == (
        "opencode/agent/helper|agent|opencode/agent/helper.md"
        "|.opencode/agent/agpm/helper.md|local|none\n"
    )
    assert render_agent(project, "snippets/s.md").body.startswith(
        "snippets/s|snippet|snippets/s.md|.agpm/snippets/s.md|"
    )


def test_project_variables_language_toggle_and_nested_overrides(make_project: MakeProject) -> None:
    toml = '[project]\nlanguage = "python"\nteam = "core"\n[project.paths]\nstyle = "docs/style.md"\nother = "o"\n'
    text = "---\nagpm:\n  templating: true\n---\n{{ agpm.project.language }} {{ agpm.project.team }} {{ agpm.project.paths.style }} {{ agpm.project.paths.other }}\n"
    project = open_project(make_project, {"agpm.toml": toml, "agents/a.md": text})
    assert render_agent(project, "agents/a.md").body == "python core docs/style.md o\n"
    options = RenderOptions(
        language="rust", variables={"paths": {"style": "STYLE.md"}, "team": "x"}
    )
    result = render_agent(project, "agents/a.md", options)
    assert result.body == "rust x STYLE.md o\n"
    assert result.language == "rust"


def test_unsaved_text_is_rendered_instead_of_the_file(make_project: MakeProject) -> None:
    project = open_project(make_project, {"agents/claude/coder.md": TEMPLATED, **SNIPPETS})
    edited = TEMPLATED.replace("Language:", "Lang:")
    result = render_agent(project, "agents/claude/coder.md", text=edited)
    assert result.body.startswith("Lang: python\n")
    assert "agents/claude/coder.md" in result.files_read


def test_files_read_lists_every_project_file_read(make_project: MakeProject) -> None:
    text = TEMPLATED.replace("Language:", "{{ 'docs/guide.md' | content }}\nLanguage:")
    files = {"agents/claude/coder.md": text, "docs/guide.md": "Guide.", **SNIPPETS}
    project = open_project(make_project, files)
    result = render_agent(project, "agents/claude/coder.md")
    assert result.ok, result.diagnostics
    assert result.files_read == {
        "agpm.toml",
        "agents/claude/coder.md",
        "snippets/best-practices/python-best-practices.md",
        "docs/guide.md",
    }


# -- literal fences ------------------------------------------------------------------------------


def test_literal_fences_are_not_rendered(make_project: MakeProject) -> None:
    text = (
        "---\nagpm:\n  templating: true\n---\n"
        "Before {{ agpm.project.language }}\n"
        "```literal\n{{ agpm.deps.snippets.example.content }}\n  {% if x %}kept{% endif %}\n```\n"
        "After {{ agpm.project.language }}\n"
    )
    project = open_project(make_project, {"agents/doc.md": text})
    result = render_agent(project, "agents/doc.md")
    assert result.ok, result.diagnostics
    assert result.body == (
        "Before python\n"
        "```\n{{ agpm.deps.snippets.example.content }}\n  {% if x %}kept{% endif %}\n```\n"
        "After python\n"
    )


def test_errors_after_a_literal_fence_keep_their_line(make_project: MakeProject) -> None:
    text = "---\nagpm:\n  templating: true\n---\n```literal\n{{ a }}\n{{ b }}\n```\n{{ agpm.project.nope }}\n"
    project = open_project(make_project, {"agents/doc.md": text})
    [diag] = render_agent(project, "agents/doc.md").diagnostics
    assert (diag.line, diag.column) == (9, 4)


# -- line endings and BOM ------------------------------------------------------------------------


def test_crlf_survives_rendering(make_project: MakeProject) -> None:
    text = TEMPLATED.replace("\n", "\r\n")
    snippets = {k: v.replace("\n", "\r\n") for k, v in SNIPPETS.items()}
    project = open_project(make_project, {"agents/claude/coder.md": text, **snippets})
    result = render_agent(project, "agents/claude/coder.md")
    assert result.ok, result.diagnostics
    # the agent's own lines keep CRLF; the embedded snippet comes as gray-matter joins its
    # lines, with LF (src/matter.rs of gray-matter 0.3.2, as AGPM v0.4.14 embeds it)
    assert result.body == "Language: python\r\n# Python rules\n\nUse ruff.\n\r\n"


def test_crlf_frontmatter_only_render_keeps_crlf(make_project: MakeProject) -> None:
    text = "---\r\nname: a\r\ndescription: {{ agpm.project.language }} helper\r\n---\r\nBody {{ x }}\r\n"
    project = open_project(make_project, {"agents/a.md": text})
    result = render_agent(project, "agents/a.md")
    assert result.output == text.replace("{{ agpm.project.language }}", "python")


def test_bom_is_stripped_for_rendering(make_project: MakeProject) -> None:
    text = "\ufeff---\nagpm:\n  templating: true\n---\n{{ agpm.project.language }}\n"
    project = open_project(make_project, {"agents/a.md": text.encode("utf-8")})
    result = render_agent(project, "agents/a.md")
    assert result.ok, result.diagnostics
    assert result.output == "---\nagpm:\n  templating: true\n---\npython\n"
    assert render_agent(project, "agents/a.md", text=text).output == result.output


# -- errors ----------------------------------------------------------------------------------------


def test_undefined_in_the_body_is_located_as_the_author_sees_it(make_project: MakeProject) -> None:
    text = "---\nname: a\nagpm:\n  templating: true\n---\n\nIntro\n- uses {{ agpm.project.langauge }} daily\n"
    project = open_project(make_project, {"agents/a.md": text})
    result = render_agent(project, "agents/a.md")
    assert result.output is None
    [diag] = result.diagnostics
    assert (diag.path, diag.line, diag.column) == ("agents/a.md", 8, 11)
    assert diag.expression == "agpm.project.langauge"
    assert diag.suggestion == "did you mean `agpm.project.language`?"
    assert "agpm.project.langauge" in diag.format()


def test_syntax_error_is_located(make_project: MakeProject) -> None:
    text = "---\nagpm:\n  templating: true\n---\nok\n{% for x in %}\n"
    project = open_project(make_project, {"agents/a.md": text})
    [diag] = render_agent(project, "agents/a.md").diagnostics
    assert (diag.line, diag.column) == (6, 1)
    assert diag.code == "template-syntax"


def test_refused_include_is_an_error_at_its_line(make_project: MakeProject) -> None:
    text = "---\nagpm:\n  templating: true\n---\nok\n\n  {% include '../secret.md' %}\n"
    project = open_project(make_project, {"agents/a.md": text})
    [diag] = render_agent(project, "agents/a.md").diagnostics
    assert (diag.line, diag.column) == (7, 3)
    assert "include" in diag.message


def test_runaway_template_is_stopped_with_a_clear_error(make_project: MakeProject) -> None:
    text = (
        "---\nagpm:\n  templating: true\n---\n{% for i in range(end=100000) %}"
        "{% for j in range(end=100000) %}{{ i }}{% endfor %}{% endfor %}\n"
    )
    project = open_project(make_project, {"agents/a.md": text})
    result = render_agent(project, "agents/a.md", RenderOptions(time_limit=0.5, max_output=10**9))
    [diag] = result.diagnostics
    assert diag.code == "render-timeout"
    assert diag.line == 5
    small = render_agent(project, "agents/a.md", RenderOptions(max_output=100_000))
    assert small.diagnostics[0].code == "render-too-large"


def test_missing_agent_and_non_utf8_agent_are_diagnostics(make_project: MakeProject) -> None:
    project = open_project(make_project, {"agents/bad.md": b"---\nname: x\n---\n\xff\n"})
    missing = render_agent(project, "agents/none.md")
    assert missing.diagnostics[0].code == "file-missing"
    bad = render_agent(project, "agents/bad.md")
    assert (bad.diagnostics[0].line, bad.diagnostics[0].column) == (4, 1)
    assert bad.output is None
    escape = render_agent(project, "../outside.md")
    assert not escape.ok


def test_frontmatter_that_renders_to_invalid_yaml_is_reported(make_project: MakeProject) -> None:
    text = "---\nname: a\ndescription: {{ agpm.project.language }}: broken\n---\nBody\n"
    project = open_project(make_project, {"agents/a.md": text})
    result = render_agent(project, "agents/a.md")
    assert result.ok
    [diag] = result.diagnostics
    assert diag.code == "render-yaml"
    assert diag.line == 3
    assert "not valid YAML" in diag.message


def test_a_failed_render_still_says_templating_is_on(make_project: MakeProject) -> None:
    text = "---\nagpm:\n  templating: true\n---\n{{ agpm.project.nope }}\n"
    result = render_agent(open_project(make_project, {"agents/a.md": text}), "agents/a.md")
    assert not result.ok
    assert result.templating


def test_closing_delimiter_with_trailing_spaces(make_project: MakeProject) -> None:
    text = "---\nagpm:\n  templating: true\n---   \n\n{{ agpm.resource.name }}\n"
    result = render_agent(open_project(make_project, {"agents/a.md": text}), "agents/a.md")
    assert result.ok, result.diagnostics
    assert result.output == "---\nagpm:\n  templating: true\n---   \n\nagents/a\n"
    assert result.body == "\nagents/a\n"


def test_fast_body_split_agrees_with_agent_document() -> None:
    from agent_workbench.model.document import AgentDocument
    from agent_workbench.templating.locate import body_of, first_newline

    cases = [
        "",
        "---",
        "---\n",
        "---\na\n---",
        "---\na\n---\nb",
        "---\r\na\r\n---\r\n\r\nb\r\n",
        "--- \na\n---  \n\nb",
        "x\n---\na\n---\n",
        "---\ra\r---\rb",
        "---\na\n",
        "a\rb\nc",
        "----\na\n---\nb",
    ]
    for text in cases:
        doc = AgentDocument.from_text(text)
        assert body_of(text) == doc.body, text
        assert first_newline(text) == doc.newline, text


def test_a_frontmatter_reading_a_dependency_is_an_error(make_project: MakeProject) -> None:
    # AGPM's resolver renders the frontmatter with the project's variables only, to read
    # the dependencies: `agpm.deps` and `agpm.resource` are not there yet, and the install
    # fails (src/markdown/frontmatter.rs build_template_context_from_variant_inputs;
    # `agpm install` v0.4.14 says "Variable `agpm.deps.snippets.s.content` not found")
    for templating in ("agpm:\n  templating: true\n", ""):
        text = (
            "---\ndescription: {{ agpm.deps.snippets.summary.content | upper }}\n"
            f"{templating}dependencies:\n  snippets:\n    - path: ../summary.md\n---\nBody\n"
        )
        project = open_project(make_project, {"agents/a.md": text, "summary.md": "short"})
        result = render_agent(project, "agents/a.md")
        assert not result.ok and result.output is None
        [diag] = result.diagnostics
        assert (diag.path, diag.line) == ("agents/a.md", 2)


def test_a_guarded_frontmatter_sees_dependencies_once_installed(make_project: MakeProject) -> None:
    # the installed text is rendered with the whole context: a guard that was false
    # while the dependencies were read is true there (`agpm install` v0.4.14)
    guard = "{% if agpm.deps is defined %}{{ agpm.deps.snippets.summary.content }}{% endif %}"
    text = (
        f'---\ndescription: "{guard}"\n'
        "dependencies:\n  snippets:\n    - path: ../summary.md\n---\nBody {{ kept }}\n"
    )
    project = open_project(make_project, {"agents/a.md": text, "summary.md": "short"})
    result = render_agent(project, "agents/a.md")
    assert result.ok, result.diagnostics
    assert result.output.startswith('---\ndescription: "short"\n')
    assert result.body == "Body {{ kept }}\n"
