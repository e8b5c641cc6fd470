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
be written. Parses go through ``load_yaml_shared`` (one read-only tree per
text), so the old text's parse is the one the caller already made and the
verification's parse of the new text is reused by whoever reads it next.

A single-line scalar keeps its ``key:   `` spacing and its end-of-line comment.
An entry inside a flow mapping (``tools: {read: true}``) is edited by dumping
the nearest block-style entry that holds it, in flow style again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    SingleQuotedScalarString,
)

from agent_workbench.frontmatter.alias_bound import expansion_problem
from agent_workbench.frontmatter.keypath import format_key_path, parse_key_path
from agent_workbench.frontmatter.layout import MISSING as _MISSING
from agent_workbench.frontmatter.layout import (
    Entry,
    Indent,
    Layout,
    YamlEditError,
    detect_indent,
    end_comment,
    entry_text,
    find_key,
    is_flow,
    is_merged,
    key_text,
    load_yaml,
    load_yaml_shared,
    make_yaml,
    styled_like,
)
from agent_workbench.frontmatter.lenient import strip_eol

# load_yaml, make_yaml and YamlEditError are re-exported: callers import them from here.
__all__ = [
    "UNSET",
    "Operation",
    "Splicer",
    "YamlEditError",
    "apply_edits",
    "apply_operations",
    "canonical",
    "expected_after",
    "load_yaml",
    "load_yaml_shared",
    "make_yaml",
    "operations_of",
    "plain",
]

# -- comparing data ---------------------------------------------------------------


def canonical(value: Any, *, ordered: bool = True) -> Any:
    """A type-tagged plain form: equal exactly when YAML would read the same data.

    ``ordered=False`` compares maps whatever their key order (a map with a merge key
    lists its own keys first, then the merged ones, so adding an own key moves it)."""
    if isinstance(value, Mapping):
        items = [
            (canonical(k, ordered=ordered), canonical(v, ordered=ordered)) for k, v in value.items()
        ]
        return ("map", tuple(items if ordered else sorted(items, key=repr)))
    if isinstance(value, (list, tuple)):
        return ("seq", tuple(canonical(v, ordered=ordered) for v in value))
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
    # the YAML type, not ruamel's class (DoubleQuotedScalarString, ScalarFloat, …)
    kind = next((t for t in (bool, int, float, str) if isinstance(value, t)), None)
    if kind is None:
        return f"the {type(value).__name__} {value!r}"
    return f"the {kind.__name__} {kind(value)!r}"


def _modified_copy(node: Any, rest: list[str], value: Any) -> Any:
    """A deep copy of a (flow) mapping with the path set or removed."""
    import copy

    root = copy.deepcopy(node)
    if isinstance(root, CommentedMap) and not root and not root.merge:
        root.fa.set_flow_style()  # an empty map is written `{}`: keep it on one line
    target = root
    for name in rest[:-1]:
        key = find_key(target, name)
        if key is _MISSING:
            if value is UNSET:
                return root
            target[name] = {}
            key = name
        if not isinstance(target[key], Mapping):
            raise YamlEditError(f"{name!r} holds {_describe(target[key])}, not a map")
        target = target[key]
    key = find_key(target, rest[-1])
    if value is UNSET:
        if key is not _MISSING:
            del target[key]
    elif key is _MISSING:
        target[rest[-1]] = value
    else:
        target[key] = styled_like(target[key], value)
    return root


