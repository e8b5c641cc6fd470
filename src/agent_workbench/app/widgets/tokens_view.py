"""Tokens per language for the open agent, and what each dependency contributes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Label

from agent_workbench.app.numbers import signed
from agent_workbench.session.token_report import TokenReport


def _number(value: str) -> Text:
    """A numeric cell, right-aligned so digits line up."""
    return Text(value, justify="right")


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
        deps.add_column("dependency")
        deps.add_column(_number("tokens"))
        deps.add_column(_number("share of body"))
        deps.add_column("path")  # last: a long one cut at 80 columns hid the figures
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
                error = row.error.format() if row.error is not None else "failed"
                table.add_row(name, Text(error, style="red"), "", "", "")
                continue
            delta = ""
            if current is not None and row.language != report.language:
                delta = signed(row.counts.total - current.total)
            table.add_row(
                name,
                _number(f"{row.counts.body:,}"),
                _number(f"{row.counts.description:,}"),
                _number(f"{row.counts.total:,}"),
                _number(delta),
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
            deps.add_row(dep.label, _number(f"{dep.tokens:,}"), _number(share), dep.rel)
