"""``workbench tokens`` end to end: counts match tiktoken on the rendered text."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from cli_helpers import no_traceback, templated
from conftest import REPO_ROOT, run_cli
from tiktoken_reference import tiktoken_count

DESCRIPTION = "Reviews pull requests for correctness, safety and tests before anything else."
AGENT = templated(
    "counted",
    "You review {{ agpm.project.language }} code.\n{{ agpm.deps.snippets.guide.content }}\n",
    extra=(
        "  dependencies:\n    snippets:\n      - name: guide\n"
        "        path: ../snippets/{{ agpm.project.language }}-guide.md\n"
    ),
    description=DESCRIPTION,
)


@pytest.fixture
def project(make_project: Callable[..., Path]) -> Path:
    return make_project(
        {
            "agents/counted.md": AGENT,
            "snippets/python-guide.md": "Type hints everywhere; ruff clean. " * 20 + "\n",
            "snippets/golang-guide.md": "Handle every error.\n",
        }
    )


def _tiktoken(text: str, encoding: str) -> int:
    return tiktoken_count(text, encoding)


def _rendered_body(project: Path, *args: str) -> str:
    proc = run_cli("render", "agents/counted.md", "--body-only", *args, cwd=project)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.parametrize("encoding", ["o200k_base", "cl100k_base"])
def test_json_counts_equal_tiktoken_on_the_rendered_body_and_description(
    project: Path, encoding: str
) -> None:
    proc = run_cli("tokens", "agents/counted.md", "--json", "--encoding", encoding, cwd=project)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert len(rows) == 1
    row = rows[0]
    assert set(row) == {
        "agent",
        "language",
        "encoding",
        "body_tokens",
        "description_tokens",
        "body_chars",
        "error",
    }
    body = _rendered_body(project)
    assert row["agent"] == "agents/counted.md"
    assert row["language"] == "python"
    assert row["encoding"] == encoding
    assert row["body_tokens"] == _tiktoken(body, encoding)
    assert row["description_tokens"] == _tiktoken(DESCRIPTION, encoding)
    assert row["body_chars"] == len(body)
    assert row["error"] is None


def test_all_languages_gives_one_row_per_language(project: Path) -> None:
    proc = run_cli("tokens", "agents/counted.md", "--all-languages", "--json", cwd=project)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [r["language"] for r in rows] == ["golang", "python"]
    golang = rows[0]
    assert golang["body_tokens"] == _tiktoken(
        _rendered_body(project, "--lang", "golang"), "o200k_base"
    )
    assert rows[1]["body_tokens"] > golang["body_tokens"]


def test_the_table_names_every_agent_and_language(project: Path) -> None:
    proc = run_cli("tokens", "agents/counted.md", "--all-languages", cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert "agents/counted.md" in proc.stdout
    assert "golang" in proc.stdout and "python" in proc.stdout
    body = _rendered_body(project)
    assert f"{_tiktoken(body, 'o200k_base'):,}" in proc.stdout


def test_a_failing_render_is_reported_and_exits_1(project: Path) -> None:
    proc = run_cli("tokens", "agents/counted.md", "--lang", "rust", "--json", cwd=project)
    no_traceback(proc)
    assert proc.returncode == 1
    rows = json.loads(proc.stdout)
    assert rows[0]["error"] and rows[0]["body_tokens"] is None
    assert "agents/counted.md:" in proc.stderr and "rust-guide.md" in proc.stderr


def test_an_agent_that_does_not_offer_the_project_language_is_counted_in_its_own() -> None:
    proc = run_cli("tokens", "agents/claude-code/frontend-engineer.md", "--json", cwd=REPO_ROOT)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["language"] == "javascript"


@pytest.mark.parametrize(
    "args",
    [
        ("tokens",),
        ("tokens", "agents/counted.md", "--lang", "python", "--all-languages"),
        ("tokens", "agents/counted.md", "--encoding", "gpt2"),
    ],
)
def test_usage_errors_exit_2(project: Path, args: tuple[str, ...]) -> None:
    proc = run_cli(*args, cwd=project)
    no_traceback(proc)
    assert proc.returncode == 2, proc.stderr


@pytest.mark.timeout(120)
@pytest.mark.parametrize(
    "manifest",
    ['[project\nlanguage = "python"\n', b'[project]\nlanguage = "\xff"\n'],
    ids=["not TOML", "not UTF-8"],
)
def test_agpm_toml_problems_are_printed_as_render_prints_them(
    project: Path, manifest: str | bytes
) -> None:
    path = project / "agpm.toml"
    path.write_bytes(manifest.encode() if isinstance(manifest, str) else manifest)
    counted = run_cli("tokens", "agents/counted.md", "--json", cwd=project)
    rendered = run_cli("render", "agents/counted.md", cwd=project)
    no_traceback(counted)
    problems = [line for line in rendered.stderr.splitlines() if line.startswith("agpm.toml:")]
    assert problems and "error" in problems[0]
    # the same lines, from the same reader; the counts still follow, as the render does,
    assert [line for line in counted.stderr.splitlines() if line.startswith("agpm.toml:")] == (
        problems
    )
    assert json.loads(counted.stdout)[0]["body_tokens"] > 0
    assert counted.returncode == rendered.returncode == 1  # agpm install would refuse it


def test_agpm_toml_problems_are_printed_once_for_several_agents(project: Path) -> None:
    (project / "agpm.toml").write_text("[project\n")
    (project / "agents/second.md").write_text("---\nname: second\ndescription: d\n---\nHi.\n")
    proc = run_cli("tokens", "agents/counted.md", "agents/second.md", "--json", cwd=project)
    no_traceback(proc)
    assert proc.stderr.count("agpm.toml:1:") == 1, proc.stderr
    assert len(json.loads(proc.stdout)) == 2
