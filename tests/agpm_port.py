"""Helpers for the ports of AGPM v0.4.14's own tests (tests/templating/test_agpm_v0414_*.py).

AGPM's tests install a resource and read the installed file; here the same files are in a
project and ``workbench render`` prints what would be installed. A failed install is a
failed render: exit status 1 and the file named, as ``workbench render`` reports it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from agent_workbench.model.project import Project
from agent_workbench.model.variants import variants_of
from agent_workbench.templating.render import RenderOptions, RenderResult, render_agent
from cli_helpers import no_traceback
from conftest import run_cli

MakeProject = Callable[..., Path]
ON = "---\nagpm:\n  templating: true\n"


def render(
    make_project: MakeProject, files: dict[str, str | bytes], rel: str, variant: str | None = None
) -> RenderResult:
    """Render ``rel`` of a project made of ``files`` (as the manifest entry ``variant``)."""
    project = Project.open(make_project(files))
    options = RenderOptions()
    if variant is not None:
        found = [v for v in variants_of(project.config, rel) if v.name == variant]
        assert found, f"no manifest entry {variant!r} for {rel}"
        options = RenderOptions(variant=found[0])
    return render_agent(project, rel, options)


def installed(
    make_project: MakeProject, files: dict[str, str | bytes], rel: str, variant: str | None = None
) -> str:
    """What ``workbench render`` prints for ``rel``; the render must succeed."""
    result = render(make_project, files, rel, variant)
    assert result.ok, result.diagnostics
    assert result.output is not None
    return result.output


def render_fails(
    make_project: MakeProject, files: dict[str, str | bytes], rel: str, *named: str
) -> str:
    """``workbench render rel`` (a real subprocess) exits 1, names ``rel`` (or each of
    ``named``) and shows no traceback; returns its stderr."""
    root = make_project(files)
    proc = run_cli("render", rel, cwd=root)
    no_traceback(proc)
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    for name in named or (rel,):
        assert name in proc.stderr, proc.stderr
    return proc.stderr
