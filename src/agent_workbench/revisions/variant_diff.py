"""Revision diffs per manifest variant: ``workbench diff --variant NAME`` and
``--all-variants``. Each agent is rendered as the agpm.toml entries that point at it
(``model.variants``), each side with its own manifest: an entry added since the revision
is a new file, one removed is a removed file. Every pair is rendered (the static
skipping of ``rendered_diff`` knows files and languages, not entries).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from agent_workbench.model.project import Project
from agent_workbench.model.variants import Variant, variants_of
from agent_workbench.revisions.diff_model import DiffReport, absent, compare, side_from
from agent_workbench.revisions.gitrev import GitRevisionSource
from agent_workbench.revisions.outside_diff import diff_outside_entries
from agent_workbench.revisions.rendered_diff import DiffPathError, agents_under, checked_paths
from agent_workbench.templating.render import RenderOptions, render_agent
from agent_workbench.tokens.counting import DEFAULT_ENCODING


def _entries(project: Project, rel: str, name: str | None) -> dict[str, Variant]:
    """The entries pointing at ``rel`` (only ``name`` when given), by name."""
    return {v.name: v for v in variants_of(project.config, rel) if name in (None, v.name)}


def diff_revision_variants(
    project: Project,
    rev: str,
    paths: Iterable[str] | None = None,
    *,
    variant: str | None = None,
    language: str | None = None,
    options: RenderOptions | None = None,
    context: int = 3,
    encoding: str = DEFAULT_ENCODING,
) -> DiffReport:
    """Every agent under ``paths`` rendered as each entry pointing at it (``variant``:
    only the entry so named), at ``rev`` and in the working tree; the diffs that differ.
    ``language`` None: each entry's own (or the project's).

    Raises DiffPathError (no such path; no agent the entry ``variant`` points at) and
    GitError (not a repository, unknown revision).
    """
    base = options or RenderOptions()
    with GitRevisionSource.for_project(project.root, rev) as old_source:
        old_project = project.with_source(old_source)
        paths = list(paths or [])
        whole = not paths
        paths = checked_paths(project, old_project, rev, paths)
        agents = sorted(set(agents_under(project, paths)) | set(agents_under(old_project, paths)))
        report = DiffReport(old_label=rev, new_label=project.source.label, agents=len(agents))
        for rel in agents:
            new_entries = _entries(project, rel, variant)
            old_entries = _entries(old_project, rel, variant)
            for name in sorted(set(new_entries) | set(old_entries)):
                report.comparisons += 1
                sides = []
                for side_project, entries, label in (
                    (old_project, old_entries, rev),
                    (project, new_entries, project.source.label),
                ):
                    entry = entries.get(name)
                    if entry is None or not side_project.source.is_file(rel):
                        sides.append(
                            dataclasses.replace(absent(rel, language, label), variant=name)
                        )
                        continue
                    run = dataclasses.replace(base, language=language, variant=entry)
                    sides.append(side_from(render_agent(side_project, rel, run), label, name))
                    report.renders += 1
                result = compare(*sides, context=context, encoding=encoding)
                if result.changed:
                    report.diffs.append(result)
        if whole:  # the entries outside the project, read-only (revisions/outside_diff.py)
            run = dataclasses.replace(base, language=language)
            diff_outside_entries(
                project,
                old_project,
                rev,
                report,
                variant=variant,
                run=run,
                context=context,
                encoding=encoding,
            )
        if variant is not None and report.comparisons == 0:
            where = ", ".join(paths) or "the project"
            raise DiffPathError(
                f"--variant {variant}: no agpm.toml entry of that name points at an agent in {where}"
            )
        return report
