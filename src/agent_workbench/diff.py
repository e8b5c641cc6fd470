"""Diffs of rendered output: a git revision against the working tree, or one language
against another.

A one-line change in a shared snippet changes every agent that embeds it, for every
language; ``git diff`` of the sources shows none of that. ``diff_revision`` renders
every agent under the given paths at the revision and in the working tree and
compares the installed files. It renders only what the change can affect: the
working-tree side is rendered first, and an agent that did not change itself, whose
render read no changed file (``RenderResult.files_read``), with ``agpm.toml``
unchanged and a working-tree render that succeeded, cannot differ, so its revision
render is skipped. An agent that fails to render on one side shows the error in
place of that side.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from agent_workbench.diffmodel import (
    ERROR_PREFIX,
    AgentDiff,
    DiffReport,
    Side,
    Status,
    absent,
    compare,
    side_from,
)
from agent_workbench.flavour import resource_type
from agent_workbench.gitrev import GitRevisionSource, changed_paths
from agent_workbench.project import CONFIG_NAME, Project
from agent_workbench.render import RenderOptions, RenderResult, render_agent
from agent_workbench.sources import normalize_rel
from agent_workbench.tokens import DEFAULT_ENCODING

__all__ = [
    "ERROR_PREFIX",
    "AgentDiff",
    "DiffPathError",
    "DiffReport",
    "Side",
    "Status",
    "agents_under",
    "compare",
    "diff_agent_revision",
    "diff_language_pair",
    "diff_languages",
    "diff_renders",
    "diff_revision",
]


class DiffPathError(Exception):
    """A path to diff exists neither in the working tree nor at the revision."""


# -- which agents ----------------------------------------------------------------------


def agents_under(project: Project, paths: Iterable[str] | None = None) -> list[str]:
    """Rendered resources (agents, commands) below project-relative ``paths``; snippets are
    included only when named as files (they reach agents through dependencies)."""
    paths = [normalize_rel(p) for p in paths or []]
    named = {p for p in paths if project.source.is_file(p)}
    return [
        rel
        for rel in project.resources(paths or None)
        if rel in named or resource_type(rel) != "snippet"
    ]


# -- revision against working tree ------------------------------------------------------


def _options(base: RenderOptions | None, language: str | None) -> RenderOptions:
    if base is None:
        return RenderOptions(language=language)
    return dataclasses.replace(base, language=language)


class _ChangeOracle:
    """Decides whether a revision render could differ from the working-tree one."""

    def __init__(self, project: Project, old_source: GitRevisionSource, changed: set[str]):
        self.root = project.root
        self.old = old_source
        self.changed = changed
        self.config_changed = CONFIG_NAME in changed
        # A file added or deleted can change which languages an agent offers.
        self.layout_changed = any(
            project.source.is_file(p) != old_source.is_file(p) for p in changed
        )
        self._known: dict[str, bool] = {}

    def _file_changed(self, rel: str) -> bool:
        known = self._known.get(rel)
        if known is None:
            known = self._known[rel] = self._check(rel)
        return known

    def _check(self, rel: str) -> bool:
        if rel in self.changed or not self.old.is_file(rel):
            return True
        real = os.path.realpath(self.root / rel)
        if real != str(self.root / rel):
            try:
                target = Path(real).relative_to(self.root).as_posix()
            except ValueError:
                return True
            return target in self.changed
        return False

    def may_differ(self, rel: str, new: RenderResult) -> bool:
        if self.config_changed or rel in self.changed or not new.ok:
            return True
        return any(self._file_changed(p) for p in new.files_read)

    def languages_may_differ(self, rel: str) -> bool:
        return self.config_changed or self.layout_changed or rel in self.changed


def diff_revision(
    project: Project,
    rev: str,
    paths: Iterable[str] | None = None,
    *,
    language: str | None = None,
    all_languages: bool = False,
    options: RenderOptions | None = None,
    context: int = 3,
    encoding: str = DEFAULT_ENCODING,
    progress: Callable[[int, int], None] | None = None,
) -> DiffReport:
    """Render every agent under ``paths`` at ``rev`` and in the working tree; report those
    whose rendered output differs. ``language`` None: each side's default language;
    ``all_languages``: every language either side offers for the agent.

    Raises GitError (not a repository, unknown revision).
    """
    with GitRevisionSource.for_project(project.root, rev) as old_source:
        changed = changed_paths(old_source.repo_root, old_source.commit, old_source.prefix)
        old_project = project.with_source(old_source)
        oracle = _ChangeOracle(project, old_source, changed)
        paths = [normalize_rel(p) for p in paths or []]
        for path in paths:
            if not _exists(project, path) and not _exists(old_project, path):
                raise DiffPathError(
                    f"{path}: no such file or folder (in the working tree or at {rev})"
                )
        new_agents = agents_under(project, paths)
        old_agents = agents_under(old_project, paths)
        agents = sorted(set(new_agents) | set(old_agents))
        report = DiffReport(old_label=rev, new_label=project.source.label, agents=len(agents))
        new_set, old_set = set(new_agents), set(old_agents)
        for index, rel in enumerate(agents):
            if progress is not None:
                progress(index, len(agents))
            in_new, in_old = rel in new_set, rel in old_set
            new_langs = _langs(project, rel, all_languages, language) if in_new else []
            if not in_old:
                old_langs: list[str | None] = []
            elif in_new and not (all_languages and oracle.languages_may_differ(rel)):
                old_langs = new_langs
            else:
                old_langs = _langs(old_project, rel, all_languages, language)
            for lang in [*new_langs, *(x for x in old_langs if x not in new_langs)]:
                report.comparisons += 1
                new_side = absent(rel, lang, project.source.label)
                new_result = None
                if lang in new_langs:
                    new_result = render_agent(project, rel, _options(options, lang))
                    report.renders += 1
                    new_side = side_from(new_result, project.source.label)
                if lang not in old_langs:
                    old_side = absent(rel, new_side.language, rev)
                elif new_result is not None and not oracle.may_differ(rel, new_result):
                    report.skipped += 1
                    continue
                else:
                    old_result = render_agent(old_project, rel, _options(options, lang))
                    report.renders += 1
                    old_side = side_from(old_result, rev)
                if not new_side.present:
                    new_side = dataclasses.replace(new_side, language=old_side.language)
                result = compare(old_side, new_side, context=context, encoding=encoding)
                if result.changed:
                    report.diffs.append(result)
        return report


def _exists(project: Project, rel: str) -> bool:
    return not rel or project.source.is_file(rel) or project.source.is_dir(rel)


def _langs(
    project: Project, rel: str, all_languages: bool, language: str | None
) -> list[str | None]:
    if not all_languages:
        return [language]
    from agent_workbench.languages import languages_for

    found: list[str | None] = list(languages_for(project, rel))
    return found or [None]


# -- other comparisons ------------------------------------------------------------------


def diff_languages(
    project: Project,
    rel: str,
    lang_a: str,
    lang_b: str,
    *,
    options: RenderOptions | None = None,
    text: str | None = None,
    context: int = 3,
    encoding: str = DEFAULT_ENCODING,
) -> AgentDiff:
    """The same agent rendered for two languages (``lang_a`` old, ``lang_b`` new)."""
    old = render_agent(project, rel, _options(options, lang_a), text=text)
    new = render_agent(project, rel, _options(options, lang_b), text=text)
    return compare(
        side_from(old, lang_a), side_from(new, lang_b), context=context, encoding=encoding
    )


def diff_language_pair(
    project: Project,
    paths: Iterable[str] | None,
    lang_a: str,
    lang_b: str,
    *,
    options: RenderOptions | None = None,
    context: int = 3,
    encoding: str = DEFAULT_ENCODING,
) -> DiffReport:
    """Every agent under ``paths`` rendered for ``lang_a`` (old) and ``lang_b`` (new)."""
    paths = [normalize_rel(p) for p in paths or []]
    for path in paths:
        if not _exists(project, path):
            raise DiffPathError(f"{path}: no such file or folder")
    agents = agents_under(project, paths)
    report = DiffReport(old_label=lang_a, new_label=lang_b, agents=len(agents))
    for rel in agents:
        report.comparisons += 1
        report.renders += 2
        result = diff_languages(
            project, rel, lang_a, lang_b, options=options, context=context, encoding=encoding
        )
        if result.changed:
            report.diffs.append(result)
    return report


def diff_renders(
    old_project: Project,
    new_project: Project,
    rel: str,
    *,
    language: str | None = None,
    old_text: str | None = None,
    new_text: str | None = None,
    options: RenderOptions | None = None,
    context: int = 3,
    encoding: str = DEFAULT_ENCODING,
    old_label: str | None = None,
    new_label: str | None = None,
) -> AgentDiff:
    """One agent rendered from two sources (saved file against unsaved buffer, a revision
    against the working tree). A side whose agent file does not exist is absent. Labels
    default to the sources' ("HEAD", "working tree")."""
    sides = []
    for project, text, given in (
        (old_project, old_text, old_label),
        (new_project, new_text, new_label),
    ):
        label = given or project.source.label
        if text is None and not project.source.is_file(rel):
            sides.append(absent(rel, language, label))
            continue
        result = render_agent(project, rel, _options(options, language), text=text)
        sides.append(side_from(result, label))
    old, new = sides
    if not old.present:
        old = dataclasses.replace(old, language=new.language)
    if not new.present:
        new = dataclasses.replace(new, language=old.language)
    return compare(old, new, context=context, encoding=encoding)


def diff_agent_revision(
    project: Project,
    rel: str,
    rev: str,
    *,
    language: str | None = None,
    text: str | None = None,
    context: int = 3,
    encoding: str = DEFAULT_ENCODING,
    new_label: str | None = None,
) -> AgentDiff:
    """One agent at ``rev`` against the working tree (or ``text``, its unsaved buffer)."""
    with GitRevisionSource.for_project(project.root, rev) as old_source:
        return diff_renders(
            project.with_source(old_source),
            project,
            rel,
            language=language,
            new_text=text,
            context=context,
            encoding=encoding,
            new_label=new_label,
        )
