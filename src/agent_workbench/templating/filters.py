"""Tera's filters, tests and functions, for the Jinja2 environment (named arguments and all)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, NoReturn

from jinja2.runtime import Undefined

from agent_workbench.templating.limits import (
    CHECK_EVERY,
    MAX_RANGE,
    RefusedFilterError,
    RenderLimitError,
    current_budget,
)
from agent_workbench.templating.values import TeraUndefined

# -- Tera filters --------------------------------------------------------------------


def _is_undefined(value: Any) -> bool:
    return isinstance(value, Undefined)


def _tera_default(value: Any, /, *args: Any, **kwargs: Any) -> Any:
    fallback = kwargs.pop("value", args[0] if args else "")
    if _is_undefined(value) or value is None:
        return fallback
    return value


def _tera_replace(value: Any, /, *args: Any, **kwargs: Any) -> str:
    old = str(kwargs.get("from", args[0] if args else ""))
    new = str(kwargs.get("to", args[1] if len(args) > 1 else ""))
    text = str(value)
    if old:
        current_budget().check_size(
            len(text) + text.count(old) * (len(new) - len(old)), "`replace`"
        )
    return text.replace(old, new)


def _tera_join(value: Iterable[Any], *args: Any, sep: str | None = None, **kwargs: Any) -> str:
    separator = sep if sep is not None else kwargs.get("d", args[0] if args else "")
    items = [str(v) for v in value]
    current_budget().check_size(sum(map(len, items)) + len(separator) * len(items), "`join`")
    return str(separator).join(items)


def _tera_truncate(value: Any, /, *args: Any, **kwargs: Any) -> str:
    length = int(kwargs.get("length", args[0] if args else 255))
    end = str(kwargs.get("end", "…"))
    text = str(value)
    if len(text) <= length:
        return text
    return text[:length] + end


def _tera_split(value: Any, /, *args: Any, **kwargs: Any) -> list[str]:
    pat = str(kwargs.get("pat", args[0] if args else " "))
    return str(value).split(pat) if pat else list(str(value))


def _tera_json_encode(value: Any, *args: Any, pretty: bool = False, **kwargs: Any) -> str:
    return json.dumps(
        _plain(value),
        ensure_ascii=False,
        sort_keys=True,
        indent=2 if pretty else None,
        separators=None if pretty else (",", ":"),
    )


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _tera_first(value: Any) -> Any:
    seq = list(value)
    return seq[0] if seq else TeraUndefined(name="first")


def _tera_last(value: Any) -> Any:
    seq = list(value)
    return seq[-1] if seq else TeraUndefined(name="last")


def _tera_nth(value: Any, *args: Any, n: int | None = None) -> Any:
    index = int(n if n is not None else args[0])
    seq = list(value)
    return seq[index] if 0 <= index < len(seq) else TeraUndefined(name=f"[{index}]")


def _tera_get(value: Mapping[str, Any], *args: Any, **kwargs: Any) -> Any:
    key = kwargs.get("key", args[0] if args else "")
    if key in value:
        return value[key]
    if "default" in kwargs:
        return kwargs["default"]
    return TeraUndefined(obj=value, name=str(key))


def _tera_concat(value: Any, /, *args: Any, **kwargs: Any) -> list[Any]:
    other = kwargs.get("with", args[0] if args else [])
    base = list(value)
    return [*base, *other] if isinstance(other, list | tuple) else [*base, other]


def _tera_capitalize(value: Any) -> str:
    text = str(value)
    return text[:1].upper() + text[1:].lower()


def _tera_title(value: Any) -> str:
    return re.sub(r"\w+", lambda m: m.group(0)[:1].upper() + m.group(0)[1:].lower(), str(value))


def _tera_indent(value: Any, /, *args: Any, **kwargs: Any) -> str:
    prefix = kwargs.get("prefix", args[0] if args else "    ")
    if isinstance(prefix, int):
        current_budget().check_size(prefix, "`indent` width")
        prefix = " " * prefix
    first = bool(kwargs.get("first", False))
    blank = bool(kwargs.get("blank", False))
    lines = str(value).split("\n")
    out = []
    for index, line in enumerate(lines):
        if (index == 0 and not first) or (not line.strip() and not blank):
            out.append(line)
        else:
            out.append(f"{prefix}{line}")
    return "\n".join(out)


def _tera_wordcount(value: Any) -> int:
    return len(str(value).split())


def _tera_trim_start_matches(value: Any, *args: Any, pat: str | None = None) -> str:
    pattern = pat if pat is not None else (args[0] if args else "")
    text = str(value)
    while pattern and text.startswith(pattern):
        text = text[len(pattern) :]
    return text


def _tera_trim_end_matches(value: Any, *args: Any, pat: str | None = None) -> str:
    pattern = pat if pat is not None else (args[0] if args else "")
    text = str(value)
    while pattern and text.endswith(pattern):
        text = text[: -len(pattern)]
    return text


def _tera_content(value: Any) -> str:
    reader = current_budget().content
    if reader is None:
        raise RefusedFilterError(
            "the `content` filter is not available here", "content-unavailable"
        )
    return reader(str(value))


def _tera_iter(value: Any, targets: int) -> Iterator[Any]:
    """What a ``for`` loop walks: sorted keys (one target) or sorted items (two) of a map."""
    if _is_undefined(value):
        value._fail("iterated")  # type: ignore[union-attr]
    if isinstance(value, Mapping):
        keys = sorted(value, key=lambda k: (str(type(k)), k) if not isinstance(k, str) else ("", k))
        items: Iterable[Any] = [(k, value[k]) for k in keys] if targets == 2 else keys
    else:
        items = value
    budget = current_budget()
    budget.check()
    for count, item in enumerate(items, 1):
        if count % CHECK_EVERY == 0:
            budget.check()
        yield item


TERA_FILTERS: dict[str, Callable[..., Any]] = {
    "default": _tera_default,
    "d": _tera_default,
    "replace": _tera_replace,
    "join": _tera_join,
    "truncate": _tera_truncate,
    "split": _tera_split,
    "json_encode": _tera_json_encode,
    "tojson": _tera_json_encode,
    "length": len,
    "upper": lambda v: str(v).upper(),
    "lower": lambda v: str(v).lower(),
    "trim": lambda v: str(v).strip(),
    "trim_start": lambda v: str(v).lstrip(),
    "trim_end": lambda v: str(v).rstrip(),
    "trim_start_matches": _tera_trim_start_matches,
    "trim_end_matches": _tera_trim_end_matches,
    "title": _tera_title,
    "capitalize": _tera_capitalize,
    "first": _tera_first,
    "last": _tera_last,
    "nth": _tera_nth,
    "get": _tera_get,
    "concat": _tera_concat,
    "indent": _tera_indent,
    "wordcount": _tera_wordcount,
    "as_str": str,
    "content": _tera_content,
    "_tera_iter": _tera_iter,
    "_tera_bool": bool,
    "_tera_sized": lambda v: v,  # the guard checks the size of string results
}

# Filters whose numeric arguments size their output.
_SIZED_FILTERS = frozenset({"center", "format", "wordwrap", "filesizeformat"})
_UNDEFINED_OK = frozenset({"default", "d", "_tera_bool"})


def guard_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter: refuse undefined input (except ``default``), check the budget."""
    allow_undefined = name in _UNDEFINED_OK
    sized = name in _SIZED_FILTERS

    pass_arg = getattr(func, "jinja_pass_arg", None)

    def guarded(*args: Any, **kwargs: Any) -> Any:
        if pass_arg is not None:
            head, value, rest = args[:1], args[1], args[2:]
        else:
            head, value, rest = (), args[0], args[1:]
        if not allow_undefined and isinstance(value, TeraUndefined):
            value._fail("iterated" if name == "_tera_iter" else f"passed to filter `{name}`")
        budget = current_budget()
        budget.tick()
        if sized:
            for arg in (*rest, *kwargs.values()):
                if isinstance(arg, int) and not isinstance(arg, bool):
                    budget.check_size(arg, f"`{name}` width")
        result = func(*head, value, *rest, **kwargs)
        if isinstance(result, str):
            budget.check_size(len(result), f"the result of `{name}`")
        return result

    guarded.__name__ = f"tera_{name}"
    if pass_arg is not None:
        guarded.jinja_pass_arg = pass_arg  # type: ignore[attr-defined]
    return guarded


