"""Validate and render every agent under some paths: what ``workbench check`` reports.

Headless (no click, no Textual): the CLI prints a ``CheckReport``; CI scripts
and the app may call ``check_paths`` / ``check_file`` directly.

For each resource file (agents, snippets, commands):

1. load it (``AgentFile``): unreadable or non-UTF-8 files become one error;
2. with ``fix``, repair invalid YAML first (``repair.py``): the repaired text
   is written atomically and the file reloaded; what could not be repaired is
   reported;
3. render it for its languages (``languages_for``): the project default when
   the agent offers it (or offers any), else the first it offers; with
   ``all_languages``, every one it offers;
4. validate its fields against its flavour: the parsed frontmatter (exact
   positions), or the rendered frontmatter when the raw one holds template
   syntax;
5. optionally count tokens of the rendered body and description.

Diagnostics that are the same in several languages are reported once; one that
occurs only for some languages says which.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agent_workbench.frontmatter.agentfile import AgentFile
from agent_workbench.model.diagnostics import Diagnostic, DiagnosticError, Severity
from agent_workbench.model.document import AgentDocument
from agent_workbench.model.flavour import detect_flavour
from agent_workbench.model.project import CONFIG_NAME, Project
from agent_workbench.model.sources import SourceError
from agent_workbench.templating.languages import LanguageFinder
from agent_workbench.templating.render import RenderOptions, RenderResult, render_agent

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass
class CheckOptions:
    all_languages: bool = False
    fix: bool = False
    encoding: str | None = None  # count tokens with this encoding (None: do not count)
    variables: dict[str, Any] = field(default_factory=dict)


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
        if (folder / CONFIG_NAME).is_file():
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
        rel = project.rel(path)
        found = project.resources() if whole_project else project.resources([rel])
        for item in found:
            if item not in chosen[root]:
                chosen[root].append(item)
    return [(projects[root], chosen[root]) for root in projects]


# -- checking ------------------------------------------------------------------------------


def _languages(
    project: Project, rel: str, options: CheckOptions, finder: LanguageFinder | None = None
) -> tuple[list[str | None], str]:
    """Languages to render with, and a note when the project default is not among them."""
    try:
        offered = (finder or LanguageFinder(project)).languages(rel)
    except Exception:  # the render below reports what is wrong with the file
        offered = []
    if not offered:
        return [None], ""
    if options.all_languages:
        return list(offered), ""
    default = project.default_language
    if default is None or default in offered:
        return [None], ""
    return [offered[0]], (
        f"rendered with language {offered[0]}: this agent offers only "
        f"{', '.join(offered)}, not the project language {default}"
    )


def _repair(project: Project, agent: AgentFile) -> tuple[AgentFile, list[Diagnostic], bool]:
    """Repair invalid YAML on disk; (reloaded agent, notes, repaired?).

    Notes: an info per value quoted, or the errors left (which replace the
    file's YAML error: they say why it was not repaired).
    """
    from agent_workbench.frontmatter.repair import repair
    from agent_workbench.model.atomic import atomic_write

    assert agent.document is not None
    outcome = repair(agent.document, agent.rel)
    if outcome.unrepaired or not outcome.changed:
        return agent, list(outcome.unrepaired), False
    data = outcome.document.to_bytes()
    atomic_write(project.abspath(agent.rel), data, expected_sha256=agent.sha256)
    return AgentFile.load(project, agent.rel), list(outcome.fixed), True


def _plain_fields(frontmatter: str) -> dict[str, Any] | None:
    """The fields of valid YAML frontmatter (a cached safe parse, shared with the renderer)."""
    from agent_workbench.templating.context import parse_yaml

    parsed = parse_yaml(frontmatter)
    return parsed.data if parsed.error is None and isinstance(parsed.data, dict) else None


def _light_load(project: Project, rel: str) -> tuple[AgentFile, dict[str, Any] | None] | None:
    """A file loaded without the (slow) round-trip YAML parse: (agent, its raw fields).

    Enough to render and validate it; when validation finds anything, the file is
    loaded fully so that positions are exact. Frontmatter with template syntax is
    not parsed raw at all (what gets installed, and validated, is the rendered
    frontmatter): its raw fields are None. Returns None when the file must be
    loaded fully straight away (unreadable, not UTF-8, invalid YAML).
    """
    from agent_workbench.templating.environment import has_template_syntax

    try:
        document = AgentDocument.parse(project.source.read_bytes(rel), rel)
    except (SourceError, DiagnosticError):
        return None
    if not document.has_frontmatter:
        return None
    if has_template_syntax(document.frontmatter):
        return AgentFile(rel, document, detect_flavour(rel, None)), None
    fields = _plain_fields(document.frontmatter)
    if fields is None:
        return None
    return AgentFile(rel, document, detect_flavour(rel, fields)), fields


def _validate(
    agent: AgentFile, raw_fields: dict[str, Any] | None, first: RenderResult | None
) -> list[Diagnostic]:
    from agent_workbench.schema.validate import validate

    if agent.has_template_logic:
        if first is None or first.output is None:
            return []
        fields = _plain_fields(AgentDocument.from_text(first.output).frontmatter)
        return validate(agent, fields) if fields is not None else []
    if raw_fields is not None:
        return validate(agent, raw_fields)
    return validate(agent)


def _description(output: str) -> str:
    document = AgentDocument.from_text(output)
    fields = _plain_fields(document.frontmatter) if document.has_frontmatter else None
    if fields is not None:
        value = fields.get("description")
        return "" if value is None else str(value)
    from agent_workbench.frontmatter.lenient import simple_read

    return simple_read(document.frontmatter).get("description", "")


def _count(result: RenderResult, encoding: str) -> TokenFigures:
    from agent_workbench.tokens.counting import count_tokens

    assert result.output is not None
    body = result.body if result.body is not None else result.output
    description = _description(result.output)
    return TokenFigures(count_tokens(body, encoding), count_tokens(description, encoding))


def _merge(
    per_language: list[tuple[str | None, list[Diagnostic]]],
) -> list[Diagnostic]:
    """Diagnostics of several renders, once each; tagged with languages when not in all."""
    seen: dict[tuple[str, int, int, str, str], tuple[Diagnostic, list[str]]] = {}
    for language, diagnostics in per_language:
        for diagnostic in diagnostics:
            key = (
                diagnostic.path,
                diagnostic.line,
                diagnostic.column,
                diagnostic.severity.value,
                diagnostic.message,
            )
            if key not in seen:
                seen[key] = (diagnostic, [])
            if language is not None and language not in seen[key][1]:
                seen[key][1].append(language)
    rendered = [lang for lang, _ in per_language if lang is not None]
    merged = []
    for diagnostic, languages in seen.values():
        if len(rendered) > 1 and languages and len(languages) < len(rendered):
            diagnostic = Diagnostic(
                diagnostic.path,
                diagnostic.line,
                diagnostic.column,
                diagnostic.severity,
                f"{diagnostic.message} [language: {', '.join(languages)}]",
                diagnostic.suggestion,
                diagnostic.code,
                diagnostic.expression,
            )
        merged.append(diagnostic)
    return merged


def check_file(
    project: Project,
    rel: str,
    options: CheckOptions | None = None,
    finder: LanguageFinder | None = None,
) -> FileCheck:
    """Check one file (see the module docstring); never raises for a bad file.

    ``finder``: one ``LanguageFinder`` shared by the files of a project, so that each
    folder is listed once.
    """
    options = options or CheckOptions()
    light = _light_load(project, rel)
    agent, raw_fields = light if light is not None else (AgentFile.load(project, rel), None)
    report = FileCheck(project.root, rel, agent.flavour.value, [], [])
    if agent.document is None:
        report.diagnostics = agent.diagnostics
        return report
    fixed_notes: list[Diagnostic] = []
    if options.fix and agent.yaml_error is not None:
        agent, fixed_notes, report.repaired = _repair(project, agent)
    languages, note = _languages(project, rel, options, finder)
    report.languages = languages
    per_language: list[tuple[str | None, list[Diagnostic]]] = []
    first_ok: RenderResult | None = None
    for language in languages:
        render_options = RenderOptions(language=language, variables=options.variables)
        result = render_agent(project, rel, render_options)
        per_language.append((language, result.diagnostics))
        if result.ok and result.output is not None:
            first_ok = first_ok or result
            if options.encoding is not None:
                shown = language or project.default_language or ""
                report.tokens[shown] = _count(result, options.encoding)
    validation = _validate(agent, raw_fields, first_ok)
    if validation and light is not None:  # something to report: exact positions
        agent = AgentFile.load(project, rel)
        validation = _validate(agent, None, first_ok)
    elif light is not None and raw_fields is None and first_ok is not None:
        rendered = _plain_fields(AgentDocument.from_text(first_ok.output or "").frontmatter)
        report.flavour = detect_flavour(rel, rendered).value
    diagnostics = list(agent.diagnostics) + _merge(per_language) + validation
    if any(d.code == "yaml-unrepaired" for d in fixed_notes):
        diagnostics = [d for d in diagnostics if d.code != "yaml-invalid"]
    diagnostics += fixed_notes
    if note:
        diagnostics.append(Diagnostic(rel, 1, 1, Severity.INFO, note, code="language-fallback"))
    report.diagnostics = _dedupe(diagnostics, rel)
    return report


def _dedupe(diagnostics: list[Diagnostic], rel: str) -> list[Diagnostic]:
    """Each diagnostic once; the file's own first (by position), then other files'."""
    out: list[Diagnostic] = []
    seen: set[tuple[str, int, int, str]] = set()
    for diagnostic in diagnostics:
        key = (diagnostic.path, diagnostic.line, diagnostic.column, diagnostic.message)
        if key not in seen:
            seen.add(key)
            out.append(diagnostic)
    out.sort(key=lambda d: (d.path != rel, d.path, d.line, d.column, _ORDER[d.severity]))
    return out


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
        yield project, None
        finder = LanguageFinder(project)
        for rel in rels:
            yield project, check_file(project, rel, options, finder)


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
