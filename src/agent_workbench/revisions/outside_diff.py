"""``workbench diff --variant/--all-variants`` for agpm.toml entries outside the project
(``model.outside``): each entry rendered read-only in its view, with the revision's
manifest and with the working tree's. The outside files are read at the revision when
the view's folder is in the project's git repository (a monorepo: ``proj/`` beside
``shared/``), else as they are now (they are not part of the project's revisions: only
the manifest's change shows).
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Iterator
from contextlib import ExitStack

from agent_workbench.model.outside import OutsideView, outside_entries, outside_view
from agent_workbench.model.project import Project
from agent_workbench.model.sources import REASON_OUTSIDE, SourceError, normalize_rel
from agent_workbench.model.variants import Variant
from agent_workbench.revisions.diff_model import DiffReport, Side, absent, compare, side_from
from agent_workbench.revisions.git_plumbing import GitError, locate
from agent_workbench.revisions.gitrev import GitRevisionSource
from agent_workbench.templating.render import RenderOptions, render_agent


class PrefixedRevision:
    """A revision's files below a view's root, only those inside ``prefixes`` (the project
    root and the entry's extra root, as view paths), symlinks followed first."""

    def __init__(self, base: GitRevisionSource, prefixes: tuple[str, ...]) -> None:
        self.base = base
        self.prefixes = prefixes

    @property
    def label(self) -> str:
        return self.base.label

    def _check(self, rel: str) -> str:
        real = self.base.resolved(normalize_rel(rel))
        if any(p == "" or real == p or real.startswith(p + "/") for p in self.prefixes):
            return rel
        raise SourceError(rel, REASON_OUTSIDE, f"{rel!r} resolves outside the project root")

    def read_bytes(self, rel: str, *, max_bytes: int | None = None) -> bytes:
        return self.base.read_bytes(self._check(rel), max_bytes=max_bytes)

    def is_file(self, rel: str) -> bool:
        try:
            return self.base.is_file(self._check(rel))
        except SourceError:
            return False

    def is_dir(self, rel: str) -> bool:
        try:
            return self.base.is_dir(self._check(rel))
        except SourceError:
            return False

    def list_dir(self, rel: str) -> list[str]:
        try:
            return self.base.list_dir(self._check(rel))
        except SourceError:
            return []

    def walk_files(self, rel: str = "") -> Iterator[str]:
        try:
            start = self._check(rel)
        except SourceError:
            return
        yield from self.base.walk_files(start)


def _at_revision(view: OutsideView, rev: str, stack: ExitStack) -> Project:
    """The view reading the revision ``rev`` when its folder is in the project's repository."""
    manifest_root = view.project.manifest_root
    assert manifest_root is not None
    try:
        mine, theirs = locate(manifest_root), locate(view.project.root)
    except GitError:
        return view.project
    if mine.repo_root != theirs.repo_root:
        return view.project
    source = stack.enter_context(GitRevisionSource(theirs.repo_root, rev, theirs.prefix))
    prefixes = tuple(
        posixpath.normpath(p.relative_to(view.project.root).as_posix()).removeprefix(".")
        for p in (manifest_root, view.extra_root)
    )
    return view.project.with_source(PrefixedRevision(source, prefixes))


def _side(
    project: Project, entry: Variant | None, run: RenderOptions, label: str, rev: ExitStack | None
) -> Side:
    """``entry`` rendered in its view (read at the revision ``label`` when ``rev`` holds
    its sources open); absent when the manifest has no such entry."""
    if entry is None:
        return absent("", run.language, label)
    view = outside_view(project, entry)
    shown = view.project.manifest_rel(view.rel)  # ../shared/agents/x.md
    side_project = _at_revision(view, label, rev) if rev is not None else view.project
    if not side_project.source.is_file(view.rel):
        return dataclasses.replace(absent(shown, run.language, label), variant=entry.name)
    options = dataclasses.replace(run, variant=view.variant)
    side = side_from(render_agent(side_project, view.rel, options), label, entry.name)
    return dataclasses.replace(side, rel=shown)


def diff_outside_entries(
    project: Project,
    old_project: Project,
    rev: str,
    report: DiffReport,
    *,
    variant: str | None,
    run: RenderOptions,
    context: int,
    encoding: str,
) -> None:
    """Add to ``report`` the entries outside the project (only ``variant`` when given)
    whose render differs between ``rev`` and now."""
    new = {v.name: v for v in outside_entries(project.config) if variant in (None, v.name)}
    old = {v.name: v for v in outside_entries(old_project.config) if variant in (None, v.name)}
    with ExitStack() as stack:
        for name in sorted(set(new) | set(old)):
            report.agents += 1
            report.comparisons += 1
            before = _side(old_project, old.get(name), run, rev, stack)
            after = _side(project, new.get(name), run, project.source.label, None)
            if not before.present:
                before = dataclasses.replace(before, rel=after.rel, variant=name)
            if not after.present:
                after = dataclasses.replace(after, rel=before.rel, variant=name)
            report.renders += before.present + after.present
            result = compare(before, after, context=context, encoding=encoding)
            if result.changed:
                report.diffs.append(result)
