"""What kind of resource a file is: Claude Code subagent, OpenCode agent, snippet, command, skill.

The tool a file is for is decided by the innermost ``.claude/`` or
``.opencode/`` folder that holds it (where Claude Code and OpenCode read
them: ``.claude/agents/``, ``~/.claude/agents/``, ``.opencode/agent/``,
``.opencode/agents/``), then by AGPM's source folders (``claude-code/``,
``opencode/``, also OpenCode's ``~/.config/opencode/``), then by the fields.
A folder merely containing either word (``claude-voltagent/``) decides
nothing. The resource type comes from the innermost folder that names one
(``agents/``, ``commands/``, ``skills/NAME/SKILL.md``…).
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from agent_workbench.model.caches import memo


class Flavour(StrEnum):
    CLAUDE_CODE = "claude-code"
    OPENCODE = "opencode"
    SNIPPET = "snippet"
    COMMAND = "command"  # a Claude Code slash command (or a command for no known tool)
    OPENCODE_COMMAND = "opencode-command"
    SKILL = "skill"  # a Claude Code skill: skills/NAME/SKILL.md
    UNKNOWN = "unknown"

    @property
    def display_name(self) -> str:
        """How the tool is named to a user (not ``title``: that is ``str.title``)."""
        return {
            "claude-code": "Claude Code",
            "opencode": "OpenCode",
            "snippet": "snippet",
            "command": "command",
            "opencode-command": "OpenCode command",
            "skill": "skill",
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

_OPENCODE_ONLY_FIELDS = {
    "mode",
    "temperature",
    "permission",
    "reasoningEffort",
    "top_p",
    "disable",
    "steps",
    "maxSteps",
    "hidden",
}
_CLAUDE_ONLY_FIELDS = {
    "permissionMode",
    "skills",
    "hooks",
    "disallowedTools",
    "maxTurns",
    "mcpServers",
    "memory",
    "isolation",
}


@memo("model.resource_types", 4096)  # asked for every dependency of every render
def resource_type(rel: str) -> str:
    """AGPM resource type from the innermost folder that names one (``agent`` by default)."""
    parts = posixpath.dirname(rel).split("/")
    for part in reversed(parts):
        if part in _TYPE_FOLDERS:
            return _TYPE_FOLDERS[part]
    return "agent"


# Folder names (exact, innermost first) that say which tool reads the file.
_TOOL_DOT_FOLDERS = {".claude": "claude-code", ".opencode": "opencode"}
_TOOL_FOLDERS = {"claude-code": "claude-code", "claude": "claude-code", "opencode": "opencode"}


@memo("model.tools_of_paths", 4096)  # asked for every dependency of every render
def tool_of(rel: str) -> str | None:
    """ "claude-code" or "opencode" when the path says so (see the module docstring)."""
    parts = [part.lower() for part in posixpath.dirname(rel).split("/")]
    for table in (_TOOL_DOT_FOLDERS, _TOOL_FOLDERS):
        for part in reversed(parts):
            if part in table:
                return table[part]
    return None


def _dot_tool_of(folder: str) -> str | None:
    for part in reversed(folder.lower().split("/")):
        if part in _TOOL_DOT_FOLDERS:
            return _TOOL_DOT_FOLDERS[part]
    return None


def detect_flavour(rel: str, fields: Mapping[str, Any] | None, outer: str = "") -> Flavour:
    """Decide the flavour from the file's folder first, then from its fields.

    ``outer``: the project root's own path (posix). A project rooted inside a
    tool's folder (``workbench ~/.config/x/.opencode/agent/a.md`` with no
    ``agpm.toml``: the file's folder is the project) keeps that tool: only
    ``.claude``/``.opencode`` above the root count, not any folder name."""
    kind = resource_type(posixpath.join(outer, rel) if outer else rel)
    tool = tool_of(rel) or (_dot_tool_of(outer) if outer else None)
    if kind == "snippet":
        return Flavour.SNIPPET
    if kind == "command":
        return Flavour.OPENCODE_COMMAND if tool == "opencode" else Flavour.COMMAND
    if kind == "skill":
        return Flavour.SKILL if posixpath.basename(rel) == "SKILL.md" else Flavour.UNKNOWN
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


# AGPM v0.4.14's default tool layout (src/manifest/tool_config.rs, default tools):
# tool -> (tool folder, {resource category: (folder inside it, flatten)})
DEFAULT_TOOLS: dict[str, tuple[str, dict[str, tuple[str, bool]]]] = {
    "claude-code": (
        ".claude",
        {
            "agents": ("agents/agpm", True),
            "snippets": ("snippets/agpm", False),
            "commands": ("commands/agpm", True),
            "scripts": ("scripts/agpm", False),
            "skills": ("skills/agpm", False),
        },
    ),
    "opencode": (
        ".opencode",
        {
            "agents": ("agent/agpm", True),
            "snippets": ("snippet/agpm", False),
            "commands": ("command/agpm", True),
        },
    ),
    "agpm": (".agpm", {"snippets": ("snippets", False)}),
}
# Where hooks and MCP servers are merged instead of installed (path_resolver.rs).
MERGE_TARGETS = {
    ("claude-code", "hooks"): ".claude/settings.local.json",
    ("claude-code", "mcp-servers"): ".mcp.json",
    ("opencode", "mcp-servers"): ".opencode/opencode.json",
}


def category_of(kind: str) -> str:
    """The plural category of a resource type (``agent`` → ``agents``)."""
    return _CATEGORIES.get(kind, "agents")


# The first plural folder name of each type (the render asks for every dependency).
_CATEGORIES: dict[str, str] = {}
for _folder, _kind in _TYPE_FOLDERS.items():
    if _folder.endswith("s"):
        _CATEGORIES.setdefault(_kind, _folder)


def type_of_category(category: str) -> str:
    """The resource type of a category (``snippets`` → ``snippet``, ``mcp-servers`` →
    ``mcp-server``)."""
    return _TYPE_FOLDERS.get(category, category)


def default_tool(rel: str, flavour: Flavour, category: str | None = None) -> str:
    """The tool a file installs for when nothing names one: ``agpm`` for snippets
    (AGPM's default_tools), else the tool its folder or fields say, else Claude Code."""
    if (category or category_of(resource_type(rel))) == "snippets":
        return "agpm"
    return tool_of(rel) or ("opencode" if flavour is Flavour.OPENCODE else "claude-code")


def tool_supports(tool: str, category: str, tools: Mapping[str, Any] | None) -> bool:
    """AGPM v0.4.14's ``is_resource_supported`` over ``get_tools_config``: a ``[tools]``
    table replaces AGPM's default tools (a tool it does not list is unknown: checked with
    `agpm install`, "Unknown tool 'claude-code'"), but a well-known tool it lists keeps its
    default folders for the types it does not override (``ToolsConfig``'s deserializer,
    src/manifest/tool_config.rs; AGPM's test_partial_tool_config_merges_with_defaults); a
    custom tool installs the types its ``resources`` give a ``path`` or ``merge-target``
    (test_custom_tool_transitive_dependency)."""
    defaults = category in DEFAULT_TOOLS.get(tool, ("", {}))[1] or (tool, category) in MERGE_TARGETS
    if not isinstance(tools, Mapping):
        return defaults
    configured = tools.get(tool)
    if not isinstance(configured, Mapping):
        return False
    table = configured.get("resources")
    entry = table.get(category) if isinstance(table, Mapping) else None
    if isinstance(entry, Mapping):
        return isinstance(entry.get("path"), str) or isinstance(entry.get("merge-target"), str)
    return defaults


def _tool_layout(
    tool: str, category: str, tools: Mapping[str, Any] | None
) -> tuple[str, str | None, bool]:
    """(tool folder, resource folder or None, flatten) from the project's ``[tools]``
    table where it says so, else AGPM's defaults."""
    root, resources = DEFAULT_TOOLS.get(tool, DEFAULT_TOOLS["claude-code"])
    folder, flatten = resources.get(category, (category, False))
    configured = tools.get(tool) if isinstance(tools, Mapping) else None
    if isinstance(configured, Mapping):
        if isinstance(configured.get("path"), str):
            root = configured["path"]
        table = configured.get("resources")
        entry = table.get(category) if isinstance(table, Mapping) else None
        if isinstance(entry, Mapping):
            merge = entry.get("merge-target")
            if isinstance(merge, str):
                return merge, None, False
            if isinstance(entry.get("path"), str):
                folder = entry["path"]
            if isinstance(entry.get("flatten"), bool):
                flatten = entry["flatten"]
    return root, folder, flatten


def _relative_install_path(tool_root: str, rel: str, flatten: bool) -> str:
    """AGPM's ``compute_relative_install_path`` (src/utils/platform.rs): the file name when
    flattened, else the path with its first folder dropped when the tool's folder names it."""
    if flatten:
        return posixpath.basename(rel)
    parts = [p for p in rel.split("/") if p not in ("", ".")]
    tool_parts = [p for p in tool_root.split("/") if p not in ("", ".", "..")]
    if parts and parts[0] in tool_parts:
        return "/".join(parts[1:])
    return "/".join(parts)


def install_path(
    rel: str,
    flavour: Flavour,
    tools: Mapping[str, Any] | None = None,
    *,
    tool: str | None = None,
    category: str | None = None,
    flatten: bool | None = None,
    filename: str | None = None,
) -> str:
    """Where AGPM v0.4.14 installs the resource, relative to the project root
    (``resolve_regular_resource_path``): the tool's folder, the category's folder
    (``.claude/agents/agpm``, ``.opencode/agent/agpm``, ``.agpm/snippets``), then the file
    name (flattened) or its path. ``tools`` is the project's ``[tools]`` table."""
    kind = resource_type(rel)
    if category is None:
        category = category_of(kind)
    if tool is None or not tool_supports(tool, category, tools):
        tool = default_tool(rel, flavour, category)
    merge = MERGE_TARGETS.get((tool, category))
    root, folder, default_flatten = _tool_layout(tool, category, tools)
    if folder is None:
        return root  # a merge target from the project's [tools]
    if merge is not None and not (isinstance(tools, Mapping) and tool in tools):
        return merge
    tool_root = posixpath.join(root, folder)
    relative = _relative_install_path(
        tool_root, rel, default_flatten if flatten is None else flatten
    )
    if filename:
        relative = posixpath.join(posixpath.dirname(relative), filename)
    return posixpath.normpath(posixpath.join(tool_root, relative))
