"""Tera 1.20's number filters (``src/builtins/filters/number.rs``)."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from agent_workbench.templating.tera_args import (
    TeraFilterError,
    arg,
    want_bool,
    want_int,
    want_number,
    want_str,
)


def _half_away(value: float) -> float:
    """Rust's ``f64::round``: halves go away from zero (``2.5`` → ``3``, ``-2.5`` → ``-3``)."""
    if not math.isfinite(value):
        return value
    return float(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def round_(value: Any, /, *args: Any, **kwargs: Any) -> float:
    number = float(want_number("round", "value", value))
    method = want_str("round", "method", arg(args, kwargs, 1, "method", "common"))
    precision = want_int("round", "precision", arg(args, kwargs, 0, "precision", 0))
    multiplier = 1.0 if precision == 0 else 10.0**precision
    scaled = multiplier * number
    if method == "common":
        return _half_away(scaled) / multiplier
    if method == "ceil":
        return math.ceil(scaled) / multiplier
    if method == "floor":
        return math.floor(scaled) / multiplier
    raise TeraFilterError(
        f'Filter `round` received an incorrect value for arg `method`: got `"{method}"`, '
        "only common, ceil and floor are allowed"
    )


def abs_(value: Any) -> float | int:
    return abs(want_number("abs", "value", value))


def pluralize(value: Any, /, *args: Any, **kwargs: Any) -> str:
    number = float(want_number("pluralize", "value", value))
    plural = want_str("pluralize", "plural", arg(args, kwargs, 1, "plural", "s"))
    singular = want_str("pluralize", "singular", arg(args, kwargs, 0, "singular", ""))
    return plural if abs(abs(number) - 1.0) > 2.220446049250313e-16 else singular


_DECIMAL_UNITS = ("B", "KB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB")
_BINARY_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB")


def filesizeformat(value: Any, /, *args: Any, **kwargs: Any) -> str:
    """humansize's ``WINDOWS`` format (powers of 1024, ``KB``) or ``BINARY`` (``KiB``):
    two decimals at most, trailing zeros dropped (``1 KB``, ``1.46 KB``, ``117.74 MB``)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, float):
        raise TeraFilterError(
            f"Filter `filesizeformat` was called on an incorrect value: "
            f"got `{value}` but expected a usize"
        )
    size = want_int("filesizeformat", "value", value, unsigned=True)
    binary = want_bool("filesizeformat", "binary", arg(args, kwargs, 0, "binary", False))
    units = _BINARY_UNITS if binary else _DECIMAL_UNITS
    scaled = float(size)
    unit = 0
    while scaled >= 1024 and unit < len(units) - 1:
        scaled /= 1024
        unit += 1
    if unit == 0:
        return f"{size} B"
    text = f"{scaled:.2f}".rstrip("0").rstrip(".")
    return f"{text} {units[unit]}"
