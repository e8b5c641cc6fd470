"""File access stays inside the project root, symlinks included."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from agent_workbench.model.sources import (
    REASON_DIRECTORY,
    REASON_MISSING,
    REASON_OUTSIDE,
    REASON_TOO_LARGE,
    OverlaySource,
    SourceError,
    WorkingTreeSource,
    join_rel,
    normalize_rel,
)


def test_reads_files_by_project_relative_path(make_project) -> None:
    root = make_project({"snippets/a.md": "alpha\r\n"})
    source = WorkingTreeSource(root)
    assert source.read_bytes("snippets/a.md") == b"alpha\r\n"
    assert source.read_bytes("agents/../snippets/a.md") == b"alpha\r\n"


@pytest.mark.parametrize("rel", ["/etc/passwd", "../outside.md", "snippets/../../outside.md"])
def test_paths_leaving_the_root_are_refused(make_project, rel: str) -> None:
    root = make_project({"snippets/a.md": "x"})
    (root.parent / "outside.md").write_text("secret")
    with pytest.raises(SourceError) as caught:
        WorkingTreeSource(root).read_bytes(rel)
    assert caught.value.reason == REASON_OUTSIDE


def test_symlink_resolving_outside_the_root_is_refused(make_project, tmp_path: Path) -> None:
    root = make_project({"snippets/a.md": "x"})
    secret = tmp_path / "secret.md"
    secret.write_text("do not leak")
    os.symlink(secret, root / "snippets" / "leak.md")
    os.symlink(tmp_path, root / "snippets" / "up")
    source = WorkingTreeSource(root)
    for rel in ("snippets/leak.md", "snippets/up/secret.md"):
        with pytest.raises(SourceError) as caught:
            source.read_bytes(rel)
        assert caught.value.reason == REASON_OUTSIDE
        assert "do not leak" not in caught.value.message
    assert not source.is_file("snippets/leak.md")


def test_symlink_into_a_sibling_whose_name_extends_the_root_is_refused(
    make_project, tmp_path: Path
) -> None:
    """``project2`` is not inside ``project``, though its path starts with it."""
    root = make_project({"snippets/a.md": "x"})
    sibling = Path(f"{root}2")
    sibling.mkdir()
    (sibling / "secret.md").write_text("do not leak")
    os.symlink(sibling / "secret.md", root / "snippets" / "leak.md")
    with pytest.raises(SourceError) as caught:
        WorkingTreeSource(root).read_bytes("snippets/leak.md")
    assert caught.value.reason == REASON_OUTSIDE


def test_symlink_inside_the_root_is_followed(make_project) -> None:
    root = make_project({"snippets/a.md": "inside"})
    os.symlink(root / "snippets" / "a.md", root / "alias.md")
    assert WorkingTreeSource(root).read_bytes("alias.md") == b"inside"


def test_missing_directory_and_too_large_have_their_own_reasons(make_project) -> None:
    root = make_project({"big.txt": "x" * 2000})
    source = WorkingTreeSource(root)
    cases = [
        ("nope.md", None, REASON_MISSING),
        ("", None, REASON_DIRECTORY),
        ("big.txt", 1000, REASON_TOO_LARGE),
    ]
    for rel, limit, reason in cases:
        with pytest.raises(SourceError) as caught:
            source.read_bytes(rel, max_bytes=limit)
        assert caught.value.reason == reason


def test_walk_skips_vcs_and_dependency_folders(make_project) -> None:
    root = make_project({"agents/a.md": "a", ".git/config": "x", "node_modules/m/x.md": "m"})
    files = list(WorkingTreeSource(root).walk_files())
    assert "agents/a.md" in files and "agpm.toml" in files
    assert not any(f.startswith((".git/", "node_modules/")) for f in files)


def test_overlay_serves_unsaved_text_over_the_disk(make_project) -> None:
    root = make_project({"agents/a.md": "on disk"})
    overlay = OverlaySource(
        WorkingTreeSource(root), {"agents/a.md": b"unsaved", "agents/new.md": b"n"}
    )
    assert overlay.read_bytes("agents/a.md") == b"unsaved"
    assert overlay.read_bytes("agpm.toml").startswith(b"[project]")
    assert overlay.list_dir("agents") == ["a.md", "new.md"]
    assert sorted(overlay.walk_files("agents")) == ["agents/a.md", "agents/new.md"]


def test_normalisation_and_joining() -> None:
    assert normalize_rel("./a//b/../c.md") == "a/c.md"
    assert join_rel("agents/claude", "../../snippets/x.md") == "snippets/x.md"
    with pytest.raises(SourceError):
        join_rel("agents", "../../../x.md")
