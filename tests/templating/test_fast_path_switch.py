"""``WORKBENCH_FAST_PATHS=0`` (or ``fast_paths.set_enabled(False)``) turns every fast path off."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent_workbench.frontmatter.entries import parse_entries
from agent_workbench.frontmatter.subset import load_subset
from agent_workbench.model import fast_paths
from agent_workbench.model.caches import CACHES
from agent_workbench.model.project import Project
from agent_workbench.revisions.impact import ImpactAnalyzer
from agent_workbench.revisions.rendered_diff import diff_revision
from agent_workbench.templating.content_scan import scan_template
from agent_workbench.templating.context import _safe_load, without_settings
from agent_workbench.templating.frontmatter_lines import render_by_lines
from agent_workbench.templating.static_frontmatter import read_frontmatter
from agent_workbench.tokens.agent_tokens import _description_of
from diff_fixtures import make_repo

YAML = "name: a\ndescription: plain\ntools:\n  - read\n"
TEMPLATED = "name: a\npath: ../snippets/{{ agpm.project.language }}.md\n"
STATIC = (
    "name: a\ndependencies:\n  snippets:\n    - path: ../snippets/{{ agpm.project.language }}.md\n"
)


@pytest.fixture
def switch() -> Iterator[None]:
    before = fast_paths.enabled()
    yield
    fast_paths.set_enabled(before)


def _lines(source: str) -> str | None:
    return render_by_lines(
        source,
        "\n",
        lambda line: line.replace("{{ agpm.project.language }}", "rust"),
        {"agpm": {"project": {"language": "rust"}}},
        max_output=10_000,
        deadline=float("inf"),
    )


def _paths() -> list[object]:
    return [
        load_subset(YAML),
        parse_entries(YAML, _safe_load),
        without_settings(YAML),
        _lines(TEMPLATED),
        read_frontmatter(STATIC),
        scan_template("plain text").targets,
    ]


@pytest.mark.usefixtures("switch")
def test_the_switch_turns_each_path_off() -> None:
    fast_paths.set_enabled(True)
    subset, entries, unparsed, lines, static, scan = _paths()
    expected = {"name": "a", "description": "plain", "tools": ["read"]}
    assert subset == entries == expected and unparsed is True
    assert lines == "name: a\npath: ../snippets/rust.md\n" and static is not None
    assert scan == ()
    fast_paths.set_enabled(False)
    assert _paths() == [None, None, False, None, None, ()]


@pytest.mark.usefixtures("switch")
def test_the_description_comes_from_the_round_trip_parse_when_off() -> None:
    frontmatter = "name: a\ndescription: counted\n"
    fast_paths.set_enabled(False)
    misses = CACHES["templating.safe_parses"].size().misses
    assert _description_of("a.md", frontmatter) == "counted"
    assert CACHES["templating.safe_parses"].size().misses == misses  # not safe-loaded
    fast_paths.set_enabled(True)
    assert _description_of("a.md", frontmatter) == "counted"
    assert CACHES["templating.safe_parses"].size().misses == misses + 1


@pytest.mark.usefixtures("switch")
def test_a_revision_diff_renders_every_pair_when_off(tmp_path: Path) -> None:
    project = Project.open(make_repo(tmp_path / "repo"))
    fast_paths.set_enabled(True)
    fast = diff_revision(project, "HEAD")
    assert fast.renders == 0 and fast.skipped == fast.agents
    assert ImpactAnalyzer(project).reads("agents/claude-code/api.md", "python") is not None
    fast_paths.set_enabled(False)
    slow = diff_revision(project, "HEAD")
    assert slow.skipped == 0 and slow.renders >= 2 * slow.agents > 0
    assert slow.diffs == fast.diffs == []


@pytest.mark.usefixtures("switch")
def test_turning_the_switch_forgets_cached_results() -> None:
    fast_paths.set_enabled(True)
    read_frontmatter(STATIC)
    assert CACHES["templating.static_frontmatters"].size().entries > 0
    fast_paths.set_enabled(False)
    assert CACHES["templating.static_frontmatters"].size().entries == 0


@pytest.mark.parametrize(("value", "on"), [("0", False), ("off", False), ("1", True), ("", True)])
def test_the_environment_variable_sets_it(value: str, on: bool) -> None:
    env = {**os.environ, fast_paths.ENV_VAR: value}
    code = "from agent_workbench.model import fast_paths; print(fast_paths.enabled())"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == str(on)
