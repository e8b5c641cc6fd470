"""Manifest entries outside the project: ``[agents] x = { path = "../shared-agents/agents/x.md" }``.

AGPM v0.4.14 installs such a file (``resolve_local_dependency``,
src/resolver/dependency_processing.rs) and reads its transitive dependencies from where
the file really is: ``./``, ``../`` and bare names from its folder, other paths from the
folder two levels above it (``resolve_transitive_path`` / ``resolve_repo_relative_path``,
src/resolver/transitive_resolver.rs); each dependency's ``path`` and ``name`` are then
relative to the manifest's folder (``create_path_only_transitive_dep``,
``compute_canonical_name``: ``../shared-agents/snippets/h``) and it installs at its
``extract_meaningful_path`` (the path without its leading ``..``).

The workbench renders such an entry read-only in a *view*: a project rooted at the
deepest folder holding both the project root and the entry's *extra root*, whose source
reads only inside the project root or the extra root (symlinks resolved). The extra root
is the first folder the entry's path names after its ``..`` segments
(``../shared-agents/agents/x.md`` → ``../shared-agents``; ``../x.md`` → ``..``), or after
``/`` for an absolute path. So a file's path in the view is its ``extract_meaningful_path``
(where AGPM installs it), and ``Project.manifest_rel`` gives back the path AGPM names it by.
"""

from __future__ import annotations

import copy
import os
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agent_workbench.model.project import Project
from agent_workbench.model.sources import REASON_OUTSIDE, SourceError, WorkingTreeSource
from agent_workbench.model.variants import Variant, manifest_entries, manifest_variants


class RootsSource(WorkingTreeSource):
    """The files below ``root`` that resolve (symlinks included) inside one of ``allowed``:
    the project root and one outside entry's extra root. Read-only, like every source."""

    def __init__(self, root: Path, allowed: tuple[Path, ...]) -> None:
        super().__init__(root)
        self.allowed = tuple(Path(os.path.realpath(p)) for p in allowed)

    def path_of(self, rel: str) -> Path:
        candidate = super().path_of(rel)
        real = Path(os.path.realpath(candidate))
        if any(real == root or real.is_relative_to(root) for root in self.allowed):
            return candidate
        shown = " or ".join(str(root) for root in self.allowed)
        raise SourceError(
            rel, REASON_OUTSIDE, f"{rel!r} resolves outside the project root ({shown})"
        )


def extra_root(project_root: Path, path: str) -> Path:
    """The folder an outside entry's ``path`` opts in (see the module's docstring)."""
    norm = posixpath.normpath(path.replace("\\", "/"))
    if norm.startswith("/"):
        parts = [p for p in norm.split("/") if p]
        return Path("/" + parts[0]) if len(parts) > 1 else Path("/")
    parts = norm.split("/")
    climbs = 0
    while climbs < len(parts) and parts[climbs] == "..":
        climbs += 1
    named = parts[climbs : climbs + 1] if len(parts) - climbs > 1 else []
    return Path(os.path.realpath(project_root.joinpath(*parts[:climbs], *named)))


@dataclass(frozen=True)
class OutsideView:
    """An outside entry's file, placed in its read-only view."""

    project: Project  # the view (root: the folder above both roots; manifest_root: the project's)
    rel: str  # the file's path in the view
    variant: Variant  # the entry, its ``rel`` the view's
    extra_root: Path


def _entry_path(view_root: Path, project_root: Path, path: str) -> str | None:
    """An outside entry's ``path`` as a path in a view rooted at ``view_root`` (None when it
    leaves the view)."""
    target = os.path.normpath(os.path.join(project_root, path))
    rel = os.path.relpath(target, view_root).replace(os.sep, "/")
    return None if rel == ".." or rel.startswith("../") else rel


def outside_view(project: Project, variant: Variant) -> OutsideView:
    """The view an outside entry of ``project``'s manifest renders in. Its manifest is the
    project's, with the paths of entries outside the project written as view paths (so
    ``variants_of(view.config, rel)`` finds them)."""
    assert variant.outside, variant
    root = project.root
    extra = extra_root(root, variant.path)
    view_root = Path(os.path.commonpath([root, extra]))
    config: dict[str, Any] = copy.deepcopy(project.config)
    for _, _, entry in manifest_entries(config):
        if isinstance(entry, dict) and entry.get("source") is None:
            path = entry.get("path")
            if isinstance(path, str) and _leaves(path):
                moved = _entry_path(view_root, root, path)
                if moved is not None:
                    entry["path"] = moved
    view = Project(
        root=view_root,
        source=RootsSource(view_root, (root, extra)),
        config=config,
        manifest_root=root,
    )
    rel = _entry_path(view_root, root, variant.path)
    assert rel is not None
    found = next(
        v
        for v in manifest_variants(config)
        if (v.category, v.name) == (variant.category, variant.name)
    )
    return OutsideView(view, rel, found, extra)


def _leaves(path: str) -> bool:
    norm = posixpath.normpath(path.replace("\\", "/"))
    return norm.startswith("/") or norm == ".." or norm.startswith("../")


def outside_entries(config: Mapping[str, Any]) -> list[Variant]:
    """The manifest's entries whose file is outside the project (globs excluded)."""
    return [
        v for v in manifest_variants(config) if v.outside and not any(c in v.path for c in "*?[")
    ]


def view_of_path(project: Project, path: Path | str) -> OutsideView | None:
    """The view of the first manifest entry of ``project`` whose file is ``path``, a file
    outside the project; None when no entry points at it."""
    from agent_workbench.model.variants import outside_variants

    found = outside_variants(project.config, str(project.root), str(path))
    return outside_view(project, found[0]) if found else None


def title_of(project: Project, rel: str | None) -> str:
    """How the app names the open file: its path, and in a view where it is and that
    nothing there is watched (the app follows only the project's folder)."""
    if rel is None:
        return ""
    if not project.is_view:
        return rel
    return f"{project.manifest_rel(rel)} · read-only: outside the project, not watched"
