"""The dependency graph: which renders a change on disk makes stale."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from agent_workbench.follow.dependency_graph import DependencyGraph
from conftest import GUIDE_AGENT


def test_snippet_change_affects_only_its_readers_for_that_language() -> None:
    graph = DependencyGraph()
    graph.update("agents/a.md", "python", {"agents/a.md", "snippets/python.md"})
    graph.update("agents/a.md", "rust", {"agents/a.md", "snippets/rust.md"})
    graph.update("agents/b.md", "python", {"agents/b.md", "snippets/python.md", "docs/x.md"})
    graph.update("agents/c.md", "python", {"agents/c.md"})

    assert graph.affected_by(["snippets/python.md"]) == {
        ("agents/a.md", "python"),
        ("agents/b.md", "python"),
    }
    assert graph.affected_by(["snippets/rust.md"]) == {("agents/a.md", "rust")}
    assert graph.affected_by(["docs/x.md", "agents/c.md"]) == {
        ("agents/b.md", "python"),
        ("agents/c.md", "python"),
    }
    assert graph.agents_affected_by(["snippets/python.md"]) == {"agents/a.md", "agents/b.md"}
    assert graph.affected_by([]) == set()


def test_agpm_toml_affects_everything() -> None:
    graph = DependencyGraph()
    graph.update("agents/a.md", "python", {"snippets/python.md"})
    graph.update("agents/b.md", None, set())
    assert graph.affected_by(["agpm.toml"]) == {("agents/a.md", "python"), ("agents/b.md", None)}


def test_the_agent_file_itself_always_counts_even_if_not_reported() -> None:
    graph = DependencyGraph()
    graph.update("agents/a.md", "python", {"snippets/x.md"})
    assert graph.affected_by(["agents/a.md"]) == {("agents/a.md", "python")}


def test_re_render_replaces_the_previous_reads_incrementally() -> None:
    graph = DependencyGraph()
    graph.update("agents/a.md", "python", {"snippets/old.md"})
    graph.update("agents/a.md", "python", {"snippets/new.md"})
    assert graph.affected_by(["snippets/old.md"]) == set()
    assert graph.affected_by(["snippets/new.md"]) == {("agents/a.md", "python")}
    assert "snippets/old.md" not in graph.watched_files()
    assert graph.files_read("agents/a.md", "python") == {"agents/a.md", "snippets/new.md"}


def test_failed_render_is_retried_when_any_new_file_appears() -> None:
    graph = DependencyGraph()
    graph.update("agents/ok.md", "python", {"snippets/a.md"})
    # It failed because snippets/missing.md does not exist: that read is not reported.
    graph.update("agents/broken.md", "python", {"agents/broken.md"}, ok=False)
    assert graph.affected_by(["snippets/missing.md"]) == {("agents/broken.md", "python")}
    # A known file changing does not drag in unrelated failures.
    assert graph.affected_by(["snippets/a.md"]) == {("agents/ok.md", "python")}
    # Once it renders fine, it is no longer a catch-all.
    graph.update("agents/broken.md", "python", {"agents/broken.md", "snippets/missing.md"})
    assert graph.affected_by(["snippets/other.md"]) == set()


def test_forget_and_rename() -> None:
    graph = DependencyGraph()
    graph.update("agents/a.md", "python", {"snippets/s.md"})
    graph.update("agents/a.md", "rust", {"snippets/s.md"})
    graph.forget("agents/a.md", "rust")
    assert graph.affected_by(["snippets/s.md"]) == {("agents/a.md", "python")}

    graph.rename_agent("agents/a.md", "agents/renamed.md")
    assert graph.affected_by(["snippets/s.md"]) == {("agents/renamed.md", "python")}
    assert graph.affected_by(["agents/renamed.md"]) == {("agents/renamed.md", "python")}
    assert graph.affected_by(["agents/a.md"]) == set()

    graph.forget("agents/renamed.md")
    assert len(graph) == 0
    assert graph.watched_files() == frozenset()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_reads_through_a_symlink_are_indexed_under_the_real_file(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "real.md").write_text("x")
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "link.md").symlink_to(tmp_path / "shared" / "real.md")
    graph = DependencyGraph(tmp_path)
    graph.update("agents/a.md", "python", {"snippets/link.md"})
    # The watcher reports the file that changed on disk: the symlink's target.
    assert graph.affected_by(["shared/real.md"]) == {("agents/a.md", "python")}
    assert graph.affected_by(["snippets/link.md"]) == {("agents/a.md", "python")}


def test_graph_fed_by_real_renders(make_project: Callable[..., Path]) -> None:
    from agent_workbench.model.project import Project
    from agent_workbench.templating.render import RenderOptions, render_agent

    root = make_project(
        {
            "agents/a.md": GUIDE_AGENT,
            "agents/plain.md": "---\ndescription: plain\n---\nNo deps\n",
            "snippets/python.md": "Use type hints.\n",
            "snippets/rust.md": "Use clippy.\n",
        }
    )
    project = Project.open(root)
    graph = DependencyGraph(root)
    for language in ("python", "rust"):
        for rel in ("agents/a.md", "agents/plain.md"):
            graph.record(render_agent(project, rel, RenderOptions(language=language)))

    assert graph.affected_by(["snippets/rust.md"]) == {("agents/a.md", "rust")}
    assert graph.agents_affected_by(["agents/plain.md"]) == {"agents/plain.md"}
    assert len(graph.affected_by(["agpm.toml"])) == 4

    # A dependency that does not exist yet is watched for: creating it re-renders the agent.
    (root / "agents/a.md").write_text(GUIDE_AGENT.replace("{{ agpm.project.language }}", "go"))
    result = render_agent(project, "agents/a.md", RenderOptions(language="python"))
    assert not result.ok
    graph.record(result)
    assert ("agents/a.md", "python") in graph.affected_by(["snippets/go.md"])
