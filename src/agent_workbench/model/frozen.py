"""Data that many callers share, frozen so that none can change it for the others.

A cached parse (``templating.context.parse_yaml``, a YAML entry's load) is handed
to every caller that asks for the same text. ``freeze`` turns its dicts and lists
into ``FrozenDict`` and ``FrozenList``: still a ``dict`` and a ``list`` to every
reader (``isinstance``, equality, ``json``, iteration, ``repr``), but every
mutating method raises ``FrozenError``. ``copy.copy`` and ``copy.deepcopy`` give
plain, mutable ``dict``/``list`` copies: the way to change what was parsed.
"""

from __future__ import annotations

import copy
from typing import Any, NoReturn


class FrozenError(TypeError):
    """A shared, frozen container was about to be changed."""


def _refuse(self: Any, *args: Any, **kwargs: Any) -> NoReturn:
    raise FrozenError(
        f"this {type(self).__mro__[1].__name__} is a shared parse, frozen: copy it "
        "(copy.deepcopy) before changing it"
    )


def thaw(value: Any, memo: dict[int, Any] | None = None) -> Any:
    """A deep, mutable copy of ``value`` (frozen containers become plain ones)."""
    return copy.deepcopy(value, memo)


class FrozenDict(dict[Any, Any]):
    """A ``dict`` that refuses every change."""

    __slots__ = ()

    __setitem__ = __delitem__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse
    __ior__ = _refuse

    def __copy__(self) -> dict[Any, Any]:
        return dict(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        memo[id(self)] = result
        for key, value in dict.items(self):
            result[copy.deepcopy(key, memo)] = copy.deepcopy(value, memo)
        return result

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (dict(self),))


class FrozenList(list[Any]):
    """A ``list`` that refuses every change."""

    __slots__ = ()

    __setitem__ = __delitem__ = _refuse
    append = extend = insert = pop = remove = reverse = sort = clear = _refuse
    __iadd__ = __imul__ = _refuse

    def __copy__(self) -> list[Any]:
        return list(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> list[Any]:
        result: list[Any] = []
        memo[id(self)] = result
        result.extend(copy.deepcopy(item, memo) for item in list.__iter__(self))
        return result

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenList, (list(self),))


def freeze(value: Any) -> Any:
    """``value`` with every dict and list in it frozen (already frozen parts are reused,
    as are scalars). Shared references stay shared; the input is not changed."""
    return _freeze(value, {})


def _freeze(value: Any, seen: dict[int, Any]) -> Any:
    if type(value) is FrozenDict or type(value) is FrozenList:
        return value
    if isinstance(value, dict):
        done = seen.get(id(value))
        if done is None:
            done = seen[id(value)] = FrozenDict()
            dict.update(done, ((k, _freeze(v, seen)) for k, v in value.items()))
        return done
    if isinstance(value, list):
        done = seen.get(id(value))
        if done is None:
            done = seen[id(value)] = FrozenList()
            list.extend(done, [_freeze(v, seen) for v in value])
        return done
    return value
