"""``workbench edit AGENT --set KEY=VALUE --unset KEY``: minimal-diff frontmatter edits."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import click

from agent_workbench.cli.common import (
    CliError,
    echo_diagnostics,
    locate,
    parse_assignment,
    project_option,
)


def _key(text: str, option: str) -> list[str]:
    from agent_workbench.session.editing import KeyPathError, parse_key_path

    try:
        return parse_key_path(text)
    except KeyPathError as exc:
        raise click.BadParameter(str(exc), param_hint=option) from None


def unified_diff(shown: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{shown.lstrip('/')}",
        tofile=f"b/{shown.lstrip('/')}",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


@click.command()
@click.argument("agent", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@project_option
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="KEY=VALUE",
    help="Set a field; KEY dotted for nested maps (tools.bash), VALUE read as YAML. Repeatable.",
)
@click.option("--unset", "unsets", multiple=True, metavar="KEY", help="Remove a field. Repeatable.")
@click.option("--force", is_flag=True, help="Write even when the result fails validation.")
@click.option("--quiet", "-q", is_flag=True, help="Do not print the diff.")
def edit(
    agent: Path,
    project_dir: Path | None,
    sets: tuple[str, ...],
    unsets: tuple[str, ...],
    force: bool,
    quiet: bool,
) -> int:
    """Change AGENT's frontmatter fields, touching only their lines, and print the diff.

    \b
    workbench edit agents/opencode/explainer.md --set temperature=0.1
    workbench edit agents/opencode/explainer.md --set tools.bash=true \\
        --unset permission.webfetch
    workbench edit agents/opencode/pair-programmer.md \\
        --set 'permission.bash["npm *"]=ask'

    Files whose frontmatter is not valid YAML, or holds template logic, are
    refused (repair the first with `workbench check --fix`). An edit that would
    make the file invalid (an unknown model, a temperature above 2) is refused
    unless --force is given.
    """
    if not sets and not unsets:
        raise click.UsageError("nothing to do: give at least one --set KEY=VALUE or --unset KEY")
    from agent_workbench.model.atomic import sha256_of
    from agent_workbench.model.document import AgentDocument
    from agent_workbench.model.regular_file import read_regular
    from agent_workbench.session.editing import parse_value, set_fields, write_document

    pairs: list[tuple[list[str], Any]] = []
    for text in sets:
        key, raw = parse_assignment(text, "--set")
        pairs.append((_key(key, "--set"), parse_value(raw)))
    removals = [_key(key, "--unset") for key in unsets]

    target = locate(agent, project_dir)
    if target.project.is_view:  # an agpm.toml entry's file outside the project
        raise CliError(
            f"{target.shown}: read-only: outside the project root {target.project.manifest_root}"
            " (an agpm.toml entry points at it); edit it in the project that holds it"
        )
    path = target.project.abspath(target.rel)
    try:
        raw_bytes = read_regular(path)
    except OSError as exc:
        raise CliError(f"{target.shown}: cannot read: {exc.strerror}") from None
    before = AgentDocument.parse(raw_bytes, target.rel)
    after = set_fields(before, pairs, removals, rel=target.rel)
    if after is before or after.to_bytes() == raw_bytes:
        if not quiet:
            click.echo(f"{target.shown}: unchanged")
        return 0
    from agent_workbench.session.editing import judge_edit

    touched = [key_path for key_path, _ in pairs] + removals
    verdict = judge_edit(target.rel, before, after, touched, outer=target.project.root.as_posix())
    if verdict.caused and not force:
        echo_diagnostics(verdict.caused, target.project.root)
        click.echo(
            f"{target.shown}: not written: the edit would make the file invalid "
            "(use --force to write it anyway)",
            err=True,
        )
        return 1
    echo_diagnostics(verdict.present, target.project.root)  # the file's own: reported only
    write_document(path, after, expected_sha256=sha256_of(raw_bytes))
    if not quiet:
        click.echo(unified_diff(target.shown, before.text, after.text), nl=False)
    return 0
