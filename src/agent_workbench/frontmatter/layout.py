"""Where things are in YAML text, and how one entry is written back.

The helpers of ``yaml_edit``: the round-trip loader, the line span of each
entry of a block mapping (``.lc`` marks, trailing blank lines and outer
comments left to the next entry), the indentation the file uses, and the
dump of a single ``key: value`` entry in the old value's quoting style.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from agent_workbench.frontmatter.frozen_tree import freeze_tree
from agent_workbench.frontmatter.lenient import strip_eol, yaml_lines
from agent_workbench.model.caches import memo


class YamlEditError(ValueError):
    """The edit cannot be made without touching other lines, or the path is wrong."""


def make_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1_000_000
    yaml.allow_duplicate_keys = False
    return yaml


def load_yaml(text: str) -> Any:
    """Round-trip parse; raises ruamel's YAMLError (or another Exception) when invalid."""
    return make_yaml().load(text)


@memo("frontmatter.round_trip_parses", 16)
def load_yaml_shared(text: str) -> Any:
    """``load_yaml(text)``, parsed once per text and shared by every caller: frozen.

    One form change used to parse the same frontmatter up to six times (refusal
    check, edit, splice, verification, the new AgentFile, the description's
    count); with this it parses the new text once. The tree is frozen
    (``frozen_tree``: changing it raises ``FrozenError``; deep-copy it to get a
    mutable one); invalid YAML is not cached (it raises each time).
    """
    return freeze_tree(load_yaml(text))


# -- locating entries ---------------------------------------------------------------


@dataclass
class Entry:
    mapping: CommentedMap
    key: Any
    first: int  # 0-based line of the key
    end: int  # exclusive end line (trailing blank lines and outer comments excluded)
    column: int  # column of the key


def is_flow(node: Any) -> bool:
    return isinstance(node, (CommentedMap, CommentedSeq)) and bool(node.fa.flow_style())


def find_key(mapping: CommentedMap, name: str) -> Any:
    if name in mapping:
        return name
    for key in mapping:
        if not isinstance(key, str) and str(key).lower() == name.lower():
            return key  # a non-string key (true:, 1:) addressed by its text
    return MISSING


MISSING = object()


def own_keys(mapping: CommentedMap) -> list[Any]:
    """The keys written in this mapping, in order: not those a merge key (``<<: *base``)
    brings in, which have no position here (they live in the anchored map)."""
    if not mapping.merge:
        return list(mapping)
    marked = mapping.lc.data or {}
    return [key for key in mapping if key in marked]


def is_merged(mapping: CommentedMap, key: Any) -> bool:
    """Does ``key`` come from a merge key rather than from this mapping's own lines?"""
    return bool(mapping.merge) and key not in (mapping.lc.data or {})


class Layout:
    """The frontmatter's lines, and where entries of block mappings start and end."""

    def __init__(self, text: str) -> None:
        self.lines = yaml_lines(text)

    def _outer_comment_or_blank(self, index: int, column: int) -> bool:
        content = strip_eol(self.lines[index])
        stripped = content.lstrip(" \t")
        if not stripped:
            return True
        return stripped.startswith("#") and len(content) - len(stripped) <= column

    def entries(self, mapping: CommentedMap, limit: int) -> list[Entry]:
        keys = own_keys(mapping)
        found: list[Entry] = []
        merges = self._merge_lines(mapping, keys, limit)
        for index, key in enumerate(keys):
            first, column = mapping.lc.key(key)
            end = mapping.lc.key(keys[index + 1])[0] if index + 1 < len(keys) else limit
            end = min([end, *(line for line in merges if line > first)])
            while end - 1 > first and self._outer_comment_or_blank(end - 1, column):
                end -= 1
            found.append(Entry(mapping, key, first, end, column))
        return found

    def _merge_lines(self, mapping: CommentedMap, keys: list[Any], limit: int) -> list[int]:
        """Lines of the mapping's merge keys (``<<: *base``): no entry's span crosses one."""
        if not keys or not mapping.merge:
            return []
        first, column = mapping.lc.key(keys[0])
        start = min(first, *(mapping.lc.key(k)[0] for k in keys))
        prefix = " " * column + "<<"
        return [
            index
            for index in range(start, min(limit, len(self.lines)))
            if self.lines[index].startswith(prefix)
            and self.lines[index][len(prefix) :].lstrip(" \t").startswith(":")
        ]

    def entry(self, mapping: CommentedMap, key: Any, limit: int) -> Entry:
        for item in self.entries(mapping, limit):
            if item.key is key or item.key == key:
                return item
        raise YamlEditError(f"key {key!r} not found")  # pragma: no cover - guarded by callers

    def eol(self, index: int, default: str) -> str:
        if 0 <= index < len(self.lines):
            line = self.lines[index]
            ending = line[len(strip_eol(line)) :]
            if ending:
                return ending
        return default


