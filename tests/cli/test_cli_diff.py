"""``workbench diff`` end to end: real git repositories, real subprocesses."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import run_cli
from diff_fixtures import DEPENDENT, FILES, make_repo
from git_helpers import write

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def _ok(proc, code: int = 0) -> str:
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    return proc.stdout


def test_a_snippet_change_diffs_every_dependent_agent(repo: Path) -> None:
    write(repo, {"snippets/shared/review.md": "Review the patch line by line.\n"})
    out = _ok(run_cli("diff", cwd=repo))
    for rel in DEPENDENT:
        assert f"--- a/{rel} (python)\n+++ b/{rel} (python)\n" in out
    assert out.count("-Review the diff line by line.") == 2
    assert out.count("+Review the patch line by line.") == 2
    assert re.search(r"^tokens: [\d,]+ → [\d,]+ \([+-]?\d+\) \[o200k_base\]$", out, re.M)
    assert "styled.md" not in out and "plain.md" not in out
    assert ANSI.search(out) is None  # not a terminal: no colour


def test_all_languages(repo: Path) -> None:
    write(repo, {"snippets/shared/review.md": "Review twice.\n"})
    out = _ok(run_cli("diff", "--rev", "HEAD", "--all-languages", cwd=repo))
    headers = re.findall(r"^\+\+\+ b/(.*)$", out, re.M)
    assert sorted(headers) == sorted(
        f"{rel} ({lang})" for rel in DEPENDENT for lang in ("python", "rust")
    )


def test_agpm_toml_language_change(repo: Path) -> None:
    write(repo, {"agpm.toml": FILES["agpm.toml"].replace("python", "rust")})
    out = _ok(run_cli("diff", cwd=repo))
    rel = DEPENDENT[0]
    assert f"--- a/{rel} (python)\n+++ b/{rel} (rust)\n" in out
    assert "+Run clippy." in out and "-Use type hints." in out


def test_exit_code(repo: Path) -> None:
    assert _ok(run_cli("diff", "--exit-code", cwd=repo)) == ""
    write(repo, {"docs/style.md": "Be brief.\n"})
    out = _ok(run_cli("diff", "--exit-code", cwd=repo), 1)
    assert "+Be brief." in out
    _ok(run_cli("diff", cwd=repo), 0)


def test_stat(repo: Path) -> None:
    write(repo, {"snippets/shared/review.md": "Review the diff.\nThen the tests.\n"})
    out = _ok(run_cli("diff", "--stat", cwd=repo))
    lines = out.splitlines()
    for rel in DEPENDENT:
        assert any(
            re.fullmatch(rf" {re.escape(rel)} \(python\) +\| \+2 -1  tokens \+\d+", ln)
            for ln in lines
        ), out
    assert " 2 agents changed, 4 lines added(+), 2 removed(-)" in out
    assert "2 revision renders skipped" in out
    assert "@@" not in out


def test_json(repo: Path) -> None:
    (repo / "agents/opencode/plain.md").unlink()
    write(repo, {"snippets/shared/review.md": "Review.\n"})
    data = json.loads(_ok(run_cli("diff", "--json", cwd=repo)))
    assert data["old"] == "HEAD" and data["new"] == "working tree"
    by_path = {item["path"]: item for item in data["changed"]}
    assert set(by_path) == {*DEPENDENT, "agents/opencode/plain.md"}
    removed = by_path["agents/opencode/plain.md"]
    assert removed["status"] == "removed" and removed["new"]["present"] is False
    api = by_path[DEPENDENT[0]]
    assert api["status"] == "modified" and api["lines_added"] == 1 and api["lines_removed"] == 1
    assert api["token_delta"] == api["new"]["tokens"] - api["old"]["tokens"]
    assert "+Review." in api["diff"]
    assert data["agents"] == 4 and data["skipped_renders"] == 1


def test_render_error_on_one_side(repo: Path) -> None:
    broken = FILES["agents/claude-code/backend.md"].replace(
        "{{ agpm.deps.snippets.review.content }}", "{{ agpm.deps.snippets.reviw.content }}"
    )
    write(repo, {"agents/claude-code/backend.md": broken, "docs/style.md": "New style.\n"})
    proc = run_cli("diff", cwd=repo)
    out = _ok(proc)
    assert "+! render failed: agents/claude-code/backend.md:" in out
    assert "tokens: " in out and "→ error" in out
    assert "+New style." in out  # the rest of the diff goes on


def test_against_lang(repo: Path) -> None:
    rel = "agents/claude-code/backend.md"
    out = _ok(run_cli("diff", rel, "--lang", "python", "--against-lang", "rust", cwd=repo))
    assert out.startswith(f"diff --rendered a/{rel} (python) b/{rel} (rust)\n")
    assert "-Use type hints." in out and "+Run clippy." in out
    assert "api.md" not in out
    # From inside a folder, with a path relative to it.
    out = _ok(
        run_cli(
            "diff",
            "claude-code/api.md",
            "--lang",
            "rust",
            "--against-lang",
            "python",
            cwd=repo / "agents",
        )
    )
    assert "--- a/agents/claude-code/api.md (rust)" in out


def test_two_languages_that_both_fail_to_render_are_an_error(repo: Path) -> None:
    rel = "agents/claude-code/backend.md"
    broken = FILES[rel].replace(
        "{{ agpm.deps.snippets.review.content }}", "{{ agpm.deps.snippets.reviw.content }}"
    )
    write(repo, {rel: broken})
    proc = run_cli("diff", rel, "--lang", "python", "--against-lang", "rust", cwd=repo)
    assert proc.returncode == 1
    assert "changed" not in proc.stdout and "no rendered changes" not in proc.stdout
    assert f"{rel}:" in proc.stderr and "renders for neither python nor rust" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_no_changes_say_so(repo: Path) -> None:
    assert _ok(run_cli("diff", cwd=repo)) == "no rendered changes\n"
    assert _ok(run_cli("diff", "--stat", cwd=repo)) == "no rendered changes\n"


def test_color(repo: Path) -> None:
    write(repo, {"snippets/shared/review.md": "Review the patch line by line.\n"})
    out = _ok(run_cli("diff", "--color", "always", cwd=repo))
    assert "\x1b[32m+Review the \x1b[7mpatch\x1b[27m line by line.\x1b[0m" in out
    assert "\x1b[36m@@" in out
    assert ANSI.sub("", out) == _ok(run_cli("diff", "--color", "never", cwd=repo))


def test_added_agent_and_path_arguments(repo: Path) -> None:
    write(
        repo,
        {"agents/opencode/new.md": "---\ndescription: new\n---\nHi.\n", "docs/style.md": "x\n"},
    )
    out = _ok(run_cli("diff", "agents/opencode", cwd=repo))
    assert "--- /dev/null\n+++ b/agents/opencode/new.md (python)\n@@ -0,0 +1,4 @@\n" in out
    assert "styled" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--against-lang", "rust"], "--against-lang needs --lang"),
        (["--lang", "a", "--against-lang", "b", "--rev", "HEAD"], "cannot be combined with --rev"),
        (["--lang", "rust", "--all-languages"], "cannot be combined"),
        (["agents/missing.md"], "no such file or folder"),
        (["--color", "sometimes"], "Invalid value"),
    ],
)
def test_usage_errors_exit_2(repo: Path, args: list[str], message: str) -> None:
    proc = run_cli("diff", *args, cwd=repo)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_git_errors_exit_1(repo: Path, tmp_path: Path) -> None:
    proc = run_cli("diff", "--rev", "v9", cwd=repo)
    assert proc.returncode == 1 and "unknown revision 'v9'" in proc.stderr
    plain = tmp_path / "plain"
    write(plain, {"agpm.toml": "", "agents/a.md": "---\nname: a\n---\nA\n"})
    proc = run_cli("diff", cwd=plain)
    assert proc.returncode == 1 and "not inside a git repository" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
