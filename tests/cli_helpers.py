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


# -- hostile inputs (issue 10), shared by the command-line and app tests --------------

FIFO_READERS = {  # agents reading snippets/pipe.md (make it a FIFO): a dependency, a content
    "agents/dep.md": templated(
        "dep",
        "{{ agpm.deps.snippets.pipe.content }}\n",
        extra="  dependencies:\n    snippets:\n      - path: ../snippets/pipe.md\n",
    ),
    "agents/embed.md": templated("embed", 'Before.\n{{ "snippets/pipe.md" | content }}\n'),
}


def chain_link(next_path: str | None, body: str) -> str:
    """A templated file of a dependency chain, depending on ``next_path`` (if any)."""
    deps = f"dependencies:\n  snippets:\n    - path: {next_path}\n" if next_path else ""
    return f"---\nagpm:\n  templating: true\n{deps}---\n{body}"


def alias_bomb() -> str:
    """An agent whose frontmatter's aliases expand to 5 × 9¹¹ values (billion laughs)."""
    lines = ["name: bomb", "description: d", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
    return "---\n" + "\n".join(lines) + "\n---\nBody.\n"
