"""The fields each flavour knows, as data: the app builds its form from it, ``validate`` checks it.

Sources: Claude Code's subagent and slash-command documentation, OpenCode's
agent documentation (``opencode.ai/docs/agents``) and its agent config type,
and AGPM's own ``agpm:`` / ``dependencies:`` keys. A field missing here is not
dropped anywhere: ``validate`` only warns that the tool ignores it.
"""

from __future__ import annotations

from agent_workbench.model.flavour import Flavour
from agent_workbench.schema.checks import (
    CLAUDE_TOOLS,
    PERMISSION_VALUES,
    check_agpm,
    check_claude_tools,
    check_dependencies,
    check_name_matches_stem,
    check_opencode_tools,
    check_permission,
)
from agent_workbench.schema.fields import Context, FieldSpec, Issue, Kind, Schema, closest

__all__ = ["SCHEMAS", "Context", "FieldSpec", "Issue", "Kind", "Schema", "closest", "schema_for"]


# -- the schemas -------------------------------------------------------------------------

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
