"""The token table of one file: a row per language, and what each dependency contributes.

What ``workbench tokens`` prints and the app's tokens screen shows. Counts are
``tokens.agent_tokens.count_result``'s (the rendered body, and the description
Claude Code keeps in every conversation), the same the browser, the status line
and ``workbench check --json`` show.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from agent_workbench.model.diagnostics import Diagnostic
from agent_workbench.model.project import Project
from agent_workbench.model.variants import Variant
from agent_workbench.session.languages import LanguagePlan, languages_to_render
from agent_workbench.templating.render import RenderOptions, render_agent
from agent_workbench.tokens.agent_tokens import TokenCounts, count_result
from agent_workbench.tokens.counting import count_tokens


@dataclass(frozen=True)
class LanguageRow:
    """One render's counts (None, with ``error``, when the render failed)."""

    language: str | None
    counts: TokenCounts | None
    body_chars: int | None
    error: Diagnostic | None  # the render's first error
    diagnostics: tuple[Diagnostic, ...] = ()  # everything the render reported


@dataclass(frozen=True)
class DependencyRow:
    label: str  # agpm.deps.<category>.<key>, shown as category.key
    rel: str
    tokens: int


@dataclass(frozen=True)
class TokenReport:
    rel: str
    encoding: str
    languages: list[LanguageRow]
    dependencies: list[DependencyRow] = field(default_factory=list)  # for ``language``
    language: str | None = None  # the current language (the app's), if any

    @property
    def body_tokens(self) -> int | None:
        """The current language's body tokens."""
        row = next((r for r in self.languages if r.language == self.language), None)
        return row.counts.body if row is not None and row.counts is not None else None

    @property
    def failed(self) -> bool:
        return any(row.counts is None for row in self.languages)


def token_report(
    project: Project,
    rel: str,
    encoding: str,
    plan: LanguagePlan | None = None,
    *,
    text: str | None = None,
    current: str | None = None,
    variant: Variant | None = None,
) -> TokenReport:
    """Render ``rel`` (or ``text``, its unsaved content) in each language of ``plan``
    (default: every language it offers, else ``current``) and count; any thread.

    ``current``: the language whose dependencies are itemised (the app's); none when None.
    ``variant``: render as this manifest entry (``model.variants``).
    """
    if plan is None:
        plan = languages_to_render(project, rel, current, all_languages=True, text=text)
    rows: list[LanguageRow] = []
    dependencies: list[DependencyRow] = []
    for language in plan.languages:
        options = RenderOptions(language=language, variant=variant)
        result = render_agent(project, rel, options, text=text)
        counts = count_result(result, encoding) if result.ok else None
        error = next((d for d in result.diagnostics if d.is_error), None)
        chars = len(result.body) if counts is not None and result.body is not None else None
        rows.append(LanguageRow(language, counts, chars, error, tuple(result.diagnostics)))
        if current is not None and language == current:
            dependencies = [
                DependencyRow(
                    f"{dep.category}.{dep.key}", dep.rel, count_tokens(dep.content, encoding)
                )
                for dep in result.dependencies
            ]
    return TokenReport(rel, encoding, rows, dependencies, current)
