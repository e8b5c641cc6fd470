"""Renaming a key in place and moving an entry among its siblings, with minimal diffs.

The form edits OpenCode's pattern rules (``permission.bash."git *": allow``), whose
order matters: "Rules are evaluated by pattern match, with the last matching rule
winning" (sst/opencode, packages/web/src/content/docs/permissions.mdx, commit
9dc1388d, checked 2026-12-04). Renaming a rule's pattern rewrites the key on its
line and nothing else (its value, comment and position stay); moving a rule up or
down swaps its lines with its neighbour's. As in ``roundtrip.py``, every result is
parsed again and must hold exactly the expected data, or ``YamlEditError`` is raised
and nothing is returned.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from agent_workbench.frontmatter.keypath import format_key_path
from agent_workbench.frontmatter.layout import MISSING as _MISSING
from agent_workbench.frontmatter.layout import (
    Entry,
    Indent,
    Layout,
    YamlEditError,
    entry_text,
    find_key,
    is_flow,
    is_merged,
    key_text,
    load_yaml_shared,
)
from agent_workbench.frontmatter.lenient import strip_eol
from agent_workbench.frontmatter.roundtrip import canonical, plain

__all__ = ["move_entry", "rename_key"]


def _locate(text: str, path: list[str]) -> tuple[Layout, list[Entry], int]:
    """The layout, the entries of the mapping holding ``path``'s last key, and its index."""
    if not path:
        raise YamlEditError("empty key path")
    loaded = load_yaml_shared(text)
    if not isinstance(loaded, CommentedMap) or is_flow(loaded):
        raise YamlEditError("the frontmatter is not a block map of fields; edit its source")
    layout = Layout(text)
    node: CommentedMap = loaded
    limit = len(layout.lines)
    for depth, name in enumerate(path):
        where = format_key_path(path[: depth + 1])
        key = find_key(node, name)
        if key is _MISSING:
            raise YamlEditError(f"{where} is not in the frontmatter")
        if is_merged(node, key):
            raise YamlEditError(f"{where} comes from a merge key (`<<:`); edit the source")
        entries = layout.entries(node, limit)
        index = next(i for i, entry in enumerate(entries) if entry.key is key or entry.key == key)
        if depth == len(path) - 1:
            return layout, entries, index
        child = node[key]
        if not isinstance(child, CommentedMap) or is_flow(child):
            raise YamlEditError(f"{where} is not a block map; edit its source")
        node, limit = child, entries[index].end
    raise YamlEditError("empty key path")  # pragma: no cover - the loop returns


def _checked(text: str, new_text: str, path: list[str], change: Any) -> str:
    """``new_text`` when it holds ``text``'s data with ``change`` applied to the map that
    holds ``path``'s last key (``change(items) -> items``), else ``YamlEditError``."""
    expected = plain(load_yaml_shared(text))
    target = expected
    for name in path[:-1]:
        target = target[next(k for k in target if k == name or str(k).lower() == name.lower())]
    items = change(list(target.items()))
    target.clear()
    target.update(items)
    try:
        after = load_yaml_shared(new_text)
    except Exception as exc:
        raise YamlEditError(f"the edit would make the frontmatter invalid YAML: {exc}") from None
    if canonical(after) != canonical(expected):
        raise YamlEditError(
            "the edit cannot be made without touching other lines; edit the source instead"
        )
    return new_text


def rename_key(text: str, path: list[str], new_name: str) -> str:
    """``text`` with the last key of ``path`` renamed to ``new_name`` on its own line,
    quoted as it was; a key that is already there is refused (a map holds it once)."""
    layout, entries, index = _locate(text, path)
    entry = entries[index]
    old_name = str(entry.key)
    if new_name == old_name:
        return text
    if not new_name:
        raise YamlEditError("a key cannot be empty")
    if any(str(other.key) == new_name for other in entries):
        raise YamlEditError(f"{format_key_path([*path[:-1], new_name])} is there already")
    line = layout.lines[entry.first]
    old_key = key_text(line, entry.column)
    quote = old_key[:1]
    styled: Any = new_name
    if quote == '"':
        styled = DoubleQuotedScalarString(new_name)
    elif quote == "'":
        styled = SingleQuotedScalarString(new_name)
    dumped = entry_text(styled, "x", 0, Indent(), "\n")
    if len(dumped) != 1:
        raise YamlEditError(f"`{new_name}` cannot be a key on one line; edit the source")
    new_key = key_text(dumped[0], 0)
    new_line = line[: entry.column] + new_key + line[entry.column + len(old_key) :]
    lines = list(layout.lines)
    lines[entry.first] = new_line
    new_text = "".join(lines)

    def renamed(items: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
        return [(new_name if str(k) == old_name else k, v) for k, v in items]

    return _checked(text, new_text, path, renamed)


def move_entry(text: str, path: list[str], offset: int) -> str:
    """``text`` with the entry at ``path`` moved ``offset`` places among its siblings
    (-1: up, 1: down); at either end it stays. Only the lines of the entries it passes
    move; comments between entries stay where they are."""
    layout, entries, index = _locate(text, path)
    target = max(0, min(len(entries) - 1, index + offset))
    if target == index:
        return text
    lines = list(layout.lines)
    last = len(lines) - 1
    if lines and strip_eol(lines[last]) == lines[last]:  # the moved line needs its ending
        lines[last] += layout.eol(last - 1, "\n")
    low, high = sorted((index, target))
    passed = entries[low : high + 1]
    blocks = [lines[e.first : e.end] for e in passed]
    gaps = [lines[a.end : b.first] for a, b in pairwise(passed)]
    moving = blocks.pop(index - low)
    blocks.insert(target - low, moving)
    middle: list[str] = []
    for position, block in enumerate(blocks):
        middle += block
        if position < len(gaps):
            middle += gaps[position]
    lines[entries[low].first : entries[high].end] = middle
    new_text = "".join(lines)
    if not text.endswith(("\n", "\r")):  # the last line had no ending: nor has the new last
        new_text = new_text[: len(new_text) - len(lines[-1]) + len(strip_eol(lines[-1]))]

    def moved(items: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
        item = items.pop(index)
        items.insert(target, item)
        return items

    return _checked(text, new_text, path, moved)
