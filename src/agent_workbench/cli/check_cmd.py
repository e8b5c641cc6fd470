"""``workbench check [PATH...]``: validate and render every agent; ``--fix`` repairs first."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from agent_workbench.cli.common import display_path, format_diagnostic, write_stdout
from agent_workbench.session.token_counting import DEFAULT_ENCODING, ENCODINGS


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--project",
    "project_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Project root for every PATH (default: found from each PATH).",
)
@click.option(
    "--all-languages", is_flag=True, help="Render each agent with every language it offers."
)
@click.option(
    "--all-variants",
    is_flag=True,
    help="Also render each agent as every agpm.toml entry that points at it.",
)
@click.option("--fix", is_flag=True, help="First repair invalid YAML (quote the broken values).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON report (with token counts).")
@click.option(
    "--encoding",
    type=click.Choice(ENCODINGS),
    default=DEFAULT_ENCODING,
    show_default=True,
    help="Tokenizer for the token counts of --json.",
)
def check(
    paths: tuple[Path, ...],
    project_dir: Path | None,
    all_languages: bool,
    all_variants: bool,
    fix: bool,
    as_json: bool,
    encoding: str,
) -> int:
    """Validate and render every agent under PATHS (default: the project).

    Each problem is printed as PATH:LINE:COL: severity: message. Bad files do
    not stop the check; the exit status is 1 when any error remains.

    --fix rewrites just the broken values of invalid YAML frontmatter as quoted
    scalars (the meaning unchanged, written atomically) and reports what it
    could not repair.
    """
    from agent_workbench.session.check import CheckOptions, CheckReport, iter_checks

    options = CheckOptions(
        all_languages=all_languages,
        fix=fix,
        encoding=encoding if as_json else None,
        all_variants=all_variants,
    )
    report = CheckReport([])
    for project, checked in iter_checks(paths, options, project_dir):
        if checked is None:
            report.project_diagnostics += [(project.root, d) for d in project.diagnostics]
            if not as_json:
                for diagnostic in project.diagnostics:
                    click.echo(format_diagnostic(diagnostic, project.root))
            continue
        report.files.append(checked)
        if as_json:
            continue
        if checked.repaired:
            click.echo(f"{display_path(checked.root, checked.rel)}: repaired")
        for diagnostic in checked.diagnostics:
            click.echo(format_diagnostic(diagnostic, checked.root))
    if as_json:
        write_stdout(json.dumps(_as_json(report), indent=2, ensure_ascii=False) + "\n")
    else:
        summary = (
            f"checked {len(report.files)} file{'s' if len(report.files) != 1 else ''}: "
            f"{report.errors} error{'s' if report.errors != 1 else ''}, "
            f"{report.warnings} warning{'s' if report.warnings != 1 else ''}"
        )
        if fix:
            summary += f", {report.repaired} repaired"
        click.echo(summary, err=True)
    return 0 if report.ok else 1


def _diagnostic_json(diagnostic: Any, root: Path) -> dict[str, object]:
    data = diagnostic.to_json()
    data["path"] = display_path(root, diagnostic.path) if diagnostic.path else diagnostic.path
    return data


def _as_json(report: Any) -> dict[str, object]:
    return {
        "ok": report.ok,
        "errors": report.errors,
        "warnings": report.warnings,
        "repaired": report.repaired,
        "project_diagnostics": [
            _diagnostic_json(d, root) for root, d in report.project_diagnostics
        ],
        "files": [
            {
                "path": display_path(f.root, f.rel),
                "rel": f.rel,
                "root": str(f.root),
                "flavour": f.flavour,
                "languages": f.languages,
                "repaired": f.repaired,
                "errors": f.errors,
                "warnings": f.warnings,
                "tokens": {
                    lang: {"body": t.body, "description": t.description}
                    for lang, t in f.tokens.items()
                },
                "diagnostics": [_diagnostic_json(d, f.root) for d in f.diagnostics],
            }
            for f in report.files
        ],
    }
