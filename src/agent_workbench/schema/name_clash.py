"""Two agents of one tool with the same name in one agents folder: which folder, which name,
and what the tool does about it (the facts are ``DUPLICATE_NAMES`` in ``schema.data``).

The folder an agent shares its names with (``clash_scope``):

- Claude Code: the innermost ``agents/`` (or ``agent/``) folder that holds the file, its
  subfolders included; a project rooted at the agents folder itself (a user's
  ``~/.claude/agents/``) is that folder. The name is the ``name`` field.
- OpenCode: the config folder (``.opencode/``, ``~/.config/opencode/``) of the innermost
  ``agent/`` or ``agents/`` folder, whose ``agent/`` and ``agents/`` load into one table;
  the name is ``name:`` or else the path below ``agent/`` without ``.md``.

Finding the other files is the session's (``session.name_clashes``): it reads the disk.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from agent_workbench.frontmatter.agentfile import AgentFile
from agent_workbench.model.diagnostics import Diagnostic, Severity
from agent_workbench.model.flavour import Flavour
from agent_workbench.schema.data import claude_code, opencode
from agent_workbench.schema.validate import field_position

_AGENT_FOLDERS = ("agents", "agent")
FACTS: dict[Flavour, dict[str, str]] = {
    Flavour.CLAUDE_CODE: claude_code.DUPLICATE_NAMES,
    Flavour.OPENCODE: opencode.DUPLICATE_NAMES,
}
SOURCES = {Flavour.CLAUDE_CODE: claude_code.SOURCES, Flavour.OPENCODE: opencode.SOURCES}


@dataclass(frozen=True)
class Scope:
    """Where the agents that share names with a file are: ``folders`` below ``base``."""

    base: str  # project-relative ("" for the project root)
    folders: tuple[str, ...]  # "" for base itself

    def roots(self) -> list[str]:
        return [posixpath.join(self.base, f) if f else self.base for f in self.folders]


def clash_scope(rel: str, flavour: Flavour) -> Scope | None:
    """The folder whose agents share names with ``rel`` (None: not an agent of a tool)."""
    if flavour not in FACTS:
        return None
    parts = posixpath.dirname(rel).split("/") if posixpath.dirname(rel) else []
    for index in range(len(parts) - 1, -1, -1):
        if parts[index] in _AGENT_FOLDERS:
            parent = "/".join(parts[:index])
            if flavour is Flavour.OPENCODE:  # `{agent,agents}/**` of one config folder
                return Scope(parent, _AGENT_FOLDERS)
            return Scope(parent, (parts[index],))
    return Scope("", ("",))


def agent_name(rel: str, flavour: Flavour, fields: Mapping[str, Any] | None) -> str | None:
    """The name the tool knows the agent by (None: it has none to clash on)."""
    name = (fields or {}).get("name")
    if isinstance(name, str) and name.strip():
        return name.strip()
    if flavour is not Flavour.OPENCODE:
        return None
    scope = clash_scope(rel, flavour)
    below = rel
    for root in scope.roots() if scope else []:
        if root and rel.startswith(root + "/"):
            below = rel[len(root) + 1 :]
    return below[:-3] if below.lower().endswith(".md") else below


def clash_diagnostics(
    agent: AgentFile, fields: Mapping[str, Any] | None, name: str, others: list[str]
) -> list[Diagnostic]:
    """The error on ``agent`` for sharing ``name`` with the files ``others``."""
    facts = FACTS.get(agent.flavour)
    if facts is None or not others:
        return []
    named = "name" in (fields or {})
    line, column = field_position(agent, fields, "name") if named else (1, 1)
    listed = ", ".join(f"`{other}`" for other in others)
    severity = Severity.ERROR if facts["severity"] == "error" else Severity.WARNING
    return [
        Diagnostic(
            agent.rel,
            line,
            column,
            severity,
            f"the agent name `{name}` is also {listed}'s, in the same agents folder; "
            f"{facts['consequence']}",
            "give each agent its own name",
            code="name-clash",
            field="name" if named else None,
        )
    ]
