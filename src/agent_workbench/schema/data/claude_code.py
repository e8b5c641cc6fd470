"""Claude Code: subagents, slash commands and skills (fields, models, tools), with sources."""

from __future__ import annotations

from typing import Any

CHECKED = "2026-12-04"

SOURCES: dict[str, str] = {
    "subagents": "https://code.claude.com/docs/en/sub-agents (supported frontmatter fields), "
    f"checked {CHECKED}",
    "tools": f"https://code.claude.com/docs/en/tools-reference (tool table), checked {CHECKED}",
    "changelog": "anthropics/claude-code CHANGELOG.md at 5cfc0a19 (release 2.1.240), "
    f"checked {CHECKED}",
    "slash-commands": "https://code.claude.com/docs/en/slash-commands (frontmatter), "
    f"checked {CHECKED}",
    "skills": "https://code.claude.com/docs/en/skills (SKILL.md frontmatter: `hooks` among "
    "them) and https://agentskills.io/specification (`allowed-tools`: a space-delimited list), "
    f"checked {CHECKED}",
    "yaml-tolerance": "anthropics/claude-code#91871 (2.1.259, measured with `claude -p --debug`), "
    "anthropics/claude-code#87077 (comment 2026-09-06), "
    f"anthropics/claude-plugins-official#6261 (2026-09-19), checked {CHECKED}",
    "duplicate-names": 'https://code.claude.com/docs/en/sub-agents ("keep `name` values unique '
    'across the whole tree": two files under one `.claude/agents/`, its subfolders included, '
    "with the same name: only one is loaded, by filesystem read order; `/doctor` reports "
    "them), as quoted in open-gsd/gsd-core#4855 (2026-09-18), anthropics/claude-code#58950 "
    f"(subfolders are scanned), checked {CHECKED}",
}

# Two agents with one `name` in one agents folder (see "duplicate-names").
DUPLICATE_NAMES: dict[str, str] = {
    "severity": "error",
    "consequence": "Claude Code loads only one of them (which one depends on the order the "
    "file system lists them)",
    "source": "duplicate-names",
}

# Model aliases `--model` accepts (subagents doc: "sonnet, opus, haiku, fable, inherit or a
# full model id"; CHANGELOG 2.1.x: "agents now accept the same model values as --model").
MODEL_ALIASES = (
    "inherit",
    "sonnet",
    "opus",
    "haiku",
    "fable",
    "best",
    "default",
    "opusplan",
    "sonnet[1m]",
    "opus[1m]",
)
# Anthropic API ids, Bedrock ids/ARNs, Vertex ids (claude-…@date): anything else is a warning.
MODEL_ID = (
    r"(claude-[a-z0-9][a-z0-9.@-]*(\[1m\])?"
    r"|([a-z]{2,4}\.)?anthropic\.claude-[A-Za-z0-9.:-]+"
    r"|arn:aws:bedrock:\S+)"
)
COLORS = ("red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan")
# CHANGELOG: "Changed the 'default' permission mode to 'Manual' …; `manual` accepted alongside".
PERMISSION_MODES = (
    "default",
    "manual",
    "acceptEdits",
    "auto",
    "dontAsk",
    "bypassPermissions",
    "plan",
)
EFFORTS = ("low", "medium", "high", "xhigh", "max")

# The tools reference table (the exact strings used in subagent tool lists).
TOOLS = (
    "Agent",
    "AskUserQuestion",
    "Bash",
    "CronCreate",
    "CronDelete",
    "CronList",
    "Edit",
    "EnterPlanMode",
    "EnterWorktree",
    "ExitPlanMode",
    "ExitWorktree",
    "Glob",
    "Grep",
    "ListAgents",
    "ListMcpResourcesTool",
    "LSP",
    "Monitor",
    "NotebookEdit",
    "PowerShell",
    "Read",
    "ReadMcpResourceTool",
    "RemoteTrigger",
    "SendMessage",
    "Skill",
    "TaskCreate",
    "TaskGet",
    "TaskList",
    "TaskOutput",
    "TaskStop",
    "TaskUpdate",
    "TodoWrite",
    "ToolSearch",
    "WebFetch",
    "WebSearch",
    "Write",
)
# Older names authors still write; Claude Code maps `Task` to `Agent` (subagents doc: "the
# older Task(agent_type) alias still works"). The others are earlier tool names kept so a
# long-lived agent is not flagged for them.
LEGACY_TOOLS = (
    "Task",
    "MultiEdit",
    "LS",
    "NotebookRead",
    "BashOutput",
    "KillShell",
    "SlashCommand",
)
# name -> what the CHANGELOG says happened to it.
REMOVED_TOOLS: dict[str, str] = {
    "TeamCreate": "removed in Claude Code 2.1.178 (agent teams have one implicit team)",
    "TeamDelete": "removed in Claude Code 2.1.178 (agent teams have one implicit team)",
}

_TOOL_LIST: dict[str, Any] = {"kind": "tools", "values": TOOLS, "comma_string": True}

# The fields the form always shows (the others wait under "More fields").
AGENT_PRIMARY = ("name", "description", "tools", "model", "color", "permissionMode")
COMMAND_PRIMARY = ("description", "argument-hint", "allowed-tools", "model")
SKILL_PRIMARY = ("name", "description", "allowed-tools")

