"""The fields each flavour knows, as data: the app builds its form from it, ``validate`` checks it.

Sources: Claude Code's subagent and slash-command documentation, OpenCode's
agent documentation (``opencode.ai/docs/agents``) and its agent config type,
and AGPM's own ``agpm:`` / ``dependencies:`` keys. A field missing here is not
dropped anywhere: ``validate`` only warns that the tool ignores it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from agent_workbench.flavour import Flavour


class Kind(StrEnum):
    TEXT = "text"  # one line of text
    MULTILINE = "multiline"  # text that may span lines (descriptions, prompts)
    CHOICE = "choice"  # one of ``values`` (or, with ``open_values``, anything matching ``pattern``)
    NUMBER = "number"  # int or float within [minimum, maximum]
    INTEGER = "integer"
    BOOL = "bool"
    LIST = "list"  # a list of strings (or a comma-separated string where noted)
    MAP = "map"  # any mapping
    TOOLS = "tools"  # Claude Code: "Read, Grep" or a list; OpenCode: {tool: bool}
    PERMISSION = "permission"  # OpenCode: allow/ask/deny, or {tool: allow/ask/deny | {pattern: …}}


@dataclass(frozen=True)
class Issue:
    """One problem with a value; ``path`` is below the field (``("bash", "git *")``)."""

    severity: str  # "error" or "warning"
    message: str
    suggestion: str | None = None
    path: tuple[str, ...] = ()
    on_key: bool = False  # point at the key rather than the value


@dataclass(frozen=True)
class Context:
    stem: str  # the file name without .md (Claude Code's `name` must equal it)
    flavour: Flavour


Validator = Callable[["FieldSpec", Any, Context], list[Issue]]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: Kind
    help: str = ""
    values: tuple[str, ...] = ()  # known values (choices; suggestions for lists)
    required: bool = False
    # Other values than ``values``: allowed when they match ``pattern``; with no
    # pattern, any other value is a warning (the tool accepts it, maybe ignores it).
    open_values: bool = False
    pattern: str | None = None  # regular expression an open value must match
    pattern_help: str = ""
    minimum: float | None = None
    maximum: float | None = None
    comma_string: bool = False  # a list may be written as "a, b, c"
    validator: Validator | None = None  # extra checks after the kind's own


@dataclass(frozen=True)
class Schema:
    flavour: Flavour
    title: str
    fields: Mapping[str, FieldSpec]
    ignored_by: str  # who ignores unknown fields ("Claude Code", "OpenCode", "AGPM")

    def spec(self, name: str) -> FieldSpec | None:
        return self.fields.get(name)


def closest(word: str, options: tuple[str, ...] | list[str]) -> str | None:
    """``did you mean`` text for a near miss (case-insensitive), else None."""
    lowered = {option.lower(): option for option in options}
    if word.lower() in lowered:
        return f"did you mean `{lowered[word.lower()]}`?"
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return f"did you mean `{lowered[match[0]]}`?" if match else None


# -- extra validators ------------------------------------------------------------------

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


# -- the schemas -------------------------------------------------------------------------

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


AGPM_FIELDS = (
    FieldSpec("agpm", Kind.MAP, "AGPM settings: templating, dependencies", validator=check_agpm),
    FieldSpec(
        "dependencies",
        Kind.MAP,
        "AGPM dependencies (snippets, agents, …) by category",
        validator=check_dependencies,
    ),
)

CLAUDE_MODELS = ("inherit", "sonnet", "opus", "haiku", "opusplan", "sonnet[1m]", "opus[1m]")
CLAUDE_MODEL_ID = r"claude-[a-z0-9][a-z0-9.-]*(\[1m\])?"
CLAUDE_COLORS = ("red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan")
CLAUDE_PERMISSION_MODES = ("default", "acceptEdits", "auto", "dontAsk", "bypassPermissions", "plan")

CLAUDE_CODE = (
    FieldSpec(
        "name",
        Kind.TEXT,
        "identifier; lowercase letters and hyphens, equal to the file name",
        required=True,
        validator=check_name_matches_stem,
    ),
    FieldSpec(
        "description",
        Kind.MULTILINE,
        "when to use this agent; always in the parent's context",
        required=True,
    ),
    FieldSpec(
        "tools",
        Kind.TOOLS,
        "allowed tools (all when omitted)",
        values=CLAUDE_TOOLS,
        comma_string=True,
        validator=check_claude_tools,
    ),
    FieldSpec(
        "disallowedTools",
        Kind.TOOLS,
        "tools removed from the allowed ones",
        values=CLAUDE_TOOLS,
        comma_string=True,
        validator=check_claude_tools,
    ),
    FieldSpec(
        "model",
        Kind.CHOICE,
        "model alias or full model id",
        values=CLAUDE_MODELS,
        open_values=True,
        pattern=CLAUDE_MODEL_ID,
        pattern_help="an alias (sonnet, opus, haiku, inherit) or a full id such as claude-sonnet-4-5",
    ),
    FieldSpec(
        "color",
        Kind.CHOICE,
        "colour in the agent list",
        values=CLAUDE_COLORS,
        open_values=True,  # other names are accepted but shown in the default colour
    ),
    FieldSpec(
        "permissionMode",
        Kind.CHOICE,
        "how tool permissions are handled",
        values=CLAUDE_PERMISSION_MODES,
    ),
    FieldSpec("maxTurns", Kind.INTEGER, "agentic turns before the agent stops", minimum=1),
    FieldSpec("skills", Kind.LIST, "skills preloaded into the agent", comma_string=True),
    FieldSpec("mcpServers", Kind.LIST, "MCP servers for this agent"),
    FieldSpec("hooks", Kind.MAP, "lifecycle hooks scoped to this agent"),
    FieldSpec(
        "memory", Kind.CHOICE, "persistent memory scope", values=("user", "project", "local")
    ),
    FieldSpec("background", Kind.BOOL, "always run as a background task"),
    FieldSpec("isolation", Kind.CHOICE, "run in a temporary git worktree", values=("worktree",)),
    *AGPM_FIELDS,
)

OPENCODE = (
    FieldSpec(
        "description", Kind.MULTILINE, "what the agent does and when to use it", required=True
    ),
    FieldSpec(
        "mode", Kind.CHOICE, "how the agent can be used", values=("primary", "subagent", "all")
    ),
    FieldSpec(
        "model",
        Kind.CHOICE,
        "provider/model",
        open_values=True,
        pattern=r"[^/\s]+/\S+",
        pattern_help="provider/model, such as anthropic/claude-sonnet-4-5",
    ),
    FieldSpec("temperature", Kind.NUMBER, "randomness, 0 to 2", minimum=0.0, maximum=2.0),
    FieldSpec("top_p", Kind.NUMBER, "nucleus sampling, 0 to 1", minimum=0.0, maximum=1.0),
    FieldSpec("tools", Kind.TOOLS, "tools switched on or off", validator=check_opencode_tools),
    FieldSpec(
        "permission",
        Kind.PERMISSION,
        "allow / ask / deny, per tool or per command pattern",
        values=PERMISSION_VALUES,
        validator=check_permission,
    ),
    FieldSpec("prompt", Kind.TEXT, "system prompt file, such as {file:./prompt.md}"),
    FieldSpec("disable", Kind.BOOL, "switch the agent off"),
    FieldSpec("hidden", Kind.BOOL, "hide a subagent from the @ menu"),
    FieldSpec(
        "reasoningEffort",
        Kind.CHOICE,
        "reasoning effort for models that support it",
        values=("minimal", "low", "medium", "high"),
        open_values=True,
        pattern=r"[a-z]+",
    ),
    FieldSpec("maxSteps", Kind.INTEGER, "agentic steps before a text-only answer", minimum=1),
    FieldSpec("steps", Kind.INTEGER, "agentic steps before a text-only answer", minimum=1),
    FieldSpec(
        "color",
        Kind.CHOICE,
        "colour in the UI (#RRGGBB or a theme colour)",
        values=("primary", "secondary", "accent", "success", "warning", "error", "info"),
        open_values=True,
        pattern=r"#[0-9a-fA-F]{6}",
    ),
    FieldSpec("options", Kind.MAP, "provider options passed through"),
    FieldSpec("variant", Kind.TEXT, "model variant"),
    *AGPM_FIELDS,
)

SNIPPET = (
    FieldSpec("description", Kind.MULTILINE, "what the snippet holds"),
    FieldSpec("name", Kind.TEXT, "display name"),
    FieldSpec("title", Kind.TEXT, "display title"),
    FieldSpec("version", Kind.TEXT, "snippet version"),
    FieldSpec("tags", Kind.LIST, "tags", comma_string=True),
    FieldSpec("language", Kind.TEXT, "the language the snippet is for"),
    *AGPM_FIELDS,
)

COMMAND = (
    FieldSpec("description", Kind.MULTILINE, "what the command does"),
    FieldSpec("argument-hint", Kind.TEXT, "arguments shown in the command menu"),
    FieldSpec(
        "allowed-tools",
        Kind.TOOLS,
        "tools the command may use",
        values=CLAUDE_TOOLS,
        comma_string=True,
        validator=check_claude_tools,
    ),
    FieldSpec("model", Kind.TEXT, "model for this command"),
    FieldSpec("disable-model-invocation", Kind.BOOL, "keep the model from running it by itself"),
    FieldSpec("agent", Kind.TEXT, "OpenCode: the agent that runs the command"),
    FieldSpec("subtask", Kind.BOOL, "OpenCode: run as a subtask"),
    FieldSpec("template", Kind.MULTILINE, "OpenCode: the prompt template"),
    *AGPM_FIELDS,
)


def _schema(flavour: Flavour, title: str, specs: tuple[FieldSpec, ...], who: str) -> Schema:
    return Schema(flavour, title, {spec.name: spec for spec in specs}, who)


SCHEMAS: dict[Flavour, Schema] = {
    Flavour.CLAUDE_CODE: _schema(
        Flavour.CLAUDE_CODE, "Claude Code subagent", CLAUDE_CODE, "Claude Code"
    ),
    Flavour.OPENCODE: _schema(Flavour.OPENCODE, "OpenCode agent", OPENCODE, "OpenCode"),
    Flavour.SNIPPET: _schema(Flavour.SNIPPET, "snippet", SNIPPET, "AGPM"),
    Flavour.COMMAND: _schema(Flavour.COMMAND, "command", COMMAND, "the tool"),
    Flavour.UNKNOWN: _schema(Flavour.UNKNOWN, "Markdown", AGPM_FIELDS, "any tool"),
}


def schema_for(flavour: Flavour) -> Schema:
    return SCHEMAS[flavour]
