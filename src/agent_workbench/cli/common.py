"""What the subcommands share: finding the project, reading --var, printing diagnostics."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from agent_workbench.model.diagnostics import Diagnostic, Severity
from agent_workbench.model.project import CONFIG_NAME, Project, find_root
from agent_workbench.model.variants import Variant

# Options every subcommand that takes an AGENT accepts.
project_option = click.option(
    "--project",
    "project_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Project root (default: nearest folder above AGENT holding agpm.toml, else the current folder).",
)


class CliError(Exception):
    """An expected failure: printed as one line on stderr, exit status 1."""


@dataclass(frozen=True)
class Target:
    """An agent file named on the command line, placed in its project."""

    project: Project
    rel: str
    shown: str  # how to print its path (as typed, relative to the current folder)


def display_path(project_root: Path, rel: str) -> str:
    """A project file's path as a user reads it: relative to the current folder when inside it."""
    absolute = project_root / rel if rel else project_root
    try:
        relative = os.path.relpath(absolute, Path.cwd())
    except ValueError:  # another drive (Windows)
        return str(absolute)
    return str(absolute) if relative.startswith("..") else relative


_projects: dict[Path, Project] = {}


def open_project(root: Path) -> Project:
    """One Project per root for the whole command (agents of one project share it)."""
    real = Path(os.path.realpath(root))
    if real not in _projects:
        _projects[real] = Project.open(real)
    return _projects[real]


def locate(path: Path, project_dir: Path | None) -> Target:
    """Place an agent file in its project (the root rule of the rendering contract)."""
    root = find_root(path, project_dir)
    if project_dir is None:
        here = find_root(Path.cwd())
        if here != root and not Path(os.path.realpath(path)).is_relative_to(here):
            # a file outside the current folder's project that its agpm.toml names:
            # rendered as that project installs it (read-only)
            view = _outside_entry(open_project(here), path)
            if view is not None:
                return view
    project = open_project(root)
    try:
        rel = project.rel(path)
    except ValueError:
        view = _outside_entry(project, path)
        if view is not None:
            return view
        raise CliError(
            f"{path}: outside the project root {project.root} (pass --project to choose the root)"
        ) from None
    return Target(project, rel, display_path(project.root, rel))


def _outside_entry(project: Project, path: Path) -> Target | None:
    """The file ``path``, outside the project, in the read-only view of the agpm.toml entry
    that points at it (AGPM installs it; ``model.outside``); None when no entry does."""
    from agent_workbench.model.outside import view_of_path

    view = view_of_path(project, path)
    return None if view is None else _view_target(view.project, view.rel)


def _view_target(view: Project, rel: str) -> Target:
    return Target(view, rel, display_path(view.root, rel))


def outside_target(project: Project, entry: Variant) -> Target:
    """An entry's file outside the project, placed in its read-only view."""
    from agent_workbench.model.outside import outside_view

    view = outside_view(project, entry)
    return _view_target(view.project, view.rel)


def entry_target(project_dir: Path | None, name: str) -> Target:
    """``render --variant NAME`` without AGENT: the file the entry ``NAME`` of the current
    project's agpm.toml points at (inside the project, or outside it, read-only)."""
    from agent_workbench.model.variants import find_variant

    project = open_project(find_root(Path.cwd(), project_dir))
    entry = find_variant(project.config, name)
    if entry is None:
        raise click.UsageError(f"--variant {name}: not in {project.root / CONFIG_NAME}")
    if entry.outside:
        return outside_target(project, entry)
    if entry.rel is None or not project.source.is_file(entry.rel):
        raise CliError(f"--variant {name}: {entry.path} is not a file")
    return Target(project, entry.rel, display_path(project.root, entry.rel))


def parse_assignment(text: str, option: str) -> tuple[str, str]:
    """``KEY=VALUE`` → (KEY, VALUE); a usage error when there is no ``=`` or no key."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise click.BadParameter(f"expected KEY=VALUE, got {text!r}", param_hint=option)
    return key.strip(), value


def parse_variables(assignments: Iterable[str]) -> dict[str, Any]:
    """``--var a.b=c`` options → nested overrides ``{"a": {"b": "c"}}`` (VALUE read as YAML)."""
    from agent_workbench.session.editing import KeyPathError, parse_key_path, parse_value

    variables: dict[str, Any] = {}
    for text in assignments:
        key, raw = parse_assignment(text, "--var")
        try:
            parts = parse_key_path(key)
        except KeyPathError as exc:
            raise click.BadParameter(str(exc), param_hint="--var") from None
        node = variables
        for part in parts[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[parts[-1]] = plain(parse_value(raw))
    return variables


def plain(value: Any) -> Any:
    """ruamel's scalar and container subclasses as plain Python values."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def shown_path(root: Path | None, path: str) -> str:
    """A diagnostic's project-relative path as the user reads it."""
    if root is None or not path or path.startswith("<") or os.path.isabs(path):
        return path
    return display_path(root, path)


def format_diagnostic(diagnostic: Diagnostic, root: Path | None = None) -> str:
    """``PATH:LINE:COL: severity: message (suggestion)``, with the path as the user reads it."""
    text = diagnostic.format()
    shown = shown_path(root, diagnostic.path)
    if shown != diagnostic.path and text.startswith(diagnostic.path + ":"):
        text = shown + text[len(diagnostic.path) :]
    return text


def echo_diagnostics(diagnostics: Iterable[Diagnostic], root: Path | None = None) -> None:
    """Print diagnostics on stderr, one per line."""
    for diagnostic in diagnostics:
        click.echo(format_diagnostic(diagnostic, root), err=True)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def write_stdout(text: str) -> None:
    """Write text to stdout exactly (UTF-8, line endings kept, no newline added)."""
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


variant_option = click.option(
    "--variant",
    "variant_name",
    metavar="NAME",
    help="Render as the agpm.toml entry NAME that points at the file (its template_vars, "
    "tool and filename).",
)


def pick_variant(project: Project, rel: str, name: str | None) -> Variant | None:
    """The manifest entry ``name`` pointing at ``rel``; a usage error (exit 2) naming the
    file's variants when there is none."""
    if name is None:
        return None
    from agent_workbench.model.variants import find_variant, variants_of

    for variant in variants_of(project.config, rel):
        if name in (variant.name, variant.label):
            return variant
    elsewhere = find_variant(project.config, name)
    offered = ", ".join(v.name for v in variants_of(project.config, rel)) or "none"
    where = "points at another file" if elsewhere is not None else "is not in agpm.toml"
    raise click.UsageError(f"--variant {name}: {where} (variants of {rel}: {offered})")


def target_variants(
    project: Project, rel: str, name: str | None, all_variants: bool
) -> list[Variant | None]:
    """What to render ``rel`` as: the entry ``name``, every entry pointing at it
    (``--all-variants``; the file alone when none does), or the file alone."""
    if all_variants:
        from agent_workbench.model.variants import variants_of

        found: list[Variant | None] = list(variants_of(project.config, rel))
        return found or [None]
    return [pick_variant(project, rel, name)]
