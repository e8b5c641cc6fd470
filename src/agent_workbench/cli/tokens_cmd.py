"""``workbench tokens AGENT...``: exact token counts of the rendered body and the description."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import click

from agent_workbench.cli.common import echo_diagnostics, locate, project_option, write_stdout
from agent_workbench.session.token_counting import DEFAULT_ENCODING, ENCODINGS


@dataclass
class TokenRow:
    agent: str
    language: str | None
    encoding: str
    body_tokens: int | None
    description_tokens: int | None
    body_chars: int | None
    error: str | None = None


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
    from agent_workbench.session.languages import languages_to_render
    from agent_workbench.session.token_report import token_report

    rows: list[TokenRow] = []
    failed = False
    for agent in agents:
        target = locate(agent, project_dir)
        plan = languages_to_render(
            target.project, target.rel, lang, all_languages=all_languages, exact=True
        )
        report = token_report(target.project, target.rel, encoding, plan)
        for row in report.languages:
            echo_diagnostics(list(row.diagnostics), target.project.root)
            if row.counts is None:
                failed = True
                reason = row.error.message if row.error is not None else "the render failed"
                rows.append(
                    TokenRow(target.shown, row.language, encoding, None, None, None, reason)
                )
                continue
            rows.append(
                TokenRow(
                    target.shown,
                    row.language,
                    encoding,
                    row.counts.body,
                    row.counts.description,
                    row.body_chars,
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
