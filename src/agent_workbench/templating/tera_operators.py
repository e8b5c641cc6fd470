"""Tera 1.20's arithmetic and ``in`` operator, as ``src/renderer/processor.rs`` of
``Keats/tera`` v1.20.1 evaluates them (``eval_as_number``, ``eval_in_condition``):

* ``+ - * / %`` take numbers only; a string, an array, a map or a boolean is an error.
* Integers are 64-bit: ``+ - *`` on two integers that fit an ``i64`` must give one
  (``i64::MAX + 1`` is an error, not a bigger number), else two that fit a ``u64``
  must give a ``u64``; anything else is computed in floating point.
* ``x in container``: an array holds ``x`` when one item equals it as JSON values do
  (``1`` is not ``1.0``, ``true`` is not ``1``); a string or a map only takes a string
  ``x``; anything else is an error.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any

from jinja2.runtime import Undefined

from agent_workbench.templating.tera_args import TeraFilterError
from agent_workbench.templating.tera_print import tera_divide, tera_modulo, tera_str

_I64 = (-(2**63), 2**63 - 1)
_U64 = (0, 2**64 - 1)
_INTEGER_OPS: dict[str, tuple[str, Callable[[Any, Any], Any]]] = {
    "+": ("+", operator.add),
    "-": ("-", operator.sub),
    "*": ("x", operator.mul),  # processor.rs writes `x` in its overflow message
}


def _number(value: Any) -> Any:
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()
    if isinstance(value, bool):
        raise TeraFilterError(f"Tried to do math with a boolean: `{tera_str(value)}`")
    if not isinstance(value, int | float):
        kind = "a string" if isinstance(value, str) else "a value"
        raise TeraFilterError(
            f"`{tera_str(value)}` ({kind}) was used in a math operation but is not a number"
        )
    return value


def _within(value: int, bounds: tuple[int, int]) -> bool:
    return bounds[0] <= value <= bounds[1]


def tera_math(symbol: str, left: Any, right: Any) -> Any:
    """``left symbol right`` as Tera computes it (``symbol`` one of ``+ - * / %``)."""
    left, right = _number(left), _number(right)
    if symbol == "/":
        return tera_divide(left, right)
    if symbol == "%":
        return tera_modulo(left, right)
    shown, apply = _INTEGER_OPS[symbol]
    if isinstance(left, int) and isinstance(right, int):
        for bounds, kind in ((_I64, "i64"), (_U64, "u64")):
            if _within(left, bounds) and _within(right, bounds):
                result = apply(left, right)
                if not _within(result, bounds):
                    raise TeraFilterError(
                        f"{left} {shown} {right} results in an out of bounds {kind}"
                    )
                return result
        return apply(float(left), float(right))
    return apply(left, right)


def tera_equal(left: Any, right: Any) -> bool:
    """Equal as JSON values (serde_json's ``Value`` equality): types must match."""
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    if isinstance(left, int) and isinstance(right, int):
        return left == right
    if isinstance(left, float) and isinstance(right, float):
        return left == right
    if isinstance(left, list | tuple) and isinstance(right, list | tuple):
        return len(left) == len(right) and all(map(tera_equal, left, right))
    if isinstance(left, Mapping) and isinstance(right, Mapping):
        return left.keys() == right.keys() and all(tera_equal(left[k], right[k]) for k in left)
    if isinstance(left, int | float) or isinstance(right, int | float):
        return False
    return bool(left == right)


def tera_in(container: Any, needle: Any, negated: bool) -> bool:
    """``needle in container`` (``not in`` when ``negated``)."""
    if isinstance(needle, Undefined):
        needle._fail_with_undefined_error()
    if isinstance(container, list | tuple):
        present = any(tera_equal(item, needle) for item in container)
    elif isinstance(container, str | Mapping):
        if not isinstance(needle, str):
            where = "a string" if isinstance(container, str) else "a object"
            raise TeraFilterError(
                f"Tried to check if `{tera_str(needle)}` is in {where}, but it isn't a string"
            )
        present = needle in container
    else:
        raise TeraFilterError("The `in` operator only supports strings, arrays and objects.")
    return present != negated


def tera_equals(left: Any, right: Any, negated: bool) -> bool:
    """``left == right`` (``!=`` when ``negated``), processor.rs ``LogicOperator::Eq``: two
    numbers compare as f64; a number against anything else is false, for ``!=`` too
    (``true == 1`` and ``1 != "a"`` are both false); other values compare as JSON values."""
    for value in (left, right):
        if isinstance(value, Undefined):
            value._fail_with_undefined_error()
    left_number = isinstance(left, int | float) and not isinstance(left, bool)
    right_number = isinstance(right, int | float) and not isinstance(right, bool)
    if left_number != right_number:
        return False  # "We're not implementing JS": false for `!=` too
    if left_number:
        return (float(left) == float(right)) != negated
    return tera_equal(left, right) != negated
