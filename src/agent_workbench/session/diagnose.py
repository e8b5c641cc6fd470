"""What is wrong with one file: the one answer ``workbench check``, the browser, the status
line and the form share.

A file's problems, in one language, are

1. its parse problems (unreadable, not UTF-8, invalid YAML; frontmatter with template
   blocks is not YAML until rendered, so its raw parse is no problem);
2. the problems of its render (template errors, missing dependencies, limits);
3. the validation of the fields AGPM installs: the raw frontmatter's, or, when it
   holds template syntax, the rendered frontmatter's (nothing when the render failed).

``file_problems`` is that rule on a loaded file and a render (the workspace calls it on
the open buffer and its latest render); ``diagnose`` loads, renders in the languages of
a ``LanguagePlan`` and merges: a problem found in several languages is reported once,
one found only in some says which. Each problem once, the file's own first, by position.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from agent_workbench.frontmatter.agentfile import AgentFile
from agent_workbench.model.diagnostics import Diagnostic, DiagnosticError, Severity
from agent_workbench.model.document import AgentDocument
from agent_workbench.model.flavour import detect_flavour
from agent_workbench.model.project import Project
from agent_workbench.model.sources import SourceError
from agent_workbench.session.languages import LanguageFinder, LanguagePlan, languages_to_render
from agent_workbench.session.name_clashes import NameIndex, name_clashes
from agent_workbench.templating.render import RenderOptions, RenderResult, render_agent

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def project_problems(project: Project) -> list[Diagnostic]:
    """What is wrong with the project itself, as its manifest reader found it (agpm.toml
    unreadable, not UTF-8, not TOML): what ``render`` and ``tokens`` print before a file's
    own problems (``check`` reports them with its files)."""
    return [d for d in project.diagnostics if d.severity is not Severity.INFO]


def plain_fields(frontmatter: str) -> dict[str, Any] | None:
    """The fields of valid YAML frontmatter (a cached safe parse, shared with the renderer)."""
    from agent_workbench.templating.context import parse_yaml

    parsed = parse_yaml(frontmatter)
    return parsed.data if parsed.error is None and isinstance(parsed.data, dict) else None


def installed_fields(result: RenderResult | None) -> dict[str, Any] | None:
    """The frontmatter fields of a successful render (None: failed, or not YAML)."""
    if result is None or not result.ok or result.output is None:
        return None
    document = AgentDocument.from_text(result.output)
    return plain_fields(document.frontmatter) if document.has_frontmatter else {}


def validation(
    agent: AgentFile,
    good: RenderResult | None,
    raw_fields: Mapping[str, Any] | None = None,
    names: NameIndex | None = None,
) -> list[Diagnostic]:
    """Rule 3: the fields AGPM installs, validated (``raw_fields``: the raw frontmatter's
    fields when already parsed, for a file loaded without the round-trip parse); with the
    project's ``names``, also against the other agents of its folder (``name_clashes``)."""
    from agent_workbench.schema.validate import validate

    if agent.document is None:
        return []
    fields: Mapping[str, Any] | None
    if agent.has_template_logic:
        fields = installed_fields(good)
        if fields is None:
            return []
        found = validate(agent, fields)
    else:
        fields = raw_fields if raw_fields is not None else agent.fields
        found = validate(agent, raw_fields) if raw_fields is not None else validate(agent)
    if names is not None and fields is not None and agent.yaml_error is None:
        found += name_clashes(names, agent, fields)
    return found


def file_problems(
    agent: AgentFile,
    result: RenderResult | None = None,
    good: RenderResult | None = None,
    names: NameIndex | None = None,
) -> list[Diagnostic]:
    """The problems of a loaded file (see the module docstring), in one language.

    ``result``: its newest render (None: not rendered yet); ``good``: the newest
    successful one, whose fields are validated (default: ``result`` when it succeeded);
    ``names``: its project's agent names, for the rules across files (two of one name).
    """
    if good is None and result is not None and result.ok:
        good = result
    found = list(agent.diagnostics) + validation(agent, good, names=names)
    if result is not None:
        found += result.diagnostics
    return ordered(found, agent.rel)


def ordered(diagnostics: list[Diagnostic], rel: str) -> list[Diagnostic]:
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


