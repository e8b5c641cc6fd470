"""Checks beyond a field's kind: tool names, `name` against the file, permissions, AGPM keys."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from agent_workbench.schema.fields import Context, FieldSpec, Issue, closest

CLAUDE_TOOLS = (
    "Agent",
    "AskUserQuestion",
    "EnterPlanMode",
    "LSP",
    "SendMessage",
    "TaskCreate",
    "TaskGet",
    "TaskList",
    "TaskOutput",
    "TaskStop",
    "TaskUpdate",
    "TeamCreate",
    "TeamDelete",
    "ToolSearch",
    "Bash",
    "BashOutput",
    "Edit",
    "ExitPlanMode",
    "Glob",
    "Grep",
    "KillShell",
    "LS",
    "MultiEdit",
    "NotebookEdit",
    "NotebookRead",
    "Read",
    "Skill",
    "SlashCommand",
    "Task",
    "TodoWrite",
    "WebFetch",
    "WebSearch",
    "Write",
)
_TOOL_WITH_ARGS = re.compile(r"([A-Za-z]+)\(.*\)\Z")


def _tool_names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [str(item).strip() for item in value]
    return []


def check_claude_tools(spec: FieldSpec, value: Any, ctx: Context) -> list[Issue]:
    issues: list[Issue] = []
    for name in _tool_names(value):
        base = _TOOL_WITH_ARGS.match(name)
        bare = base.group(1) if base else name
        if bare in CLAUDE_TOOLS or bare.startswith("mcp__") or bare == "*":
            continue
        issues.append(
            Issue(
                "warning",
                f"`{name}` in `{spec.name}` is not a Claude Code tool (an MCP tool is written "
                "`mcp__server__tool`); Claude Code ignores it",
                closest(bare, CLAUDE_TOOLS),
            )
        )
    return issues


def check_name_matches_stem(spec: FieldSpec, value: Any, ctx: Context) -> list[Issue]:
    if not isinstance(value, str) or value == ctx.stem:
        return []
    return [
        Issue(
            "error",
            f"`name` is `{value}` but the file is `{ctx.stem}.md`; Claude Code names the agent "
            "by this field, AGPM installs it by the file name",
            f"set `name: {ctx.stem}` or rename the file",
        )
    ]


PERMISSION_VALUES = ("allow", "ask", "deny")
OPENCODE_PERMISSION_KEYS = (
    "bash",
    "codesearch",
    "doom_loop",
    "edit",
    "external_directory",
    "glob",
    "grep",
    "list",
    "lsp",
    "question",
    "read",
    "skill",
    "task",
    "todoread",
    "todowrite",
    "webfetch",
    "websearch",
    "write",
)


def _permission_value(value: Any, path: tuple[str, ...]) -> list[Issue]:
    if isinstance(value, str) and value in PERMISSION_VALUES:
        return []
    shown = value if isinstance(value, (str, int, float, bool)) else type(value).__name__
    hint = closest(str(value), PERMISSION_VALUES) if isinstance(value, str) else None
    return [Issue("error", f"`{shown}` must be allow, ask or deny", hint, path)]


def check_permission(spec: FieldSpec, value: Any, ctx: Context) -> list[Issue]:
    if isinstance(value, str):
        return _permission_value(value, ())
    if not isinstance(value, Mapping):
        return [Issue("error", "`permission` must be allow/ask/deny or a map of tools")]
    issues: list[Issue] = []
    for tool, setting in value.items():
        key = str(tool)
        if key not in OPENCODE_PERMISSION_KEYS and "*" not in key:
            issues.append(
                Issue(
                    "warning",
                    f"`permission.{key}` is not a permission OpenCode knows",
                    closest(key, OPENCODE_PERMISSION_KEYS),
                    (key,),
                    on_key=True,
                )
            )
        if isinstance(setting, Mapping):
            for pattern, rule in setting.items():
                issues += _permission_value(rule, (key, str(pattern)))
        else:
            issues += _permission_value(setting, (key,))
    return issues


def check_opencode_tools(spec: FieldSpec, value: Any, ctx: Context) -> list[Issue]:
    issues = []
    for tool, enabled in value.items():
        if not isinstance(enabled, bool):
            issues.append(
                Issue("error", f"`tools.{tool}` must be true or false", path=(str(tool),))
            )
    return issues


DEPENDENCY_CATEGORIES = (
    "agents",
    "snippets",
    "commands",
    "scripts",
    "hooks",
    "mcp-servers",
    "skills",
)


def check_dependencies(spec: FieldSpec, value: Any, ctx: Context) -> list[Issue]:
    issues: list[Issue] = []
    for category, entries in value.items():
        key = str(category)
        if key not in DEPENDENCY_CATEGORIES:
            issues.append(
                Issue(
                    "warning",
                    f"`{key}` is not an AGPM dependency category",
                    closest(key, DEPENDENCY_CATEGORIES),
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
