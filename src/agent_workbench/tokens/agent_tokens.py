"""Token counts of a render: the prompt body, and the description Claude Code always carries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from agent_workbench.frontmatter.agentfile import AgentFile
from agent_workbench.model import fast_paths
from agent_workbench.model.caches import memo
from agent_workbench.model.document import AgentDocument
from agent_workbench.templating.context import parse_yaml
from agent_workbench.templating.render import RenderResult
from agent_workbench.tokens import counting as tokens


@dataclass(frozen=True)
class TokenCounts:
    """Token counts of a render: the prompt body and the description."""

    encoding: str
    body: int
    description: int

    @property
    def total(self) -> int:
        return self.body + self.description


@memo("tokens.parsed_agents", 64)
def parsed_agent(rel: str, raw: bytes) -> AgentFile:
    return AgentFile.from_bytes(rel, raw)


def agent_of(rel: str, document: AgentDocument) -> AgentFile:
    """The agent as the engine reads ``document``; the YAML is parsed once per frontmatter
    (typing in the body does not parse it again)."""
    head = _agent_head(
        rel,
        document.open_line,
        document.frontmatter,
        document.close_line,
        document.bom,
        document.has_frontmatter,
    )
    return replace(head, document=document)


@memo("tokens.agent_heads", 64)
def _agent_head(
    rel: str, open_line: str, frontmatter: str, close_line: str, bom: bool, has_fm: bool
) -> AgentFile:
    head = AgentDocument(
        open_line + frontmatter + close_line, bom, has_fm, open_line, frontmatter, close_line, ""
    )
    return AgentFile.from_document(rel, head)


@memo("tokens.descriptions", 64)
def _description_of(rel: str, frontmatter: str) -> str:
    """The description as the installed file carries it (Claude Code's reading when not YAML).

    The render has safe-loaded this frontmatter already (``parse_yaml``, cached, entry
    by entry): a plain string description is taken from there, the same text the
    round-trip parse gives (same scanner and scalar rules). Anything else (invalid
    YAML, not a map, a number, a map, …) goes through the round-trip AgentFile as before,
    whose ``str()`` of typed values is what counts."""
    parsed = parse_yaml(frontmatter) if fast_paths.enabled() else None
    if parsed is not None and parsed.error is None and isinstance(parsed.data, Mapping):
        value = parsed.data.get("description")
        if value is None:
            return ""
        if type(value) is str:
            return value
    agent = parsed_agent(rel, ("---\n" + frontmatter + "---\n").encode("utf-8"))
    fields: Mapping[str, Any] | None = agent.fields if agent.yaml_error is None else None
    if not isinstance(fields, Mapping):
        fields = agent.simple_fields or {}
    value = fields.get("description")
    return "" if value is None else str(value)


def rendered_fields(result: RenderResult) -> dict[str, Any] | None:
    """The installed file's frontmatter fields (for frontmatter with template logic)."""
    if result.output is None:
        return None
    document = AgentDocument.from_text(result.output)
    if not document.has_frontmatter:
        return {}
    agent = parsed_agent(result.rel, ("---\n" + document.frontmatter + "---\n").encode("utf-8"))
    return agent.display_fields


def count_result(result: RenderResult, encoding: str, *, wait: bool = True) -> TokenCounts | None:
    """Token counts of a successful render (None on error, or when not loaded and not waiting)."""
    if result.output is None or result.body is None:
        return None
    if not wait and not tokens.is_loaded(encoding):
        return None
    document = AgentDocument.from_text(result.output)
    description = (
        _description_of(result.rel, document.frontmatter) if document.has_frontmatter else ""
    )
    return TokenCounts(
        encoding,
        tokens.count_tokens(result.body, encoding),
        tokens.count_tokens(description, encoding) if description else 0,
    )