# -- tests -------------------------------------------------------------------------

TERA_TESTS: dict[str, Callable[..., bool]] = {
    "starting_with": lambda v, p: isinstance(v, str) and v.startswith(p),
    "ending_with": lambda v, p: isinstance(v, str) and v.endswith(p),
    "containing": lambda v, p: not _is_undefined(v) and p in v,
    "object": lambda v: isinstance(v, Mapping),
    "array": lambda v: isinstance(v, list | tuple),
}


# -- globals -----------------------------------------------------------------------


def tera_range(*args: Any, **kwargs: Any) -> range:
    """``range(end=N, start=0, step_by=1)`` (Tera) or ``range(a, b, c)`` (Jinja), capped."""
    if kwargs:
        start = int(kwargs.get("start", 0))
        end = int(kwargs.get("end", 0))
        step = int(kwargs.get("step_by", 1))
        rng = range(start, end, step)
    else:
        rng = range(*(int(a) for a in args))
    if len(rng) > MAX_RANGE:
        raise RenderLimitError(
            f"render stopped: range() of {len(rng):,} items (limit {MAX_RANGE:,})",
            "render-range",
        )
    return rng


def tera_throw(*args: Any, message: str | None = None) -> NoReturn:
    raise RefusedFilterError(
        str(message if message is not None else (args[0] if args else "")), "throw"
    )
