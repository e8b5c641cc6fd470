"""OpenCode: agents and commands (fields, permissions, the YAML fallback), with sources."""

from __future__ import annotations

from typing import Any

CHECKED = "2026-12-04"

# sst/opencode moved to anomalyco/opencode (GitHub redirects the old name; no snapshot of
# sst/opencode exists apart from it): every path below is anomalyco/opencode's.
SOURCES: dict[str, str] = {
    "agent-schema": "anomalyco/opencode packages/opencode/src/config/config.ts at 002d9822 "
    "(zod `Agent`, `Permission`), packages/core/src/v1/config/agent.ts at 24e02906 "
    "(`AgentSchema`, `KNOWN_KEYS`) and packages/opencode/src/config/agent.ts at 4602084a "
    "(`AgentSchema`: description optional, `disable`, theme colours; unknown keys moved into "
    f"`options` by `normalize`), checked {CHECKED}",
    "permission-v1": "anomalyco/opencode packages/core/src/v1/config/permission.ts at 02ce4a33 "
    "(value-only: question, webfetch, websearch, doom_loop; any other key takes a rule), which "
    "packages/opencode/src/config/permission.ts at 14e1c6b1 re-exports as `ConfigPermission`, "
    f"checked {CHECKED}",
    "permission-zod": "anomalyco/opencode packages/opencode/src/config/config.ts at 002d9822 "
    "(`Permission`: todowrite, todoread, question, webfetch, websearch, codesearch, doom_loop "
    f"value-only), checked {CHECKED}",
    "agent-loader": "anomalyco/opencode packages/opencode/src/config/agent.ts at 05988800 and "
    "4602084a (`name` from the path below `agent/` or `agents/`, then the frontmatter's keys; "
    f"one entry per name: `result[config.name] = …`), checked {CHECKED}",
    "load-failure": "anomalyco/opencode#31481 (1.16.2, 2026-06-09, open: one agent file the "
    "schema rejects fails the startup config load) and #45876 (2026-08-28, open: frontmatter "
    f"that does not parse makes the loader skip the agent, silently), checked {CHECKED}",
    "markdown": "anomalyco/opencode packages/opencode/src/config/markdown.ts at 0a8a0ed8 "
    f"(`fallbackSanitization`, gray-matter), checked {CHECKED}",
    "provider": "anomalyco/opencode packages/opencode/src/provider/provider.ts (`parseModel` "
    f"splits at the first `/`), checked {CHECKED}",
    "agents-doc": f"https://opencode.ai/docs/agents (built-in agents, tools), checked {CHECKED}",
    "tools-doc": "https://opencode.ai/docs/tools (anomalyco/opencode "
    'packages/web/src/content/docs/tools.mdx at 0e83f10a: "By default, all tools are '
    'enabled"; todowrite "is disabled for subagents by default"): a tool the `tools` map '
    f"does not set is OpenCode's to decide, not off, checked {CHECKED}",
    "commands-doc": "https://opencode.ai/docs/commands and config.ts `Command` "
    f"(template, description, agent, model, subtask), checked {CHECKED}",
}

# Two agents with one name in one `.opencode/` folder (`agent/` and `agents/` together, their
# subfolders included; the name is `name:` or the path below `agent/`): the loader keeps one
# entry per name (`result[config.name] = …`), each file found replacing the one before.
DUPLICATE_NAMES: dict[str, str] = {
    "severity": "error",
    "consequence": "OpenCode keeps only one of them (the one it reads last replaces the other)",
    "source": "agent-loader",
}

# Built-in agents: a file named for one overrides it, so needs no description of its own.
BUILTIN_AGENTS = ("build", "plan", "general", "explore", "compaction", "title", "summary")

PERMISSION_ACTIONS = ("allow", "ask", "deny")
# Keys each schema knows; every other key is accepted too (a catch-all of rules).
PERMISSION_KEYS = (
    "read",
    "edit",
    "glob",
    "grep",
    "list",
    "bash",
    "task",
    "external_directory",
    "todowrite",
    "todoread",
    "question",
    "webfetch",
    "websearch",
    "codesearch",
    "lsp",
    "doom_loop",
    "skill",
)
# Keys that take a plain allow/ask/deny in both schemas: a pattern map fails the config load.
VALUE_ONLY_BOTH = ("question", "webfetch", "websearch", "doom_loop")
# Value-only in config.ts (zod) but accept a pattern map in core v1's permission.ts.
VALUE_ONLY_ZOD_ONLY = ("todowrite", "todoread", "codesearch")
# permission keys with no effect of their own, and where OpenCode checks instead.
NO_EFFECT_PERMISSIONS: dict[str, str] = {"write": "edit"}

# Tool names for `tools:` (agents doc; `tools` turns into permissions by these names;
# write/edit/patch/multiedit all become the `edit` permission).
TOOLS = (
    "bash",
    "edit",
    "write",
    "patch",
    "multiedit",
    "read",
    "grep",
    "glob",
    "list",
    "lsp",
    "webfetch",
    "websearch",
    "codesearch",
    "todowrite",
    "todoread",
    "task",
    "skill",
    "question",
)

