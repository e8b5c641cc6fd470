"""Dependencies: declarations, keys, templated paths, .content rules and every error (contract §4)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from agent_workbench.model.project import Project
from agent_workbench.templating.dependencies import (
    DeclarationError,
    DependencyError,
    content_of,
    declarations,
    dependency_key,
    locate,
    resolve,
)
from agent_workbench.templating.render import RenderOptions, render_agent

MakeProject = Callable[..., Path]


def templated(frontmatter: str, body: str) -> str:
    return f"---\nagpm:\n  templating: true\n{frontmatter}---\n{body}"


# -- declarations and keys ------------------------------------------------------------------


def test_dependencies_and_agpm_dependencies_are_merged() -> None:
    fields = {
        "dependencies": {"snippets": [{"path": "a.md"}], "commands": [{"path": "c.md"}]},
        "agpm": {"dependencies": {"snippets": [{"path": "b.md", "name": "bee"}]}},
    }
    decls, problems = declarations(fields)
    assert problems == []
    # AGPM v0.4.14 keeps categories in a BTreeMap: sorted, top-level ones first
    # (src/manifest/dependency_spec.rs compute_merged_dependencies)
    assert [(d.category, d.key, d.path) for d in decls] == [
        ("commands", "c", "c.md"),
        ("snippets", "a", "a.md"),
        ("snippets", "bee", "b.md"),
    ]


@pytest.mark.parametrize(
    ("name", "path", "key"),
    [
        (None, "../best-practices/python-best-practices.md", "python_best_practices"),
        ("best-practices", "x.md", "best_practices"),
        ("frontend-engineer-base", "y.md", "frontend_engineer_base"),
        (None, "mcp/context-7.json", "context_7"),
    ],
)
def test_keys_are_the_name_or_stem_with_dashes_read_as_underscores(
    name: str | None, path: str, key: str
) -> None:
    assert dependency_key(name, path) == key


def test_every_category_is_accepted_and_unknown_ones_are_errors() -> None:
    cats = ["agents", "snippets", "commands", "scripts", "hooks", "mcp-servers", "skills"]
    decls, problems = declarations({"dependencies": {c: [{"path": f"{c}/x.md"}] for c in cats}})
    assert sorted(d.category for d in decls) == sorted(cats) and problems == []
    with pytest.raises(DeclarationError, match="widgets"):
        declarations({"dependencies": {"widgets": [{"path": "w.md"}]}})


def test_entries_without_a_path_make_the_list_ignored() -> None:
    decls, problems = declarations(
        {"dependencies": {"snippets": [{"path": "ok.md"}, {"name": "x"}]}}
    )
    assert decls == [] and "path" in problems[0]


def test_the_path_line_of_each_declaration_is_found() -> None:
    raw = "name: a\ndependencies:\n  snippets:\n    - name: one\n      path: ../x/{{ agpm.project.language }}.md\n    - path: 'y.md'\n"
    decls, _ = declarations(
        {
            "dependencies": {
                "snippets": [{"name": "one", "path": "../x/python.md"}, {"path": "y.md"}]
            }
        }
    )
    located = locate(decls, raw, 2)
    assert [(d.line, d.column) for d in located] == [(6, 13), (7, 13)]


def test_resolve_is_relative_to_the_declaring_folder_and_confined() -> None:
    assert resolve("agents/claude/a.md", "../../snippets/s.md") == "snippets/s.md"
    assert resolve("a.md", "./snippets/s.md") == "snippets/s.md"
    with pytest.raises(DependencyError):
        resolve("agents/a.md", "../../outside.md")
    with pytest.raises(DependencyError):
        resolve("agents/a.md", "/etc/passwd")


# -- .content rules -----------------------------------------------------------------------------


def test_markdown_content_drops_frontmatter_as_gray_matter_does() -> None:
    text = "---\nname: s\n---\n\n\n# Title\n\nText {{ literal }}\n\n\n"
    # gray-matter 0.3.2 (AGPM's splitter): lines joined, leading blank lines dropped, one
    # final newline gone (src/matter.rs `parse`; checked with `agpm install` v0.4.14)
    assert content_of("snippets/s.md", text) == "# Title\n\nText {{ literal }}\n\n"
    assert content_of("snippets/s.md", "  Lead\r\nNext\r\n") == "  Lead\nNext"
    # no longer than the `---` delimiter: gray-matter gives nothing (matter.rs `parse`)
    assert content_of("snippets/s.md", "S\n") == ""
    assert content_of("snippets/s.md", "Sta\n") == "Sta"
    # a templated dependency's rendered body goes through it twice (builders.rs)
    assert content_of("snippets/s.md", "", "\n  R\n\n\n") == "  R\n"


def test_json_content_drops_dependencies_sorts_and_keeps_non_ascii() -> None:
    text = json.dumps({"z": 1, "a": {"y": "é", "b": [1, 2]}, "dependencies": {"x": 1}})
    assert content_of("mcp/x.json", text) == (
        '{\n  "a": {\n    "b": [\n      1,\n      2\n    ],\n    "y": "é"\n  },\n  "z": 1\n}'
    )


def test_other_content_is_the_text_as_is() -> None:
    assert (
        content_of("scripts/run.sh", "#!/bin/sh\n  echo {{ x }}\n\n")
        == "#!/bin/sh\n  echo {{ x }}\n\n"
    )


def test_invalid_json_is_an_error() -> None:
    with pytest.raises(DependencyError):
        content_of("x.json", "{nope")


# -- through render_agent ------------------------------------------------------------------------


def test_templated_paths_follow_the_language_toggle(make_project: MakeProject) -> None:
    agent = templated(
        "  dependencies:\n    snippets:\n      - name: best-practices\n"
        "        path: ../snippets/{{ agpm.project.language }}.md\n",
        "{{ agpm.deps.snippets.best_practices.content }}|{{ agpm.deps.snippets.best_practices.path }}\n",
    )
    root = make_project(
        {"agents/a.md": agent, "snippets/python.md": "Pyth", "snippets/rust.md": "Rust"}
    )
    project = Project.open(root)
    assert render_agent(project, "agents/a.md").body == "Pyth|snippets/python.md\n"
    assert render_agent(project, "agents/a.md", RenderOptions(language="rust")).body == (
        "Rust|snippets/rust.md\n"
    )


def test_transitive_templated_dependencies_render_with_their_own_deps(
    make_project: MakeProject,
) -> None:
    agent = templated(
        "  dependencies:\n    snippets:\n      - name: base\n        path: ../snippets/agents/base.md\n",
        "[{{ agpm.deps.snippets.base.content }}]\n",
    )
    base = templated(
        "dependencies:\n  snippets:\n    - name: rules\n      path: ../rules/{{ agpm.project.language }}.md\n",
        "\n\nBase for {{ agpm.resource.name }}: {{ agpm.deps.snippets.rules.content }}\n\n",
    )
    files = {
        "agents/a.md": agent,
        "snippets/agents/base.md": base,
        "snippets/rules/python.md": "---\nx: 1\n---\nRule {{ untouched }}\n",
    }
    project = Project.open(make_project(files))
    result = render_agent(project, "agents/a.md")
    assert result.ok, result.diagnostics
    assert result.body == "[Base for snippets/agents/base: Rule {{ untouched }}]\n"
    assert [(d.category, d.key, d.rel, d.declared_in) for d in result.dependencies] == [
        ("snippets", "rules", "snippets/rules/python.md", "snippets/agents/base.md"),
        ("snippets", "base", "snippets/agents/base.md", "agents/a.md"),
    ]


def test_a_dependency_with_templating_off_is_taken_literally(make_project: MakeProject) -> None:
    agent = templated(
        "  dependencies:\n    snippets:\n      - path: ../snippets/raw-notes.md\n",
        "{{ agpm.deps.snippets.raw_notes.content }}\n",
    )
    files = {
        "agents/a.md": agent,
        "snippets/raw-notes.md": "---\nname: n\n---\n  {{ agpm.project.nope }}  \n",
    }
    project = Project.open(make_project(files))
    result = render_agent(project, "agents/a.md")
    assert result.ok, result.diagnostics
    assert result.body == "  {{ agpm.project.nope }}  \n"


def test_json_dependency_content_path_and_version(make_project: MakeProject) -> None:
    agent = templated(
        "  dependencies:\n    mcp-servers:\n      - name: ctx\n        path: ../mcp/ctx.json\n        version: v1\n",
        "{{ agpm.deps['mcp-servers'].ctx.content }}\n{{ agpm.deps['mcp-servers'].ctx.path }} {{ agpm.deps['mcp-servers'].ctx.version }}\n",
    )
    files = {"agents/a.md": agent, "mcp/ctx.json": '{"b": "ü", "a": 1, "dependencies": []}'}
    project = Project.open(make_project(files))
    result = render_agent(project, "agents/a.md")
    assert result.ok, result.diagnostics
    # a local dependency's version is null, whatever the entry says (`agpm install` v0.4.14)
    assert result.body == '{\n  "a": 1,\n  "b": "ü"\n}\nmcp/ctx.json \n'


def test_missing_dependency_names_declaring_file_dependency_and_path(
    make_project: MakeProject,
) -> None:
    agent = templated(
        "  dependencies:\n    snippets:\n      - name: best-practices\n"
        "        path: ../snippets/{{ agpm.project.language }}-bp.md\n",
        "x\n",
    )
    project = Project.open(make_project({"agents/a.md": agent}))
    result = render_agent(project, "agents/a.md", RenderOptions(language="cobol"))
    [diag] = result.diagnostics
    assert diag.code == "dependency-missing"
    assert (diag.path, diag.line, diag.column) == ("agents/a.md", 7, 15)
    assert "agents/a.md" in diag.message
    assert "snippets.best_practices" in diag.message
    assert "snippets/cobol-bp.md" in diag.message
    assert result.output is None


def test_cycle_is_an_error(make_project: MakeProject) -> None:
    a = templated("dependencies:\n  agents:\n    - path: ./b.md\n", "A\n")
    b = templated("dependencies:\n  agents:\n    - path: agents/a.md\n", "B\n")
    project = Project.open(make_project({"agents/a.md": a, "agents/b.md": b}))
    [diag] = render_agent(project, "agents/a.md").diagnostics
    assert diag.code == "dependency-cycle"
    assert diag.path == "agents/b.md"
    assert "agents/a.md → agents/b.md → agents/a.md" in diag.message


def test_a_chain_deeper_than_fifty_is_an_error(make_project: MakeProject) -> None:
    files = {
        f"snippets/s{i}.md": templated(
            f"dependencies:\n  snippets:\n    - path: ./s{i + 1}.md\n", f"{i}\n"
        )
        for i in range(51)
    }
    files["snippets/s51.md"] = "end"  # 51 links: one more than AGPM allows
    project = Project.open(make_project(files))
    [diag] = render_agent(project, "snippets/s0.md").diagnostics
    assert diag.code == "dependency-depth"
    assert "50" in diag.message


def test_a_chain_of_fifty_is_fine(make_project: MakeProject) -> None:
    files = {
        f"snippets/s{i}.md": templated(
            f"dependencies:\n  snippets:\n    - path: ./s{i + 1}.md\n",
            f"{i}{{{{ agpm.deps.snippets.s{i + 1}.content }}}}\n",
        )
        for i in range(50)
    }
    files["snippets/s50.md"] = "end."
    project = Project.open(make_project(files))
    result = render_agent(project, "snippets/s0.md")
    assert result.ok, result.diagnostics
    assert result.body.endswith("4849end.\n")


def test_a_path_leaving_the_root_is_an_error(make_project: MakeProject) -> None:
    agent = templated("dependencies:\n  snippets:\n    - path: ../../../etc/passwd\n", "x\n")
    project = Project.open(make_project({"agents/a.md": agent}))
    [diag] = render_agent(project, "agents/a.md").diagnostics
    assert diag.code == "dependency-outside"
    assert diag.line == 6
    assert "leaves the project root" in diag.message


def test_a_symlink_leaving_the_root_is_an_error(make_project: MakeProject, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("secret")
    agent = templated(
        "dependencies:\n  snippets:\n    - path: ../snippets/link.md\n",
        "{{ agpm.deps.snippets.link.content }}\n",
    )
    root = make_project({"agents/a.md": agent, "snippets/keep.md": "x"})
    (root / "snippets/link.md").symlink_to(outside)
    result = render_agent(Project.open(root), "agents/a.md")
    [diag] = result.diagnostics
    assert diag.code == "dependency-unreadable"
    assert "outside the project root" in diag.message
    assert "secret" not in (result.output or "")


def test_errors_inside_a_dependency_point_at_the_dependency_file(make_project: MakeProject) -> None:
    agent = templated(
        "dependencies:\n  snippets:\n    - path: ../snippets/s.md\n",
        "{{ agpm.deps.snippets.s.content }}\n",
    )
    snippet = templated("", "one\ntwo {{ agpm.project.langage }}\n")
    project = Project.open(make_project({"agents/a.md": agent, "snippets/s.md": snippet}))
    [diag] = render_agent(project, "agents/a.md").diagnostics
    assert (diag.path, diag.line, diag.column) == ("snippets/s.md", 6, 8)
    assert diag.suggestion == "did you mean `agpm.project.language`?"


def test_undeclared_dependency_is_undefined_with_a_suggestion(make_project: MakeProject) -> None:
    agent = templated(
        "dependencies:\n  snippets:\n    - name: best-practices\n      path: ../s.md\n",
        "{{ agpm.deps.snippets.best_practice.content }}\n",
    )
    project = Project.open(make_project({"agents/a.md": agent, "s.md": "S"}))
    [diag] = render_agent(project, "agents/a.md").diagnostics
    assert diag.expression == "agpm.deps.snippets.best_practice.content"
    assert diag.suggestion == "did you mean `agpm.deps.snippets.best_practices.content`?"


def test_a_shared_dependency_reached_twice_is_not_a_cycle(make_project: MakeProject) -> None:
    def node(*deps: str) -> str:
        entries = "".join(f"    - path: ./{d}.md\n" for d in deps)
        body = "".join(f"{{{{ agpm.deps.snippets.{d}.content }}}}" for d in deps)
        return templated(f"dependencies:\n  snippets:\n{entries}" if deps else "", body + "\n")

    files = {
        "snippets/a.md": node("b", "c"),
        "snippets/b.md": node("d"),
        "snippets/c.md": node("d"),
        "snippets/d.md": "Dee.",
    }
    result = render_agent(Project.open(make_project(files)), "snippets/a.md")
    assert result.ok, result.diagnostics
    assert result.body == "Dee.Dee.\n"


def test_install_path_and_optional_fields(make_project: MakeProject) -> None:
    agent = templated(
        "dependencies:\n  snippets:\n    - name: base\n      path: ../../snippets/base.md\n"
        "      tool: agpm\n      install: false\n      version: '^1.0'\n",
        "{{ agpm.deps.snippets.base.install_path }} {{ agpm.deps.snippets.base.version }}\n",
    )
    files = {"agents/claude-code/a.md": agent, "snippets/base.md": "B"}
    result = render_agent(Project.open(make_project(files)), "agents/claude-code/a.md")
    assert result.ok, result.diagnostics
    # an explicit tool; a local dependency's version is null (`agpm install` v0.4.14)
    assert result.body == ".agpm/snippets/base.md \n"


def test_a_dependency_installs_for_its_parents_tool(make_project: MakeProject) -> None:
    # tests/integration/transitive/tool_inheritance.rs: a transitive dependency without
    # `tool` inherits its parent's (a snippet of a Claude Code agent goes under .claude)
    agent = templated(
        "dependencies:\n  snippets:\n    - path: ../../snippets/best-practices/base.md\n",
        "{{ agpm.deps.snippets.base.install_path }} {{ agpm.deps.snippets.base.type }}\n",
    )
    files = {
        "agents/claude-code/a.md": agent,
        "agents/opencode/o.md": agent,
        "snippets/best-practices/base.md": "B",
    }
    project = Project.open(make_project(files))
    cc = render_agent(project, "agents/claude-code/a.md")
    assert cc.body == ".claude/snippets/agpm/best-practices/base.md snippet\n"
    oc = render_agent(project, "agents/opencode/o.md")
    assert oc.body == ".opencode/snippet/agpm/snippets/best-practices/base.md snippet\n"


def test_a_templating_off_dependency_whose_frontmatter_fails_is_an_error(
    make_project: MakeProject,
) -> None:
    agent = templated(
        "dependencies:\n  snippets:\n    - path: ../s.md\n", "{{ agpm.deps.snippets.s.content }}\n"
    )
    snippet = "---\ntitle: {{ agpm.project.nope }}\n---\nSnippet body\n"
    result = render_agent(
        Project.open(make_project({"agents/a.md": agent, "s.md": snippet})), "agents/a.md"
    )
    # AGPM's resolver renders every frontmatter, templating on or off, and fails there
    # (src/markdown/frontmatter.rs test_frontmatter_templating_template_error)
    assert not result.ok and result.output is None
    [diag] = result.diagnostics
    assert (diag.path, diag.line, diag.severity.value) == ("s.md", 2, "error")


def test_a_templating_on_dependency_whose_frontmatter_fails_is_an_error(
    make_project: MakeProject,
) -> None:
    agent = templated(
        "dependencies:\n  snippets:\n    - path: ../s.md\n", "{{ agpm.deps.snippets.s.content }}\n"
    )
    snippet = "---\nagpm:\n  templating: true\ntitle: {{ agpm.project.nope }}\n---\nSnippet body\n"
    result = render_agent(
        Project.open(make_project({"agents/a.md": agent, "s.md": snippet})), "agents/a.md"
    )
    assert not result.ok
    [diag] = result.diagnostics
    assert (diag.path, diag.line, diag.column) == ("s.md", 4, 11)
