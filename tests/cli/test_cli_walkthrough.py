"""What a new user read in the command line's output, said the way a person says it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli_helpers import no_traceback
from conftest import run_cli

AGENT = (
    "---\nname: guide-reader\ndescription: Reads the guide.\nagpm:\n  templating: true\n"
    "  dependencies:\n    snippets:\n      - name: guide\n"
    "        path: ../snippets/{{ agpm.project.language }}-guide.md\n---\n"
    "{{ agpm.deps.snippets.guide.content }}\n"
)


def test_the_note_for_a_project_without_a_language_reads_as_a_sentence(tmp_path: Path) -> None:
    """`this agent offers only python, rust, not no language (the project sets none)`."""
    (tmp_path / "agents").mkdir()
    (tmp_path / "snippets").mkdir()
    (tmp_path / "agents/guide-reader.md").write_text(AGENT, encoding="utf-8")
    for language in ("python", "rust"):
        (tmp_path / f"snippets/{language}-guide.md").write_text(f"Write {language}.\n")
    (tmp_path / "agpm.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    proc = run_cli("check", cwd=tmp_path)
    no_traceback(proc)
    out = proc.stdout + proc.stderr
    assert (
        "agents/guide-reader.md:1:1: info: rendered with language python, the first this agent "
        "offers (python, rust): the project sets no language" in out
    ), out
    assert "not no language" not in out


@pytest.mark.parametrize("command", ["", "check", "diff", "edit", "languages", "render", "tokens"])
def test_every_help_fits_an_80_column_terminal(tmp_path: Path, command: str) -> None:
    """`edit --help` printed its examples on lines of 88 and 95 columns."""
    args = [sys.executable, "-m", "agent_workbench", *([command] if command else []), "--help"]
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80"}
    proc = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    long = [line for line in proc.stdout.splitlines() if len(line) > 80]
    assert not long, long


def test_a_path_that_does_not_exist_is_said_without_naming_a_hidden_command(
    tmp_path: Path,
) -> None:
    """`workbench missing.md` printed the usage of `workbench open`, a command the help
    does not list; it names the path and the usage as the help writes it."""
    proc = run_cli("missing.md", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 2
    assert "Error: missing.md: no such file or folder" in proc.stderr
    assert "Usage: workbench [PATH]" in proc.stderr and "open" not in proc.stderr
