"""Frontmatter edits in time linear in its size: only the touched entry is parsed by ruamel.

The round-trip path (``roundtrip.apply_operations``) parses the whole frontmatter
with ruamel twice (before, and after to verify): 5 s each for 10,000 keys. This
path gives the same text, or steps aside:

1. the frontmatter is read by libyaml (``libyaml_tree.read_tree``: linear, in C)
   and cut at its top-level keys (``entries.split_entries``); each piece must start
   at its key's line (the marks say so), so each piece is exactly one entry;
2. each edit is spliced by the same ``Splicer`` as the round-trip path, on the
   touched piece alone (the piece of ``path[0]``; a new top-level key goes after the
   last entry, in the last piece, as the round-trip path puts it), with the
   indentation measured from the whole frontmatter;
3. the new text is read by libyaml again and must hold exactly the data expected
   (``expected_after``, the round-trip path's own rule): the whole-document check.

It steps aside (the round-trip path then runs, with its exact result or message)
when libyaml's reading does not apply (aliases and merge keys, tags, non-string
keys, unusual scalars, invalid YAML: see ``libyaml_tree``), when the frontmatter
does not cut at its keys, when splicing a piece fails, or when the check does not
hold. The fast paths' switch (``model.fast_paths``) turns it off.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from agent_workbench.frontmatter.entries import split_entries
from agent_workbench.frontmatter.layout import YamlEditError, detect_indent, load_yaml_shared
from agent_workbench.frontmatter.libyaml_tree import read_tree
from agent_workbench.frontmatter.roundtrip import (
    Operation,
    Splicer,
    apply_operations,
    canonical,
    expected_after,
    operations_of,
    plain,
)

__all__ = ["apply_edits", "by_entries"]


def apply_edits(
    text: str,
    sets: Mapping[str, Any] | Iterable[tuple[str | list[str], Any]] = (),
    unsets: Iterable[str | list[str]] = (),
    *,
    newline: str = "\n",
) -> str:
    """``roundtrip.apply_edits``, by the touched entries alone when it can (see above)."""
    operations = operations_of(sets, unsets)
    done = by_entries(text, operations, newline)
    return done if done is not None else apply_operations(text, operations, newline=newline)


def _pieces(text: str) -> tuple[list[str], list[list[str]]] | None:
    """The text cut at its top-level keys, and each piece's key; None when a piece is not
    exactly one entry (or libyaml's reading does not apply)."""
    tree = read_tree(text)
    pieces = split_entries(text) if tree else None
    if tree is None or pieces is None or len(pieces) != len(tree):
        return None
    line = 0
    for index, (piece, key) in enumerate(zip(pieces, tree, strict=True)):
        first, column = tree.lc.key(key)
        after = line + piece.count("\n")
        if column != 0 or not (first == line if index else line <= first <= after):
            return None
        line = after
    return pieces, [[key] for key in tree]


def _keys_of(piece: str) -> list[str] | None:
    """The top-level keys of a spliced piece (ruamel's reading: the piece is small)."""
    try:
        loaded = load_yaml_shared(piece)
    except Exception:
        return None
    if loaded is None:
        return []
    return list(loaded) if all(type(key) is str for key in loaded) else None


def by_entries(text: str, operations: list[Operation], newline: str) -> str | None:
    """The edited text, spliced entry by entry; None: take the round-trip path."""
    cut = _pieces(text)
    if cut is None:
        return None
    pieces, keys = cut
    tree = read_tree(text)
    assert tree is not None
    indent = detect_indent(text, tree)
    expected: Any = plain(tree)
    for path, value in operations:
        if not path:
            raise YamlEditError("empty key path")
        expected, changed = expected_after(expected, path, value)
        if not changed:
            continue
        holders = [index for index, names in enumerate(keys) if names]
        where = {name: index for index, names in enumerate(keys) for name in names}
        index = where.get(path[0], holders[-1] if holders else -1)
        if index < 0:
            return None
        try:
            pieces[index] = Splicer(pieces[index], newline, indent).apply(path, value)
        except YamlEditError:
            return None  # the round-trip path says why, or manages with the whole text
        found = _keys_of(pieces[index])
        if found is None:
            return None
        keys[index] = found
    edited = "".join(pieces)
    if edited == text:
        return text
    after = read_tree(edited)
    if after is None or canonical(after) != canonical(expected):
        return None
    return edited
