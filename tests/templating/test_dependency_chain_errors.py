"""A render that fails deep in a dependency chain names the chain from the agent asked
for, as well as the file and line where it failed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from agent_workbench.model.project import Project
from agent_workbench.templating.render import render_agent
from cli_helpers import chain_link, no_traceback
from conftest import run_cli

MakeProject = Callable[..., Path]


def chain_project(make_project: MakeProject, last_body: str) -> Path:
    return make_project(
        {
            "agents/l0.md": chain_link(
                "../snippets/l1.md", "{{ agpm.deps.snippets.l1.content }}\n"
            ),
            "snippets/l1.md": chain_link("./l2.md", "{{ agpm.deps.snippets.l2.content }}\n"),
            "snippets/l2.md": chain_link("./l3.md", "{{ agpm.deps.snippets.l3.content }}\n"),
            "snippets/l3.md": chain_link(None, last_body),
        }
    )


def test_an_error_three_links_down_names_the_chain(make_project: MakeProject) -> None:
    project = Project.open(chain_project(make_project, "ok\n{{ agpm.project.nope }}\n"))
    [diag] = render_agent(project, "agents/l0.md").diagnostics
    assert (diag.path, diag.line) == ("snippets/l3.md", 6)
    assert "`agpm.project.nope`" in diag.message
    assert diag.message.endswith(
        "while rendering agents/l0.md → snippets/l1.md → snippets/l2.md → snippets/l3.md"
    )
    [alone] = render_agent(project, "snippets/l3.md").diagnostics  # asked for itself: no chain
    assert (alone.path, alone.line) == ("snippets/l3.md", 6)
    assert "while rendering" not in alone.message


def test_a_missing_file_deep_down_names_the_chain(make_project: MakeProject) -> None:
    root = chain_project(make_project, "end\n")
    (root / "snippets" / "l3.md").unlink()
    [diag] = render_agent(Project.open(root), "agents/l0.md").diagnostics
    assert diag.code == "dependency-missing"
    assert diag.path == "snippets/l2.md"
    assert diag.message.endswith("while rendering agents/l0.md → snippets/l1.md → snippets/l2.md")


def test_a_very_long_chain_is_shown_by_its_ends(make_project: MakeProject) -> None:
    files = {
        f"snippets/s{i}.md": chain_link(
            f"./s{i + 1}.md", f"{{{{ agpm.deps.snippets.s{i + 1}.content }}}}"
        )
        for i in range(20)
    }
    files["snippets/s20.md"] = chain_link(None, "{{ agpm.project.nope }}")
    [diag] = render_agent(Project.open(make_project(files)), "snippets/s0.md").diagnostics
    assert diag.path == "snippets/s20.md"
    assert "while rendering snippets/s0.md → snippets/s1.md" in diag.message
    assert "→ … →" in diag.message and diag.message.endswith("snippets/s19.md → snippets/s20.md")


def test_the_cli_prints_the_chain(make_project: MakeProject) -> None:
    root = chain_project(make_project, "ok\n{{ agpm.project.nope }}\n")
    proc = run_cli("render", "agents/l0.md", cwd=root)
    no_traceback(proc)
    assert proc.returncode == 1
    assert proc.stderr.startswith("snippets/l3.md:6:4: error: ")
    assert "while rendering agents/l0.md → snippets/l1.md → snippets/l2.md → snippets/l3.md" in (
        proc.stderr
    )
