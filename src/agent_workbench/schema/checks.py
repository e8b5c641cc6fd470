"""Checks beyond a field's kind for Claude Code (names, tools) and AGPM's keys.

The facts they check against live in ``schema.data`` with their sources.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from agent_workbench.schema.data import agpm, claude_code
from agent_workbench.schema.fields import Context, FieldSpec, Issue, closest

CLAUDE_TOOLS = claude_code.TOOLS
_KNOWN_CLAUDE_TOOLS = frozenset(claude_code.TOOLS + claude_code.LEGACY_TOOLS)
_TOOL_WITH_ARGS = re.compile(r"([A-Za-z]+)\(.*\)\Z")


_SPACED = re.compile(r"[^\s(]+(?:\([^)]*\))?")


def tool_names(value: Any) -> list[str]:
    """The entries of a Claude Code tool list: ``"Read, Grep"``, ``[Read, Grep]``, or, with
    no comma, ``"Read Grep Bash(git diff *)"`` (a skill's `allowed-tools` is space-separated
    in the Agent Skills format, see ``claude_code.SOURCES["skills"]``)."""
    if isinstance(value, str):
        if "," not in value:
            return _SPACED.findall(value)
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [str(item).strip() for item in value]
    return []


def _bare(name: str) -> str:
    match = _TOOL_WITH_ARGS.match(name)
    return match.group(1) if match else name


def is_real_claude_tool(name: str) -> bool:
    bare = _bare(name)
    return bare in _KNOWN_CLAUDE_TOOLS or bare.startswith("mcp__") or bare == "*"


def check_claude_tools(spec: FieldSpec, value: Any, ctx: Context) -> list[Issue]:
    issues: list[Issue] = []
    names = tool_names(value)
    for name in names:
        bare = _bare(name)
        removed = claude_code.REMOVED_TOOLS.get(bare)
        if removed is not None:
            issues.append(Issue("warning", f"`{name}` in `{spec.name}` was {removed}"))
        elif not is_real_claude_tool(name):
            issues.append(
                Issue(
                    "warning",
                    f"`{name}` in `{spec.name}` is not a Claude Code tool (an MCP tool is "
                    "written `mcp__server__tool`); Claude Code ignores it",
                    closest(bare, CLAUDE_TOOLS),
                )
            )
    if spec.name == "tools" and names and not any(is_real_claude_tool(n) for n in names):
        # CHANGELOG: "the Agent tool … when a subagent's `tools` list resolves to nothing —
        # it now returns a clear error naming the unrecognized entries".
        issues.append(
            Issue(
                "error",
                "no entry of `tools` is a Claude Code tool, so the list resolves to nothing and "
                "Claude Code refuses to launch this agent",
            )
        )
    return issues


def check_claude_name(spec: FieldSpec, value: Any, ctx: Context) -> list[Issue]:
    """A `name` Claude Code skips the file for (the file name need not match it)."""
    if not isinstance(value, str):
        return []
    if ":" in value:
        return [
            Issue(
                "error",
                f"`name: {value}` holds a `:`; Claude Code skips an agent whose name has one "
                "(it is the plugin separator)",
                "use letters, digits and hyphens",
            )
        ]
    if value.startswith("-"):
        return [
            Issue(
                "error",
                f"`name: {value}` starts with `-`; Claude Code skips this agent",
                "start the name with a letter",
            )
        ]
    return []


def check_dependencies(spec: FieldSpec, value: Any, ctx: Context) -> list[Issue]:
    issues: list[Issue] = []
    for category, entries in value.items():
        key = str(category)
        if key not in agpm.DEPENDENCY_CATEGORIES:
            issues.append(
                Issue(
                    "warning",
                    f"`{key}` is not an AGPM dependency category",
                    closest(key, agpm.DEPENDENCY_CATEGORIES),
                    (key,),
                    on_key=True,
                )
            )
        if not isinstance(entries, list):
            issues.append(Issue("error", f"`{key}` must be a list of dependencies", path=(key,)))
            continue
        for entry in entries:
            if not isinstance(entry, Mapping) or not isinstance(entry.get("path"), str):
                issues.append(
                    Issue("error", f"each `{key}` dependency needs a `path`", path=(key,))
                )
    return issues


def check_agpm(spec: FieldSpec, value: Any, ctx: Context) -> list[Issue]:
    issues: list[Issue] = []
    if "templating" in value and not isinstance(value["templating"], bool):
        issues.append(
            Issue("error", "`agpm.templating` must be true or false", path=("templating",))
        )
    deps = value.get("dependencies")
    if deps is not None:
        if isinstance(deps, Mapping):
            issues += [
                Issue(i.severity, i.message, i.suggestion, ("dependencies", *i.path), i.on_key)
                for i in check_dependencies(spec, deps, ctx)
            ]
        else:
            issues.append(
                Issue("error", "`agpm.dependencies` must be a map", path=("dependencies",))
            )
    return issues
