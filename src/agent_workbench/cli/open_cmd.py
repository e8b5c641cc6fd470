"""``workbench [PATH] [--lang LANG]``: open the terminal app (routed here by the group)."""

from __future__ import annotations

import importlib
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


@click.command("open", hidden=True)
@click.argument("path", required=False, default=".", type=click.Path(exists=True, path_type=Path))
@click.option("--lang", help="Render templated agents with this agpm.project.language.")
@click.pass_context
def open_app(ctx: click.Context, path: Path, lang: str | None) -> int:
    """Open the workbench on a project folder (default: the current one) or one agent file."""
    run = _app_runner()
    if run is None or not callable(run):
        parent = ctx.parent or ctx
        click.echo(parent.get_help())
        return 0
    result = run(path, lang)
    return result if isinstance(result, int) else 0
