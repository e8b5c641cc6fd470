"""Which languages to render a file with: the one rule the CLI, the browser and the app share.

``agpm.project.language`` is the project's (``agpm.toml``) unless the user picks
another (``--lang``, the app's language toggle). An agent whose templated
dependency paths only match some languages *offers* those
(``templating.languages``); one that offers none renders alike in any.

The rule (``languages_to_render``):

- an explicit language the user forces (``workbench render/tokens --lang``) is used as is;
- an agent that offers no languages renders with the preferred one (the session's,
  else the project's);
- with ``all_languages``, every language the agent offers;
- otherwise the preferred language when the agent offers it, else the first it
  offers, with a note saying so (the project may set no language at all).
"""

from __future__ import annotations

from dataclasses import dataclass

from agent_workbench.model.diagnostics import Diagnostic, DiagnosticError, Severity
from agent_workbench.model.project import Project
from agent_workbench.model.sources import SourceError
from agent_workbench.templating.languages import LanguageFinder, project_languages

__all__ = [
    "LanguageFinder",
    "LanguagePlan",
    "effective_language",
    "languages_to_render",
    "offered_languages",
    "project_languages",
    "unknown_language",
]


@dataclass(frozen=True)
class LanguagePlan:
    """The languages to render one file with, in order."""

    offered: tuple[str, ...]  # what the agent offers (empty: any language will do)
    languages: tuple[str | None, ...]  # render with these (None: the project's, which is unset)
    note: str = ""  # why the preferred language is not among them

    def note_diagnostic(self, rel: str) -> Diagnostic | None:
        if not self.note:
            return None
        return Diagnostic(rel, 1, 1, Severity.INFO, self.note, code="language-fallback")


def offered_languages(
    project: Project, rel: str, *, text: str | None = None, finder: LanguageFinder | None = None
) -> list[str]:
    """The languages ``rel`` offers ([] when any will do, or when it cannot be read: the
    render then reports what is wrong with it)."""
    try:
        return list((finder or LanguageFinder(project)).languages(rel, text))
    except (DiagnosticError, SourceError, UnicodeError, ValueError):
        return []


def effective_language(preferred: str | None, offered: list[str] | tuple[str, ...]) -> str | None:
    """The preferred language when the agent offers it (or offers none), else its first."""
    if not offered or preferred in offered:
        return preferred
    return offered[0]


def languages_to_render(
    project: Project,
    rel: str,
    preferred: str | None = None,
    *,
    all_languages: bool = False,
    exact: bool = False,
    text: str | None = None,
    finder: LanguageFinder | None = None,
    offered: list[str] | None = None,
) -> LanguagePlan:
    """The languages to render ``rel`` with (see the module docstring).

    ``preferred``: the session's language (None: the project's). ``exact``: the user
    forced ``preferred``: render with it even when the agent does not offer it.
    ``offered``: the agent's languages when already known (else they are looked up).
    """
    want = preferred if preferred is not None else project.default_language
    if exact and preferred is not None:
        return LanguagePlan(tuple(offered or ()), (preferred,))
    found = (
        offered
        if offered is not None
        else offered_languages(project, rel, text=text, finder=finder)
    )
    if not found:
        return LanguagePlan((), (want,))
    if all_languages:
        return LanguagePlan(tuple(found), tuple(found))
    chosen = effective_language(want, found)
    note = ""
    if chosen != want and want is None:
        note = (
            f"rendered with language {chosen}, the first this agent offers "
            f"({', '.join(found)}): the project sets no language"
        )
    elif chosen != want:
        note = (
            f"rendered with language {chosen}: this agent offers only {', '.join(found)}, "
            f"not the language {want}"
        )
    return LanguagePlan(tuple(found), (chosen,), note)


class OfferedLanguages:
    """``offered_languages`` of open buffers, remembered per file and ``path:`` lines.

    The answer depends on a text only through its frontmatter's ``path:`` lines (the
    language finder reads no other), so typing a description keeps it. ``clear`` when
    files, snippets or ``agpm.toml`` change on disk.
    """

    def __init__(self, project: Project) -> None:
        self.project = project
        self._known: dict[tuple[str, tuple[str, ...]], list[str]] = {}

    def __call__(self, rel: str, text: str) -> list[str]:
        from agent_workbench.model.document import AgentDocument
        from agent_workbench.templating.dependencies import PATH_LINE

        frontmatter = AgentDocument.from_text(text).frontmatter
        key = (rel, tuple(line for line in frontmatter.splitlines() if PATH_LINE.match(line)))
        if key not in self._known:
            self._known[key] = offered_languages(self.project, rel, text=text)
        return list(self._known[key])

    def clear(self) -> None:
        self._known.clear()


def next_language(offered: list[str], current: str | None, step: int = 1) -> str | None:
    """The language after ``current`` (``step`` may be negative) among those offered."""
    if not offered:
        return current
    index = offered.index(current) if current in offered else -1
    return offered[(index + step) % len(offered)]


def unknown_language(project: Project, language: str) -> str | None:
    """Why ``--lang language`` cannot be honoured for ``project``: its agents offer a set
    of languages (their snippet paths) and this is not one of them."""
    offered = project_languages(project)
    if language in offered or not offered:  # none offered: templates may still read it
        return None
    return f"--lang {language}: no agent here offers it (offered: {', '.join(offered)})"
