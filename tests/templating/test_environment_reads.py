"""A template that reads the environment (Tera's `get_env`, which AGPM v0.4.14 renders
with: `Tera::default()` in src/templating/renderer.rs) renders as AGPM installs it, and
the workbench warns at file:line:col that an environment value lands in the prompt."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from cli_helpers import no_traceback, templated
from conftest import run_cli


def test_render_embeds_the_variable_and_check_warns_where_it_is_read(
    make_project: Callable[..., Path],
) -> None:
    body = "Token: {{ get_env(name='WB_H6_SECRET') }}\n  again {{ get_env(name=\"WB_H6_NONE\", default='x') }}\n"
    root = make_project({"agents/a.md": templated("a", body)})
    os.environ["WB_H6_SECRET"] = "s3cret"
    try:
        rendered = run_cli("render", "agents/a.md", cwd=root)
        checked = run_cli("check", "agents/a.md", cwd=root)
    finally:
        del os.environ["WB_H6_SECRET"]
    no_traceback(rendered)
    assert rendered.returncode == 0, rendered.stderr
    assert "Token: s3cret\n  again x\n" in rendered.stdout
    assert "agents/a.md:7:11: warning:" in rendered.stderr + checked.stdout + checked.stderr
    report = checked.stdout + checked.stderr
    assert "agents/a.md:7:11: warning:" in report and "`WB_H6_SECRET`" in report
    assert "agents/a.md:8:12: warning:" in report and "`WB_H6_NONE`" in report
    assert checked.returncode == 0


def test_templating_off_warns_only_for_the_frontmatter(make_project: Callable[..., Path]) -> None:
    text = (
        "---\nname: a\ndescription: {{ get_env(name='WB_H6_NONE', default='d') }}\n---\n"
        "Body mentions {{ get_env(name='NOT_RENDERED') }} literally.\n"
    )
    root = make_project({"agents/a.md": text})
    checked = run_cli("check", "agents/a.md", cwd=root)
    no_traceback(checked)
    report = checked.stdout + checked.stderr
    assert "agents/a.md:3:17: warning:" in report
    assert "NOT_RENDERED" not in report


def test_a_missing_variable_without_default_is_an_error_as_in_tera(
    make_project: Callable[..., Path],
) -> None:
    # functions.rs: get_env_non_existing_no_default
    root = make_project({"agents/a.md": templated("a", "{{ get_env(name='WB_H6_NONE') }}\n")})
    rendered = run_cli("render", "agents/a.md", cwd=root)
    no_traceback(rendered)
    assert rendered.returncode == 1
    assert "agents/a.md:7" in rendered.stderr and "WB_H6_NONE" in rendered.stderr
