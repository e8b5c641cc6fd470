"""How Tera prints and judges values (Tera 1.20 ``src/context.rs``: ``ValueRender``,
``ValueTruthy``), and its arithmetic where Python's differs.

* A float prints as Rust's ``{}`` does: the shortest digits that round-trip, never an
  exponent, no ``.0`` on a whole number (``2.0`` → ``2``, ``1e20`` → ``100000000000000000000``);
  NaN prints ``NaN``, infinities ``inf`` / ``-inf``.
* An array prints ``[a, b]`` (its items printed the same way), a map ``[object]``,
  null nothing, booleans ``true`` / ``false``.
* Division by zero is NaN (Tera's ``/`` returns NaN), a whole quotient an integer, and
  NaN is false in a test;
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


def serde_float(value: float) -> str:
    """``value`` as serde_json writes an f64 (ryu): ``2.0``, ``1e21``, ``-0.0``, ``1e-7``:
    how Tera prints a variable's number after ``~`` and in ``json_encode``."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    sign = "-" if math.copysign(1.0, value) < 0 else ""
    if value == 0:
        return sign + "0.0"
    _, digit_tuple, exponent = Decimal(repr(abs(value))).as_tuple()
    assert isinstance(exponent, int)
    digits = "".join(map(str, digit_tuple))
    stripped = digits.rstrip("0")
    exponent += len(digits) - len(stripped)
    digits = stripped
    point = len(digits) + exponent  # where the decimal point falls in the digits
    if exponent >= 0 and point <= 16:
        text = digits + "0" * exponent + ".0"
    elif 0 < point <= 16:
        text = digits[:point] + "." + digits[point:]
    elif -5 < point <= 0:
        text = "0." + "0" * -point + digits
    elif len(digits) == 1:
        text = f"{digits}e{point - 1}"
    else:
        text = f"{digits[0]}.{digits[1:]}e{point - 1}"
    return sign + text


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


def concat_operand(value: Any, variable: bool = False) -> str:
    """One side of ``~``: Tera joins strings and numbers only (processor.rs,
    ``ExprVal::StringConcat``): a literal number as Rust's ``{}`` prints it (``1.0`` → ``1``),
    a variable's or a function's as serde_json does (``2.0``, ``1e21``)."""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and variable:
        return serde_float(value)
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
    """Tera's ``/`` (processor.rs, ``MathOperator::Div``): NaN when dividing by zero, an
    integer when the quotient is whole (``4 / 2`` is ``2``, saturating as Rust's ``as i64``),
    else a float."""
    if right == 0:
        return NAN
    result = float(left) / float(right)
    if math.isfinite(result) and result == round(result):
        return max(min(int(result), 2**63 - 1), -(2**63))
    return result


def tera_modulo(left: Any, right: Any) -> Any:
    """Tera's ``%``: integers keep the dividend's sign (Rust's ``%``); by zero is an error."""
    if right == 0:
        raise ZeroDivisionError(f"Tried to do a modulo by zero: {tera_str(left)} % 0")
    if isinstance(left, int) and isinstance(right, int):
        remainder = abs(left) % abs(right)
        return remainder if left >= 0 else -remainder
    return math.fmod(float(left), float(right))
