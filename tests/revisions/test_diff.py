"""Rendered diffs on real git repositories: what a snippet, a project file or agpm.toml
change does to every agent that depends on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_workbench.model.project import Project
from agent_workbench.model.sources import OverlaySource
from agent_workbench.revisions.gitrev import GitError
from agent_workbench.revisions.rendered_diff import (
    ERROR_PREFIX,
    DiffPathError,
    Status,
    agents_under,
    diff_agent_revision,
    diff_language_pair,
    diff_languages,
    diff_renders,
    diff_revision,
)
from agent_workbench.templating.render import render_agent
from agent_workbench.tokens.counting import count_tokens
from diff_fixtures import DEPENDENT, FILES, make_repo
from git_helpers import commit_all, git, init_repo, write

PY_SNIPPET = "snippets/best-practices/python-best-practices.md"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def _paths(report) -> list[str]:
    return [d.rel for d in report.diffs]


@pytest.mark.usefixtures("fast_paths_on")  # counts skipped renders
def test_nothing_changed_means_no_diff_and_no_renders(repo: Path) -> None:
    report = diff_revision(Project.open(repo), "HEAD")
    assert report.diffs == [] and not report.changed
    assert report.agents == 4
    # Nothing any agent can read changed: no agent is rendered on either side.
    assert report.renders == 0 and report.skipped == report.unrendered == 4


@pytest.mark.usefixtures("fast_paths_on")  # counts skipped renders
def test_a_snippet_change_shows_every_dependent_agent(repo: Path) -> None:
    write(
        repo, {PY_SNIPPET: "---\ntitle: py\n---\nUse type hints.\nPrefer pathlib over os.path.\n"}
    )
    status = git(repo, "status", "--porcelain")
    report = diff_revision(Project.open(repo), "HEAD")
    assert _paths(report) == DEPENDENT
    for item in report.diffs:
        assert item.status is Status.MODIFIED
        assert item.title == f"{item.rel} (python)"
        lines = item.unified_lines()
        assert lines[0] == f"--- a/{item.rel} (python)"
        assert lines[1] == f"+++ b/{item.rel} (python)"
        assert "-Prefer pathlib." in lines and "+Prefer pathlib over os.path." in lines
        assert (item.added, item.removed) == (1, 1)
        old_out, new_out = item.old.output, item.new.output
        assert old_out is not None and new_out is not None
        assert item.token_delta == count_tokens(new_out) - count_tokens(old_out) > 0
    # The agents that cannot be affected were not rendered at all; the two that read
    # the snippet were rendered on both sides.
    assert report.skipped == report.unrendered == 2 and report.renders == 4
    # The working tree and the index are untouched.
    assert git(repo, "status", "--porcelain") == status


def test_word_spans_mark_the_changed_words(repo: Path) -> None:
    write(repo, {"snippets/shared/review.md": "Review the patch line by line.\n"})
    item = diff_revision(Project.open(repo), "HEAD", ["agents/claude-code/api.md"]).diffs[0]
    changed = [line for hunk in item.text.hunks for line in hunk.lines if line.kind != " "]
    old, new = changed
    assert [old.text[a:b] for a, b in old.spans] == ["diff"]
    assert [new.text[a:b] for a, b in new.spans] == ["patch"]
    rows = item.text.rows()
    assert rows[0].header is not None and rows[0].header.startswith("@@")
    assert any(r.left is old and r.right is new for r in rows)


def test_a_content_filter_target_change_shows(repo: Path) -> None:
    write(repo, {"docs/style.md": "# Style\n\nShort sentences. Active voice.\n"})
    report = diff_revision(Project.open(repo), "HEAD")
    assert _paths(report) == ["agents/claude-code/styled.md"]
    assert "+Short sentences. Active voice." in report.diffs[0].unified_lines()


def test_an_agpm_toml_language_change_shows_both_languages(repo: Path) -> None:
    write(repo, {"agpm.toml": FILES["agpm.toml"].replace("python", "rust")})
    report = diff_revision(Project.open(repo), "HEAD")
    # agpm.toml affects every agent: all are rendered at HEAD; only templated ones differ.
    assert report.skipped == 0
    assert _paths(report) == DEPENDENT
    item = report.diffs[0]
    assert item.title == f"{item.rel} (python → rust)"
    lines = item.unified_lines()
    assert lines[:2] == [f"--- a/{item.rel} (python)", f"+++ b/{item.rel} (rust)"]
    assert "+Run clippy." in lines and "-Use type hints." in lines


def test_explicit_language_renders_both_sides_with_it(repo: Path) -> None:
    write(repo, {"snippets/best-practices/rust-best-practices.md": "Run clippy -D warnings.\n"})
    project = Project.open(repo)
    assert diff_revision(project, "HEAD").diffs == []  # python agents do not read it
    report = diff_revision(project, "HEAD", language="rust")
    assert _paths(report) == DEPENDENT
    assert report.diffs[0].title.endswith("(rust)")


def test_a_render_error_on_one_side_shows_in_its_place(repo: Path) -> None:
    broken = FILES["agents/claude-code/backend.md"].replace(
        "for {{ agpm.project.language }}", "for {{ agpm.project.langauge }}"
    )
    write(
        repo, {"agents/claude-code/backend.md": broken, "snippets/shared/review.md": "Review it.\n"}
    )
    report = diff_revision(Project.open(repo), "HEAD")
    assert _paths(report) == DEPENDENT  # the rest of the diff goes on
    backend = report.diffs[1]
    assert backend.rel == "agents/claude-code/backend.md"
    assert backend.new.failed and not backend.old.failed
    assert backend.token_delta is None
    added = [
        line
        for line in backend.unified_lines()
        if line.startswith("+") and not line.startswith("+++")
    ]
    assert len(added) == 1 and added[0].startswith("+" + ERROR_PREFIX)
    assert "agents/claude-code/backend.md:" in added[0] and "langauge" in added[0]
    assert "language" in added[0]  # the suggestion comes along
    assert report.diffs[0].new.output is not None


def test_added_and_removed_agents(repo: Path) -> None:
    (repo / "agents/opencode/plain.md").unlink()
    write(
        repo, {"agents/opencode/fresh.md": "---\ndescription: new\nmode: subagent\n---\nHello.\n"}
    )
    report = diff_revision(Project.open(repo), "HEAD")
    by_path = {d.rel: d for d in report.diffs}
    assert set(by_path) == {"agents/opencode/plain.md", "agents/opencode/fresh.md"}
    fresh, plain = by_path["agents/opencode/fresh.md"], by_path["agents/opencode/plain.md"]
    assert fresh.status is Status.ADDED and plain.status is Status.REMOVED
    assert fresh.unified_lines()[:3] == [
        "--- /dev/null",
        "+++ b/agents/opencode/fresh.md (python)",
        "@@ -0,0 +1,5 @@",
    ]
    assert plain.unified_lines()[:2] == ["--- a/agents/opencode/plain.md (python)", "+++ /dev/null"]
    assert plain.removed == 5 and plain.added == 0
    assert fresh.tokens("old") == 0 and fresh.token_delta == fresh.tokens("new")


def test_a_dependency_that_resolves_to_a_new_file(repo: Path) -> None:
    # At HEAD the project language has no snippet: dependent agents fail to render.
    write(repo, {"agpm.toml": FILES["agpm.toml"].replace("python", "golang")})
    commit_all(repo, "switch to go")
    write(repo, {"snippets/best-practices/golang-best-practices.md": "Run go vet.\n"})
    report = diff_revision(Project.open(repo), "HEAD")
    assert _paths(report) == DEPENDENT
    for item in report.diffs:
        assert item.old.failed and not item.new.failed
        assert "+Run go vet." in item.unified_lines()


def test_a_deleted_dependency_fails_the_working_tree_side(repo: Path) -> None:
    (repo / "snippets/shared/review.md").unlink()
    report = diff_revision(Project.open(repo), "HEAD")
    assert _paths(report) == DEPENDENT
    assert all(d.new.failed and not d.old.failed for d in report.diffs)


def test_an_ignored_file_read_only_in_the_working_tree(repo: Path) -> None:
    write(repo, {".gitignore": "local/\n"})
    commit_all(repo, "ignore local")
    write(repo, {"agpm.toml": FILES["agpm.toml"].replace("docs/style.md", "local/style.md")})
    commit_all(repo, "styleguide is local")
    write(repo, {"local/style.md": "Local rules.\n"})
    report = diff_revision(Project.open(repo), "HEAD")
    # At HEAD the file is not in the tree, so the agent failed there; it must not be skipped.
    assert _paths(report) == ["agents/claude-code/styled.md"]
    assert report.diffs[0].old.failed


def test_a_symlinked_dependency_follows_its_target(repo: Path) -> None:
    (repo / "snippets/shared/review.md").unlink()
    write(repo, {"snippets/shared/real-review.md": "Review the diff line by line.\n"})
    (repo / "snippets/shared/review.md").symlink_to("real-review.md")
    commit_all(repo, "symlinked snippet")
    write(repo, {"snippets/shared/real-review.md": "Review every line.\n"})
    assert _paths(diff_revision(Project.open(repo), "HEAD")) == DEPENDENT


def test_paths_limit_the_diff_and_unknown_paths_are_refused(repo: Path) -> None:
    write(repo, {"snippets/shared/review.md": "Review it.\n"})
    project = Project.open(repo)
    report = diff_revision(project, "HEAD", ["agents/claude-code/backend.md"])
    assert _paths(report) == ["agents/claude-code/backend.md"] and report.agents == 1
    assert _paths(diff_revision(project, "HEAD", ["agents/opencode"])) == []
    with pytest.raises(DiffPathError, match="agents/nope"):
        diff_revision(project, "HEAD", ["agents/nope"])
    # Snippets are reached through agents; named explicitly, one is diffed too.
    assert "snippets/shared/review.md" not in agents_under(project)
    assert _paths(diff_revision(project, "HEAD", ["snippets/shared/review.md"])) == [
        "snippets/shared/review.md"
    ]


def test_older_revisions_and_errors(repo: Path) -> None:
    write(repo, {"snippets/shared/review.md": "Second version.\n"})
    commit_all(repo, "second")
    project = Project.open(repo)
    assert diff_revision(project, "HEAD").diffs == []
    assert _paths(diff_revision(project, "HEAD~1")) == DEPENDENT
    with pytest.raises(GitError, match="unknown revision"):
        diff_revision(project, "no-such-tag")


def test_project_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "mono")
    write(repo, {"README.md": "monorepo\n"})
    make_repo(repo / "prompts")
    write(repo, {"README.md": "changed\n", "prompts/snippets/shared/review.md": "Check tests.\n"})
    report = diff_revision(Project.open(repo / "prompts"), "HEAD")
    assert _paths(report) == DEPENDENT


def test_all_languages_shows_every_language_of_every_dependent_agent(repo: Path) -> None:
    write(repo, {"snippets/shared/review.md": "Review the diff twice.\n"})
    report = diff_revision(Project.open(repo), "HEAD", all_languages=True)
    assert sorted(d.title for d in report.diffs) == [
        "agents/claude-code/api.md (python)",
        "agents/claude-code/api.md (rust)",
        "agents/claude-code/backend.md (python)",
        "agents/claude-code/backend.md (rust)",
    ]


def test_all_languages_with_a_new_language_snippet(repo: Path) -> None:
    write(repo, {"snippets/best-practices/golang-best-practices.md": "Run go vet.\n"})
    report = diff_revision(Project.open(repo), "HEAD", all_languages=True)
    assert sorted(d.title for d in report.diffs) == [
        "agents/claude-code/api.md (golang)",
        "agents/claude-code/backend.md (golang)",
    ]
    assert all(d.status is Status.MODIFIED or d.old.present is False for d in report.diffs)


def test_diff_languages(repo: Path) -> None:
    project = Project.open(repo)
    item = diff_languages(project, "agents/claude-code/backend.md", "python", "rust")
    assert item.title == "agents/claude-code/backend.md (python → rust)"
    lines = item.unified_lines()
    assert "-Use type hints." in lines and "+Run clippy." in lines
    assert diff_languages(project, "agents/opencode/plain.md", "python", "rust").changed is False
    report = diff_language_pair(project, ["agents"], "python", "rust")
    assert _paths(report) == DEPENDENT and report.old_label == "python"


def test_unsaved_buffer_against_saved_file(repo: Path) -> None:
    project = Project.open(repo)
    rel = "agents/claude-code/backend.md"
    buffer = FILES[rel].replace("You are the", "You are the careful")
    buffered = project.with_source(OverlaySource(project.source, {rel: buffer.encode()}))
    item = diff_renders(project, buffered, rel)
    assert [
        line for line in item.unified_lines() if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ] == [
        "-You are the backend agent for python.",
        "+You are the careful backend agent for python.",
    ]
    same = diff_renders(project, project, rel, new_text=FILES[rel])
    assert not same.changed


def test_one_agent_against_a_revision_with_unsaved_text(repo: Path) -> None:
    rel = "agents/claude-code/api.md"
    project = Project.open(repo)
    assert not diff_agent_revision(project, rel, "HEAD").changed
    text = FILES[rel] + "One more line.\n"
    item = diff_agent_revision(project, rel, "HEAD", text=text)
    assert item.changed and item.added == 1 and item.old.label == "HEAD"
    new = render_agent(project, rel, text=text)
    assert item.new.output == new.output
