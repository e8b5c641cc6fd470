"""Checks beyond a field's kind for OpenCode: description, permissions, tools, sampling.

The facts (which permission keys take a plain value only in which schema,
the tool names, the built-in agents) live in ``schema.data.opencode``.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from agent_workbench.schema.data import opencode
from agent_workbench.schema.fields import Context, FieldSpec, Issue, closest

PERMISSION_VALUES = opencode.PERMISSION_ACTIONS
OPENCODE_PERMISSION_KEYS = opencode.PERMISSION_KEYS


def _typo_of(key: str, options: tuple[str, ...]) -> str | None:
    """``did you mean`` for a likely typo only: any other name may be a plugin's or MCP tool."""
    match = difflib.get_close_matches(key.lower(), options, n=1, cutoff=0.8)
    return f"did you mean `{match[0]}`?" if match else None


def check_description(spec: FieldSpec, value: Any, ctx: Context) -> list[Issue]:
    return []  # a present description is fine; a missing one: ``missing_description``


def missing_description(ctx: Context) -> Issue | None:
    """OpenCode's schema has `description` optional: a warning at most (see the data)."""
    fields = ctx.fields or {}
    name = fields.get("name", ctx.stem)
    if fields.get("disable") is True or name in opencode.BUILTIN_AGENTS:
        return None  # switches an agent off, or overrides a built-in one
    if fields.get("mode") == "primary":
        return None  # the author picks a primary agent; nothing chooses it by description
    return Issue(
        "warning",
        "no `description`: OpenCode loads the agent, but the primary agent has nothing to "
        "decide when to call it as a subagent",
        "add `description: …`",
    )


def _action(value: Any, path: tuple[str, ...]) -> list[Issue]:
    if isinstance(value, str) and value in PERMISSION_VALUES:
        return []
    shown = value if isinstance(value, (str, int, float, bool)) else type(value).__name__
    hint = closest(str(value), PERMISSION_VALUES) if isinstance(value, str) else None
    return [
        Issue("error", f"`{shown}` must be allow, ask or deny (the config load fails)", hint, path)
    ]


def _value_only(key: str, setting: Any) -> Issue | None:
    if not isinstance(setting, Mapping):
        return None
    if key in opencode.VALUE_ONLY_BOTH:
        return Issue(
            "error",
            f"`permission.{key}` takes allow, ask or deny only; a pattern map fails "
            "OpenCode's config load",
            path=(key,),
            on_key=True,
        )
    if key in opencode.VALUE_ONLY_ZOD_ONLY:
        return Issue(
            "warning",
            f"`permission.{key}` takes allow, ask or deny only in OpenCode's config.ts schema "
            "(a pattern map fails the load there; core v1's permission.ts accepts it)",
            path=(key,),
            on_key=True,
        )
    return None


def check_permission(spec: FieldSpec, value: Any, ctx: Context) -> list[Issue]:
    if isinstance(value, str):
        return _action(value, ())
    if not isinstance(value, Mapping):
        return [Issue("error", "`permission` must be allow/ask/deny or a map of tools")]
    issues: list[Issue] = []
    for tool, setting in value.items():
        key = str(tool)
        if key in opencode.NO_EFFECT_PERMISSIONS:
            where = opencode.NO_EFFECT_PERMISSIONS[key]
            issues.append(
                Issue(
                    "warning",
                    f"`permission.{key}` has no effect: OpenCode checks writes under "
                    f"`permission.{where}`",
                    f"set `{where}` instead",
                    (key,),
                    on_key=True,
                )
            )
        elif key not in OPENCODE_PERMISSION_KEYS and "*" not in key:
            hint = _typo_of(key, OPENCODE_PERMISSION_KEYS)
            if hint is not None:  # any key is accepted (tools of plugins and MCP servers)
                issues.append(
                    Issue(
                        "warning",
                        f"`permission.{key}` is not a built-in OpenCode tool; it only applies "
                        "to a plugin or MCP tool of that name",
                        hint,
                        (key,),
                        on_key=True,
                    )
                )
        only = _value_only(key, setting)
        if only is not None:
            issues.append(only)
        if isinstance(setting, Mapping):
            for pattern, rule in setting.items():
                issues += _action(rule, (key, str(pattern)))
        else:
            issues += _action(setting, (key,))
    return issues


def check_tools(spec: FieldSpec, value: Any, ctx: Context) -> list[Issue]:
    issues = []
    for tool, enabled in value.items():
        key = str(tool)
        if not isinstance(enabled, bool):
            issues.append(
                Issue(
                    "error",
                    f"`tools.{key}` must be true or false (the config load fails)",
                    path=(key,),
                )
            )
        if key not in opencode.TOOLS and "*" not in key:
            hint = _typo_of(key, opencode.TOOLS)
            if hint is not None:
                issues.append(
                    Issue(
                        "warning",
                        f"`tools.{key}` is not a built-in OpenCode tool; it only applies to a "
                        "plugin or MCP tool of that name",
                        hint,
                        (key,),
                        on_key=True,
                    )
                )
    return issues


# Ranges providers take (OpenCode's schema has none): Anthropic 0–1, OpenAI 0–2.
_SAMPLING = {"temperature": (0.0, 2.0), "top_p": (0.0, 1.0)}


def check_sampling(spec: FieldSpec, value: Any, ctx: Context) -> list[Issue]:
    low, high = _SAMPLING[spec.name]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or low <= value <= high:
        return []
    return [
        Issue(
            "warning",
            f"`{spec.name}: {value}` is outside {low:g}–{high:g}; OpenCode passes it on and "
            "the model provider rejects it",
        )
    ]
