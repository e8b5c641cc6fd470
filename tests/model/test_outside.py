"""The read-only view of an agpm.toml entry outside the project (model/outside.py): which
extra root it opts in, and that its source reads nothing else (symlinks resolved)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from agent_workbench.model.outside import extra_root, outside_entries, outside_view
from agent_workbench.model.project import Project
from agent_workbench.model.sources import REASON_OUTSIDE, SourceError


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("../shared/agents/x.md", "shared"),
        ("../../lib/agents/sub/x.md", "../lib"),
        ("./../shared/../shared/x.md", "shared"),
        ("../x.md", "."),  # a file right above the project: its folder
    ],
)
def test_the_extra_root_is_the_first_folder_after_the_climb(
    tmp_path: Path, path: str, expected: str
) -> None:
    project = tmp_path / "a" / "project"
    project.mkdir(parents=True)
    assert extra_root(project, path) == Path(os.path.normpath(tmp_path / "a" / expected))


def test_the_view_reads_the_project_and_the_extra_root_only(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "snippets").mkdir(parents=True)
    (root / "agpm.toml").write_text('[agents]\next = { path = "../shared/agents/x.md" }\n')
    (root / "snippets/p.md").write_text("P\n")
    (tmp_path / "shared/agents").mkdir(parents=True)
    (tmp_path / "shared/agents/x.md").write_text("X\n")
    (tmp_path / "other").mkdir()
    (tmp_path / "other/o.md").write_text("O\n")
    (tmp_path / "shared/agents/sneaky.md").symlink_to(tmp_path / "other/o.md")
    project = Project.open(root)
    (entry,) = outside_entries(project.config)
    view = outside_view(project, entry)
    assert view.rel == "shared/agents/x.md" and view.variant.rel == view.rel
    assert view.project.is_view and view.project.manifest_rel(view.rel) == "../shared/agents/x.md"
    assert view.project.manifest_folder == "project"
    source = view.project.source
    assert source.read_bytes("shared/agents/x.md") == b"X\n"
    assert source.read_bytes("project/snippets/p.md") == b"P\n"
    for rel in ("other/o.md", "shared/agents/sneaky.md", "../etc/passwd"):
        with pytest.raises(SourceError) as caught:
            source.read_bytes(rel)
        assert caught.value.reason == REASON_OUTSIDE
    assert not source.is_file("other/o.md")
