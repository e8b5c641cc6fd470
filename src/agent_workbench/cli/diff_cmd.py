"""``workbench diff``: unified diffs of rendered output (a git revision against the
working tree, or one language against another), per agent and language."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from agent_workbench.cli.common import CliError, parse_variables, project_option
from agent_workbench.model.project import Project, find_root
from agent_workbench.session.diffs import (
    NO_NEWLINE,
    AgentDiff,
    DiffPathError,
    DiffReport,
    GitError,
    LineKind,
    diff_language_pair,
    diff_revision,
    diff_revision_variants,
)
from agent_workbench.session.rendering import RenderOptions
from agent_workbench.session.token_counting import DEFAULT_ENCODING, ENCODINGS

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_RED = "\x1b[31m"
_GREEN = "\x1b[32m"
_CYAN = "\x1b[36m"
_YELLOW = "\x1b[33m"
_REVERSE_ON, _REVERSE_OFF = "\x1b[7m", "\x1b[27m"


class _Printer:
    def __init__(self, color: bool) -> None:
        self.color = color
        self.out: list[str] = []

    def paint(self, text: str, *styles: str) -> str:
        return "".join(styles) + text + _RESET if self.color and styles else text

    def line(self, text: str = "", *styles: str) -> None:
        self.out.append(self.paint(text, *styles))

    def flush(self) -> None:
        if self.out:
            data = "\n".join(self.out) + "\n"
            sys.stdout.buffer.write(data.encode("utf-8", "surrogateescape"))
            sys.stdout.buffer.flush()
        self.out.clear()


def _tokens_line(diff: AgentDiff) -> str:
    old, new, delta = diff.tokens("old"), diff.tokens("new"), diff.token_delta

    def show(value: int | None) -> str:
        return "error" if value is None else f"{value:,}"

    change = "" if delta is None else f" ({delta:+,})"
    return f"tokens: {show(old)} → {show(new)}{change} [{diff.encoding}]"


def _print_diff(printer: _Printer, diff: AgentDiff) -> None:
    printer.line(f"diff --rendered {diff.old.name('a')} {diff.new.name('b')}", _BOLD)
    printer.line(_tokens_line(diff), _BOLD)
    printer.line(f"--- {diff.old.name('a')}", _BOLD)
    printer.line(f"+++ {diff.new.name('b')}", _BOLD)
    for hunk in diff.text.hunks:
        printer.line(hunk.header, _CYAN)
        for line in hunk.lines:
            if line.kind is LineKind.CONTEXT:
                printer.line(" " + line.text)
            else:
                colour = _GREEN if line.kind is LineKind.ADDED else _RED
                printer.out.append(
                    _changed_line(printer, line.kind.value, line.text, line.spans, colour)
                )
            if not line.eol:
                printer.line(NO_NEWLINE)


def _changed_line(
    printer: _Printer, sign: str, text: str, spans: tuple[tuple[int, int], ...], colour: str
) -> str:
    if not printer.color:
        return sign + text
    parts = [colour, sign]
    pos = 0
    for start, end in spans:
        parts += [text[pos:start], _REVERSE_ON, text[start:end], _REVERSE_OFF]
        pos = end
    parts += [text[pos:], _RESET]
    return "".join(parts)


def _print_stat(printer: _Printer, report: DiffReport) -> None:
    if not report.diffs:
        return
    width = min(max(len(d.title) for d in report.diffs), 70)
    total_add = total_rem = 0
    total_tokens = 0
    for diff in report.diffs:
        total_add += diff.added
        total_rem += diff.removed
        delta = diff.token_delta
        total_tokens += delta or 0
        tokens = "tokens error" if delta is None else f"tokens {delta:+,}"
        counts = (
            printer.paint(f"+{diff.added}", _GREEN) + " " + printer.paint(f"-{diff.removed}", _RED)
        )
        note = "" if diff.status.value == "modified" else f"  ({diff.status.value})"
        printer.line(f" {diff.title:<{width}} | {counts}  {tokens}{note}")
    n = len(report.diffs)
    printer.line(
        f" {n} agent{'s' if n != 1 else ''} changed, {total_add} line{'s' if total_add != 1 else ''}"
        f" added(+), {total_rem} removed(-), tokens {total_tokens:+,}"
    )
    printer.line(
        f" rendered {report.renders:,} times for {report.comparisons:,} agent×language pairs;"
        f" {report.skipped:,} revision renders skipped (nothing they read changed)"
    )


def _use_color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never":
        return False
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@click.command("diff")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--rev",
    default=None,
    metavar="REV",
    help="Git revision to compare the working tree against (default HEAD).",
)
@click.option(
    "--lang",
    "language",
    default=None,
    metavar="LANG",
    help="Render both sides for LANG (default: each side's agpm.toml language).",
)
@click.option(
    "--against-lang",
    "against",
    default=None,
    metavar="LANG",
    help="Compare --lang LANG (a/) with this language (b/) in the working tree, instead of a revision.",
)
@click.option(
    "--all-languages", is_flag=True, help="Every language each agent can be rendered with."
)
@click.option("--stat", is_flag=True, help="Per agent: lines added and removed, token change.")
@click.option(
    "--color",
    "color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the output (auto: when stdout is a terminal).",
)
@click.option(
    "--exit-code", is_flag=True, help="Exit 1 when anything differs (as git diff --exit-code)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the diffs as JSON.")
@click.option(
    "-U",
    "--unified",
    "context",
    type=click.IntRange(min=0),
    default=3,
    show_default=True,
    help="Lines of context around each change.",
)
@click.option(
    "--encoding",
    type=click.Choice(list(ENCODINGS)),
    default=DEFAULT_ENCODING,
    show_default=True,
    help="Tokenizer for the token change.",
)
@click.option(
    "--var",
    "variables",
    multiple=True,
    metavar="KEY=VALUE",
    help="Set agpm.project.KEY (dotted for nested keys) on both sides.",
)
@click.option(
    "--variant",
    "variant_name",
    metavar="NAME",
    help="Render as the agpm.toml entry NAME (its template_vars, tool and filename), on each "
    "side as that side's agpm.toml says.",
)
@click.option(
    "--all-variants",
    is_flag=True,
    help="Render each agent as every agpm.toml entry that points at it (its variants).",
)
@project_option
def diff(
    paths: tuple[Path, ...],
    rev: str | None,
    language: str | None,
    against: str | None,
    all_languages: bool,
    stat: bool,
    color: str,
    exit_code: bool,
    as_json: bool,
    context: int,
    encoding: str,
    variables: tuple[str, ...],
    variant_name: str | None,
    all_variants: bool,
    project_dir: Path | None,
) -> None:
    """Diff the rendered output of every agent under PATH... (default: the project).

    By default the working tree is compared with REV (HEAD): agents changed only
    through a snippet, a project file or agpm.toml show up too. With --lang A
    --against-lang B, the working tree's agents rendered for A are compared with B.
    """
    if against is not None:
        if language is None:
            raise click.UsageError(
                "--against-lang needs --lang (the language to compare against it)"
            )
        if rev is not None:
            raise click.UsageError(
                "--against-lang compares languages in the working tree; it cannot be combined with --rev"
            )
        if all_languages:
            raise click.UsageError("--against-lang cannot be combined with --all-languages")
    elif all_languages and language is not None:
        raise click.UsageError("--lang and --all-languages cannot be combined")
    by_variant = variant_name is not None or all_variants
    if variant_name is not None and all_variants:
        raise click.UsageError("--variant and --all-variants cannot be used together")
    if by_variant and (against is not None or all_languages):
        raise click.UsageError(
            "--variant/--all-variants compare with a revision; they cannot be combined with "
            "--against-lang or --all-languages"
        )
    options = RenderOptions(variables=parse_variables(variables)) if variables else None

    root = find_root(paths[0] if paths else Path.cwd(), project_dir)
    project = Project.open(root)
    rels: list[str] = []
    for path in paths:
        try:
            rels.append(project.rel(path))
        except ValueError:
            raise click.UsageError(f"{path}: outside the project root {project.root}") from None
    try:
        if by_variant:
            report = diff_revision_variants(
                project,
                rev or "HEAD",
                rels,
                variant=variant_name,
                language=language,
                options=options,
                context=context,
                encoding=encoding,
            )
        elif against is not None:
            report = diff_language_pair(
                project,
                rels,
                language or "",
                against,
                options=options,
                context=context,
                encoding=encoding,
            )
        else:
            report = diff_revision(
                project,
                rev or "HEAD",
                rels,
                language=language,
                all_languages=all_languages,
                options=options,
                context=context,
                encoding=encoding,
            )
    except DiffPathError as exc:
        raise click.UsageError(str(exc)) from None
    except GitError as exc:
        raise CliError(str(exc)) from None

    printer = _Printer(_use_color(color) and not as_json)
    if as_json:
        printer.out.append(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    elif stat:
        _print_stat(printer, report)
    else:
        for item in report.diffs:
            _print_diff(printer, item)
    if not (as_json or exit_code or report.diffs or report.failed):  # --exit-code: the code says it
        printer.line("no rendered changes")  # a silent success leaves people wondering
    printer.flush()
    for item in report.failed:
        errors = item.old.errors or item.new.errors
        first = errors[0].format() if errors else f"{item.rel}: render failed"
        languages = f"{report.old_label} nor {report.new_label}"
        click.echo(f"{first} (renders for neither {languages})", err=True)
    if report.failed:
        click.get_current_context().exit(1)
    click.get_current_context().exit(1 if exit_code and report.changed else 0)
