"""``workbench render AGENT``: print the agent as AGPM would install it."""

from __future__ import annotations

from pathlib import Path

import click

from agent_workbench.cli.common import (
    echo_diagnostics,
    entry_target,
    has_errors,
    locate,
    parse_variables,
    pick_variant,
    project_option,
    variant_option,
    write_stdout,
)
from agent_workbench.model.project import Project
from agent_workbench.model.variants import variant_language


@click.command()
@click.argument(
    "agent", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@project_option
@click.option("--lang", help="Value of agpm.project.language (default: agpm.toml's).")
@click.option(
    "--var",
    "variables",
    multiple=True,
    metavar="KEY=VALUE",
    help="Set a project variable; dotted keys nest (a.b=c sets agpm.project.a.b). Repeatable.",
)
@click.option("--body-only", is_flag=True, help="Print only the body after the closing --- line.")
@variant_option
def render(
    agent: Path | None,
    project_dir: Path | None,
    lang: str | None,
    variables: tuple[str, ...],
    body_only: bool,
    variant_name: str | None,
) -> int:
    """Print AGENT rendered as AGPM would install it (frontmatter and body).

    Without --lang, an agent that does not offer the project's language is
    rendered with the first language it offers, and a note says so.

    With --variant NAME and no AGENT, the file the agpm.toml entry NAME points at,
    also outside the project (read-only: what it embeds must stay inside the project
    or the entry's own folder).

    Problems go to stderr as PATH:LINE:COL: severity: message; the exit status
    is 1 when the render fails.
    """
    overrides = parse_variables(variables)
    from agent_workbench.session.diagnose import project_problems
    from agent_workbench.session.languages import languages_to_render
    from agent_workbench.session.rendering import RenderOptions, render_agent

    if agent is None:
        if variant_name is None:
            raise click.UsageError("give AGENT, or --variant NAME to render an agpm.toml entry")
        target = entry_target(project_dir, variant_name)
    else:
        target = locate(agent, project_dir)
    project = target.project
    variant = pick_variant(project, target.rel, variant_name)
    # The language check, tokens, the browser and the app render with: --lang as given,
    # else the project's when the agent offers it, else the first it offers (with a note).
    plan = languages_to_render(project, target.rel, lang, exact=True)
    language = plan.languages[0]
    if lang is None and variant_language(variant) is not None:
        language = None  # the entry's own template_vars.project.language
    options = RenderOptions(language=language, variables=overrides, variant=variant)
    result = render_agent(project, target.rel, options)
    echo_diagnostics(project_problems(project), project.root)
    if plan.note:
        click.echo(f"{target.shown}: note: {plan.note}", err=True)
    echo_diagnostics(result.diagnostics, project.root)
    if not result.ok or result.output is None:
        if not result.diagnostics:
            click.echo(f"{target.shown}: error: the render failed", err=True)
        _language_hint(target.project, target.rel, lang, target.shown)
        return 1
    write_stdout(result.body if body_only and result.body is not None else result.output)
    # agpm install refuses a manifest it cannot read: the render is shown, with the error
    # printed above, and the status says it would not install
    return 1 if has_errors(project.diagnostics) else 0


def _language_hint(project: Project, rel: str, lang: str | None, shown: str) -> None:
    """When the language used is not one the agent offers, say which ones it does."""
    from agent_workbench.session.languages import offered_languages

    offered = offered_languages(project, rel)
    used = lang or project.default_language
    if offered and used not in offered:
        click.echo(
            f"{shown}: note: this agent renders only with {', '.join(offered)} "
            f"(not {used}); pass --lang {offered[0]}",
            err=True,
        )
