"""``workbench languages`` and the group itself (help, version, usage errors)."""

from __future__ import annotations

import subprocess
import sys
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


def _python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_an_unexpected_failure_is_one_line_and_exit_1() -> None:
    code = (
        "import sys, agent_workbench.templating.render as r\n"
        "def boom(*a, **k): raise RuntimeError('engine exploded')\n"
        "r.render_agent = boom\n"
        "from agent_workbench.cli.main import run\n"
        "sys.exit(run(['render', 'agents/opencode/explainer.md']))\n"
    )
    proc = _python(code, REPO_ROOT)
    no_traceback(proc)
    assert proc.returncode == 1
    assert proc.stderr.strip() == "workbench: internal error: RuntimeError: engine exploded"


def test_a_command_whose_module_cannot_load_fails_alone() -> None:
    code = (
        "import sys\n"
        "from agent_workbench.cli import main\n"
        "main.COMMANDS['diff'] = ('agent_workbench.no_such_module', 'diff')\n"
        "code = main.run(['diff', '--stat'])\n"
        "print('help', main.run(['--help']), file=sys.stderr)\n"
        "print('render', main.run(['languages', 'agents/claude-code/frontend-engineer.md']))\n"
        "sys.exit(code)\n"
    )
    proc = _python(code, REPO_ROOT)
    no_traceback(proc)
    assert proc.returncode == 1
    assert "`workbench diff` is unavailable" in proc.stderr
    assert "help 0" in proc.stderr
    assert "javascript\ntypescript\nrender 0" in proc.stdout


def test_the_app_refuses_a_language_no_agent_offers() -> None:
    proc = run_cli("--lang", "cobol", cwd=REPO_ROOT)
    assert proc.returncode == 2
    assert "--lang cobol: no agent here offers it" in proc.stderr
    assert "python" in proc.stderr and "rust" in proc.stderr  # what it could have been
    no_traceback(proc)


def test_help_lists_the_apps_own_options() -> None:
    proc = run_cli("--help", cwd=REPO_ROOT)
    assert proc.returncode == 0
    assert "The app's own options" in proc.stdout
    assert "--lang LANG  render templated agents" in proc.stdout


def test_an_agent_that_renders_the_same_in_every_language_says_so(
    make_project: Callable[..., Path],
) -> None:
    """Nothing printed and exit 0 left a person wondering (issue 11): the list stays empty
    for scripts, and a line on stderr says why."""
    root = make_project({"agents/plain.md": "---\nname: plain\ndescription: d\n---\nBody\n"})
    proc = run_cli("languages", "agents/plain.md", cwd=root)
    assert proc.returncode == 0 and proc.stdout == ""
    assert proc.stderr == "this agent renders the same for every language (none to choose)\n"
    whole = run_cli("languages", cwd=root)
    assert whole.returncode == 0 and whole.stdout == ""
    assert "every agent renders the same for every language" in whole.stderr
