"""``workbench languages [AGENT]``: the values of agpm.project.language, one per line."""

from __future__ import annotations

from pathlib import Path

import click

from agent_workbench.cli.common import locate, open_project, project_option
from agent_workbench.model.flavour import resource_type
from agent_workbench.model.project import find_root


@click.command()
@click.argument(
    "agent", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@project_option
def languages(agent: Path | None, project_dir: Path | None) -> int:
    """List the languages AGENT can be rendered with, one per line.

    They are found from the files its templated dependency paths can match (a
    frontend agent whose snippets exist only for javascript and typescript
    offers only those). Without AGENT: every language some agent of the project
    offers (what the app's language toggle cycles through).
    """
    from agent_workbench.session.languages import LanguageFinder, offered_languages

    if agent is not None:
        target = locate(agent, project_dir)
        found = offered_languages(target.project, target.rel)
    else:
        project = open_project(find_root(Path.cwd(), project_dir))
        finder = LanguageFinder(project)
        seen: set[str] = set()
        for rel in project.resources():
            if resource_type(rel) != "agent":
                continue
            seen.update(offered_languages(project, rel, finder=finder))
        found = sorted(seen)
    for language in found:
        click.echo(language)
    if not found:  # nothing printed: say why, where scripts do not read it
        what = "this agent renders" if agent is not None else "every agent renders"
        click.echo(f"{what} the same for every language (none to choose)", err=True)
    return 0
