"""Assertions shared by the command-line tests (tests/test_cli_*.py)."""

from __future__ import annotations

import subprocess

AGENT_HEAD = "---\nname: {name}\ndescription: {description}\n"


def no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    """A user never sees a Python traceback, whatever went wrong."""
    for stream in (proc.stdout, proc.stderr):
        assert "Traceback" not in stream, stream
        assert 'File "' not in stream, stream


def templated(name: str, body: str, *, extra: str = "", description: str = "d") -> str:
    """A Claude Code agent with templating on; ``extra`` goes inside the ``agpm:`` block."""
    return (
        f"---\nname: {name}\ndescription: {description}\nagpm:\n  templating: true\n{extra}---\n"
        f"{body}"
    )
