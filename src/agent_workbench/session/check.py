"""Validate and render every agent under some paths: what ``workbench check`` reports.

Headless (no click, no Textual): the CLI prints a ``CheckReport``; CI scripts
and the app may call ``check_paths`` / ``check_file`` directly.

For each resource file (agents, snippets, commands):

1. load it (``AgentFile``): unreadable or non-UTF-8 files become one error;
2. with ``fix``, repair invalid YAML first (``repair.py``): the repaired text
   is written atomically and the file reloaded; what could not be repaired is
   reported;
3. diagnose it (``diagnose.py``: parse, render, validate) in the languages
   ``languages.py`` chooses: the project's when the agent offers it (or offers
   none), else the first it offers; with ``all_languages``, every one it offers;
4. optionally count tokens of the rendered body and description
   (``tokens.agent_tokens.count_result``, as the browser and the tokens screen do).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from agent_workbench.frontmatter.agentfile import AgentFile
from agent_workbench.model.diagnostics import Diagnostic, DiagnosticError, Severity, error
from agent_workbench.model.outside import (
    OutsideView,
    outside_entries,
    outside_view,
    view_of_path,
)
from agent_workbench.model.project import Project, holds_config
from agent_workbench.model.variants import variants_of
from agent_workbench.session.diagnose import diagnose, ordered
from agent_workbench.session.languages import LanguageFinder, languages_to_render
from agent_workbench.session.name_clashes import NameIndex
from agent_workbench.templating.render import RenderOptions, render_agent
from agent_workbench.tokens.agent_tokens import count_result


@dataclass
class CheckOptions:
    all_languages: bool = False
    fix: bool = False
    encoding: str | None = None  # count tokens with this encoding (None: do not count)
    variables: dict[str, Any] = field(default_factory=dict)
    all_variants: bool = False  # also render as every agpm.toml entry pointing at the file


@dataclass
class TokenFigures:
    body: int
    description: int


@dataclass
class FileCheck:
    """What checking one file found."""

    root: Path
    rel: str
    flavour: str
    languages: list[str | None]  # rendered with (None: the project has no default language)
    diagnostics: list[Diagnostic]
    repaired: bool = False
    tokens: dict[str, TokenFigures] = field(default_factory=dict)  # language ("" = none) → counts

    @property
    def errors(self) -> int:
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity is Severity.WARNING for d in self.diagnostics)


@dataclass
class CheckReport:
    files: list[FileCheck]
    project_diagnostics: list[tuple[Path, Diagnostic]] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(f.errors for f in self.files) + sum(
            d.is_error for _, d in self.project_diagnostics
        )

    @property
    def warnings(self) -> int:
        return sum(f.warnings for f in self.files) + sum(
            d.severity is Severity.WARNING for _, d in self.project_diagnostics
        )

    @property
    def repaired(self) -> int:
        return sum(f.repaired for f in self.files)

    @property
    def ok(self) -> bool:
        return self.errors == 0


# -- choosing what to check -------------------------------------------------------------


def root_for(path: Path, explicit: Path | None = None) -> Path:
    """The project root for a checked path: ``explicit``, else the nearest ancestor holding
    ``agpm.toml``, else the current folder when the path is inside it, else the path's folder
    (so ``workbench check ../elsewhere`` works on a folder without ``agpm.toml``)."""
    if explicit is not None:
        return Path(os.path.realpath(explicit))
    real = Path(os.path.realpath(path))
    start = real if real.is_dir() else real.parent
    for folder in (start, *start.parents):
        if holds_config(folder):
            return folder
    cwd = Path(os.path.realpath(Path.cwd()))
    if start == cwd or cwd in start.parents:
        return cwd
    return start


def targets(
    paths: Iterable[Path], explicit: Path | None = None, *, whole_project: bool = False
) -> list[tuple[Project, list[str]]]:
    """Group the resource files under ``paths`` by project, in the order given.

    ``whole_project``: the paths are project roots the user did not name, so only
    files in resource folders (``agents/``, ``snippets/``, …) count; a folder the user
    names explicitly counts every Markdown file with frontmatter below it.
    """
    projects: dict[Path, Project] = {}
    chosen: dict[Path, list[str]] = {}
    for path in paths:
        root = root_for(path, explicit)
        if root not in projects:
            projects[root] = Project.open(root)
            chosen[root] = []
        project = projects[root]
        try:
            rel = project.rel(path)
        except ValueError:  # outside the root: an agpm.toml entry's file, read-only
            view = _outside(project, path)
            projects[view.project.root / view.rel] = view.project
            chosen[view.project.root / view.rel] = [view.rel]
            continue
        found = project.resources() if whole_project else project.resources([rel])
        for item in found:
            if item not in chosen[root]:
                chosen[root].append(item)
    return [(projects[root], chosen[root]) for root in projects]


def _outside(project: Project, path: Path) -> OutsideView:
    """The read-only view of the agpm.toml entry whose file is ``path``, outside the
    project; a located error when no entry points at it."""
    view = view_of_path(project, path)
    if view is None:
        raise DiagnosticError(
            error(
                str(path),
                1,
                1,
                f"outside the project root {project.root} and named by no entry of its "
                "agpm.toml (pass --project to choose the root)",
                code="path-outside",
            )
        )
    return view


def outside_entry_views(project: Project) -> list[OutsideView]:
    """The read-only views of the project's agpm.toml entries outside it (``check
    --all-variants`` of the whole project checks them too), one per file."""
    views: dict[Path, OutsideView] = {}
    for entry in outside_entries(project.config):
        view = outside_view(project, entry)
        views.setdefault(view.project.root / view.rel, view)
    return list(views.values())


# -- checking ------------------------------------------------------------------------------


def _repair(project: Project, agent: AgentFile) -> tuple[list[Diagnostic], bool]:
    """Repair invalid YAML on disk; (notes, repaired?).

    Notes: an info per value quoted, or the errors left (which replace the
    file's YAML error: they say why it was not repaired).
    """
    from agent_workbench.frontmatter.repair import repair
    from agent_workbench.model.atomic import atomic_write

    assert agent.document is not None
    outcome = repair(agent.document, agent.rel)
    if outcome.unrepaired or not outcome.changed:
        return list(outcome.unrepaired), False
    data = outcome.document.to_bytes()
    atomic_write(project.abspath(agent.rel), data, expected_sha256=agent.sha256)
    return list(outcome.fixed), True


def check_file(
    project: Project,
    rel: str,
    options: CheckOptions | None = None,
    finder: LanguageFinder | None = None,
    names: NameIndex | None = None,
) -> FileCheck:
    """Check one file (see the module docstring); never raises for a bad file.

    ``finder``, ``names``: one ``LanguageFinder`` and one ``NameIndex`` shared by the files
    of a project, so that each folder is listed and read once.
    """
    options = options or CheckOptions()
    fixed_notes: list[Diagnostic] = []
    repaired = False
    if options.fix:
        agent = AgentFile.load(project, rel)
        if agent.document is not None and agent.yaml_error is not None:
            fixed_notes, repaired = _repair(project, agent)
    plan = languages_to_render(project, rel, all_languages=options.all_languages, finder=finder)
    found = diagnose(project, rel, plan, variables=options.variables, finder=finder, names=names)
    report = FileCheck(project.root, rel, found.flavour, found.languages, [], repaired)
    diagnostics = found.diagnostics
    if any(d.code == "yaml-unrepaired" for d in fixed_notes):
        diagnostics = [d for d in diagnostics if d.code != "yaml-invalid"]
    if options.all_variants:
        diagnostics = diagnostics + _variant_problems(project, rel, options, diagnostics)
    report.diagnostics = ordered(diagnostics + fixed_notes, rel)
    if options.encoding is not None:
        for language, result in zip(found.languages, found.renders, strict=True):
            counts = count_result(result, options.encoding)
            if counts is not None:
                shown = language or project.default_language or ""
                report.tokens[shown] = TokenFigures(counts.body, counts.description)
    return report


def _variant_problems(
    project: Project, rel: str, options: CheckOptions, known: list[Diagnostic]
) -> list[Diagnostic]:
    """The problems of rendering ``rel`` as each manifest entry that points at it, those
    the plain renders did not already report, each naming its entry."""
    seen = {(d.path, d.line, d.column, d.message) for d in known}
    found: list[Diagnostic] = []
    for variant in variants_of(project.config, rel):
        result = render_agent(
            project, rel, RenderOptions(variables=options.variables, variant=variant)
        )
        for diagnostic in result.diagnostics:
            key = (diagnostic.path, diagnostic.line, diagnostic.column, diagnostic.message)
            if key in seen:
                continue
            seen.add(key)
            message = f"{diagnostic.message} (as agpm.toml entry `{variant.name}`)"
            found.append(replace(diagnostic, message=message))
    return found


def iter_checks(
    paths: Iterable[Path] | None,
    options: CheckOptions | None = None,
    project_dir: Path | None = None,
) -> Iterator[tuple[Project, FileCheck | None]]:
    """Check file after file (a None check first per project carries its config problems).

    ``paths`` None (or empty): the project of ``project_dir`` or of the current folder.
    """
    chosen = list(paths or [])
    whole = not chosen
    if whole:
        chosen = [project_dir or Path.cwd()]
        project_dir = project_dir or root_for(Path.cwd())
    for project, rels in targets(chosen, project_dir, whole_project=whole):
        if not project.is_view:
            yield project, None
        finder, names = LanguageFinder(project), NameIndex(project)
        for rel in rels:
            yield project, check_file(project, rel, options, finder, names)
        if whole and options is not None and options.all_variants:
            for view in outside_entry_views(project):
                yield view.project, check_file(view.project, view.rel, options)


def check_paths(
    paths: Iterable[Path] | None,
    options: CheckOptions | None = None,
    project_dir: Path | None = None,
) -> CheckReport:
    report = CheckReport([])
    for project, checked in iter_checks(paths, options, project_dir):
        if checked is None:
            report.project_diagnostics += [(project.root, d) for d in project.diagnostics]
        else:
            report.files.append(checked)
    return report
