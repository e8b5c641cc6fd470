"""What the app lists: the project's resources, or the Markdown of the folder it was given.

``workbench PATH`` opens the project that holds ``PATH``: the nearest folder
with ``agpm.toml`` at or above it (the root rule of ``project.find_root``).
Without one, the folder named (or the file's folder) is the project, where
the command line would take the current directory: ``workbench wild`` run
from ``/tmp`` shows ``wild``, not everything under ``/tmp``.

A folder of agents without AGPM's folder names (``agents/``, ``snippets/``…)
is still listed: when the project holds no resources by those names, every
Markdown file with frontmatter below the folder named counts, as ``workbench
check FOLDER`` reads it.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from agent_workbench.model.outside import OutsideView, view_of_path
from agent_workbench.model.project import Project, find_root, holds_config


def project_for(target: Path) -> tuple[Project, str | None, str | None]:
    """The project for ``target``: (project, the folder named, the file named or None).

    For a file, the folder named is its folder."""
    target = Path(target)
    folder = Path(os.path.realpath(target if target.is_dir() else target.parent))
    root = find_root(target)
    if not holds_config(root) or not folder.is_relative_to(root):
        view = _entry_view(target)
        if view is not None:  # an entry of the cwd's agpm.toml outside that project
            return view.project, posixpath.dirname(view.rel), view.rel
        root = folder  # no agpm.toml above it: the folder named, not the cwd's project
    project = Project.open(root)
    if target.is_file():
        rel = project.rel(target)
        return project, posixpath.dirname(rel), rel
    folder_rel = project.rel(target)
    return project, ("" if folder_rel == "." else folder_rel), None


def _entry_view(target: Path) -> OutsideView | None:
    """A file with no agpm.toml above it that an entry of the current folder's agpm.toml
    points at: opened read-only in that entry's view (``model.outside``)."""
    if not target.is_file():
        return None
    here = find_root(Path.cwd())
    return view_of_path(Project.open(here), target) if holds_config(here) else None


@dataclass
class ResourceScope:
    """The resources a session lists, and whether a new path is one of them."""

    project: Project
    folder: str | None = None  # project-relative folder the author named ("" for the root)
    explicit: bool = field(default=False, init=False)  # listing any Markdown with frontmatter

    def resources(self) -> list[str]:
        found = self.project.resources()
        self.explicit = False
        if not found and self.folder is not None:
            found = self.project.resources([self.folder])
            self.explicit = True
        return found

    def is_resource(self, rel: str) -> bool:
        """Would ``rel`` be listed (for paths added, deleted or renamed on disk)?"""
        if self.project.is_resource(rel):
            return True
        if not self.explicit or self.folder is None or not self._inside(rel):
            return False
        if not self.project.abspath(rel).exists():  # deleted: it was listed if Markdown
            return rel.lower().endswith(".md")
        return self.project.is_resource(rel, explicit=True)

    def _inside(self, rel: str) -> bool:
        folder = self.folder or ""
        return not folder or rel == folder or rel.startswith(posixpath.join(folder, ""))
