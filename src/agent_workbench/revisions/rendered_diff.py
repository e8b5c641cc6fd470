"""Diffs of rendered output: a git revision against the working tree, or one language
against another.

A one-line change in a shared snippet changes every agent that embeds it, for every
language; ``git diff`` of the sources shows none of that. ``diff_revision`` compares
every agent under the given paths as rendered at the revision and in the working
tree, but renders only what the change can affect: a static pass (``impact``) lists
the files each (agent, language) render can read without rendering it, and a pair
none of whose files changed (``changeset``), with ``agpm.toml`` unchanged, is not
rendered at all. An agent whose reads are known only at render time (a ``{% if %}``
in its frontmatter, a ``content`` path computed in a loop) is rendered in the working
tree first, and its revision render skipped when nothing it read
(``RenderResult.files_read``) changed. An agent that fails to render on one side
shows the error in place of that side.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable

from agent_workbench.model import fast_paths
from agent_workbench.model.cached_source import CachedSource
from agent_workbench.model.flavour import resource_type
from agent_workbench.model.project import Project
from agent_workbench.model.sources import WorkingTreeSource, normalize_rel
from agent_workbench.revisions.changeset import RevisionChanges
from agent_workbench.revisions.diff_model import (
    ERROR_PREFIX,
    AgentDiff,
    DiffReport,
    Side,
    Status,
    absent,
    compare,
    side_from,
)
from agent_workbench.revisions.gitrev import GitRevisionSource, changed_paths
from agent_workbench.revisions.impact import ImpactAnalyzer
from agent_workbench.templating.languages import LanguageAnswer, LanguageFinder
from agent_workbench.templating.render import RenderOptions, render_agent
from agent_workbench.tokens.counting import DEFAULT_ENCODING

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


def variant_name(options: RenderOptions | None) -> str | None:
    """The agpm.toml entry a render is done as (for the diff's headers)."""
    return options.variant.name if options is not None and options.variant is not None else None


class _Plan:
    """What a revision diff renders: static read sets (``impact``) decide which pairs the
    change can affect; an agent whose reads cannot be known statically is rendered in
    the working tree first and judged on what that render read."""

    def __init__(
        self,
        project: Project,
        old_project: Project,
        changed: set[str],
        options: RenderOptions | None,
        skip: bool,
    ) -> None:
        self.project = project
        self.old_project = old_project
        self.changes = RevisionChanges(project.source, old_project.source, changed)
        # Skipping relies on reading the working tree directly (symlinks resolved on disk);
        # it is a fast path: off with the others.
        self.skip = skip and fast_paths.enabled() and isinstance(project.source, WorkingTreeSource)
        # The static analysis and the language matching share one read of each file.
        cached = project.with_source(CachedSource(project.source))
        self.impact = ImpactAnalyzer(cached, options)
        self.config_changed = self.changes.config_changed
        self._finders = {False: LanguageFinder(cached)}

    def _finder(self, old: bool) -> LanguageFinder:
        if old not in self._finders:
            self._finders[old] = LanguageFinder(self.old_project)
        return self._finders[old]

    def languages(
        self, rel: str, in_new: bool, in_old: bool, all_languages: bool, language: str | None
    ) -> tuple[list[str | None], list[str | None]]:
        """The languages to compare on each side."""
        if not all_languages:
            return ([language] if in_new else []), ([language] if in_old else [])
        new_langs: list[str | None] = []
        if in_new:
            answer = self._finder(False).find(rel)
            new_langs = list(answer.languages) or [None]
            if in_old and self.skip and not self._languages_may_differ(rel, answer):
                return new_langs, new_langs
        old_langs: list[str | None] = []
        if in_old:
            old_langs = list(self._finder(True).languages(rel)) or [None]
        return new_langs, old_langs

    def _languages_may_differ(self, rel: str, answer: LanguageAnswer) -> bool:
        """An answer is made of the ``path:`` lines of the files it read, which files
        exist, and folder listings: if none of those differ, neither does the answer
        (a snippet whose text changed but not its paths leaves it as it was)."""
        if self.config_changed:
            return True
        if any(self.changes.listing_changed(d) for d in answer.folders):
            return True
        new, old = self._finder(False), self._finder(True)
        return any(
            self.changes.touched(f)
            and (new.is_file(f) != old.is_file(f) or new.raw_paths(f) != old.raw_paths(f))
            for f in answer.files
        )

    def reads_may_differ(self, rel: str, files: frozenset[str]) -> bool:
        """Could a render reading (at most) ``files`` differ between the two sides?"""
        if self.config_changed or self.changes.touched(rel):
            return True
        return any(self.changes.touched(f) for f in files)


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
    skip: bool = True,
) -> DiffReport:
    """Render every agent under ``paths`` at ``rev`` and in the working tree; report those
    whose rendered output differs. ``language`` None: each side's default language;
    ``all_languages``: every language either side offers for the agent. ``skip`` False
    renders every pair on both sides (the reference the skipping is tested against).

    Raises GitError (not a repository, unknown revision).
    """
    with GitRevisionSource.for_project(project.root, rev) as old_source:
        changed = changed_paths(old_source.repo_root, old_source.commit, old_source.prefix)
        old_project = project.with_source(old_source)
        paths = checked_paths(project, old_project, rev, paths)
        new_agents = agents_under(project, paths)
        old_agents = agents_under(old_project, paths)
        agents = sorted(set(new_agents) | set(old_agents))
        report = DiffReport(old_label=rev, new_label=project.source.label, agents=len(agents))
        plan = _Plan(project, old_project, changed, options, skip)
        new_set, old_set = set(new_agents), set(old_agents)
        for index, rel in enumerate(agents):
            if progress is not None:
                progress(index, len(agents))
            new_langs, old_langs = plan.languages(
                rel, rel in new_set, rel in old_set, all_languages, language
            )
            for lang in [*new_langs, *(x for x in old_langs if x not in new_langs)]:
                report.comparisons += 1
                new_result = None
                if plan.skip and lang in new_langs and lang in old_langs:
                    reads = plan.impact.reads(rel, lang)
                    if reads is not None and not plan.reads_may_differ(rel, reads.files):
                        report.skipped += 1
                        report.unrendered += 1
                        continue
                    if reads is None:  # known only by rendering: the working tree first
                        new_result = render_agent(project, rel, _options(options, lang))
                        report.renders += 1
                        if new_result.ok and not plan.reads_may_differ(rel, new_result.files_read):
                            report.skipped += 1
                            continue
                new_side = absent(rel, lang, project.source.label)
                if lang in new_langs:
                    if new_result is None:
                        new_result = render_agent(project, rel, _options(options, lang))
                        report.renders += 1
                    new_side = side_from(new_result, project.source.label)
                if lang not in old_langs:
                    old_side = absent(rel, new_side.language, rev)
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