@dataclass
class Diagnosis:
    """What diagnosing one file found."""

    rel: str
    agent: AgentFile
    flavour: str
    languages: list[str | None]  # rendered with, in order
    renders: list[RenderResult] = field(default_factory=list)  # one per language
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity is Severity.WARNING for d in self.diagnostics)

    @property
    def first_good(self) -> RenderResult | None:
        return next((r for r in self.renders if r.ok and r.output is not None), None)


def _light_load(
    project: Project, rel: str, text: str | None
) -> tuple[AgentFile, dict[str, Any] | None] | None:
    """A file loaded without the (slow) round-trip YAML parse: (agent, its raw fields).

    Enough to render and validate it; when validation finds anything, the file is
    loaded fully so that positions are exact. Frontmatter with template syntax is
    not parsed raw at all: its raw fields are None. Returns None when the file must be
    loaded fully straight away (unreadable, not UTF-8, invalid YAML).
    """
    from agent_workbench.templating.environment import has_template_syntax

    try:
        if text is None:
            document = AgentDocument.parse(project.source.read_bytes(rel), rel)
        else:
            document = AgentDocument.from_text(text)
    except (SourceError, DiagnosticError):
        return None
    if not document.has_frontmatter:
        return None
    outer = project.root.as_posix()  # a project rooted inside a tool's folder keeps its tool
    if has_template_syntax(document.frontmatter):
        return AgentFile(rel, document, detect_flavour(rel, None, outer), outer=outer), None
    fields = plain_fields(document.frontmatter)
    if fields is None:
        return None
    return AgentFile(rel, document, detect_flavour(rel, fields, outer), outer=outer), fields


def _full_load(project: Project, rel: str, text: str | None) -> AgentFile:
    if text is None:
        return AgentFile.load(project, rel)
    document = AgentDocument.from_text(text)
    return AgentFile.from_document(rel, document, outer=project.root.as_posix())


def diagnose(
    project: Project,
    rel: str,
    plan: LanguagePlan | None = None,
    *,
    text: str | None = None,
    variables: Mapping[str, Any] | None = None,
    render: bool = True,
    finder: LanguageFinder | None = None,
    names: NameIndex | None = None,
) -> Diagnosis:
    """Load ``rel`` (or ``text`` as its unsaved content), render it in the plan's languages
    (default: ``languages_to_render``) and report its problems; never raises for a bad file.

    ``render=False``: parse and validate only (what a listing shows before the renders).
    ``finder``, ``names``: shared by the files of one pass over the project.
    """
    names = names or NameIndex(project)
    light = _light_load(project, rel, text) if render else None
    agent, raw_fields = light if light is not None else (_full_load(project, rel, text), None)
    report = Diagnosis(rel, agent, agent.flavour.value, [])
    if agent.document is None:
        report.diagnostics = list(agent.diagnostics)
        return report
    if not render:
        report.diagnostics = file_problems(agent, names=names)
        return report
    plan = plan or languages_to_render(project, rel, text=text, finder=finder)
    report.languages = list(plan.languages)
    per_language: list[tuple[str | None, list[Diagnostic]]] = []
    for language in plan.languages:
        options = RenderOptions(language=language, variables=dict(variables or {}))
        result = render_agent(project, rel, options, text=text)
        report.renders.append(result)
        checked = validation(agent, result, raw_fields, names)
        if checked and light is not None:  # something to report: exact positions
            agent, raw_fields, light = _full_load(project, rel, text), None, None
            report.agent = agent
            checked = validation(agent, result, names=names)
        per_language.append((language, checked + result.diagnostics))
    good = report.first_good
    if raw_fields is None and light is not None and good is not None:
        report.flavour = detect_flavour(rel, installed_fields(good), project.root.as_posix()).value
    found = list(agent.diagnostics) + _merge(per_language)
    note = plan.note_diagnostic(rel)
    if note is not None:
        found.append(note)
    report.diagnostics = ordered(found, rel)
    return report


def _merge(per_language: list[tuple[str | None, list[Diagnostic]]]) -> list[Diagnostic]:
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
            tagged = f"{diagnostic.message} [language: {', '.join(languages)}]"
            diagnostic = replace(diagnostic, message=tagged)
        merged.append(diagnostic)
    return merged
