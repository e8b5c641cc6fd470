"""Dotted key paths (``permission.bash["git *"]``) and values typed on a command line.

Key paths address nested mappings of the frontmatter:

- segments are separated by ``.``: ``tools.bash``, ``permission.edit``;
- a segment holding a dot, a bracket, a quote or leading/trailing spaces is
  written quoted, either as a dotted segment ``permission.bash."git *"`` or in
  brackets ``permission.bash["git *"]`` (double quotes take backslash escapes
  ``\\"`` and ``\\\\``; single quotes double an inner quote ``''``, as in YAML);
- any other character (spaces inside, ``*``, ``-``, ``/``) may stand bare:
  ``permission.bash.git *`` works too, but ``format_key_path`` always quotes it.

Values are read as YAML: ``true`` → bool, ``0.3`` → float, ``"quoted"`` → a
string that stays double-quoted, ``[Read, Write]`` → a list, ``{read: true}``
→ a map. Text that is not valid YAML on its own, or that YAML would read as a
block mapping or list (``Use when: asked``, ``- item``), is taken as the
plain string it is.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError


class KeyPathError(ValueError):
    """A key path that cannot be read; the message says where."""


_BARE = re.compile(r"[A-Za-z0-9_\-]+\Z")


def _quoted(text: str, start: int) -> tuple[str, int]:
    """Read a quoted segment starting at ``start``; return (value, index after it)."""
    quote = text[start]
    out: list[str] = []
    index = start + 1
    while index < len(text):
        char = text[index]
        if quote == '"' and char == "\\" and index + 1 < len(text):
            out.append(text[index + 1])
            index += 2
            continue
        if char == quote:
            if quote == "'" and text[index + 1 : index + 2] == "'":
                out.append("'")
                index += 2
                continue
            return "".join(out), index + 1
        out.append(char)
        index += 1
    raise KeyPathError(f"key {text!r}: quote opened at character {start + 1} is never closed")


def parse_key_path(key: str) -> list[str]:
    """``'permission.bash["git *"]'`` → ``["permission", "bash", "git *"]``."""
    if not key:
        raise KeyPathError("empty key")
    parts: list[str] = []
    index = 0
    expect_segment = True
    while index < len(key):
        char = key[index]
        if char == "[":
            if expect_segment or index + 1 >= len(key) or key[index + 1] not in "\"'":
                raise KeyPathError(
                    f'key {key!r}: write a bracketed segment as ["…"] after a name, '
                    f"at character {index + 1}"
                )
            value, index = _quoted(key, index + 1)
            if key[index : index + 1] != "]":
                raise KeyPathError(f"key {key!r}: expected ] at character {index + 1}")
            parts.append(value)
            index += 1
            expect_segment = False
            continue
        if char == ".":
            if expect_segment:
                raise KeyPathError(f"key {key!r}: empty segment at character {index + 1}")
            index += 1
            expect_segment = True
            continue
        if not expect_segment:
            raise KeyPathError(f"key {key!r}: expected . or [ at character {index + 1}")
        if char in "\"'":
            value, index = _quoted(key, index)
        else:
            end = index
            while end < len(key) and key[end] not in ".[":
                end += 1
            value, index = key[index:end], end
        parts.append(value)
        expect_segment = False
    if expect_segment:
        raise KeyPathError(f"key {key!r} ends with a dot")
    return parts


def format_key_path(parts: list[str]) -> str:
    """The inverse of ``parse_key_path``: bare names joined by dots, others as ``["…"]``."""
    out = ""
    for part in parts:
        if _BARE.match(part):
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]" if out else json.dumps(part)
    return out


def parse_value(text: str) -> Any:
    """A command-line VALUE read as YAML (quotes kept as written), else the raw string."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    try:
        value = yaml.load(text)
    except YAMLError:
        return text
    if value is None and text.strip() not in ("", "~", "null", "Null", "NULL"):
        return text  # a comment-only value such as "# not a comment"
    if isinstance(value, (CommentedMap, CommentedSeq)) and not value.fa.flow_style():
        return text  # "Use when: asked" is a sentence, not a block mapping
    return value