# -- dumping one entry ----------------------------------------------------------------


@dataclass(frozen=True)
class Indent:
    mapping: int = 2
    sequence: int = 4
    offset: int = 2


def detect_indent(text: str, data: Any) -> Indent:
    """Mapping and sequence indentation as the file writes them (ruamel's defaults otherwise)."""
    lines = yaml_lines(text)
    mapping_step: int | None = None
    seq: tuple[int, int] | None = None

    def walk(node: Any, column: int) -> None:
        nonlocal mapping_step, seq
        if is_flow(node):
            return
        if isinstance(node, CommentedMap):
            for key in own_keys(node):
                value = node[key]
                line, col = node.lc.key(key)
                if col > column >= 0 and mapping_step is None:
                    mapping_step = col - column
                if isinstance(value, CommentedSeq) and value and seq is None and not is_flow(value):
                    item_line, item_col = value.lc.item(0)
                    if item_line > line and item_line < len(lines):
                        dash = strip_eol(lines[item_line]).find("-")
                        if 0 <= dash < item_col:
                            seq = (dash - col, item_col - col)
                walk(value, col)
        elif isinstance(node, CommentedSeq):
            for value in node:
                walk(value, -1)

    walk(data, -1)
    offset, sequence = seq if seq is not None else (2, 4)
    return Indent(mapping_step or 2, max(sequence, offset + 2), max(offset, 0))


def dump_entry_map(value: Mapping[Any, Any], indent: Indent) -> str:
    yaml = make_yaml()
    yaml.indent(mapping=indent.mapping, sequence=indent.sequence, offset=indent.offset)
    out = io.StringIO()
    yaml.dump(value, out)
    return out.getvalue()


def styled_like(old: Any, new: Any) -> Any:
    """Give a new value the old one's quoting or block style, when it has none of its own."""
    if type(new) is str:
        for style in (
            DoubleQuotedScalarString,
            SingleQuotedScalarString,
            LiteralScalarString,
            FoldedScalarString,
        ):
            if isinstance(old, style):
                return style(new)
    if isinstance(new, list) and not isinstance(new, CommentedSeq) and is_flow(old):
        seq = CommentedSeq(new)
        seq.fa.set_flow_style()
        return seq
    if isinstance(new, dict) and not isinstance(new, CommentedMap) and is_flow(old):
        mapping = CommentedMap(new)
        mapping.fa.set_flow_style()
        return mapping
    return new


def entry_text(key: Any, value: Any, column: int, indent: Indent, eol: str) -> list[str]:
    """Lines of ``key: value`` dumped at ``column`` with line ending ``eol``."""
    dumped = dump_entry_map({key: value}, indent)
    return [" " * column + line + eol for line in dumped.splitlines()]


def key_text(line: str, column: int) -> str:
    """The key exactly as written on its line (quotes kept), without the colon."""
    content = strip_eol(line)
    index = column
    if index < len(content) and content[index] in "\"'":
        quote = content[index]
        index += 1
        while index < len(content):
            if content[index] == "\\" and quote == '"':
                index += 2
                continue
            if content[index] == quote:
                if quote == "'" and content[index + 1 : index + 2] == "'":
                    index += 2
                    continue
                break
            index += 1
        colon = content.find(":", index + 1)
    else:
        colon = index
        while True:
            colon = content.find(":", colon)
            if colon < 0 or colon + 1 >= len(content) or content[colon + 1] in " \t":
                break
            colon += 1
    return content[column:colon] if colon >= 0 else content[column:].rstrip()


def end_comment(mapping: CommentedMap, key: Any, line: int, text_line: str) -> str:
    """`` # comment`` (with the spaces before it) ending the key's line, else ""."""
    items = mapping.ca.items.get(key)
    token = items[2] if items and len(items) > 2 else None
    if token is None or token.start_mark.line != line:
        return ""
    content = strip_eol(text_line)
    start = token.start_mark.column
    if not content[start:].lstrip(" \t").startswith("#"):
        return ""  # the token of the blank or whitespace-only lines after the entry
    return content[len(content[:start].rstrip(" \t")) :]
