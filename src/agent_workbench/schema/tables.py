"""The fields each flavour knows, built from the data in ``schema.data``.

The app builds its form from these specs, ``validate`` checks files against
them, ``workbench check`` reports what ``validate`` finds. Each spec carries
``source``: the document (and date checked) its rule comes from. A field
missing here is not dropped anywhere: ``validate`` says what the tool does
with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from agent_workbench.model.flavour import Flavour
from agent_workbench.schema import checks, checks_opencode
from agent_workbench.schema.data import agpm, claude_code, opencode
from agent_workbench.schema.fields import (
    Context,
    FieldSpec,
    Issue,
    Kind,
    Schema,
    Validator,
    closest,
)

__all__ = ["SCHEMAS", "Context", "FieldSpec", "Issue", "Kind", "Schema", "closest", "schema_for"]

CLAUDE_TOOLS = claude_code.TOOLS
PERMISSION_VALUES = opencode.PERMISSION_ACTIONS

VALIDATORS: dict[str, Validator] = {
    "claude_name": checks.check_claude_name,
    "claude_tools": checks.check_claude_tools,
    "agpm": checks.check_agpm,
    "dependencies": checks.check_dependencies,
    "opencode_description": checks_opencode.check_description,
    "opencode_permission": checks_opencode.check_permission,
    "opencode_tools": checks_opencode.check_tools,
    "sampling_range": checks_opencode.check_sampling,
}


def field_spec(entry: dict[str, Any], sources: dict[str, str]) -> FieldSpec:
    """One ``FieldSpec`` from a data entry (see ``schema.data``)."""
    check = entry.get("check")
    return FieldSpec(
        entry["name"],
        Kind(entry["kind"]),
        entry.get("help", ""),
        values=tuple(entry.get("values", ())),
        keys=tuple(entry.get("keys", ())),
        required=entry.get("required", False),
        open_values=entry.get("open_values", False),
        pattern=entry.get("pattern"),
        pattern_help=entry.get("pattern_help", ""),
        minimum=entry.get("minimum"),
        maximum=entry.get("maximum"),
        comma_string=entry.get("comma_string", False),
        validator=VALIDATORS[check] if check else None,
        unknown_severity=entry.get("unknown", "error"),
        source=sources[entry["source"]],
    )


def _specs(entries: Iterable[dict[str, Any]], sources: dict[str, str]) -> tuple[FieldSpec, ...]:
    return tuple(field_spec(entry, sources) for entry in entries)


AGPM_FIELDS = _specs(agpm.FIELDS, agpm.SOURCES)


def _schema(
    flavour: Flavour,
    title: str,
    specs: tuple[FieldSpec, ...],
    who: str,
    fate: str,
    primary: tuple[str, ...] = (),
) -> Schema:
    fields = {spec.name: spec for spec in (*specs, *AGPM_FIELDS)}
    return Schema(flavour, title, fields, who, fate, primary)


_CC_FATE = "Claude Code ignores it"
_OC_FATE = "OpenCode passes it to the model provider as an option"

SCHEMAS: dict[Flavour, Schema] = {
    Flavour.CLAUDE_CODE: _schema(
        Flavour.CLAUDE_CODE,
        "Claude Code subagent",
        _specs(claude_code.AGENT_FIELDS, claude_code.SOURCES),
        "Claude Code",
        _CC_FATE,
        claude_code.AGENT_PRIMARY,
    ),
    Flavour.OPENCODE: _schema(
        Flavour.OPENCODE,
        "OpenCode agent",
        _specs(opencode.AGENT_FIELDS, opencode.SOURCES),
        "OpenCode",
        _OC_FATE,
        opencode.AGENT_PRIMARY,
    ),
    Flavour.SNIPPET: _schema(
        Flavour.SNIPPET,
        "snippet",
        _specs(agpm.SNIPPET_FIELDS, agpm.SOURCES),
        "AGPM",
        "AGPM ignores it",
        agpm.SNIPPET_PRIMARY,
    ),
    Flavour.COMMAND: _schema(
        Flavour.COMMAND,
        "Claude Code command",
        _specs(claude_code.COMMAND_FIELDS, claude_code.SOURCES),
        "Claude Code",
        _CC_FATE,
        claude_code.COMMAND_PRIMARY,
    ),
    Flavour.OPENCODE_COMMAND: _schema(
        Flavour.OPENCODE_COMMAND,
        "OpenCode command",
        _specs(opencode.COMMAND_FIELDS, opencode.SOURCES),
        "OpenCode",
        "OpenCode ignores it",
        opencode.COMMAND_PRIMARY,
    ),
    Flavour.SKILL: _schema(
        Flavour.SKILL,
        "Claude Code skill",
        _specs(claude_code.SKILL_FIELDS, claude_code.SOURCES),
        "Claude Code",
        _CC_FATE,
        claude_code.SKILL_PRIMARY,
    ),
    Flavour.UNKNOWN: _schema(Flavour.UNKNOWN, "Markdown", (), "any tool", "no tool reads it"),
}


def schema_for(flavour: Flavour) -> Schema:
    return SCHEMAS[flavour]
