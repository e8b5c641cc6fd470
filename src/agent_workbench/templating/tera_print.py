"""How Tera prints and judges values (Tera 1.20 ``src/context.rs``: ``ValueRender``,
``ValueTruthy``), and its arithmetic where Python's differs.

* A float prints as Rust's ``{}`` does: the shortest digits that round-trip, never an
  exponent, no ``.0`` on a whole number (``2.0`` → ``2``, ``1e20`` → ``100000000000000000000``);
  NaN prints ``NaN``, infinities ``inf`` / ``-inf``.
* An array prints ``[a, b]`` (its items printed the same way), a map ``[object]``,
  null nothing, booleans ``true`` / ``false``.
* Division by zero is NaN (Tera's ``/`` returns NaN), and NaN is false in a test;
  a remainder by zero is an error.
* ``%`` keeps the sign of the dividend (Rust's remainder), ``-3 % 2`` is ``-1``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any


class TeraNaN(float):
    """Tera's NaN: prints ``NaN`` and is false in a test (``ValueTruthy``)."""

    def __new__(cls) -> TeraNaN:
        return super().__new__(cls, "nan")

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NaN"

    __str__ = __repr__


NAN = TeraNaN()


def format_float(value: float) -> str:
    """``value`` as Rust's ``Display`` for ``f64`` writes it."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    text = format(Decimal(repr(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def tera_str(value: Any) -> str:
    """``value`` printed as Tera prints it in ``{{ }}`` or after ``~``."""
    if type(value) is str:
        return value
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        return format_float(value)
    if isinstance(value, int | str):
        return str(value)
    if isinstance(value, Mapping):
        return "[object]"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(tera_str(item) for item in value) + "]"
    return str(value)


def concat_operand(value: Any) -> str:
    """One side of ``~``: Tera joins strings and numbers only (``eval_string_concat``)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return tera_str(value)
    raise TypeError(
        f"Tried to concat a value that is not a string or a number: {tera_str(value) or 'null'}"
    )


def tera_truthy(value: Any) -> bool:
    """Tera's truthiness: NaN, 0, empty strings, arrays and maps, null are false."""
    if isinstance(value, float) and math.isnan(value):
        return False
    return bool(value)


def tera_divide(left: Any, right: Any) -> Any:
    """Tera's ``/``: always a float; NaN when dividing by zero."""
    if right == 0:
        return NAN
    return float(left) / float(right)


def tera_modulo(left: Any, right: Any) -> Any:
    """Tera's ``%``: integers keep the dividend's sign (Rust's ``%``); by zero is an error."""
    if right == 0:
        raise ZeroDivisionError(f"Tried to do a modulo by zero: {tera_str(left)} % 0")
    if isinstance(left, int) and isinstance(right, int):
        remainder = abs(left) % abs(right)
        return remainder if left >= 0 else -remainder
    return math.fmod(float(left), float(right))
