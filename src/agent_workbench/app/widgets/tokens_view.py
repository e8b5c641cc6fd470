"""Tokens per language for the open agent, and what each dependency contributes."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Label

from agent_workbench.session.workspace import Workspace
from agent_workbench.templating.render import RenderOptions, render_agent
from agent_workbench.tokens import counting as tokens
from agent_workbench.tokens.agent_tokens import TokenCounts, count_result


def _number(value: str) -> Text:
    """A numeric cell, right-aligned so digits line up."""
    return Text(value, justify="right")


@dataclass(frozen=True)
class LanguageRow:
    language: str | None
    counts: TokenCounts | None
    error: str | None


@dataclass(frozen=True)
class DependencyRow:
    label: str
    rel: str
    tokens: int


@dataclass(frozen=True)
class TokenReport:
    languages: list[LanguageRow]
    dependencies: list[DependencyRow]
    language: str | None
    body_tokens: int | None


def token_report(ws: Workspace, text: str, rel: str, current: str | None) -> TokenReport:
    """Render the text for every language it supports and count (any thread)."""
    languages: list[str | None] = list(ws.languages()) or [current]
    rows: list[LanguageRow] = []
    dependencies: list[DependencyRow] = []
    body_tokens: int | None = None
    for language in languages:
        result = render_agent(ws.project, rel, RenderOptions(language=language), text=text)
        counts = count_result(result, ws.encoding)
        error = next((d.format() for d in result.diagnostics if d.is_error), None)
        rows.append(LanguageRow(language, counts, error))
        if language == current:
            body_tokens = counts.body if counts else None
            for dep in result.dependencies:
                dependencies.append(
                    DependencyRow(
                        f"{dep.category}.{dep.key}",
                        dep.rel,
                        tokens.count_tokens(dep.content, ws.encoding),
                    )
                )
    return TokenReport(rows, dependencies, current, body_tokens)


class TokensView(Vertical):
    """Two tables: per language, and per dependency (for the current language)."""

    DEFAULT_CSS = """
    TokensView {
        height: 1fr;
        padding: 1 2;
        & DataTable {
            height: auto;
            max-height: 50%;
            margin-bottom: 1;
        }
        & > .tokens-title {
            margin-bottom: 1;
        }
    }
    """

    def compose(self) -> ComposeResult:
        yield Label("", id="tokens-title", classes="tokens-title")
        table: DataTable[Text | str] = DataTable(id="tokens-languages", cursor_type="row")
        table.add_column("language")
        for title in ("body", "description", "total", "vs current"):
            table.add_column(_number(title))
        yield table
        yield Label("", id="tokens-deps-title", classes="tokens-title")
        deps: DataTable[Text | str] = DataTable(id="tokens-dependencies", cursor_type="row")
        deps.add_columns("dependency", "path")
        deps.add_column(_number("tokens"))
        deps.add_column(_number("share of body"))
        yield deps

    def show(self, report: TokenReport, rel: str, encoding: str) -> None:
        title = Text()
        title.append(f"{rel}", style="bold")
        title.append(f"  tokens per language ({encoding})", style="dim")
        self.query_one("#tokens-title", Label).update(title)
        table = self.query_one("#tokens-languages", DataTable)
        table.clear()
        current = next((r.counts for r in report.languages if r.language == report.language), None)
        for row in report.languages:
            name = Text(row.language or "(none)")
            if row.language == report.language:
                name.stylize("bold")
                name.append(" ●")
            if row.counts is None:
                table.add_row(name, Text(row.error or "failed", style="red"), "", "", "")
                continue
            delta = ""
            if current is not None and row.language != report.language:
                delta = f"{row.counts.total - current.total:+,}"
            table.add_row(
                name,
                _number(f"{row.counts.body:,}"),
                _number(f"{row.counts.description:,}"),
                _number(f"{row.counts.total:,}"),
                _number(delta.replace("-", "−")),
            )
        deps_title = Text(f"Dependencies for {report.language or 'this render'}", style="bold")
        if not report.dependencies:
            deps_title.append("  (none)", style="dim")
        self.query_one("#tokens-deps-title", Label).update(deps_title)
        deps = self.query_one("#tokens-dependencies", DataTable)
        deps.clear()
        for dep in report.dependencies:
            share = ""
            if report.body_tokens:
                share = f"{100 * dep.tokens / report.body_tokens:.0f}%"
            deps.add_row(dep.label, dep.rel, _number(f"{dep.tokens:,}"), _number(share))
