"""A project inside a git worktree: AGPM v0.4.14 reads a repository-relative dependency
path from the worktree's root (the nearest ancestor whose .git is a file;
resolve_repo_relative_path, src/resolver/transitive_resolver.rs; checked with
`agpm install` in a `git worktree`); the workbench renders as a clone installs and warns
at the dependency's line."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import no_traceback
from conftest import run_cli
from git_helpers import commit_all, git, init_repo, write

AGENT = (
    "---\ndescription: N\nagpm:\n  templating: true\ndependencies:\n  snippets:\n"
    "    - path: snippets/x.md\n      install: false\n---\n{{ agpm.deps.snippets.x.content }}\n"
)


def test_a_worktree_root_above_the_base_folder_is_warned_about(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    write(
        repo,
        {
            "proj/agpm.toml": '[agents]\nn = { path = "agents/sub/n.md" }\n',
            "proj/agents/sub/n.md": AGENT,
            "proj/agents/snippets/x.md": "AGENTS-SNIPPET\n",
            "snippets/x.md": "ROOT-SNIPPET\n",
        },
    )
    commit_all(repo)
    git(repo, "worktree", "add", "-q", str(tmp_path / "wt"))
    for checkout, warned in ((repo, False), (tmp_path / "wt", True)):
        proc = run_cli("render", "agents/sub/n.md", "--body-only", cwd=checkout / "proj")
        no_traceback(proc)
        assert (proc.returncode, proc.stdout) == (0, "AGENTS-SNIPPET\n"), proc.stderr
        assert ("agents/sub/n.md:7:13: warning: " in proc.stderr) is warned, proc.stderr
    assert str(tmp_path / "wt") in proc.stderr