AGENT_FIELDS: list[dict[str, Any]] = [
    {
        "name": "name",
        "kind": "text",
        "help": "the agent's identifier (the file name need not match)",
        "required": True,
        "check": "claude_name",
        "source": "subagents",
    },
    {
        "name": "description",
        "kind": "multiline",
        "help": "when to use this agent; always in the parent's context",
        "required": True,
        "source": "subagents",
    },
    {
        **_TOOL_LIST,
        "name": "tools",
        "help": "allowed tools (all when omitted)",
        "check": "claude_tools",
        "source": "tools",
    },
    {
        **_TOOL_LIST,
        "name": "disallowedTools",
        "help": "tools removed from the allowed ones",
        "check": "claude_tools",
        "source": "tools",
    },
    {
        "name": "model",
        "kind": "choice",
        "help": "model alias or full model id (as `--model` takes)",
        "values": MODEL_ALIASES,
        "open_values": True,
        "pattern": MODEL_ID,
        "pattern_help": "an alias (sonnet, opus, haiku, fable, inherit…) or a full model id",
        "unknown": "warning",
        "source": "subagents",
    },
    {
        "name": "color",
        "kind": "choice",
        "help": "colour in the agent list",
        "values": COLORS,
        # The documented colours are offered; others (magenta…) are reported to work and
        # are not documented either way, so nothing is flagged.
        "open_values": True,
        "unknown": "none",
        "source": "subagents",
    },
    {
        "name": "permissionMode",
        "kind": "choice",
        "help": "how tool permissions are handled",
        "values": PERMISSION_MODES,
        "source": "changelog",
    },
    {
        "name": "effort",
        "kind": "choice",
        "help": "reasoning effort while this agent runs",
        "values": EFFORTS,
        "open_values": True,
        "source": "changelog",
    },
    {
        "name": "maxTurns",
        "kind": "integer",
        "help": "agentic turns before the agent stops",
        "minimum": 1,
        "source": "subagents",
    },
    {
        "name": "initialPrompt",
        "kind": "multiline",
        "help": "a first turn submitted when the agent runs as the main thread",
        "source": "changelog",
    },
    {
        "name": "skills",
        "kind": "list",
        "help": "skills preloaded into the agent",
        "comma_string": True,
        "source": "subagents",
    },
    {
        "name": "mcpServers",
        "kind": "list",
        "help": "MCP servers (names or inline configs)",
        "source": "subagents",
    },
    {
        "name": "hooks",
        "kind": "map",
        "help": "lifecycle hooks scoped to this agent",
        "source": "subagents",
    },
    {
        "name": "memory",
        "kind": "choice",
        "help": "persistent memory scope",
        "values": ("user", "project", "local"),
        "source": "subagents",
    },
    {
        "name": "background",
        "kind": "bool",
        "help": "always run as a background task",
        "source": "subagents",
    },
    {
        "name": "isolation",
        "kind": "choice",
        "help": "run in a temporary git worktree",
        "values": ("worktree",),
        "source": "subagents",
    },
]

COMMAND_FIELDS: list[dict[str, Any]] = [
    {
        "name": "description",
        "kind": "multiline",
        "help": "what the command does",
        "source": "slash-commands",
    },
    {
        "name": "argument-hint",
        "kind": "text",
        "help": "arguments shown in the command menu",
        "source": "slash-commands",
    },
    {
        **_TOOL_LIST,
        "name": "allowed-tools",
        "help": "tools the command may use without asking",
        "check": "claude_tools",
        "source": "slash-commands",
    },
    {
        **_TOOL_LIST,
        "name": "disallowed-tools",
        "help": "tools removed while the command runs",
        "check": "claude_tools",
        "source": "changelog",
    },
    {
        "name": "model",
        "kind": "choice",
        "help": "model for this command",
        "values": MODEL_ALIASES,
        "open_values": True,
        "pattern": MODEL_ID,
        "pattern_help": "an alias or a full model id",
        "unknown": "warning",
        "source": "slash-commands",
    },
    {
        "name": "disable-model-invocation",
        "kind": "bool",
        "help": "keep Claude from running it by itself",
        "source": "slash-commands",
    },
    {
        "name": "effort",
        "kind": "choice",
        "help": "reasoning effort while it runs",
        "values": EFFORTS,
        "open_values": True,
        "source": "changelog",
    },
]

SKILL_FIELDS: list[dict[str, Any]] = [
    {
        "name": "name",
        "kind": "text",
        "help": "the skill's name (defaults to its folder)",
        "source": "skills",
    },
    {
        "name": "description",
        "kind": "multiline",
        "help": "what the skill does and when to use it",
        "source": "skills",
    },
    *COMMAND_FIELDS[1:],
    {
        "name": "user-invocable",
        "kind": "bool",
        "help": "offer it in the slash-command menu",
        "source": "skills",
    },
    {
        "name": "hooks",
        "kind": "map",
        "help": "hooks active while the skill runs",
        "source": "skills",
    },
    {
        "name": "context",
        "kind": "choice",
        "help": "`fork` runs it in a subagent",
        "values": ("fork",),
        "open_values": True,
        "source": "skills",
    },
    {
        "name": "agent",
        "kind": "text",
        "help": "the subagent type for `context: fork`",
        "source": "skills",
    },
    {
        "name": "paths",
        "kind": "list",
        "help": "globs of files that activate the skill",
        "comma_string": True,
        "source": "changelog",
    },
    {"name": "hooks", "kind": "map", "help": "hooks while the skill is active", "source": "skills"},
]
