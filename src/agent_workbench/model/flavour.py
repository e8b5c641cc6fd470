"""What kind of resource a file is: Claude Code subagent, OpenCode agent, snippet or command."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from enum import StrEnum
from typing import Any


class Flavour(StrEnum):
    CLAUDE_CODE = "claude-code"
    OPENCODE = "opencode"
    SNIPPET = "snippet"
    COMMAND = "command"
    UNKNOWN = "unknown"

    @property
    def title(self) -> str:
        return {
            "claude-code": "Claude Code",
            "opencode": "OpenCode",
            "snippet": "snippet",
            "command": "command",
            "unknown": "Markdown",
        }[self.value]


# folder name -> AGPM resource type
_TYPE_FOLDERS = {
    "agents": "agent",
    "agent": "agent",
    "snippets": "snippet",
    "snippet": "snippet",
    "commands": "command",
    "command": "command",
    "scripts": "script",
    "hooks": "hook",
    "mcp-servers": "mcp-server",
    "skills": "skill",
}

_OPENCODE_ONLY_FIELDS = {"mode", "temperature", "permission", "reasoningEffort", "top_p", "disable"}
_CLAUDE_ONLY_FIELDS = {"name", "color", "permissionMode", "skills", "hooks"}


def resource_type(rel: str) -> str:
    """AGPM resource type from the innermost folder that names one (``agent`` by default)."""
    parts = posixpath.dirname(rel).split("/")
    for part in reversed(parts):
        if part in _TYPE_FOLDERS:
            return _TYPE_FOLDERS[part]
    return "agent"


def tool_of(rel: str) -> str | None:
    """ "claude-code" or "opencode" when the path says so (a folder named for the tool)."""
    for part in posixpath.dirname(rel).split("/"):
        low = part.lower()
        if "opencode" in low:
            return "opencode"
        if "claude" in low:
            return "claude-code"
    return None


def detect_flavour(rel: str, fields: Mapping[str, Any] | None) -> Flavour:
    """Decide the flavour from the file's folder first, then from its fields."""
    kind = resource_type(rel)
    if kind == "snippet":
        return Flavour.SNIPPET
    if kind == "command":
        return Flavour.COMMAND
    tool = tool_of(rel)
    if tool == "opencode":
        return Flavour.OPENCODE
    if tool == "claude-code":
        return Flavour.CLAUDE_CODE
    keys = set(fields or {})
    if keys & _OPENCODE_ONLY_FIELDS and not keys & _CLAUDE_ONLY_FIELDS:
        return Flavour.OPENCODE
    if "name" in keys or keys & _CLAUDE_ONLY_FIELDS:
        return Flavour.CLAUDE_CODE
    if isinstance((fields or {}).get("tools"), Mapping):
        return Flavour.OPENCODE
    if "description" in keys:
        return Flavour.CLAUDE_CODE
    return Flavour.UNKNOWN


def install_path(rel: str, flavour: Flavour) -> str:
    """Where AGPM would install the resource, relative to the project root."""
    name = posixpath.splitext(posixpath.basename(rel))[0]
    tool = tool_of(rel) or ("opencode" if flavour is Flavour.OPENCODE else "claude-code")
    kind = resource_type(rel)
    if kind == "snippet":
        return f".agpm/snippets/{name}.md"
    if kind == "command":
        return (
            f".opencode/command/{name}.md" if tool == "opencode" else f".claude/commands/{name}.md"
        )
    if tool == "opencode":
        return f".opencode/agent/{name}.md"
    return f".claude/agents/{name}.md"
