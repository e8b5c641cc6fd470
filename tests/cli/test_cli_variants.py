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