class Splicer:
    """Splices one edit into a text (``indent``: the file's, when the text is one entry of it)."""

    def __init__(self, text: str, newline: str, indent: Indent | None = None) -> None:
        self.text = text
        self.newline = newline
        loaded = load_yaml_shared(text)  # read-only: the splice reads marks, never writes
        if loaded is None:
            loaded = CommentedMap()
        if not isinstance(loaded, CommentedMap):
            raise YamlEditError(f"the frontmatter is {_describe(loaded)}, not a map of fields")
        if is_flow(loaded):
            raise YamlEditError("the frontmatter is one flow mapping ({…}); edit its source")
        self.data = loaded
        self.layout = Layout(text)
        self.indent = indent if indent is not None else detect_indent(text, loaded)

    def _join(self, start: int, end: int, new_lines: list[str]) -> str:
        lines = list(self.layout.lines)
        if start == len(lines) and lines and strip_eol(lines[-1]) == lines[-1]:
            lines[-1] += self.newline
        lines[start:end] = new_lines
        return "".join(lines)

    def _replace_entry(self, entry: Entry, value: Any) -> str:
        eol = self.layout.eol(entry.first, self.newline)
        first_line = self.layout.lines[entry.first]
        new_lines = entry_text(entry.key, value, entry.column, self.indent, eol)
        old_key = key_text(first_line, entry.column)
        dumped_key = key_text(new_lines[0], entry.column)
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
            comment = end_comment(entry.mapping, entry.key, entry.first, first_line)
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
        return self._join(at, at, entry_text(key, value, column, self.indent, eol))

    def apply(self, path: list[str], value: Any) -> str:
        node: CommentedMap = self.data
        limit = len(self.layout.lines)
        parents: list[Entry] = []
        for depth, name in enumerate(path):
            key = find_key(node, name)
            last = depth == len(path) - 1
            if key is not _MISSING and is_merged(node, key):
                # from `<<: *base`: its lines are the anchored map's, shared by every user
                where = format_key_path(path[: depth + 1])
                if value is UNSET:
                    raise YamlEditError(
                        f"{where} comes from a merge key (`<<:`) and cannot be removed here: "
                        "set it to override it, or edit the anchored map in the source"
                    )
                if not last:
                    raise YamlEditError(
                        f"{where} comes from a merge key (`<<:`): its map is the anchored one, "
                        f"shared; set {where} as a whole to override it, or edit the anchored "
                        "map in the source"
                    )
                return self._insert(node, limit, name, value)  # an own key overrides a merged one
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
                return self._replace_entry(entry, styled_like(child, value))
            if child is None:
                if value is UNSET:
                    return self.text
                return self._replace_entry(entry, _nested(path[depth + 1 :], value))
            if not isinstance(child, CommentedMap):
                raise YamlEditError(
                    f"{format_key_path(path[: depth + 1])} holds {_describe(child)}, not a map; "
                    "set it as a whole"
                )
            if is_flow(child) or not (child or child.merge):  # `{…}`, or an empty `{}`
                return self._replace_entry(entry, _modified_copy(child, path[depth + 1 :], value))
            parents.append(entry)
            node, limit = child, entry.end
        raise YamlEditError("empty key path")  # pragma: no cover - paths are never empty


def expected_after(data: Any, path: list[str], value: Any) -> tuple[Any, bool]:
    """The plain data once the edit is made, and whether it changes anything."""
    target = data
    for name in path[:-1]:
        key = (
            find_key(target, name)
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
    return apply_operations(text, operations_of(sets, unsets), newline=newline)


Operation = tuple[list[str], Any]  # a key path and its new value (``UNSET``: remove it)


def operations_of(
    sets: Mapping[str, Any] | Iterable[tuple[str | list[str], Any]] = (),
    unsets: Iterable[str | list[str]] = (),
) -> list[Operation]:
    """The sets, then the removals, as (key path, value) pairs."""
    items = list(sets.items()) if isinstance(sets, Mapping) else list(sets)
    operations: list[Operation] = [
        (parse_key_path(k) if isinstance(k, str) else list(k), v) for k, v in items
    ]
    operations += [(parse_key_path(k) if isinstance(k, str) else list(k), UNSET) for k in unsets]
    return operations


def apply_operations(text: str, operations: list[Operation], *, newline: str = "\n") -> str:
    """``apply_edits`` on parsed key paths: the round-trip path, whole text parsed."""
    loaded = load_yaml_shared(text)  # the splicer and AgentFile read the same parse
    bomb = expansion_problem(loaded, len(text))  # `plain`, `canonical` walk it as a tree
    if bomb is not None:
        raise YamlEditError(f"{bomb}; edit the source instead")
    expected = plain(loaded) if loaded is not None else {}
    current = text
    for path, value in operations:
        if not path:
            raise YamlEditError("empty key path")
        expected, changed = expected_after(expected, path, value)
        if changed:
            current = Splicer(current, newline).apply(path, value)
    if current == text:
        return text
    try:
        after = load_yaml_shared(current)  # kept for the new text's AgentFile and count
    except Exception as exc:
        raise YamlEditError(f"the edit would make the frontmatter invalid YAML: {exc}") from None
    ordered = "<<" not in text  # merged maps list their own keys first (see `canonical`)
    got = canonical(after if after is not None else {}, ordered=ordered)
    if got != canonical(expected, ordered=ordered):
        raise YamlEditError(
            "the edit cannot be made without touching other lines; edit the source instead"
        )
    return current