COLOR_THEME = ("primary", "secondary", "accent", "success", "warning", "error", "info")

AGENT_FIELDS: list[dict[str, Any]] = [
    {
        "name": "description",
        "kind": "multiline",
        "help": "what the agent does and when to use it",
        "check": "opencode_description",
        "source": "agent-schema",
    },
    {
        "name": "name",
        "kind": "text",
        "help": "the agent's name (default: the file name)",
        "source": "agent-loader",
    },
    {
        "name": "mode",
        "kind": "choice",
        "help": "how the agent can be used",
        "values": ("primary", "subagent", "all"),
        "source": "agent-schema",
    },
    {
        "name": "model",
        "kind": "choice",
        "help": "provider/model",
        "open_values": True,
        "pattern": r"[^/\s]+/\S+",
        "pattern_help": "provider/model, such as anthropic/claude-sonnet-4-5 (OpenCode splits it "
        "at the first `/`, so a bare name is a provider with no model: the agent fails when it runs)",
        "source": "provider",
    },
    {"name": "variant", "kind": "text", "help": "model variant", "source": "agent-schema"},
    # No range in either schema; the providers' own ranges are only warned about.
    {
        "name": "temperature",
        "kind": "number",
        "help": "randomness (most providers take 0–2)",
        "check": "sampling_range",
        "source": "agent-schema",
    },
    {
        "name": "top_p",
        "kind": "number",
        "help": "nucleus sampling (providers take 0–1)",
        "check": "sampling_range",
        "source": "agent-schema",
    },
    {
        "name": "tools",
        "kind": "tools",
        "help": "tools switched on or off; not set: OpenCode's default (deprecated: permission)",
        "values": TOOLS,  # offered as the checklist; any other name is a plugin's or MCP's
        "check": "opencode_tools",
        "source": "agent-schema",  # a tool not set: "tools-doc"
    },
    {
        "name": "permission",
        "kind": "permission",
        "help": "allow / ask / deny, per tool or per command pattern",
        "values": PERMISSION_ACTIONS,
        "keys": PERMISSION_KEYS,  # offered as rows; any other key is accepted too
        "check": "opencode_permission",
        "source": "permission-v1",
    },
    {
        "name": "prompt",
        "kind": "text",
        "help": "system prompt (the body replaces it)",
        "source": "agent-schema",
    },
    {"name": "disable", "kind": "bool", "help": "switch the agent off", "source": "agent-schema"},
    {
        "name": "hidden",
        "kind": "bool",
        "help": "hide a subagent from the @ menu",
        "source": "agent-schema",
    },
    {
        "name": "hidden_from_cycle",
        "kind": "bool",
        "help": "leave it out of tab cycling",
        "source": "agent-schema",
    },
    {
        "name": "steps",
        "kind": "integer",
        "help": "agentic steps before a text-only answer",
        "minimum": 1,
        "source": "agent-schema",
    },
    {
        "name": "maxSteps",
        "kind": "integer",
        "help": "deprecated name of `steps`",
        "minimum": 1,
        "source": "agent-schema",
    },
    {
        "name": "color",
        "kind": "choice",
        "help": "colour in the UI (#RRGGBB or a theme colour)",
        "values": COLOR_THEME,
        "open_values": True,
        "pattern": r"#[0-9a-fA-F]{6}",
        "pattern_help": "#RRGGBB or one of " + ", ".join(COLOR_THEME) + " (anything else fails "
        "the config load)",
        "source": "agent-schema",
    },
    {
        "name": "options",
        "kind": "map",
        "help": "options passed to the provider",
        "source": "agent-schema",
    },
    # Not a known key: passed to the provider with the options, as most agents mean it.
    {
        "name": "reasoningEffort",
        "kind": "choice",
        "help": "passed to the provider as an option (not an OpenCode key)",
        "values": ("none", "minimal", "low", "medium", "high", "xhigh"),
        "open_values": True,
        "pattern": r"[a-z]+",
        "source": "agent-schema",
    },
]

# The fields the form always shows (the others wait under "More fields").
AGENT_PRIMARY = ("description", "mode", "model", "temperature", "tools", "permission")
COMMAND_PRIMARY = ("description", "agent", "model", "subtask")

COMMAND_FIELDS: list[dict[str, Any]] = [
    {
        "name": "description",
        "kind": "multiline",
        "help": "shown in the command list",
        "source": "commands-doc",
    },
    {
        "name": "agent",
        "kind": "text",
        "help": "the agent that runs the command",
        "source": "commands-doc",
    },
    {
        "name": "model",
        "kind": "choice",
        "help": "provider/model for this command",
        "open_values": True,
        "pattern": r"[^/\s]+/\S+",
        "pattern_help": "provider/model, such as anthropic/claude-sonnet-4-5",
        "source": "commands-doc",
    },
    {
        "name": "subtask",
        "kind": "bool",
        "help": "run as a subtask (a subagent session)",
        "source": "commands-doc",
    },
    {
        "name": "template",
        "kind": "multiline",
        "help": "the prompt (the body replaces it)",
        "source": "commands-doc",
    },
]
