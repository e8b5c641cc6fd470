"""agpm.toml entries whose tool AGPM v0.4.14 cannot install them with.

AGPM validates every manifest entry before it installs anything
(``Manifest::validate``, src/manifest/manifest_validation.rs): the entry's tool (its
``tool``, else ``[default-tools]``, else ``agpm`` for snippets and ``claude-code`` for the
rest: ``ResourceType::default_tool``, src/core/resource.rs) must be configured, and must
install the entry's type. A ``[tools]`` table replaces AGPM's default tools (checked with
`agpm install`: with only ``[tools.my_custom_tool]``, an ``[agents]`` entry fails with
"Unknown tool 'claude-code'"), so such a manifest fails the whole install; the workbench
reports each entry at its line of agpm.toml (``Project.diagnostics``: ``render`` still
prints the file and exits 1, as for an agpm.toml that is not TOML).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from agent_workbench.model.diagnostics import Diagnostic, error
from agent_workbench.model.flavour import tool_supports
from agent_workbench.model.variants import Variant, entry_line, manifest_entries


def entry_tool(config: Mapping[str, Any], category: str, entry: Any) -> str:
    """The tool AGPM installs a manifest entry with."""
    if isinstance(entry, Mapping) and isinstance(entry.get("tool"), str):
        return str(entry["tool"])
    defaults = config.get("default-tools")
    if isinstance(defaults, Mapping) and isinstance(defaults.get(category), str):
        return str(defaults[category])
    return "agpm" if category == "snippets" else "claude-code"


def manifest_tool_problems(config: Mapping[str, Any], text: str, path: str) -> list[Diagnostic]:
    """An error at each entry of agpm.toml (``text``, shown as ``path``) whose tool is not
    configured or does not install its type."""
    tools = config.get("tools")
    found: list[Diagnostic] = []
    for category, name, entry in manifest_entries(config):
        tool = entry_tool(config, category, entry)
        if tool_supports(tool, category, tools):
            continue
        where = Variant(category=category, name=name, path="", rel=None)
        if isinstance(tools, Mapping) and tool not in tools:
            listed = ", ".join(f"`{t}`" for t in tools) or "none"
            why = (
                f"installs with tool `{tool}`, which [tools] does not list ({listed}): a "
                f"[tools] table replaces AGPM's default tools, so agpm install fails "
                f'("Unknown tool"); add [tools.{tool}] or give the entry another `tool`'
            )
        else:
            why = (
                f"installs with tool `{tool}`, which does not install {category}: "
                f"agpm install fails; give the entry another `tool`"
            )
        found.append(
            error(
                path,
                entry_line(text, where),
                1,
                f"entry `{name}` of [{category}] {why}",
                code="manifest-tool",
            )
        )
    return found
