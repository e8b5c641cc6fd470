"""What a list of agents shows for each one: flavour, problems, token count.

Computed per file, without an open buffer, so the app can fill its browser in
a background worker (parse first, then render and count).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from agent_workbench.frontmatter.agentfile import AgentFile
from agent_workbench.model.diagnostics import Diagnostic, DiagnosticError, Severity
from agent_workbench.model.project import Project
from agent_workbench.model.sources import SourceError
from agent_workbench.schema.validate import validate
from agent_workbench.templating.languages import languages_for
from agent_workbench.templating.render import RenderOptions, render_agent
from agent_workbench.tokens.agent_tokens import count_result, rendered_fields


def effective_language(session: str | None, supported: list[str]) -> str | None:
    """The session's language when the agent supports it, else the agent's first."""
    if not supported or session in supported:
        return session
    return supported[0]


def file_diagnostics(
    agent: AgentFile, rendered: Mapping[str, Any] | None = None
) -> list[Diagnostic]:
    """Parse and validation problems of a loaded file (``rendered``: its fields as rendered).

    Frontmatter with template logic is not YAML until rendered: its raw parse
    error is no problem, and its fields are checked as rendered (when known).
    """
    if agent.has_template_blocks and agent.load_error is None:
        return validate(agent, rendered) if rendered is not None else []
    found: list[Diagnostic] = list(agent.diagnostics)
    for diagnostic in validate(agent, rendered):
        if diagnostic not in found:
            found.append(diagnostic)
    return found


@dataclass
class ResourceSummary:
    """What the browser shows for one resource, computed in the background."""

    rel: str
    flavour: str = ""
    error: str | None = None  # parse error (the file is still listed)
    errors: int = 0
    warnings: int = 0
    tokens: int | None = None
    # For following the disk (issue 4): what the counting render read, in which
    # language, whether it succeeded, and whether the count is out of date.
    files_read: frozenset[str] = frozenset()
    language: str | None = None
    rendered_ok: bool = True
    stale: bool = False


def summarize_resource(
    project: Project, rel: str, language: str | None, encoding: str, *, count: bool
) -> ResourceSummary:
    """Parse (and when ``count``, render and count) one resource for the browser."""
    entry = ResourceSummary(rel)
    agent = AgentFile.load(project, rel)
    entry.flavour = agent.flavour.value
    problems = file_diagnostics(agent)
    broken = agent.load_error or (None if agent.has_template_blocks else agent.yaml_error)
    if broken is not None:
        entry.error = f"line {broken.line}: {broken.message}"
    if count and agent.load_error is None:
        try:
            supported = languages_for(project, rel)
        except (DiagnosticError, SourceError):
            supported = []
        language = effective_language(language, supported)
        result = render_agent(project, rel, RenderOptions(language=language))
        if agent.has_template_blocks:
            problems = file_diagnostics(agent, rendered_fields(result))
        problems.extend(d for d in result.diagnostics if d not in problems)
        counts = count_result(result, encoding)
        entry.tokens = counts.body if counts else None
        entry.files_read, entry.language, entry.rendered_ok = (
            result.files_read,
            result.language,
            result.ok,
        )
    entry.errors = sum(1 for d in problems if d.severity is Severity.ERROR)
    entry.warnings = sum(1 for d in problems if d.severity is Severity.WARNING)
    return entry
