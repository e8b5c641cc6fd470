"""Minimal-diff edits of YAML frontmatter: the touched field's lines change, nothing else.

How: ruamel.yaml (round-trip mode) parses the frontmatter and tells where every
key sits (``.lc``); the edit then *splices* text: only the line span of the
touched entry is replaced (or removed, or a new entry is inserted after the
last entry of its mapping), and only that entry is dumped by ruamel (quotes
of the old value kept, width unlimited so nothing is re-wrapped, indentation
measured from the file, the line ending of the surrounding lines). Dumping the
whole document with ruamel was not used: it re-indents sequences, moves
comments and re-flows block scalars in real files, so the splice is the one
path, not a fallback.

Every edit is verified: the edited text is parsed again and must hold exactly
the original data with the requested change (types, order and all). If not,
``YamlEditError`` is raised and nothing is returned, so a bad splice can never
be written.

A single-line scalar keeps its ``key:   `` spacing and its end-of-line comment.
An entry inside a flow mapping (``tools: {read: true}``) is edited by dumping
the nearest block-style entry that holds it, in flow style again.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
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

from agent_workbench.keypath import format_key_path, parse_key_path
from agent_workbench.simple_yaml import strip_eol, yaml_lines


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


# -- comparing data ---------------------------------------------------------------


def canonical(value: Any) -> Any:
    """A type-tagged plain form: equal exactly when YAML would read the same data."""
    if isinstance(value, Mapping):
        return ("map", tuple((canonical(k), canonical(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return ("seq", tuple(canonical(v) for v in value))
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int):
        return ("int", int(value))
    if isinstance(value, float):
        return ("float", repr(float(value)))
    if isinstance(value, str):
        return ("str", str(value))
    if value is None:
        return ("null",)
    return (type(value).__name__, str(value))


def plain(value: Any) -> Any:
    """Plain dicts, lists and scalars (insertion order kept)."""
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


# -- locating entries ---------------------------------------------------------------


@dataclass
class _Entry:
    mapping: CommentedMap
    key: Any
    first: int  # 0-based line of the key
    end: int  # exclusive end line (trailing blank lines and outer comments excluded)
    column: int  # column of the key


def _is_flow(node: Any) -> bool:
    return isinstance(node, (CommentedMap, CommentedSeq)) and bool(node.fa.flow_style())


def _find_key(mapping: CommentedMap, name: str) -> Any:
    if name in mapping:
        return name
    for key in mapping:
        if not isinstance(key, str) and str(key).lower() == name.lower():
            return key  # a non-string key (true:, 1:) addressed by its text
    return _MISSING


_MISSING = object()


class _Layout:
    """The frontmatter's lines, and where entries of block mappings start and end."""

    def __init__(self, text: str) -> None:
        self.lines = yaml_lines(text)

    def _outer_comment_or_blank(self, index: int, column: int) -> bool:
        content = strip_eol(self.lines[index])
        stripped = content.lstrip(" \t")
        if not stripped:
            return True
        return stripped.startswith("#") and len(content) - len(stripped) <= column

    def entries(self, mapping: CommentedMap, limit: int) -> list[_Entry]:
        keys = list(mapping)
        found: list[_Entry] = []
        for index, key in enumerate(keys):
            first, column = mapping.lc.key(key)
            end = mapping.lc.key(keys[index + 1])[0] if index + 1 < len(keys) else limit
            while end - 1 > first and self._outer_comment_or_blank(end - 1, column):
                end -= 1
            found.append(_Entry(mapping, key, first, end, column))
        return found

    def entry(self, mapping: CommentedMap, key: Any, limit: int) -> _Entry:
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
        if _is_flow(node):
            return
        if isinstance(node, CommentedMap):
            for key, value in node.items():
                line, col = node.lc.key(key)
                if col > column >= 0 and mapping_step is None:
                    mapping_step = col - column
                if (
                    isinstance(value, CommentedSeq)
                    and value
                    and seq is None
                    and not _is_flow(value)
                ):
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


def _dump(value: Mapping[Any, Any], indent: Indent) -> str:
    yaml = make_yaml()
    yaml.indent(mapping=indent.mapping, sequence=indent.sequence, offset=indent.offset)
    out = io.StringIO()
    yaml.dump(value, out)
    return out.getvalue()


