"""A file outside the current project, with no `agpm.toml` above it, is its own project
(its folder is the root) for `edit`, `render`, `tokens` and `check`, as the app takes the
folder it is given; it is not refused as "outside the project root"."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import no_traceback, templated
from conftest import run_cli


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path]:
    """(the current project, an agent elsewhere with no agpm.toml above it)."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "agpm.toml").write_text('[project]\nlanguage = "rust"\n')
    agent = tmp_path / "elsewhere" / "x" / "agent.md"
    agent.parent.mkdir(parents=True)
    agent.write_text(
        templated("agent", 'Lang: {{ agpm.project.language | default(value="none") }}\n')
    )
    return project, agent


def test_edit_a_file_elsewhere(places: tuple[Path, Path]) -> None:
    project, agent = places
    proc = run_cli("edit", str(agent), "--set", "model=haiku", cwd=project, timeout=60)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert "model: haiku\n---\n" in agent.read_text()
    assert f"+++ b{agent}" in proc.stdout


def test_render_tokens_and_check_a_file_elsewhere(places: tuple[Path, Path]) -> None:
    project, agent = places
    proc = run_cli("render", str(agent), "--body-only", cwd=project, timeout=60)
    no_traceback(proc)
    assert (proc.returncode, proc.stdout) == (0, "Lang: none\n")  # not the cwd project's rust
    for command in (["tokens", str(agent)], ["check", str(agent.parent)]):
        proc = run_cli(*command, cwd=project, timeout=60)
        no_traceback(proc)
        assert proc.returncode == 0, (command, proc.stdout, proc.stderr)
        assert "outside the project root" not in proc.stdout + proc.stderr
