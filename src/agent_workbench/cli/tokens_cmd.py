"""``workbench tokens AGENT...``: exact token counts of the rendered body and the description."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import click

from agent_workbench.cli.common import echo_diagnostics, locate, project_option, write_stdout
from agent_workbench.model.project import Project
from agent_workbench.tokens.counting import DEFAULT_ENCODING, ENCODINGS


@dataclass
class TokenRow:
    agent: str
    language: str | None
    encoding: str
    body_tokens: int | None
    description_tokens: int | None
    body_chars: int | None
    error: str | None = None


def rendered_description(rel: str, output: str) -> str | None:
    """The ``description`` field of a rendered file (Claude Code's simple reading when YAML fails)."""
    from agent_workbench.frontmatter.agentfile import AgentFile
    from agent_workbench.model.document import AgentDocument

    agent = AgentFile.from_document(rel, AgentDocument.from_text(output))
    return agent.description


def _languages(
    project: Project, rel: str, lang: str | None, all_languages: bool
) -> list[tuple[str | None, str | None]]:
    """(language to render with, language to show) pairs for one agent.

    An agent whose output does not depend on the language shows none; one that does
    not offer the project's language is counted with the first language it offers.
    """
    from agent_workbench.templating.languages import languages_for

    if lang is not None:
        return [(lang, lang)]
    offered = languages_for(project, rel)
    if not offered:
        return [(None, None)]
    if all_languages:
        return [(language, language) for language in offered]
    default = project.default_language
    if default in offered:
        return [(None, default)]
    return [(offered[0], offered[0])]


@click.command()
@click.argument(
    "agents", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@project_option
@click.option("--lang", help="Render with this agpm.project.language (default: agpm.toml's).")
@click.option(
    "--all-languages", is_flag=True, help="One row per language each agent can be rendered with."
)
@click.option(
    "--encoding",
    type=click.Choice(ENCODINGS),
    default=DEFAULT_ENCODING,
    show_default=True,
    help="Tokenizer encoding.",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
def tokens(
    agents: tuple[Path, ...],
    project_dir: Path | None,
    lang: str | None,
    all_languages: bool,
    encoding: str,
    as_json: bool,
) -> int:
    """Count the tokens of each AGENT's rendered body and, separately, of its description.

    Claude Code keeps every agent's description in the parent conversation's
    context all the time; the body is loaded only when the agent runs.
    """
    if lang is not None and all_languages:
        raise click.UsageError("--lang and --all-languages cannot be used together")
    from agent_workbench.templating.render import RenderOptions, render_agent
    from agent_workbench.tokens.counting import count_tokens

    rows: list[TokenRow] = []
    failed = False
    for agent in agents:
        target = locate(agent, project_dir)
        for language, shown_language in _languages(target.project, target.rel, lang, all_languages):
            result = render_agent(target.project, target.rel, RenderOptions(language=language))
            echo_diagnostics(result.diagnostics, target.project.root)
            if not result.ok or result.output is None:
                failed = True
                first = next((d for d in result.diagnostics if d.is_error), None)
                reason = first.message if first else "the render failed"
                rows.append(
                    TokenRow(target.shown, shown_language, encoding, None, None, None, reason)
                )
                continue
            body = result.body if result.body is not None else result.output
            description = rendered_description(target.rel, result.output)
            rows.append(
                TokenRow(
                    target.shown,
                    shown_language,
                    encoding,
                    count_tokens(body, encoding),
                    count_tokens(description, encoding) if description else 0,
                    len(body),
                )
            )
    if as_json:
        write_stdout(json.dumps([asdict(row) for row in rows], indent=2, ensure_ascii=False) + "\n")
    else:
        _print_table(rows, encoding)
    return 1 if failed else 0


def _print_table(rows: list[TokenRow], encoding: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Tokens ({encoding})", title_justify="left")
    table.add_column("agent", overflow="fold", ratio=None)
    table.add_column("language")
    table.add_column("body", justify="right")
    table.add_column("description", justify="right")
    table.add_column("body chars", justify="right")
    for row in rows:
        if row.error is not None:
            table.add_row(row.agent, row.language or "-", "error", "error", "-")
            continue
        table.add_row(
            row.agent,
            row.language or "-",
            f"{row.body_tokens:,}",
            f"{row.description_tokens:,}",
            f"{row.body_chars:,}",
        )
    console = Console(highlight=False)
    if not console.is_terminal:  # piped: never wrap a path mid-name
        console = Console(highlight=False, width=1000)
    console.print(table)
