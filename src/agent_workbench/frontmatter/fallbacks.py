"""What Claude Code and OpenCode do with frontmatter that is not valid YAML.

Both retry a failed parse after rewriting some lines; what each then reads
decides what happens to the agent. The workbench emulates both retries and
says the consequence for the file's own tool only:

OpenCode (``packages/opencode/src/config/markdown.ts``, ``fallbackSanitization``,
anomalyco/opencode at 0a8a0ed8, checked 2026-12-04): each top-level line
``key: value`` (key ``[A-Za-z_][A-Za-z0-9_]*``) whose value is not empty,
``>``, ``|`` or quoted and holds a ``:`` becomes ``key: |-`` with the value
indented below it; the text is parsed again (gray-matter).

- the retry parses: OpenCode reads those fields (``rescued``, a warning);
- the retry left the text unchanged (lines joined with ``\\n``): gray-matter
  returns its cached result of the failed parse, empty data, so the agent
  loads with NO configuration, silently (``no_config``, an error);
- the retry changed the text and still fails: the load throws
  (``ConfigFrontmatterError``; ``failed``, an error).

Claude Code (anthropics/claude-code#91871 measured with ``claude -p --debug``
on 2.1.259, the comment of 2026-09-06 on #87077, and
anthropics/claude-plugins-official#6261, checked 2026-12-04): a one-line
value holding an unquoted ``: `` loads (the loader tolerates it); a value
whose continuation lines break the YAML does not (``Failed to parse YAML
frontmatter``: a plugin agent gets a placeholder description, a project or
user agent is not loaded). Emulated as: quote every one-line top-level value
that a strict parser chokes on and parse again.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from agent_workbench.frontmatter.lenient import strip_eol, unquote, yaml_lines
from agent_workbench.frontmatter.roundtrip import load_yaml_shared

_OPENCODE_KEY = re.compile(r"^([a-zA-Z_][a-zA-Z0-9_]*)\s*:\s*(.*)$")
_CLAUDE_KEY = re.compile(r"^([^\s#'\"][^:]*?):[ \t]+(\S.*?)[ \t]*$")


@dataclass(frozen=True)
class ToolReading:
    """What a tool reads from invalid frontmatter after its own retry."""

    outcome: str  # "rescued", "no_config" or "failed"
    fields: dict[str, Any] | None = None  # the fields the tool reads, when rescued


def _parse(text: str) -> dict[str, Any] | None:
    try:
        loaded = load_yaml_shared(text)
    except Exception:  # any parse failure counts as "still fails"
        return None
    if loaded is None:
        return {}
    return dict(loaded) if isinstance(loaded, dict) else None


def opencode_sanitize(frontmatter: str) -> str:
    """OpenCode's ``fallbackSanitization`` of the frontmatter text (lines joined with ``\\n``)."""
    out: list[str] = []
    for line in re.split(r"\r?\n", _captured(frontmatter)):
        match = _OPENCODE_KEY.match(line)
        if not line.strip() or line.strip().startswith("#") or re.match(r"\s", line) or not match:
            out.append(line)
            continue
        key, value = match.group(1), match.group(2).strip()
        if value in ("", ">", "|") or value.startswith(('"', "'")) or ":" not in value:
            out.append(line)
            continue
        out += [f"{key}: |-", f"  {value}"]
    return "\n".join(out)


def _captured(frontmatter: str) -> str:
    """The text OpenCode's ``^---\\r?\\n([\\s\\S]*?)\\r?\\n---`` captures (no final line break)."""
    return frontmatter[:-2] if frontmatter.endswith("\r\n") else frontmatter.removesuffix("\n")


def opencode_reading(frontmatter: str) -> ToolReading:
    sanitized = opencode_sanitize(frontmatter)
    if sanitized == _captured(frontmatter):
        return ToolReading("no_config")
    fields = _parse(sanitized)
    return ToolReading("failed") if fields is None else ToolReading("rescued", fields)


def _quote_one_line_values(frontmatter: str) -> str:
    lines = [strip_eol(line) for line in yaml_lines(frontmatter)]
    out: list[str] = []
    for line in lines:
        match = _CLAUDE_KEY.match(line)
        value = match.group(2) if match else ""
        if (match and value[0] not in "\"'|>[{&*!" and (": " in value or " #" in value)) or (
            match and value[0] in "\"'" and unquote(value) == value
        ):
            out.append(f"{match.group(1)}: {json.dumps(value, ensure_ascii=False)}")
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def claude_code_reading(frontmatter: str) -> ToolReading:
    fields = _parse(_quote_one_line_values(frontmatter))
    return ToolReading("failed") if fields is None else ToolReading("rescued", fields)
