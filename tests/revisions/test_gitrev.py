"""GitRevisionSource and changed_paths on real repositories made in tmp_path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from agent_workbench.model.project import Project
from agent_workbench.model.sources import (
    REASON_DIRECTORY,
    REASON_MISSING,
    REASON_OUTSIDE,
    REASON_TOO_LARGE,
    SourceError,
    WorkingTreeSource,
)
from agent_workbench.revisions.gitrev import GitError, GitRevisionSource, changed_paths, locate
from git_helpers import commit_all, git, init_repo, write

FILES = {
    "agpm.toml": '[project]\nlanguage = "python"\n',
    "agents/reviewer.md": "---\nname: reviewer\n---\nReview carefully.\n",
    "agents/claude-code/deep/nested.md": "---\nname: nested\n---\nBody\r\nwith CRLF\r\n",
    "snippets/python.md": "Use type hints.",
    "docs/guide.txt": "guide\n",
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = init_repo(tmp_path / "repo")
    write(root, FILES)
    commit_all(root, "first")
    return root


def test_reads_the_revision_not_the_working_tree(repo: Path) -> None:
    (repo / "agents/reviewer.md").write_text("---\nname: reviewer\n---\nChanged on disk.\n")
    (repo / "snippets/python.md").unlink()
    status_before = git(repo, "status", "--porcelain")
    with GitRevisionSource(repo, "HEAD") as source:
        assert source.read_bytes("agents/reviewer.md") == FILES["agents/reviewer.md"].encode()
        assert source.read_bytes("snippets/python.md") == b"Use type hints."
        assert source.label == "HEAD"
    # Nothing on disk or in the index moved.
    assert (
        repo / "agents/reviewer.md"
    ).read_text() == "---\nname: reviewer\n---\nChanged on disk.\n"
    assert not (repo / "snippets/python.md").exists()
    assert git(repo, "status", "--porcelain") == status_before


def test_agrees_with_the_working_tree_on_a_clean_checkout(repo: Path) -> None:
    (repo / "agents/link.md").symlink_to("reviewer.md")
    (repo / "shared").symlink_to("snippets")
    commit_all(repo, "links")
    disk = WorkingTreeSource(repo)
    rev = GitRevisionSource(repo, "HEAD")
    assert list(rev.walk_files()) == [p for p in disk.walk_files() if not p.startswith(".git/")]
    for rel in [*FILES, "agents/link.md", "shared/python.md"]:
        assert rev.read_bytes(rel) == disk.read_bytes(rel), rel
        assert rev.is_file(rel) and not rev.is_dir(rel)
    for folder in ["", "agents", "agents/claude-code", "shared"]:
        assert rev.list_dir(folder) == [n for n in disk.list_dir(folder) if n != ".git"]
        assert rev.is_dir(folder)
    assert list(rev.walk_files("agents/claude-code")) == ["agents/claude-code/deep/nested.md"]
    assert list(rev.walk_files("agents/reviewer.md")) == ["agents/reviewer.md"]
    rev.close()


def test_older_revisions_and_commit_ids(repo: Path) -> None:
    first = git(repo, "rev-parse", "HEAD").strip()
    write(repo, {"snippets/python.md": "Use type hints everywhere."})
    commit_all(repo, "second")
    assert GitRevisionSource(repo, "HEAD~1").read_bytes("snippets/python.md") == b"Use type hints."
    assert GitRevisionSource(repo, first[:10]).commit == first
    assert GitRevisionSource(repo, "HEAD").read_bytes("snippets/python.md").endswith(b"everywhere.")


def test_missing_directory_and_size_errors(repo: Path) -> None:
    source = GitRevisionSource(repo, "HEAD")
    with pytest.raises(SourceError) as missing:
        source.read_bytes("snippets/rust.md")
    assert missing.value.reason == REASON_MISSING and "HEAD" in missing.value.message
    with pytest.raises(SourceError) as folder:
        source.read_bytes("agents")
    assert folder.value.reason == REASON_DIRECTORY
    with pytest.raises(SourceError) as big:
        source.read_bytes("agents/reviewer.md", max_bytes=4)
    assert big.value.reason == REASON_TOO_LARGE
    assert (
        not source.is_file("nope.md")
        and not source.is_dir("nope")
        and source.list_dir("nope") == []
    )


def test_project_in_a_subfolder_is_confined_to_it(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "mono")
    write(repo, {"secret.txt": "top secret", "tools/agents/x.md": "x", "tools/agpm.toml": ""})
    (repo / "tools/agents/escape.md").symlink_to("../../secret.txt")
    (repo / "tools/agents/inside.md").symlink_to("x.md")
    commit_all(repo)
    where = locate(repo / "tools")
    assert where.repo_root == Path(os.path.realpath(repo)) and where.prefix == "tools"
    source = GitRevisionSource.for_project(repo / "tools", "HEAD")
    assert source.list_dir("") == ["agents", "agpm.toml"]
    assert source.read_bytes("agents/inside.md") == b"x"
    for bad in ["../secret.txt", "agents/escape.md", "/etc/passwd"]:
        with pytest.raises(SourceError) as refused:
            source.read_bytes(bad)
        assert refused.value.reason == REASON_OUTSIDE, bad
    assert not source.is_file("agents/escape.md")


def test_absolute_symlink_is_refused(repo: Path) -> None:
    (repo / "agents/abs.md").symlink_to(repo / "agents/reviewer.md")
    commit_all(repo)
    with pytest.raises(SourceError) as refused:
        GitRevisionSource(repo, "HEAD").read_bytes("agents/abs.md")
    assert refused.value.reason == REASON_OUTSIDE


def test_checkout_filters_apply_so_unchanged_files_read_the_same(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "eol")
    write(repo, {".gitattributes": "*.md text eol=crlf\n", "agents/a.md": "one\ntwo\n"})
    commit_all(repo)
    (repo / "agents/a.md").unlink()
    git(repo, "checkout", "--", "agents/a.md")
    on_disk = (repo / "agents/a.md").read_bytes()
    assert on_disk == b"one\r\ntwo\r\n"
    assert GitRevisionSource(repo, "HEAD").read_bytes("agents/a.md") == on_disk
    assert "agents/a.md" not in changed_paths(repo, "HEAD")


def test_autocrlf_checkout_is_matched(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "win")
    write(repo, {"agents/a.md": "one\ntwo\n", "agents/mixed.md": "x\r\ny\n"})
    commit_all(repo)
    git(repo, "config", "core.autocrlf", "true")
    for name in ["a.md", "mixed.md"]:
        (repo / "agents" / name).unlink()
    git(repo, "checkout", "--", "agents")
    source = GitRevisionSource(repo, "HEAD")
    for name in ["a.md", "mixed.md"]:
        assert source.read_bytes(f"agents/{name}") == (repo / "agents" / name).read_bytes()
    assert (repo / "agents/a.md").read_bytes() == b"one\r\ntwo\r\n"


def test_project_reads_its_config_at_the_revision(repo: Path) -> None:
    write(repo, {"agpm.toml": '[project]\nlanguage = "rust"\n'})
    project = Project.open(repo)
    assert project.default_language == "rust"
    at_head = project.with_source(GitRevisionSource(repo, "HEAD"))
    assert at_head.default_language == "python"
    assert at_head.root == project.root


def test_changed_paths_lists_every_kind_of_change(repo: Path) -> None:
    write(repo, {".gitignore": "*.log\n"})
    commit_all(repo, "ignore logs")
    write(repo, {"snippets/python.md": "changed", "agents/new.md": "new", "debug.log": "noise"})
    (repo / "docs/guide.txt").unlink()
    write(repo, {"agents/staged.md": "staged"})
    git(repo, "add", "agents/staged.md")
    assert changed_paths(repo, "HEAD") == {
        "snippets/python.md",
        "agents/new.md",
        "docs/guide.txt",
        "agents/staged.md",
    }
    # Against the first commit, .gitignore is new too.
    assert ".gitignore" in changed_paths(repo, "HEAD~1")
    # Touching a file without changing it is not a change.
    (repo / "agents/reviewer.md").write_text(FILES["agents/reviewer.md"])
    assert "agents/reviewer.md" not in changed_paths(repo, "HEAD")


def test_changed_paths_are_project_relative(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "mono")
    write(repo, {"outside.md": "a", "proj/agents/x.md": "x", "proj/agpm.toml": ""})
    commit_all(repo)
    write(repo, {"outside.md": "b", "proj/agents/x.md": "y", "proj/agents/u.md": "u"})
    assert changed_paths(repo, "HEAD", "proj") == {"agents/x.md", "agents/u.md"}


def test_clear_errors(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(GitError, match="not inside a git repository"):
        GitRevisionSource.for_project(plain, "HEAD")
    empty = init_repo(tmp_path / "empty")
    with pytest.raises(GitError, match="no commits yet"):
        GitRevisionSource(empty, "HEAD")
    write(empty, {"a.md": "a"})
    commit_all(empty)
    with pytest.raises(GitError, match=r"unknown revision 'v9\.9'"):
        GitRevisionSource(empty, "v9.9")
    with pytest.raises(GitError, match="invalid revision"):
        GitRevisionSource(empty, "--output=/tmp/x")
    with pytest.raises(GitError, match="unknown revision"):
        changed_paths(empty, "nope")


def test_project_missing_at_the_revision_is_empty(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "r")
    write(repo, {"README": "r"})
    commit_all(repo)
    write(repo, {"proj/agents/x.md": "x"})
    source = GitRevisionSource.for_project(repo / "proj", "HEAD")
    assert list(source.walk_files()) == [] and not source.is_file("agents/x.md")


def test_reading_after_close_restarts_git(repo: Path) -> None:
    source = GitRevisionSource(repo, "HEAD")
    assert source.read_bytes("docs/guide.txt") == b"guide\n"
    source.close()
    assert source.read_bytes("snippets/python.md") == b"Use type hints."
    source.close()
