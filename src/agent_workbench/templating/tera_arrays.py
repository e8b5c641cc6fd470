"""Tera 1.20's array filters (``src/builtins/filters/array.rs``): they return lists (never
lazy sequences), an empty string where an item is missing, and refuse what is not an array."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from agent_workbench.templating.limits import current_budget
from agent_workbench.templating.tera_args import (
    TeraFilterError,
    arg,
    want_bool,
    want_int,
    want_list,
    want_number,
    want_str,
)
from agent_workbench.templating.tera_print import tera_str


def first(value: Any) -> Any:
    items = want_list("first", value)
    return items[0] if items else ""


def last(value: Any) -> Any:
    items = want_list("last", value)
    return items[-1] if items else ""


def nth(value: Any, /, *args: Any, **kwargs: Any) -> Any:
    items = want_list("nth", value)
    if not items:
        return ""
    raw = arg(args, kwargs, 0, "n", None)
    if raw is None:
        raise TeraFilterError("The `nth` filter has to have an `n` argument")
    index = want_int("nth", "n", raw, unsigned=True)
    return items[index] if index < len(items) else ""


def join(value: Any, /, *args: Any, **kwargs: Any) -> str:
    items = want_list("join", value)
    separator = want_str("truncate", "sep", arg(args, kwargs, 0, "sep", kwargs.get("d", "")))
    separator = separator.replace("\\n", "\n").replace("\\t", "\t")
    parts = [tera_str(item) for item in items]
    current_budget().check_size(sum(map(len, parts)) + len(separator) * len(parts), "`join`")
    return separator.join(parts)


def _index(number: float, size: int) -> int:
    return int(number) if number >= 0 else max(int(size + number), 0)


def slice_(value: Any, /, *args: Any, **kwargs: Any) -> list[Any]:
    items = want_list("slice", value)
    if not items:
        return []
    start_arg = arg(args, kwargs, 0, "start", None)
    end_arg = arg(args, kwargs, 1, "end", None)
    start = 0 if start_arg is None else _index(want_number("slice", "start", start_arg), len(items))
    end = (
        len(items) if end_arg is None else _index(want_number("slice", "end", end_arg), len(items))
    )
    end = min(end, len(items))
    return items[start:end] if start < end else []


def reverse(value: Any) -> Any:
    """Arrays reversed; strings reversed char by char (``s.chars().rev()``, as Tera does)."""
    if isinstance(value, str):
        return value[::-1]
    return list(reversed(want_list("reverse", value)))


def _dotted(item: Any, attribute: str) -> Any:
    """Tera's ``dotted_pointer``: ``a.b.0``; ``None`` when a part is missing."""
    if attribute == "":
        return item
    node = item
    for part in attribute.split("."):
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        elif isinstance(node, list | tuple) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return _MISSING
    return node


_MISSING = object()


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    if value is None:
        return "null"
    return "object"


def sort(value: Any, /, *args: Any, **kwargs: Any) -> list[Any]:
    items = want_list("sort", value)
    if not items:
        return items
    attribute = want_str("sort", "attribute", arg(args, kwargs, 0, "attribute", ""))
    keys = [_dotted(item, attribute) for item in items]
    if any(key is _MISSING for key in keys):
        raise TeraFilterError(f"attribute '{attribute}' does not reference a field")
    kind = _kind(keys[0])
    if kind in ("object", "null"):
        raise TeraFilterError(f"{kind} is not a sortable value")
    for key in keys:
        if _kind(key) != kind:
            raise TeraFilterError(f"expected {kind} got {tera_str(key)!r}".replace("'", '"'))
    if kind == "array":  # arrays sort by length
        order = sorted(range(len(items)), key=lambda i: len(keys[i]))
    else:
        order = sorted(range(len(items)), key=lambda i: keys[i])
    return [items[i] for i in order]


def unique(value: Any, /, *args: Any, **kwargs: Any) -> list[Any]:
    items = want_list("unique", value)
    if not items:
        return items
    case_sensitive = want_bool(
        "unique", "case_sensitive", arg(args, kwargs, 1, "case_sensitive", False)
    )
    attribute = want_str("unique", "attribute", arg(args, kwargs, 0, "attribute", ""))
    first_key = _dotted(items[0], attribute)
    if first_key is _MISSING:
        raise TeraFilterError(f"attribute '{attribute}' does not reference a field")
    kind = _kind(first_key)
    if kind in ("object", "array", "null"):
        raise TeraFilterError(f"Unique filter can't process {kind}s")
    seen: set[Any] = set()
    out: list[Any] = []
    for item in items:
        key = _dotted(item, attribute)
        if key is _MISSING or _kind(key) != kind:
            raise TeraFilterError(f"Unique filter can't compare {tera_str(key)}")
        marker = key.lower() if isinstance(key, str) and not case_sensitive else key
        if isinstance(marker, float) and marker.is_integer():
            marker = int(marker)
        if marker not in seen:
            seen.add(marker)
            out.append(item)
    return out


def map_(value: Any, /, *args: Any, **kwargs: Any) -> list[Any]:
    items = want_list("map", value)
    if not items:
        return items
    attribute = arg(args, kwargs, 0, "attribute", None)
    if attribute is None:
        raise TeraFilterError("The `map` filter has to have an `attribute` argument")
    attribute = want_str("map", "attribute", attribute)
    picked = (_dotted(item, attribute) for item in items)
    return [v for v in picked if v is not _MISSING and v is not None]


def filter_(value: Any, /, *args: Any, **kwargs: Any) -> list[Any]:
    items = want_list("filter", value)
    if not items:
        return items
    attribute = arg(args, kwargs, 0, "attribute", None)
    if attribute is None:
        raise TeraFilterError("The `filter` filter has to have an `attribute` argument")
    attribute = want_str("filter", "attribute", attribute)
    wanted = arg(args, kwargs, 1, "value", None)
    out = []
    for item in items:
        found = _dotted(item, attribute)
        found = None if found is _MISSING else found
        if (found is not None) if wanted is None else (found == wanted):
            out.append(item)
    return out


def group_by(value: Any, /, *args: Any, **kwargs: Any) -> dict[str, list[Any]]:
    items = want_list("group_by", value)
    if not items:
        return {}
    attribute = arg(args, kwargs, 0, "attribute", None)
    if attribute is None:
        raise TeraFilterError("The `group_by` filter has to have an `attribute` argument")
    attribute = want_str("group_by", "attribute", attribute)
    grouped: dict[str, list[Any]] = {}
    for item in items:
        key = _dotted(item, attribute)
        if key is _MISSING or key is None:
            continue
        grouped.setdefault(key if isinstance(key, str) else tera_str(key), []).append(item)
    return grouped


def concat(value: Any, /, *args: Any, **kwargs: Any) -> list[Any]:
    items = want_list("concat", value)
    if "with" not in kwargs and not args:
        raise TeraFilterError("The `concat` filter has to have a `with` argument")
    other = arg(args, kwargs, 0, "with", None)
    return [*items, *other] if isinstance(other, list | tuple) else [*items, other]