def _styled_like(old: Any, new: Any) -> Any:
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
    if isinstance(new, list) and not isinstance(new, CommentedSeq) and _is_flow(old):
        seq = CommentedSeq(new)
        seq.fa.set_flow_style()
        return seq
    if isinstance(new, dict) and not isinstance(new, CommentedMap) and _is_flow(old):
        mapping = CommentedMap(new)
        mapping.fa.set_flow_style()
        return mapping
    return new


def _entry_text(key: Any, value: Any, column: int, indent: Indent, eol: str) -> list[str]:
    """Lines of ``key: value`` dumped at ``column`` with line ending ``eol``."""
    dumped = _dump({key: value}, indent)
    return [" " * column + line + eol for line in dumped.splitlines()]


def _key_text(line: str, column: int) -> str:
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


def _end_comment(mapping: CommentedMap, key: Any, line: int, text_line: str) -> str:
    """`` # comment`` (with the spaces before it) ending the key's line, else ""."""
    items = mapping.ca.items.get(key)
    token = items[2] if items and len(items) > 2 else None
    if token is None or token.start_mark.line != line:
        return ""
    content = strip_eol(text_line)
    start = token.start_mark.column
    return content[len(content[:start].rstrip(" \t")) :]


# -- one edit ----------------------------------------------------------------------


class _Unset:
    pass


UNSET = _Unset()


def _nested(rest: list[str], value: Any) -> Any:
    for name in reversed(rest):
        value = {name: value}
    return value