def checked_paths(
    project: Project, old_project: Project, rev: str, paths: Iterable[str] | None
) -> list[str]:
    """``paths`` normalised; DiffPathError for one in neither the working tree nor ``rev``."""
    found = [normalize_rel(p) for p in paths or []]
    for path in found:
        if not path_exists(project, path) and not path_exists(old_project, path):
            raise DiffPathError(f"{path}: no such file or folder (in the working tree or at {rev})")
    return found


def path_exists(project: Project, rel: str) -> bool:
    return not rel or project.source.is_file(rel) or project.source.is_dir(rel)


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
    entry = variant_name(options)
    return compare(
        side_from(old, lang_a, entry),
        side_from(new, lang_b, entry),
        context=context,
        encoding=encoding,
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
        if not path_exists(project, path):
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
        elif result.old.failed and result.new.failed:
            report.failed.append(result)  # the same error twice is not "no change"
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
        sides.append(side_from(result, label, variant_name(options)))
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
    options: RenderOptions | None = None,
) -> AgentDiff:
    """One agent at ``rev`` against the working tree (or ``text``, its unsaved buffer)."""
    with GitRevisionSource.for_project(project.root, rev) as old_source:
        return diff_renders(
            project.with_source(old_source),
            project,
            rel,
            language=language,
            new_text=text,
            options=options,
            context=context,
            encoding=encoding,
            new_label=new_label,
        )
