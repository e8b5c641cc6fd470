"""An edit is refused only when the edit itself makes something worse: the file's old
problems are reported, not enforced."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import no_traceback
from conftest import run_cli


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "agents" / "a.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("text", "setting"),
    [
        # no `name`, no `description`: setting the description makes it a Claude Code
        # agent, whose missing `name` was already missing
        ("---\ntools: Read\n---\nBody.\n", "description=Reviews changes."),
        ("---\ndescription: d\nmodel: sonnet\n---\nBody.\n", "description=Reviews changes."),
        ("---\ndescription: d\nmodel: sonnet\n---\nBody.\n", "model=haiku"),
    ],
)
def test_an_old_missing_name_does_not_block_an_unrelated_edit(
    tmp_path: Path, text: str, setting: str
) -> None:
    path = write(tmp_path, text)
    proc = run_cli("edit", "agents/a.md", "--set", setting, cwd=tmp_path, timeout=60)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    key, value = setting.split("=")
    assert f"{key}: {value}\n" in path.read_text()
    assert "`name` is missing" in proc.stderr  # reported, not enforced
    assert "not written" not in proc.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unset", "name"], "`name` is missing"),
    ],
)
def test_an_edit_that_makes_things_worse_is_still_refused(
    tmp_path: Path, args: list[str], message: str
) -> None:
    text = "---\nname: a\ndescription: d\nmodel: sonnet\n---\nBody.\n"
    path = write(tmp_path, text)
    proc = run_cli("edit", "agents/a.md", *args, cwd=tmp_path, timeout=60)
    no_traceback(proc)
    assert proc.returncode == 1
    assert message in proc.stderr and "not written" in proc.stderr
    assert path.read_text() == text
