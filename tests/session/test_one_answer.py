"""``workbench check``, ``workbench tokens``, the browser's summaries, the open file's
status line and its form give one answer per file: its errors and warnings (each under
the field it is about) and its token counts.

Each front end asks ``session.diagnose`` / ``session.languages_to_render`` /
``session.token_report``; this runs all of them on every file of a project (the CLI as
real subprocesses) and compares. The form shows under each of its fields the problems
``split_problems`` gives that field (``tests/app/test_app_form_problems.py`` reads them
off the screen).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent_workbench.model.diagnostics import Severity
from agent_workbench.model.flavour import Flavour
from agent_workbench.session.fields import schema_for, split_problems
from agent_workbench.session.summary import summarize_resource
from agent_workbench.session.workspace import Workspace
from app_project import PYTHON_GUIDE
from cli_helpers import no_traceback
from conftest import REPO_ROOT, SHARED, run_cli

ENCODING = "cl100k_base"

# Files on which the front ends used to disagree.
TRICKY = {
    # The project sets no language; this agent offers only python (its snippet's name).
    "agents/offers-python.md": (
        "---\nname: offers-python\ndescription: Reviews python.\nagpm:\n  templating: true\n"
        "  dependencies:\n    snippets:\n      - name: guide\n"
        "        path: ../snippets/{{ agpm.project.language }}-guide.md\n---\n"
        "{{ agpm.deps.snippets.guide.content }}\n"
    ),
    "snippets/python-guide.md": PYTHON_GUIDE,
    # A templated value that is a flow map raw and a string once rendered.
    "agents/templated-model.md": (
        "---\nname: templated-model\ndescription: Writes docs.\n"
        "model: {{ agpm.project.model }}\nagpm:\n  templating: true\n---\nBody\n"
    ),
    "agents/bad-field.md": "---\nname: Bad Name\ndescription: d\ncolor: 7\n---\nBody\n",
    "agents/broken.md": "---\nname: broken\ndescription: a: b: c\n---\nBody\n",
    # Two agents of one name: a problem across files, in check, the badges and the form.
    "agents/twin-a.md": "---\nname: twin\ndescription: One.\n---\nBody\n",
    "agents/nested/twin-b.md": "---\nname: twin\ndescription: Two.\n---\nBody\n",
}


def _tricky_project(tmp_path: Path) -> Path:
    root = tmp_path / "tricky"
    for rel, text in TRICKY.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / "agpm.toml").write_text('[project]\nmodel = "sonnet"\n', encoding="utf-8")
    return root


def _key(d: dict[str, object]) -> tuple[object, ...]:
    return (d["line"], d["column"], d["severity"], d["message"], d["field"])


def _problems(diagnostics: list) -> set[tuple[object, ...]]:
    return {
        (d.line, d.column, d.severity.value, d.message, d.field)
        for d in diagnostics
        if d.severity is not Severity.INFO
    }


def _form_agrees(workspace: Workspace, own: list, cli: set[tuple[object, ...]]) -> None:
    """The form's field problems (every field it has a widget for: the file's own and its
    flavour's) plus the rest are ``check``'s findings, each field's about that field."""
    agent = workspace.agent
    assert agent is not None
    keys = [str(k) for k in agent.fields or {}] + list(schema_for(Flavour(agent.flavour)).fields)
    by_field, rest = split_problems(own, keys)
    assert all(d.field == key for key, found in by_field.items() for d in found)
    shown = [d for found in by_field.values() for d in found] + rest
    assert _problems(shown) == cli
    assert len([d for d in shown if d.severity is not Severity.INFO]) == len(cli)


def _agree(root: Path, path_arg: str) -> int:
    """Compare the four answers on every file ``workbench check PATH_ARG`` checks in ``root``."""
    proc = run_cli("check", "--json", "--encoding", ENCODING, path_arg, cwd=root)
    no_traceback(proc)
    report = json.loads(proc.stdout)
    files = {f["rel"]: f for f in report["files"]}
    assert files
    tokens_proc = run_cli("tokens", "--json", "--encoding", ENCODING, *files, cwd=root)
    no_traceback(tokens_proc)
    token_rows = {row["agent"]: row for row in json.loads(tokens_proc.stdout)}

    workspace = Workspace(Workspace.from_target(root)[0].project, encoding=ENCODING)
    project = workspace.project
    for rel, checked in files.items():
        cli = {
            _key(d)
            for d in checked["diagnostics"]
            if d["severity"] != "info" and d["path"] == checked["path"]
        }
        summary = summarize_resource(project, rel, workspace.session_language, ENCODING, count=True)
        assert (summary.errors, summary.warnings) == (checked["errors"], checked["warnings"]), rel
        workspace.open(rel)
        workspace.render_now()
        own = [d for d in workspace.diagnostics() if d.path == rel]
        assert _problems(own) == cli, rel
        _form_agrees(workspace, own, cli)
        assert workspace.error_count() == checked["errors"], rel
        assert workspace.warning_count() == checked["warnings"], rel

        row = token_rows[rel]
        counted = list(checked["tokens"].values())
        if row["error"] is not None:
            assert counted == [] and summary.tokens is None and workspace.tokens is None, rel
            continue
        assert row["language"] == (summary.language if summary.language else None), rel
        assert counted == [{"body": row["body_tokens"], "description": row["description_tokens"]}]
        assert summary.tokens == row["body_tokens"], rel
        assert workspace.tokens is not None, rel
        assert (workspace.tokens.body, workspace.tokens.description) == (
            row["body_tokens"],
            row["description_tokens"],
        ), rel
    return len(files)


def test_the_front_ends_agree_on_every_file_of_the_sample_project() -> None:
    assert _agree(REPO_ROOT, ".") >= 10


def test_the_front_ends_agree_on_files_they_used_to_disagree_about(tmp_path: Path) -> None:
    assert _agree(_tricky_project(tmp_path), ".") == len(TRICKY)


@pytest.mark.skipif(
    not (SHARED / "corpus" / "wild").is_dir(), reason="../shared/corpus/wild is not present"
)
def test_the_front_ends_agree_on_every_file_of_the_wild_corpus() -> None:
    assert _agree(SHARED / "corpus" / "wild", ".") == 400
