"""Project root discovery, agpm.toml variables and resource discovery."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from agent_workbench.model.flavour import Flavour, detect_flavour, install_path, resource_type
from agent_workbench.model.project import Project, find_root
from conftest import SHARED, requires_shared


def test_root_is_the_nearest_ancestor_with_agpm_toml(make_project) -> None:
    root = make_project({"agents/claude-code/a.md": "---\nname: a\n---\n"})
    assert find_root(root / "agents" / "claude-code" / "a.md") == root.resolve()
    assert find_root(root / "agents", explicit=root / "agents") == (root / "agents").resolve()


def test_root_falls_back_to_the_current_directory(tmp_path: Path, monkeypatch) -> None:
    inside = tmp_path / "cwd" / "agents"
    inside.mkdir(parents=True)
    (inside / "a.md").write_text("x")
    monkeypatch.chdir(tmp_path / "cwd")
    assert find_root(inside / "a.md") == (tmp_path / "cwd").resolve()


def test_a_file_outside_the_current_directory_is_its_own_project(
    tmp_path: Path, monkeypatch
) -> None:
    # issue 10: no agpm.toml above it and not under the cwd: its folder is the root
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    (lonely / "a.md").write_text("x")
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert find_root(lonely / "a.md") == lonely.resolve()


def test_project_variables_and_default_language(make_project) -> None:
    root = make_project(
        {"agpm.toml": '[project]\nlanguage = "rust"\n[project.paths]\nstyle = "docs/s.md"\n'}
    )
    project = Project.open(root)
    assert project.default_language == "rust"
    assert project.variables == {"language": "rust", "paths": {"style": "docs/s.md"}}
    project.variables["language"] = "go"  # a copy: callers cannot corrupt the project
    assert project.default_language == "rust"


def test_broken_agpm_toml_is_a_diagnostic_with_its_line(make_project) -> None:
    root = make_project({"agpm.toml": '[project]\nlanguage = "rust\n'})
    project = Project.open(root)
    assert project.config == {}
    (diag,) = project.diagnostics
    assert diag.path == "agpm.toml" and diag.line == 2 and diag.is_error


def test_resources_are_markdown_in_resource_folders(make_project) -> None:
    root = make_project(
        {
            "agents/claude-code/a.md": "---\nname: a\n---\n",
            "agents/opencode/b.md": "---\nmode: primary\n---\n",
            "snippets/x/python.md": "text",
            "agents/README.md": "docs",
            "docs/guide.md": "---\ntitle: not an agent\n---\n",
            "notes.txt": "",
        }
    )
    project = Project.open(root)
    assert project.resources() == [
        "agents/claude-code/a.md",
        "agents/opencode/b.md",
        "snippets/x/python.md",
    ]
    # A folder named explicitly takes any Markdown with frontmatter.
    assert project.resources(["docs"]) == ["docs/guide.md"]


def test_relative_paths_through_symlinked_roots(make_project, tmp_path: Path) -> None:
    root = make_project({"agents/a.md": "x"})
    link = tmp_path / "link"
    os.symlink(root, link)
    project = Project.open(link)
    assert project.rel(link / "agents" / "a.md") == "agents/a.md"


@pytest.mark.parametrize(
    ("rel", "fields", "flavour", "installed"),
    [
        ("agents/claude-code/x.md", {}, Flavour.CLAUDE_CODE, ".claude/agents/agpm/x.md"),
        ("agents/opencode/x.md", {"name": "x"}, Flavour.OPENCODE, ".opencode/agent/agpm/x.md"),
        ("agents/x.md", {"mode": "subagent"}, Flavour.OPENCODE, ".opencode/agent/agpm/x.md"),
        (
            "agents/x.md",
            {"name": "x", "description": "d"},
            Flavour.CLAUDE_CODE,
            ".claude/agents/agpm/x.md",
        ),
        (
            "snippets/best-practices/python.md",
            {},
            Flavour.SNIPPET,
            ".agpm/snippets/best-practices/python.md",
        ),
        ("opencode/command/c.md", {}, Flavour.OPENCODE_COMMAND, ".opencode/command/agpm/c.md"),
    ],
)
def test_flavour_from_folder_then_fields(rel, fields, flavour, installed) -> None:
    # install paths: AGPM v0.4.14's default tools (src/manifest/tool_config.rs) and
    # compute_relative_install_path (src/utils/platform.rs); agents and commands flatten,
    # snippets keep their folders below the one the tool's folder already names
    assert detect_flavour(rel, fields) is flavour
    assert install_path(rel, flavour) == installed


def test_resource_type_from_innermost_folder() -> None:
    assert resource_type("snippets/agents/x.md") == "agent"
    assert resource_type("claude-code/commands/x.md") == "command"


@requires_shared
def test_discovers_every_resource_of_the_agpm_library() -> None:
    project = Project.open(SHARED / "corpus" / "agpm-resources")
    found = project.resources()
    on_disk = [
        p
        for p in project.root.rglob("*.md")
        if any(
            part in {"agents", "snippets", "commands"} for part in p.relative_to(project.root).parts
        )
    ]
    assert len(found) == len(on_disk) > 50
