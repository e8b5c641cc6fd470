"""Manifest variants on the command line: ``render --variant``, ``tokens``/``check``
``--all-variants`` (each agpm.toml entry pointing at a file renders it its own way)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from cli_helpers import no_traceback
from conftest import run_cli

MANIFEST = """[project]
language = "python"

[agents]
reviewer = { path = "agents/reviewer.md" }
rust-reviewer = { path = "agents/reviewer.md", filename = "reviewer-rust.md", template_vars = { project = { language = "rust" }, config = { model = "opus" } } }
oc-reviewer = { path = "agents/reviewer.md", tool = "opencode", template_vars = { config = { model = "sonnet" } } }
other = { path = "agents/other.md" }
"""
REVIEWER = """---
name: reviewer
description: Reviews {{ project.language }} code
agpm:
  templating: true
---
{{ agpm.resource.install_path }} {{ agpm.project.language }} {{ config.model | default(value="none") }}
{% if config is defined %}{{ config.model | upper }}{% endif %}
"""


@pytest.fixture
def project(make_project: Callable[..., Path]) -> Path:
    return make_project(
        {
            "agpm.toml": MANIFEST,
            "agents/reviewer.md": REVIEWER,
            "agents/other.md": "---\nname: other\ndescription: d\n---\nOther.\n",
        }
    )


def test_render_as_a_variant(project: Path) -> None:
    plain = run_cli("render", "agents/reviewer.md", "--body-only", cwd=project)
    assert plain.stdout == ".claude/agents/agpm/reviewer.md python none\n\n"
    rust = run_cli("render", "agents/reviewer.md", "--variant", "rust-reviewer", cwd=project)
    assert rust.returncode == 0, rust.stderr
    assert "description: Reviews rust code\n" in rust.stdout
    assert rust.stdout.endswith("---\n.claude/agents/agpm/reviewer-rust.md rust opus\nOPUS\n")
    oc = run_cli(
        "render", "agents/reviewer.md", "--variant", "oc-reviewer", "--body-only", cwd=project
    )
    assert oc.stdout == ".opencode/agent/agpm/reviewer.md python sonnet\nSONNET\n"


def test_the_language_option_wins_over_a_variants_language(project: Path) -> None:
    proc = run_cli(
        "render",
        "agents/reviewer.md",
        "--variant",
        "rust-reviewer",
        "--lang",
        "go",
        "--body-only",
        cwd=project,
    )
    assert proc.stdout.startswith(".claude/agents/agpm/reviewer-rust.md go opus\n")


def test_an_unknown_variant_is_a_usage_error_naming_the_files_variants(project: Path) -> None:
    proc = run_cli("render", "agents/reviewer.md", "--variant", "nope", cwd=project)
    no_traceback(proc)
    assert proc.returncode == 2
    assert "reviewer, rust-reviewer, oc-reviewer" in proc.stderr
    other = run_cli("render", "agents/reviewer.md", "--variant", "other", cwd=project)
    assert other.returncode == 2
    assert "points at another file" in other.stderr


def test_tokens_per_variant(project: Path) -> None:
    proc = run_cli("tokens", "agents/reviewer.md", "--all-variants", "--json", cwd=project)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [(r["variant"], r["language"]) for r in rows] == [
        ("reviewer", "python"),
        ("rust-reviewer", "rust"),
        ("oc-reviewer", "python"),
    ]
    assert rows[1]["body_chars"] > rows[0]["body_chars"]  # "OPUS" and a longer path
    single = run_cli(
        "tokens", "agents/reviewer.md", "--variant", "oc-reviewer", "--json", cwd=project
    )
    assert [r["variant"] for r in json.loads(single.stdout)] == ["oc-reviewer"]
    table = run_cli("tokens", "agents/reviewer.md", "--all-variants", cwd=project)
    assert "rust-reviewer" in table.stdout and "variant" in table.stdout


def test_check_all_variants_reports_what_only_a_variant_breaks(
    make_project: Callable[..., Path],
) -> None:
    text = (
        "---\nname: a\ndescription: d\nagpm:\n  templating: true\n---\n"
        "{% if config is defined %}{{ config.model.name }}{% endif %}\n"
    )
    root = make_project(
        {
            "agpm.toml": '[agents]\na = { path = "agents/a.md" }\n'
            'broken = { path = "agents/a.md", template_vars = { config = { model = "opus" } } }\n',
            "agents/a.md": text,
        }
    )
    plain = run_cli("check", "agents/a.md", cwd=root)
    assert plain.returncode == 0, plain.stdout + plain.stderr
    proc = run_cli("check", "agents/a.md", "--all-variants", cwd=root)
    no_traceback(proc)
    assert proc.returncode == 1
    assert proc.stdout.startswith("agents/a.md:7:")
    assert "(as agpm.toml entry `broken`)" in proc.stdout


# -- diff --variant / --all-variants ---------------------------------------------------------


@pytest.fixture
def repo(project: Path) -> Path:
    from git_helpers import commit_all, git

    git(project, "init", "-q")
    commit_all(project, "agents")
    text = (project / "agents/reviewer.md").read_text()
    (project / "agents/reviewer.md").write_text(text.replace("{% if", "Careful. {% if"))
    manifest = (project / "agpm.toml").read_text()
    (project / "agpm.toml").write_text(manifest.replace('model = "sonnet"', 'model = "haiku"'))
    return project


def test_diff_as_one_variant(repo: Path) -> None:
    proc = run_cli("diff", "--variant", "oc-reviewer", "--color", "never", cwd=repo)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    # the entry as each side's agpm.toml has it: sonnet at HEAD, haiku now
    assert "--- a/agents/reviewer.md [oc-reviewer] (python)\n" in proc.stdout
    assert "\n-.opencode/agent/agpm/reviewer.md python sonnet\n-SONNET\n" in proc.stdout
    assert "\n+.opencode/agent/agpm/reviewer.md python haiku\n+Careful. HAIKU\n" in proc.stdout
    assert "rust-reviewer" not in proc.stdout


def test_diff_all_variants(repo: Path) -> None:
    proc = run_cli("diff", "--all-variants", "--json", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    changed = json.loads(proc.stdout)["changed"]
    shown = {(c["path"], c["new"]["variant"], c["new"]["language"]) for c in changed}
    assert shown == {
        ("agents/reviewer.md", "reviewer", "python"),
        ("agents/reviewer.md", "rust-reviewer", "rust"),
        ("agents/reviewer.md", "oc-reviewer", "python"),
    }  # agents/other.md did not change under its entry
    stat = run_cli("diff", "--all-variants", "--stat", "--color", "never", cwd=repo)
    assert " agents/reviewer.md [rust-reviewer] (rust) | +1 -1" in stat.stdout


def test_diff_variant_usage_errors(repo: Path) -> None:
    unknown = run_cli("diff", "--variant", "nope", cwd=repo)
    assert unknown.returncode == 2 and "--variant nope" in unknown.stderr
    both = run_cli("diff", "--variant", "reviewer", "--all-variants", cwd=repo)
    assert both.returncode == 2
    no_traceback(unknown)


# -- an entry outside the project --------------------------------------------------------------


def test_a_variant_outside_the_project_renders(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    # AGPM installs a local entry from beside the project (its
    # test_local_deps_transitive_content_access); the workbench renders it too, read-only
    # (tests/cli/test_cli_outside_entries.py has the rest)
    outside = tmp_path / "artifacts/commands/squash.md"
    outside.parent.mkdir(parents=True)
    outside.write_text("---\ndescription: Squash\n---\nSquash {{ agpm.project.language }}.\n")
    root = make_project(
        {
            "agpm.toml": '[project]\nlanguage = "python"\n\n[commands]\n'
            'squash = { path = "../artifacts/commands/squash.md", template_vars = '
            '{ project = { language = "go" } } }\n'
        }
    )
    for args in (
        ("render", str(outside), "--project", ".", "--variant", "squash"),
        ("render", "--variant", "squash"),
        ("tokens", str(outside), "--project", ".", "--all-variants"),
    ):
        proc = run_cli(*args, cwd=root)
        no_traceback(proc)
        assert proc.returncode == 0, (args, proc.stderr)
        assert "outside the project" not in proc.stderr
    proc = run_cli("render", "--variant", "squash", "--body-only", cwd=root)
    assert proc.stdout == "Squash {{ agpm.project.language }}.\n"  # templating off
