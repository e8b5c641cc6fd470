"""`workbench` with no subcommand opens the full-screen app; without a terminal (a
script, CI, `</dev/null`, a pipe) that app would wait for keys forever. It says so in
one line and exits 2 instead. Bounded by a timeout: a regression hangs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cli_helpers import no_traceback
from conftest import run_cli

MESSAGE = "workbench: no terminal; use a subcommand such as check or render\n"


@pytest.mark.parametrize("args", [(), ("agents/a.md",), (".", "--lang", "rust")])
def test_no_terminal_is_a_usage_error_not_a_hang(tmp_path: Path, args: tuple[str, ...]) -> None:
    root = tmp_path / "project"
    (root / "agents").mkdir(parents=True)
    (root / "agents" / "a.md").write_text("---\nname: a\ndescription: d\n---\nBody.\n")
    proc = run_cli(*args, cwd=root, input="", timeout=30)  # stdin and stdout are pipes
    no_traceback(proc)
    assert proc.returncode == 2
    assert proc.stderr == MESSAGE
    assert proc.stdout == ""


def test_stdin_from_dev_null_is_no_terminal(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "agent_workbench"],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert (proc.returncode, proc.stderr) == (2, MESSAGE)


def test_subcommands_still_run_without_a_terminal(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\nname: a\ndescription: d\n---\nBody.\n")
    proc = run_cli("render", "a.md", "--body-only", cwd=tmp_path, input="", timeout=30)
    assert (proc.returncode, proc.stdout) == (0, "Body.\n")
