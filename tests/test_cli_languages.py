"""``workbench languages`` and the group itself (help, version, usage errors)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cli_helpers import no_traceback, templated
from conftest import REPO_ROOT, run_cli


def test_the_frontend_sample_offers_only_javascript_and_typescript() -> None:
    proc = run_cli("languages", "agents/claude-code/frontend-engineer.md", cwd=REPO_ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["javascript", "typescript"]


def test_the_backend_sample_offers_every_language_with_both_snippets() -> None:
    proc = run_cli("languages", "agents/claude-code/backend-engineer.md", cwd=REPO_ROOT)
    assert proc.returncode == 0, proc.stderr
    assert {"python", "rust", "typescript", "golang"} <= set(proc.stdout.splitlines())


def test_languages_follow_the_files_that_exist(make_project: Callable[..., Path]) -> None:
    agent = templated(
        "a",
        "x\n",
        extra=(
            "  dependencies:\n    snippets:\n"
            "      - path: ../snippets/{{ agpm.project.language }}/guide.md\n"
        ),
    )
    root = make_project(
        {
            "agents/a.md": agent,
            "agents/plain.md": "---\nname: plain\ndescription: d\n---\n",
            "snippets/zig/guide.md": "z\n",
            "snippets/ada/guide.md": "a\n",
            "snippets/cobol/other.md": "c\n",
        }
    )
    proc = run_cli("languages", "agents/a.md", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["ada", "zig"]
    (root / "snippets/cobol/guide.md").write_text("now\n")
    assert run_cli("languages", "agents/a.md", cwd=root).stdout.splitlines() == [
        "ada",
        "cobol",
        "zig",
    ]
    # An agent whose output does not depend on the language lists none.
    plain = run_cli("languages", "agents/plain.md", cwd=root)
    assert plain.returncode == 0 and plain.stdout == ""
    # Without AGENT: every language some agent offers.
    assert set(run_cli("languages", cwd=root).stdout.split()) >= {"ada", "cobol", "zig"}


def test_help_and_version() -> None:
    proc = run_cli("--help", cwd=REPO_ROOT)
    assert proc.returncode == 0
    for command in ("render", "tokens", "check", "edit", "languages"):
        assert command in proc.stdout
    version = run_cli("--version", cwd=REPO_ROOT)
    assert version.returncode == 0 and "workbench" in version.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("no-such-folder",),
        ("--bogus",),
        ("languages", "agents/none.md"),
        ("render", "--lang"),
    ],
)
def test_usage_errors_exit_2_without_a_traceback(args: tuple[str, ...]) -> None:
    proc = run_cli(*args, cwd=REPO_ROOT)
    no_traceback(proc)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Error" in proc.stderr
