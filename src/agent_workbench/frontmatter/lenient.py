"""How Claude Code reads frontmatter that is not valid YAML: plain ``key: value`` lines.

When the YAML parser fails (typically an unquoted ``: `` inside a description),
Claude Code falls back to a line reading. The workbench shows the fields the
same way, so the author sees what the agent actually gets:

- a top-level line (no leading whitespace, not a ``#`` comment) holding ``: ``
  (or ending in ``:``) starts a field: the key is the text before the FIRST
  ``: ``, the value is the rest, stripped of surrounding whitespace, kept
  verbatim (no escape processing);
- a value wholly enclosed in one kind of quote (``"..."`` or ``'...'``) loses
  those two quote characters, nothing else;
- any other non-blank line (indented, or a top-level line with no ``: ``) is
  a continuation: it is appended, stripped, to the previous field's value,
  on a new line (``\\n``);
- blank lines and top-level comments are skipped; a later duplicate key wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The line breaks a YAML parser counts (ruamel.yaml's marks use the same lines).
_LINE_BREAK = re.compile(r"\r\n|\r|\n|\x85|\u2028|\u2029")


def yaml_lines(text: str) -> list[str]:
    """Lines with their endings kept, split where a YAML parser counts a new line."""
    lines: list[str] = []
    start = 0
    for match in _LINE_BREAK.finditer(text):
        lines.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


def strip_eol(line: str) -> str:
    """A line without its line ending."""
    match = _LINE_BREAK.search(line)
    return line[: match.start()] if match else line


@dataclass(frozen=True)
class SimpleField:
    """One field of the simple reading, with where it is in the frontmatter (0-based)."""

    key: str
    value: str
    line: int  # 0-based line of the key in the frontmatter text
    value_column: int  # 0-based column where the raw value starts on that line
    raw_value: str  # the value text on the key's line, stripped, quotes kept
    last_line: int  # 0-based last line that belongs to this field (continuations)


def unquote(value: str) -> str:
    """Strip one pair of enclosing quotes, when the whole value is quoted."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _split_key(line: str) -> tuple[str, int] | None:
    """(key, value start column) for a top-level ``key: value`` line, else None."""
    if not line or line[0] in " \t#":
        return None
    stripped = line.rstrip(" \t")
    index = stripped.find(": ")
    if index < 0:
        if stripped.endswith(":") and len(stripped) > 1:
            return stripped[:-1].strip(), len(stripped)
        return None
    key = stripped[:index].strip()
    if not key:
        return None
    start = index + 2
    while start < len(line) and line[start] in " \t":
        start += 1
    return key, start


def simple_fields(frontmatter: str) -> list[SimpleField]:
    """Every field as Claude Code's simple reading sees it, in file order."""
    fields: list[SimpleField] = []
    lines = [strip_eol(line) for line in yaml_lines(frontmatter)]
    for number, line in enumerate(lines):
        split = _split_key(line)
        if split is not None:
            key, start = split
            raw = line[start:].strip()
            fields.append(SimpleField(key, unquote(raw), number, start, raw, number))
            continue
        text = line.strip()
        if not text or (line[:1] == "#"):
            continue
        if fields:
            last = fields[-1]
            value = f"{last.value}\n{text}" if last.value else text
            fields[-1] = SimpleField(
                last.key, value, last.line, last.value_column, last.raw_value, number
            )
    return fields


def simple_read(frontmatter: str) -> dict[str, str]:
    """The fields as a mapping (later duplicates win), values as strings."""
    return {field.key: field.value for field in simple_fields(frontmatter)}
