"""AGPM's own keys in any resource, and its snippet fields (AGPM v0.4.14)."""

from __future__ import annotations

from typing import Any

CHECKED = "2026-12-04"

SOURCES: dict[str, str] = {
    "agpm": "aig787/agpm v0.4.14 docs (templating, dependencies in frontmatter), "
    f"../shared/docs/agpm-templating.md; checked {CHECKED}",
}

DEPENDENCY_CATEGORIES = (
    "agents",
    "snippets",
    "commands",
    "scripts",
    "hooks",
    "mcp-servers",
    "skills",
)

FIELDS: list[dict[str, Any]] = [
    {
        "name": "agpm",
        "kind": "map",
        "help": "AGPM settings: templating, dependencies",
        "check": "agpm",
        "source": "agpm",
    },
    {
        "name": "dependencies",
        "kind": "map",
        "help": "AGPM dependencies (snippets, agents, …) by category",
        "check": "dependencies",
        "source": "agpm",
    },
]

SNIPPET_PRIMARY = ("description",)  # what the form always shows

SNIPPET_FIELDS: list[dict[str, Any]] = [
    {
        "name": "description",
        "kind": "multiline",
        "help": "what the snippet holds",
        "source": "agpm",
    },
    {"name": "name", "kind": "text", "help": "display name", "source": "agpm"},
    {"name": "title", "kind": "text", "help": "display title", "source": "agpm"},
    {"name": "version", "kind": "text", "help": "snippet version", "source": "agpm"},
    {"name": "tags", "kind": "list", "help": "tags", "comma_string": True, "source": "agpm"},
    {
        "name": "language",
        "kind": "text",
        "help": "the language the snippet is for",
        "source": "agpm",
    },
]
