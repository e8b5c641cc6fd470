"""What a list of agents shows for each one: flavour, problems, token count.

Computed per file, without an open buffer, so the app can fill its browser in
a background worker (parse first, then render and count).
"""

from __future__ import annotations

from dataclasses import dataclass

from agent_workbench.model.project import Project
from agent_workbench.session.diagnose import diagnose
from agent_workbench.session.languages import languages_to_render
from agent_workbench.session.name_clashes import NameIndex
from agent_workbench.tokens.agent_tokens import count_result


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
    project: Project,
    rel: str,
    language: str | None,
    encoding: str,
    *,
    count: bool,
    names: NameIndex | None = None,
) -> ResourceSummary:
    """Parse (and when ``count``, render and count) one resource for the browser.

    Its problems are ``diagnose``'s (what ``workbench check`` reports), in the language
    ``languages_to_render`` picks for the session's ``language``; ``names``: the project's
    agent names, shared by the files of one listing (the workspace's).
    """
    entry = ResourceSummary(rel)
    if not count:
        found = diagnose(project, rel, render=False, names=names)
    else:
        plan = languages_to_render(project, rel, language)
        found = diagnose(project, rel, plan, names=names)
    agent = found.agent
    entry.flavour = found.flavour
    broken = agent.load_error or (None if agent.has_template_blocks else agent.yaml_error)
    if broken is not None:
        entry.error = f"line {broken.line}: {broken.message}"
    if found.renders:
        result = found.renders[0]
        counts = count_result(result, encoding)
        entry.tokens = counts.body if counts else None
        entry.files_read, entry.language, entry.rendered_ok = (
            result.files_read,
            result.language,
            result.ok,
        )
    entry.errors = found.errors
    entry.warnings = found.warnings
    return entry
