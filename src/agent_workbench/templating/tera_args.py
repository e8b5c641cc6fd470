"""Reading a Tera filter's or function's arguments the way Tera's ``try_get_value!`` does:
by name (Jinja-style positional arguments are accepted too), with Tera's error wording."""

from __future__ import annotations

import math
from typing import Any

from agent_workbench.templating.limits import RefusedFilterError
from agent_workbench.templating.tera_print import tera_str
from agent_workbench.templating.values import PendingMap


class TeraFilterError(RefusedFilterError):
    """A built-in called on, or with, a value it does not take (Tera's message)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "template-filter")


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value + '"'
    return tera_str(value)


def arg(args: tuple[Any, ...], kwargs: dict[str, Any], index: int, name: str, default: Any) -> Any:
    if name in kwargs:
        return kwargs[name]
    if len(args) > index:
        return args[index]
    return default


def required(filter_name: str, kwargs: dict[str, Any], name: str) -> Any:
    """An argument Tera's filter cannot do without (``Filter `replace` expected an arg…``)."""
    if name not in kwargs:
        raise TeraFilterError(f"Filter `{filter_name}` expected an arg called `{name}`")
    return kwargs[name]


def pattern_arg(filter_name: str, kwargs: dict[str, Any]) -> str:
    """``pat`` (or ``sep``) as Tera reads it: a written ``\\n`` or ``\\t`` is a newline or a
    tab (string.rs ``split``: "When reading from a file, it will escape `\\n`")."""
    pattern = want_str(filter_name, "pat", required(filter_name, kwargs, "pat"))
    return pattern.replace("\\n", "\n").replace("\\t", "\t")


def want_str(filter_name: str, what: str, value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, PendingMap):
        return ""  # a dependency not read yet, while the frontmatter is first rendered
    raise _wrong(filter_name, what, value, "String")


def want_number(filter_name: str, what: str, value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    raise _wrong(filter_name, what, value, "f64")


def want_int(filter_name: str, what: str, value: Any, *, unsigned: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _wrong(filter_name, what, value, "usize" if unsigned else "i64")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _wrong(filter_name, what, value, "usize" if unsigned else "i64")
        value = int(value)
    if unsigned and value < 0:
        raise _wrong(filter_name, what, value, "usize")
    return value


def want_bool(filter_name: str, what: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise _wrong(filter_name, what, value, "bool")


def want_list(filter_name: str, value: Any) -> list[Any]:
    if isinstance(value, list | tuple):
        return list(value)
    if isinstance(value, PendingMap):
        return []
    raise _wrong(filter_name, "value", value, "Vec<Value>")


def _wrong(filter_name: str, what: str, value: Any, expected: str) -> TeraFilterError:
    if what == "value":
        return TeraFilterError(
            f"Filter `{filter_name}` was called on an incorrect value: "
            f"got `{_shown(value)}` but expected a {expected}"
        )
    return TeraFilterError(
        f"Filter `{filter_name}` received an incorrect type for arg `{what}`: "
        f"got `{_shown(value)}` but expected a {expected}"
    )
