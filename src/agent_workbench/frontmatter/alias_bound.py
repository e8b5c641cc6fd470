"""A bound on YAML alias expansion for the paths that copy or compare parsed data.

A parser keeps ``*alias`` references shared, so a "billion laughs" frontmatter
(nine anchors each repeating the one before nine times) loads small; it explodes
only when something walks it as a tree (copying it to plain data, comparing it,
dumping it). The edit path does all three, so before it does, ``check_expansion``
counts the values the walk would visit, in time linear in the parsed graph (each
shared node counted once, its size reused), and refuses past ``MAX_VALUES`` or
on a recursive alias (``&a [*a]``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MAX_VALUES = 100_000  # values one frontmatter may expand to (a 10,000-key one has ~20,000)
ALIAS_BOMB_CODE = "yaml-alias-bomb"


class AliasExpansionError(ValueError):
    """The data, walked as a tree, would be too large (or infinite)."""


def expanded_size(data: Any, limit: int = MAX_VALUES) -> int:
    """How many values walking ``data`` as a tree visits (stops counting past ``limit``)."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: Any) -> int:
        if not isinstance(node, Mapping | list | tuple):
            return 1
        key = id(node)
        known = sizes.get(key)
        if known is not None:
            return known
        if key in open_nodes:
            raise AliasExpansionError("a recursive alias (an anchor that contains itself)")
        open_nodes.add(key)
        items = [*node.keys(), *node.values()] if isinstance(node, Mapping) else node
        total = 1
        for item in items:
            total += size(item)
            if total > limit:
                total = limit + 1
                break
        open_nodes.discard(key)
        sizes[key] = total
        return total

    return size(data)


def check_expansion(data: Any, limit: int = MAX_VALUES) -> None:
    """Raise ``AliasExpansionError`` when walking ``data`` as a tree would be too much."""
    try:
        total = expanded_size(data, limit)
    except RecursionError:
        raise AliasExpansionError("values nested too deeply") from None
    if total > limit:
        raise AliasExpansionError(
            f"its aliases expand to more than {limit:,} values (a YAML alias bomb?)"
        )


def expansion_problem(data: Any, text_size: int) -> str | None:
    """Why ``data`` (parsed from ``text_size`` characters) may not be walked as a tree,
    or None. Without aliases a text of N characters holds fewer than N values, so the
    bound is ``max(MAX_VALUES, text_size)``: only aliases can pass it."""
    try:
        check_expansion(data, max(MAX_VALUES, text_size))
    except AliasExpansionError as exc:
        return str(exc)
    return None
