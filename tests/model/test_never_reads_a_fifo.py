"""Nothing the workbench reads can make it wait: a named pipe (FIFO) anywhere a file is
expected — a dependency, a `content` target, `agpm.toml`, an agent in a checked folder,
the target of `edit` — is reported as "not a regular file" and the command goes on.

Every test here is bounded: opening a FIFO for reading blocks until a writer comes, so
a regression hangs; the timeout turns that into a failure."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from agent_workbench.model.project import Project
from agent_workbench.model.regular_file import NotRegularFileError, read_regular
from agent_workbench.model.sources import REASON_NOT_REGULAR, SourceError, WorkingTreeSource
from agent_workbench.templating.render import render_agent
from cli_helpers import FIFO_READERS, no_traceback, templated
from conftest import run_cli

pytestmark = pytest.mark.timeout(60)
CLI_TIMEOUT = 30

MakeProject = Callable[..., Path]


def fifo_project(make_project: MakeProject) -> Path:
    """A project with a FIFO as a dependency, as a `content` target and as an agent."""
    root = make_project(
        {
            "agpm.toml": '[project]\nlanguage = "python"\n',
            **FIFO_READERS,
            "agents/fine.md": "---\nname: fine\ndescription: A fine agent.\n---\nFine.\n",
        }
    )
    (root / "snippets").mkdir()
    os.mkfifo(root / "snippets" / "pipe.md")
    os.mkfifo(root / "agents" / "pipe-agent.md")
    return root


def test_reading_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(NotRegularFileError, match="not a regular file"):
        read_regular(tmp_path / "pipe")
    with pytest.raises(SourceError) as info:
        WorkingTreeSource(tmp_path).read_bytes("pipe")
    assert info.value.reason == REASON_NOT_REGULAR
    assert "not a regular file (a named pipe)" in info.value.message


def test_a_device_is_refused_too(tmp_path: Path) -> None:
    # /dev/zero never ends: reading it would fill the memory
    with pytest.raises(NotRegularFileError):
        read_regular("/dev/zero")


def test_render_reports_a_fifo_dependency_and_content_target(make_project: MakeProject) -> None:
    project = Project.open(fifo_project(make_project))
    for rel in ("agents/dep.md", "agents/embed.md"):
        result = render_agent(project, rel)
        assert not result.ok
        assert any(
            "snippets/pipe.md" in d.message and "not a regular file" in d.message
            for d in result.diagnostics
        ), result.diagnostics


def test_check_reports_each_fifo_and_goes_on(make_project: MakeProject) -> None:
    root = fifo_project(make_project)
    proc = run_cli("check", cwd=root, timeout=CLI_TIMEOUT)
    no_traceback(proc)
    assert proc.returncode == 1
    lines = (proc.stdout + proc.stderr).splitlines()
    assert any(
        line.startswith("agents/pipe-agent.md:") and "not a regular file" in line for line in lines
    )
    assert any(line.startswith("agents/dep.md:") and "not a regular file" in line for line in lines)
    assert any(
        line.startswith("agents/embed.md:") and "not a regular file" in line for line in lines
    )
    assert not any(line.startswith("agents/fine.md:") for line in lines)  # checked, fine


@pytest.mark.parametrize("command", ["render", "tokens"])
def test_render_and_tokens_do_not_wait_on_a_fifo(make_project: MakeProject, command: str) -> None:
    root = fifo_project(make_project)
    proc = run_cli(command, "agents/dep.md", cwd=root, timeout=CLI_TIMEOUT)
    no_traceback(proc)
    assert proc.returncode == 1
    assert "snippets/pipe.md" in proc.stderr and "not a regular file" in proc.stderr


def test_edit_refuses_a_fifo_target(make_project: MakeProject) -> None:
    root = fifo_project(make_project)
    proc = run_cli(
        "edit", "agents/pipe-agent.md", "--set", "model=haiku", cwd=root, timeout=CLI_TIMEOUT
    )
    no_traceback(proc)
    assert proc.returncode == 1
    assert "agents/pipe-agent.md" in proc.stderr and "not a regular file" in proc.stderr


def test_a_fifo_agpm_toml_is_reported_and_the_agents_still_render(
    make_project: MakeProject,
) -> None:
    root = make_project({"agents/fine.md": templated("fine", "Fine {{ 1 + 1 }}.\n")})
    (root / "agpm.toml").unlink()
    os.mkfifo(root / "agpm.toml")
    project = Project.open(root)
    assert [d.path for d in project.diagnostics] == ["agpm.toml"]
    assert "not a regular file" in project.diagnostics[0].message
    for command in (["check"], ["render", "agents/fine.md"]):
        proc = run_cli(*command, cwd=root, timeout=CLI_TIMEOUT)
        no_traceback(proc)
        out = proc.stdout + proc.stderr
        assert "agpm.toml:1:1: error: " in out and "not a regular file" in out, command
    proc = run_cli("tokens", "agents/fine.md", cwd=root, timeout=CLI_TIMEOUT)
    no_traceback(proc)
    assert "agents/fine.md" in proc.stdout
    proc = run_cli("render", "agents/fine.md", "--body-only", cwd=root, timeout=CLI_TIMEOUT)
    assert "Fine 2." in proc.stdout
