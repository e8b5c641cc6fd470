"""``workbench tokens AGENT...``: exact token counts of the rendered body and the description."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import click

from agent_workbench.cli.common import (
    Target,
    echo_diagnostics,
    has_errors,
    locate,
    project_option,
    target_variants,
    variant_option,
    write_stdout,
)
from agent_workbench.model.variants import Variant
from agent_workbench.session.token_counting import DEFAULT_ENCODING, ENCODINGS
from agent_workbench.session.token_report import LanguageRow, TokenReport


@dataclass
class TokenRow:
    agent: str
    language: str | None
    encoding: str
    body_tokens: int | None
    description_tokens: int | None
    body_chars: int | None
    error: str | None = None
    variant: str | None = None  # the agpm.toml entry rendered as, if any


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
@variant_option
@click.option(
    "--all-variants",
    is_flag=True,
    help="One row per agpm.toml entry that points at each agent (its variants).",
)
def tokens(
    agents: tuple[Path, ...],
    project_dir: Path | None,
    lang: str | None,
    all_languages: bool,
    encoding: str,
    as_json: bool,
    variant_name: str | None,
    all_variants: bool,
) -> int:
    """Count the tokens of each AGENT's rendered body and, separately, of its description.

    Claude Code keeps every agent's description in the parent conversation's
    context all the time; the body is loaded only when the agent runs.
    """
    if lang is not None and all_languages:
        raise click.UsageError("--lang and --all-languages cannot be used together")
    if variant_name is not None and all_variants:
        raise click.UsageError("--variant and --all-variants cannot be used together")
    from agent_workbench.session.diagnose import project_problems
    from agent_workbench.session.languages import LanguagePlan, languages_to_render
    from agent_workbench.session.token_report import token_report

    rows: list[TokenRow] = []
    failed = False
    told: set[Path] = set()  # projects whose agpm.toml problems were printed
    for agent in agents:
        target = locate(agent, project_dir)
        if target.project.root not in told:  # as `render` does: the counts still follow,
            told.add(target.project.root)  # and the status says agpm install would refuse it
            problems = project_problems(target.project)
            echo_diagnostics(problems, target.project.root)
            failed |= has_errors(problems)
        for variant in target_variants(target.project, target.rel, variant_name, all_variants):
            if variant is not None and not all_languages:
                plan = LanguagePlan((), (lang,))  # the entry's own language unless --lang
            else:
                plan = languages_to_render(
                    target.project, target.rel, lang, all_languages=all_languages, exact=True
                )
            report = token_report(target.project, target.rel, encoding, plan, variant=variant)
            failed |= _add_rows(rows, report, target, encoding, variant)
    if as_json:
        write_stdout(
            json.dumps([_as_json(row) for row in rows], indent=2, ensure_ascii=False) + "\n"
        )
    else:
        _print_table(rows, encoding)
    return 1 if failed else 0


def _as_json(row: TokenRow) -> dict[str, object]:
    """A row as JSON; ``variant`` only when rendered as an agpm.toml entry."""
    data = asdict(row)
    if data["variant"] is None:
        del data["variant"]
    return data


def _add_rows(
    rows: list[TokenRow],
    report: TokenReport,
    target: Target,
    encoding: str,
    variant: Variant | None,
) -> bool:
    """Append a row per language of ``report``; True when one failed."""
    failed = False
    name = variant.name if variant is not None else None
    default = target.project.default_language
    language_of = (
        (lambda row: row.language) if variant is None else _variant_language(variant, default)
    )
    for row in report.languages:
        echo_diagnostics(list(row.diagnostics), target.project.root)
        language = language_of(row)
        if row.counts is None:
            failed = True
            reason = row.error.message if row.error is not None else "the render failed"
            rows.append(TokenRow(target.shown, language, encoding, None, None, None, reason, name))
            continue
        rows.append(
            TokenRow(
                target.shown,
                language,
                encoding,
                row.counts.body,
                row.counts.description,
                row.body_chars,
                variant=name,
            )
        )
    return failed


def _variant_language(variant: Variant, default: str | None) -> Callable[[LanguageRow], str | None]:
    """A row's language: the one forced, else the entry's ``template_vars.project``'s,
    else the project's."""
    project = variant.template_vars.get("project")
    own = project.get("language") if isinstance(project, dict) else None
    own = own if own is not None else default

    def language(row: LanguageRow) -> str | None:
        return row.language if row.language is not None else (str(own) if own else None)

    return language


def _print_table(rows: list[TokenRow], encoding: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Tokens ({encoding})", title_justify="left")
    table.add_column("agent", overflow="fold", ratio=None)
    with_variants = any(row.variant for row in rows)
    if with_variants:
        table.add_column("variant")
    table.add_column("language")
    table.add_column("body", justify="right")
    table.add_column("description", justify="right")
    table.add_column("body chars", justify="right")
    for row in rows:
        lead = [row.agent, *([row.variant or "-"] if with_variants else []), row.language or "-"]
        if row.error is not None:
            table.add_row(*lead, "error", "error", "-")
            continue
        table.add_row(
            *lead,
            f"{row.body_tokens:,}",
            f"{row.description_tokens:,}",
            f"{row.body_chars:,}",
        )
    console = Console(highlight=False)
    if not console.is_terminal:  # piped: never wrap a path mid-name
        console = Console(highlight=False, width=1000)
    console.print(table)
