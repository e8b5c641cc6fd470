"""The ``workbench`` command: a click group; each subcommand lives in its own module.

Exit status everywhere: 0 success, 1 a render, validation or edit error (the
message on stderr), 2 a usage error. No Python traceback reaches the user:
``main`` turns anything unexpected into a one-line error.
"""

from __future__ import annotations

import os
import sys

import click

from agent_workbench import __version__
from agent_workbench.cli.check_cmd import check
from agent_workbench.cli.common import CliError
from agent_workbench.cli.diff_cmd import diff
from agent_workbench.cli.edit_cmd import edit
from agent_workbench.cli.languages_cmd import languages
from agent_workbench.cli.open_cmd import open_app
from agent_workbench.cli.render_cmd import render
from agent_workbench.cli.tokens_cmd import tokens
from agent_workbench.diagnostics import DiagnosticError

_GROUP_FLAGS = {"-h", "--help", "--version"}


class WorkbenchGroup(click.Group):
    """A group whose bare form (``workbench [PATH] [--lang LANG]``) opens the app."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        first = args[0] if args else None
        if first is None or (first not in _GROUP_FLAGS and first not in self.commands):
            args = ["open", *args]
        return super().parse_args(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, "[PATH] [--lang LANG] | COMMAND [ARGS]...")


@click.group(
    cls=WorkbenchGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="workbench")
def cli() -> None:
    """A workbench for AI agent definitions (Claude Code, OpenCode, AGPM templates).

    \b
    workbench [PATH] [--lang LANG]   open the app on a project folder or one agent
    workbench render AGENT            print the agent as AGPM would install it
    workbench tokens AGENT...         token counts of the body and the description
    workbench check [PATH...]         validate and render every agent; --fix repairs
    workbench edit AGENT --set K=V    minimal-diff frontmatter edit
    workbench languages [AGENT]       languages an agent can be rendered with
    workbench diff [AGENT...]         rendered diffs: a git revision, or two languages
    """


cli.add_command(open_app)
cli.add_command(render)
cli.add_command(tokens)
cli.add_command(check)
cli.add_command(edit)
cli.add_command(languages)
cli.add_command(diff)


def _fail(message: str) -> int:
    click.echo(message, err=True)
    return 1


def run(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status instead of exiting."""
    try:
        result = cli.main(args=argv, prog_name="workbench", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:  # usage errors (2) and the like
        exc.show()
        return exc.exit_code
    except click.Abort:
        return _fail("workbench: aborted")
    except CliError as exc:
        return _fail(f"workbench: error: {exc}")
    except DiagnosticError as exc:
        for diagnostic in (exc.diagnostic, *exc.extra):
            click.echo(diagnostic.format(), err=True)
        return 1
    except KeyboardInterrupt:
        return _fail("workbench: interrupted") + 129
    except BrokenPipeError:
        return 1
    except Exception as exc:  # last resort: a one-line message, never a traceback
        detail = str(exc).splitlines()[0] if str(exc) else ""
        return _fail(f"workbench: internal error: {type(exc).__name__}: {detail}".rstrip(": "))
    return result if isinstance(result, int) else 0


def main() -> None:
    code = run(sys.argv[1:])
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (``| head``): not an error worth a traceback
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # keeps interpreter shutdown quiet
        code = code or 1
    sys.exit(code)
