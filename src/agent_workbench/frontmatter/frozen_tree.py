"""A round-trip (ruamel) tree that fails loudly when changed: for parses many callers share.

``load_yaml_shared`` hands one tree per frontmatter text to the edit path, its
verification and every ``AgentFile`` of that text. ``freeze_tree`` turns its
``CommentedMap``s and ``CommentedSeq``s into ``FrozenCommentedMap`` and
``FrozenCommentedSeq`` in place (the same objects, their class swapped, so no
copy and every ``.lc``/``.ca`` mark kept): readers see the same types
(``isinstance``), but setting, deleting or inserting raises ``FrozenError``.
``copy.deepcopy`` gives plain, mutable ruamel containers (``copy.copy`` a mutable
top level), the way the edit path builds the tree it changes.
"""

from __future__ import annotations

import copy
from typing import Any, TypeVar

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from agent_workbench.model.frozen import FrozenError, _refuse

__all__ = ["FrozenCommentedMap", "FrozenCommentedSeq", "FrozenError", "freeze_tree"]

_M = TypeVar("_M", bound=CommentedMap)


class FrozenCommentedMap(CommentedMap):
    """A ``CommentedMap`` that refuses every change to its entries."""

    __slots__ = ()

    __setitem__ = __delitem__ = _refuse
    clear = pop = popitem = setdefault = update = insert = move_to_end = _refuse
    add_yaml_merge = _refuse
    __ior__ = _refuse

    def __copy__(self) -> CommentedMap:
        """A shallow, mutable copy (its values are still the shared ones)."""
        return self._shallow(CommentedMap())

    def copy(self) -> FrozenCommentedMap:
        """A shallow copy, frozen like its values (``copy.copy`` gives a mutable one)."""
        return self._shallow(FrozenCommentedMap())

    def _shallow(self, result: _M) -> _M:
        for key, value in self._items():
            CommentedMap.__setitem__(result, key, value)
        self.copy_attributes(result)
        return result

    def __deepcopy__(self, memo: Any) -> CommentedMap:
        result = CommentedMap()
        memo[id(self)] = result
        for key in self:
            result[key] = copy.deepcopy(self[key], memo)
        self.copy_attributes(result, memo=memo)
        return result


class FrozenCommentedSeq(CommentedSeq):
    """A ``CommentedSeq`` that refuses every change to its items."""

    __slots__ = ()

    __setitem__ = __delitem__ = _refuse
    append = extend = insert = pop = remove = reverse = sort = clear = _refuse
    __iadd__ = __imul__ = _refuse

    def __copy__(self) -> CommentedSeq:
        result = CommentedSeq(list.__iter__(self))
        self.copy_attributes(result)
        return result

    def __deepcopy__(self, memo: Any) -> CommentedSeq:
        result = CommentedSeq()
        memo[id(self)] = result
        for item in list.__iter__(self):
            list.append(result, copy.deepcopy(item, memo))
        self.copy_attributes(result, memo=memo)
        return result


def freeze_tree(node: Any) -> Any:
    """Freeze every plain ``CommentedMap``/``CommentedSeq`` under ``node`` (in place);
    returns ``node``."""
    stack = [node]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if type(item) is CommentedMap:
            stack.extend(CommentedMap._items(item))  # keys too: a key may be a collection
            item.__class__ = FrozenCommentedMap
        elif type(item) is CommentedSeq:
            stack.extend(list.__iter__(item))
            item.__class__ = FrozenCommentedSeq
        elif isinstance(item, tuple):
            stack.extend(item)
    return node