def _describe(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a map"
    if isinstance(value, list):
        return "a list"
    return f"the {type(value).__name__} {value!r}"


def _modified_copy(node: Any, rest: list[str], value: Any) -> Any:
    """A deep copy of a (flow) mapping with the path set or removed."""
    import copy

    root = copy.deepcopy(node)
    target = root
    for name in rest[:-1]:
        key = _find_key(target, name)
        if key is _MISSING:
            if value is UNSET:
                return root
            target[name] = {}
            key = name
        if not isinstance(target[key], Mapping):
            raise YamlEditError(f"{name!r} holds {_describe(target[key])}, not a map")
        target = target[key]
    key = _find_key(target, rest[-1])
    if value is UNSET:
        if key is not _MISSING:
            del target[key]
    elif key is _MISSING:
        target[rest[-1]] = value
    else:
        target[key] = _styled_like(target[key], value)
    return root


class _Splicer:
    def __init__(self, text: str, newline: str) -> None:
        self.text = text
        self.newline = newline
        loaded = load_yaml(text)
        if loaded is None:
            loaded = CommentedMap()
        if not isinstance(loaded, CommentedMap):
            raise YamlEditError(f"the frontmatter is {_describe(loaded)}, not a map of fields")
        if _is_flow(loaded):
            raise YamlEditError("the frontmatter is one flow mapping ({…}); edit its source")
        self.data = loaded
        self.layout = _Layout(text)
        self.indent = detect_indent(text, loaded)

    def _join(self, start: int, end: int, new_lines: list[str]) -> str:
        lines = list(self.layout.lines)
        if start == len(lines) and lines and strip_eol(lines[-1]) == lines[-1]:
            lines[-1] += self.newline
        lines[start:end] = new_lines
        return "".join(lines)

    def _replace_entry(self, entry: _Entry, value: Any) -> str:
        eol = self.layout.eol(entry.first, self.newline)
        first_line = self.layout.lines[entry.first]
        new_lines = _entry_text(entry.key, value, entry.column, self.indent, eol)
        old_key = _key_text(first_line, entry.column)
        dumped_key = _key_text(new_lines[0], entry.column)
        new_lines[0] = " " * entry.column + old_key + new_lines[0][entry.column + len(dumped_key) :]
        old = entry.mapping[entry.key]
        scalar = not isinstance(value, (Mapping, list)) and not isinstance(old, (Mapping, list))
        value_line, value_col = entry.mapping.lc.value(entry.key)
        if (
            scalar
            and len(new_lines) == 1
            and entry.end - entry.first == 1
            and value_line == entry.first
        ):
            content = strip_eol(first_line)
            inline = strip_eol(new_lines[0])[entry.column + len(old_key) + 1 :].lstrip(" ")
            comment = _end_comment(entry.mapping, entry.key, entry.first, first_line)
            new_lines = [content[:value_col] + inline + comment + eol]
        return self._join(entry.first, entry.end, new_lines)

    def _insert(self, mapping: CommentedMap, limit: int, key: str, value: Any) -> str:
        entries = self.layout.entries(mapping, limit)
        if entries:
            at, column = entries[-1].end, entries[-1].column
            # Quote a new key the way its siblings' keys are written.
            quote = self.layout.lines[entries[-1].first][column : column + 1]
            if quote == '"':
                key = DoubleQuotedScalarString(key)
            elif quote == "'":
                key = SingleQuotedScalarString(key)
        else:
            at, column = len(self.layout.lines), 0
        eol = self.layout.eol(at - 1, self.newline)
        return self._join(at, at, _entry_text(key, value, column, self.indent, eol))

    def apply(self, path: list[str], value: Any) -> str:
        node: CommentedMap = self.data
        limit = len(self.layout.lines)
        parents: list[_Entry] = []
        for depth, name in enumerate(path):
            key = _find_key(node, name)
            last = depth == len(path) - 1
            if key is _MISSING:
                if value is UNSET:
                    return self.text
                return self._insert(node, limit, name, _nested(path[depth + 1 :], value))
            entry = self.layout.entry(node, key, limit)
            child = node[key]
            if last:
                if value is UNSET:
                    if len(node) == 1 and parents:
                        return self._replace_entry(parents[-1], CommentedMap())
                    return self._join(entry.first, entry.end, [])
                return self._replace_entry(entry, _styled_like(child, value))
            if child is None:
                if value is UNSET:
                    return self.text
                return self._replace_entry(entry, _nested(path[depth + 1 :], value))
            if not isinstance(child, CommentedMap):
                raise YamlEditError(
                    f"{format_key_path(path[: depth + 1])} holds {_describe(child)}, not a map; "
                    "set it as a whole"
                )
            if _is_flow(child):
                return self._replace_entry(entry, _modified_copy(child, path[depth + 1 :], value))
            parents.append(entry)
            node, limit = child, entry.end
        raise YamlEditError("empty key path")  # pragma: no cover - paths are never empty


def _expected_after(data: Any, path: list[str], value: Any) -> tuple[Any, bool]:
    """The plain data once the edit is made, and whether it changes anything."""
    target = data
    for name in path[:-1]:
        key = (
            _find_key(target, name)
            if isinstance(target, CommentedMap)
            else (name if name in target else _MISSING)
        )
        if key is _MISSING or target[key] is None:
            if value is UNSET:
                return data, False
            target[name if key is _MISSING else key] = {}
            key = name if key is _MISSING else key
        if not isinstance(target[key], Mapping):
            raise YamlEditError(
                f"{format_key_path(path)}: {name!r} holds {_describe(target[key])}, not a map"
            )
        target = target[key]
    name = path[-1]
    key = name if name in target else _MISSING
    if key is _MISSING:
        for candidate in target:
            if not isinstance(candidate, str) and str(candidate).lower() == name.lower():
                key = candidate
    if value is UNSET:
        if key is _MISSING:
            return data, False
        del target[key]
        return data, True
    if key is not _MISSING and canonical(target[key]) == canonical(value):
        return data, False
    target[name if key is _MISSING else key] = plain(value)
    return data, True


def apply_edits(
    text: str,
    sets: Mapping[str, Any] | Iterable[tuple[str | list[str], Any]] = (),
    unsets: Iterable[str | list[str]] = (),
    *,
    newline: str = "\n",
) -> str:
    """Frontmatter text with fields set and removed, every other line untouched.

    ``sets`` maps key paths (``"permission.bash[\\"git *\\"]"`` or a list of
    segments) to values; ``unsets`` lists key paths to remove. Setting a field
    to the value it has, or removing a field that is absent, changes nothing.
    Raises ``YamlEditError`` when the edit is impossible or would touch more.
    """
    items = list(sets.items()) if isinstance(sets, Mapping) else list(sets)
    operations: list[tuple[list[str], Any]] = [
        (parse_key_path(k) if isinstance(k, str) else list(k), v) for k, v in items
    ]
    operations += [(parse_key_path(k) if isinstance(k, str) else list(k), UNSET) for k in unsets]
    loaded = load_yaml(text)
    expected = plain(loaded) if loaded is not None else {}
    current = text
    for path, value in operations:
        if not path:
            raise YamlEditError("empty key path")
        expected, changed = _expected_after(expected, path, value)
        if changed:
            current = _Splicer(current, newline).apply(path, value)
    if current == text:
        return text
    try:
        after = load_yaml(current)
    except Exception as exc:
        raise YamlEditError(f"the edit would make the frontmatter invalid YAML: {exc}") from None
    if canonical(after if after is not None else {}) != canonical(expected):
        raise YamlEditError(
            "the edit cannot be made without touching other lines; edit the source instead"
        )
    return current
