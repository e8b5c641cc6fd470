"""Tera 1.20's tests (``src/builtins/testers.rs``): ``defined``, ``undefined``, ``string``,
``number``, ``odd``, ``even``, ``divisibleby``, ``iterable``, ``object``, ``starting_with``,
``ending_with``, ``containing``, ``matching``."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from jinja2.runtime import Undefined

from agent_workbench.templating.tera_args import TeraFilterError


def _number(test: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TeraFilterError(f"Tester `{test}` was called on a variable that isn't a number")
    return value


def _string_arg(test: str, value: Any) -> str:
    if not isinstance(value, str):
        raise TeraFilterError(f"Tester `{test}` was called with a parameter that isn't a string")
    return value


def _odd(value: Any) -> bool:
    return math.fmod(_number("odd", value), 2.0) != 0.0


def _even(value: Any) -> bool:
    return not _odd(value)


def _divisibleby(value: Any, divisor: Any) -> bool:
    number = _number("divisibleby", value)
    if isinstance(divisor, bool) or not isinstance(divisor, int | float):
        raise TeraFilterError(
            "Tester `divisibleby` was called with a parameter that isn't a number"
        )
    return divisor != 0 and math.fmod(number, divisor) == 0.0  # Rust: x % 0.0 is NaN


def _starting_with(value: Any, prefix: Any) -> bool:
    if not isinstance(value, str):
        raise TeraFilterError("Tester `starting_with` was called on a variable that isn't a string")
    return value.startswith(_string_arg("starting_with", prefix))


def _ending_with(value: Any, suffix: Any) -> bool:
    if not isinstance(value, str):
        raise TeraFilterError("Tester `ending_with` was called on a variable that isn't a string")
    return value.endswith(_string_arg("ending_with", suffix))


def _containing(value: Any, needle: Any) -> bool:
    if isinstance(value, str):
        return _string_arg("containing", needle) in value
    if isinstance(value, Mapping):
        return _string_arg("containing", needle) in value
    if isinstance(value, list | tuple):
        return needle in value
    raise TeraFilterError("Tester `containing` can only be used on string, array or map")


def _matching(value: Any, pattern: Any) -> bool:
    """A Rust ``regex`` search (unanchored) of the string."""
    if not isinstance(value, str):
        raise TeraFilterError("Tester `matching` was called on a variable that isn't a string")
    try:
        compiled = re.compile(_string_arg("matching", pattern))
    except re.error as exc:
        raise TeraFilterError(f"Tester `matching`: Invalid regular expression: {exc}") from None
    return compiled.search(value) is not None


def _on_defined(name: str, test: Callable[..., bool]) -> Callable[..., bool]:
    """testers.rs ``value_defined``: every tester but ``defined``/``undefined`` refuses a
    variable that is not there (``{% if nope is string %}`` fails the render)."""

    def run(value: Any, *args: Any) -> bool:
        if isinstance(value, Undefined):
            raise TeraFilterError(f"Tester `{name}` was called on an undefined variable")
        return test(value, *args)

    return run


def _no_args(name: str, test: Callable[[Any], bool]) -> Callable[..., bool]:
    """testers.rs ``number_args_allowed``: ``{% if a is undefined(1) %}`` fails."""

    def run(value: Any, *args: Any) -> bool:
        if args:
            raise TeraFilterError(
                f"Tester `{name}` was called with some args but this test doesn't take args"
            )
        return test(value)

    return run


_TESTERS: dict[str, Callable[..., bool]] = {
    "defined": lambda v: not isinstance(v, Undefined),
    "undefined": lambda v: isinstance(v, Undefined),
    "string": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "odd": _odd,
    "even": _even,
    "divisibleby": _divisibleby,
    "iterable": lambda v: isinstance(v, list | tuple | Mapping),
    "object": lambda v: isinstance(v, Mapping),
    "starting_with": _starting_with,
    "ending_with": _ending_with,
    "containing": _containing,
    "matching": _matching,
}
_TAKE_ARGS = frozenset({"divisibleby", "starting_with", "ending_with", "containing", "matching"})
TERA_TESTS: dict[str, Callable[..., bool]] = {
    name: _on_defined(name, test if name in _TAKE_ARGS else _no_args(name, test))
    if name not in ("defined", "undefined")
    else _no_args(name, test)
    for name, test in _TESTERS.items()
}
