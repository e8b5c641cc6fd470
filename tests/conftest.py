"""Shared fixtures: real projects written into tmp_path, and the read-only corpus in ../shared."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from agent_workbench.model.fast_paths import fast_paths

REPO_ROOT = Path(__file__).resolve().parent.parent
# The app keeps the agent list's width in $XDG_STATE_HOME (app/ui_state.py): the tests'
# processes use a folder of their own, never the machine's.
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="workbench-tests-state-")
SHARED = Path(os.environ.get("WORKBENCH_SHARED", REPO_ROOT.parent / "shared"))

# A templated agent whose snippet follows the language: agents/a.md reads
# snippets/<language>.md (the shape the dependency graph and disk sync are about).
GUIDE_AGENT = """---
description: A
dependencies:
  snippets:
    - path: ../snippets/{{ agpm.project.language }}.md
      name: guide
agpm:
  templating: true
---
Guide: {{ agpm.deps.snippets.guide.content }}
"""

requires_shared = pytest.mark.skipif(
    not (SHARED / "corpus").is_dir(), reason="../shared (corpus and seeds) is not present"
)


def shared_files(*parts: str, pattern: str = "*.md") -> list[Path]:
    """Files of ../shared for parametrised tests ([] when ../shared is absent)."""
    base = SHARED.joinpath(*parts)
    if not base.is_dir():
        return []
    return sorted(p for p in base.rglob(pattern) if p.is_file())


@pytest.fixture
def fast_paths_on() -> Iterator[None]:
    """For a test that a fast path is taken: on, even in CI's run with them off
    (``WORKBENCH_FAST_PATHS=0``)."""
    with fast_paths(True):
        yield


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """Write a project into tmp_path: ``make_project({"agents/a.md": "...", ...})``.

    Values may be ``str`` (written as UTF-8, byte for byte) or ``bytes``. An
    ``agpm.toml`` with ``[project] language = "python"`` is added unless given.
    """

    def make(files: dict[str, str | bytes], *, root: Path | None = None) -> Path:
        base = root or tmp_path / "project"
        base.mkdir(parents=True, exist_ok=True)
        files = dict(files)
        files.setdefault("agpm.toml", '[project]\nlanguage = "python"\n')
        for rel, content in files.items():
            path = base / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            data = content.encode("utf-8") if isinstance(content, str) else content
            path.write_bytes(data)
        return base

    return make


def run_cli(
    *args: str, cwd: Path, input: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run ``workbench ARGS`` as a real subprocess, the way a user or a CI script does
    (a command still running after ``timeout`` seconds fails the test: it hung)."""
    return subprocess.run(
        [sys.executable, "-m", "agent_workbench", *args],
        cwd=cwd,
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "120"},
    )
