"""Which project ``workbench PATH`` opens, and what its browser lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_workbench.session.workspace import Workspace

AGENT = "---\ndescription: {name}\n---\nBody of {name}.\n"


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The current directory is another project (with agpm.toml), as in a repository."""
    cwd = write(tmp_path / "cwd", {"agpm.toml": "[project]\n", "agents/mine.md": AGENT})
    monkeypatch.chdir(cwd)
    return tmp_path


def test_a_folder_outside_the_current_project_is_opened_as_its_own(elsewhere: Path) -> None:
    folder = write(
        elsewhere / "collection",
        {
            "team-a/reviewer.md": AGENT.format(name="reviewer"),
            "team-b/planner.md": AGENT.format(name="planner"),
            "team-b/notes.md": "Just notes, no frontmatter.\n",
            "README.md": "---\ntitle: readme\n---\n",
        },
    )
    ws, initial = Workspace.from_target(folder)
    assert ws.project.root == folder.resolve()
    assert initial is None
    # No agents/ or snippets/ folders: every Markdown file with frontmatter is listed.
    assert sorted(ws.resources()) == ["team-a/reviewer.md", "team-b/planner.md"]


def test_a_file_outside_the_current_project_opens_with_its_folder(elsewhere: Path) -> None:
    folder = write(elsewhere / "loose", {"one.md": AGENT.format(name="one"), "two.md": AGENT})
    ws, initial = Workspace.from_target(folder / "one.md")
    assert ws.project.root == folder.resolve()
    assert initial == "one.md"
    assert sorted(ws.resources()) == ["one.md", "two.md"]


def test_a_project_with_resource_folders_lists_only_those(tmp_path: Path) -> None:
    root = write(
        tmp_path / "p",
        {
            "agpm.toml": "[project]\n",
            "agents/a.md": AGENT.format(name="a"),
            "docs/guide.md": "---\ntitle: guide\n---\n",
        },
    )
    ws, _ = Workspace.from_target(root)
    assert ws.resources() == ["agents/a.md"]
    assert ws.is_resource("agents/b.md")
    assert not ws.is_resource("docs/other.md")


def test_new_and_deleted_files_of_a_plain_folder_count_as_resources(elsewhere: Path) -> None:
    folder = write(elsewhere / "collection", {"team/a.md": AGENT.format(name="a")})
    ws, _ = Workspace.from_target(folder)
    assert ws.resources() == ["team/a.md"]
    write(folder, {"team/b.md": AGENT.format(name="b"), "team/plain.md": "no frontmatter\n"})
    assert ws.is_resource("team/b.md")
    assert not ws.is_resource("team/plain.md")
    assert ws.is_resource("team/gone.md")  # deleted: it was listed if it was Markdown
    assert not ws.is_resource("team/gone.txt")


def test_a_folder_without_agpm_toml_inside_the_cwd_is_its_own_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, {"unrelated/agents/other.md": AGENT.format(name="other")})
    folder = write(tmp_path / "wild", {"team/a.md": AGENT.format(name="a")})
    monkeypatch.chdir(tmp_path)
    ws, _ = Workspace.from_target(Path("wild"))
    assert ws.project.root == folder.resolve()
    assert ws.resources() == ["team/a.md"]  # not everything under the current directory
    ws, initial = Workspace.from_target(Path("wild/team/a.md"))
    assert ws.project.root == (folder / "team").resolve() and initial == "a.md"
