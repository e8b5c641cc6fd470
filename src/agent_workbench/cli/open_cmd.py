"""``workbench [PATH] [--lang LANG]``: open the terminal app (routed here by the group)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click


def _app_runner() -> object | None:
    """``agent_workbench.app.run`` when the app is installed, else None."""
    try:
        module = importlib.import_module("agent_workbench.app")
    except ModuleNotFoundError as exc:
        if exc.name in ("agent_workbench.app", "textual"):
            return None
        raise
    return getattr(module, "run", None)


def _has_terminal() -> bool:
    """Are both the keyboard (stdin) and the screen (stdout) a terminal?"""
    for stream in (sys.stdin, sys.stdout):
        try:
            if stream is None or not stream.isatty():
                return False
        except (OSError, ValueError):  # closed or detached
            return False
    return True


@click.command("open", hidden=True)
@click.argument("path", required=False, default=".", type=click.Path(path_type=Path))
@click.option("--lang", help="Render templated agents with this agpm.project.language.")
@click.pass_context
def open_app(ctx: click.Context, path: Path, lang: str | None) -> int:
    """Open the workbench on a project folder (default: the current one) or one agent file."""
    if not path.exists():  # said here: click's own message names this hidden command
        click.echo("Usage: workbench [PATH] [--lang LANG] | COMMAND [ARGS]...", err=True)
        click.echo("Try 'workbench --help' for help.\n", err=True)
        click.echo(f"Error: {path}: no such file or folder", err=True)
        ctx.exit(2)
    if lang is not None:  # a language no agent offers would be ignored without a word
        from agent_workbench.model.scope import project_for
        from agent_workbench.session.languages import unknown_language

        problem = unknown_language(project_for(path)[0], lang)
        if problem:
            click.echo(f"workbench: {problem}", err=True)
            ctx.exit(2)
    if not _has_terminal():
        # a script, CI or `</dev/null`: a full-screen app there waits forever for keys
        click.echo("workbench: no terminal; use a subcommand such as check or render", err=True)
        ctx.exit(2)
    run = _app_runner()
    if run is None or not callable(run):
        parent = ctx.parent or ctx
        click.echo(parent.get_help())
        return 0
    result = run(path, lang)
    return result if isinstance(result, int) else 0
