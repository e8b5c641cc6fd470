"""The ``workbench`` command: a click group; each subcommand lives in its own module.

Exit status everywhere: 0 success, 1 a render, validation or edit error (the
message on stderr), 2 a usage error. No Python traceback reaches the user:
``main`` turns anything unexpected into a one-line error.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from agent_workbench import __version__
from agent_workbench.cli.common import CliError
from agent_workbench.model.diagnostics import DiagnosticError

_GROUP_FLAGS = {"-h", "--help", "--version"}

# Subcommand name -> (module, attribute). Modules are imported only when their command
# runs (or help lists it): start-up stays quick, and a broken module breaks only its
# own command, with a one-line message.
COMMANDS = {
    "open": ("agent_workbench.cli.open_cmd", "open_app"),
    "render": ("agent_workbench.cli.render_cmd", "render"),
    "tokens": ("agent_workbench.cli.tokens_cmd", "tokens"),
    "check": ("agent_workbench.cli.check_cmd", "check"),
    "edit": ("agent_workbench.cli.edit_cmd", "edit"),
    "languages": ("agent_workbench.cli.languages_cmd", "languages"),
    "diff": ("agent_workbench.cli.diff_cmd", "diff"),
}


class WorkbenchGroup(click.Group):
    """A group whose bare form (``workbench [PATH] [--lang LANG]``) opens the app."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        first = args[0] if args else None
        if first is None or (first not in _GROUP_FLAGS and first not in COMMANDS):
            args = ["open", *args]
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if name != "open")

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module_name, attribute = COMMANDS[cmd_name]
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            return _unavailable(cmd_name, exc)
        command: click.Command = getattr(module, attribute)
        return command


def _unavailable(name: str, exc: ImportError) -> click.Command:
    """Stands in for a command whose module cannot be imported: listed, and a one-line error."""
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__

    def fail(**_: object) -> None:
        raise CliError(f"`workbench {name}` is unavailable: {reason}")

    return click.Command(
        name,
        callback=fail,
        help=f"(unavailable: {reason})",
        context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    )

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
    workbench check [PATH...]         validate and render every agent (--fix)
    workbench edit AGENT --set K=V    minimal-diff frontmatter edit
    workbench languages [AGENT]       languages an agent can be rendered with
    workbench diff [AGENT...]         rendered diffs: a revision, or two languages

    \b
    The app's own options (workbench [PATH] ...):
      PATH         a project folder or one agent file (default: this folder)
      --lang LANG  render templated agents with this agpm.project.language
                   (one that some agent of the project offers; else exit 2)
    """


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
