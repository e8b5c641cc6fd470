"""Tera 1.20's global functions (``src/builtins/functions.rs``): ``range``, ``now``,
``throw``, ``get_random``, ``get_env``. AGPM v0.4.14 renders with ``Tera::default()``
(``src/templating/renderer.rs``, ``render_template``), so all five are available to
its templates, ``get_env`` included: it reads the process environment."""

from __future__ import annotations

import os
import random
from datetime import UTC, datetime
from typing import Any, NoReturn

from agent_workbench.templating.limits import MAX_RANGE, RefusedFilterError, RenderLimitError
from agent_workbench.templating.tera_args import TeraFilterError


def _number(function: str, name: str, value: Any, *, unsigned: bool) -> int:
    ok = isinstance(value, int) and not isinstance(value, bool) and (value >= 0 or not unsigned)
    if not ok:
        raise TeraFilterError(
            f"Function `{function}` received {name}={value} but `{name}` can only be a number"
        )
    return value


def tera_range(*args: Any, **kwargs: Any) -> list[int]:
    """``range(end=N, start=0, step_by=1)``; Jinja's positional form is read too. Capped."""
    if args and not kwargs:
        kwargs = dict(
            zip(("start", "end", "step_by"), args if len(args) > 1 else (0, *args), strict=False)
        )
    if "end" not in kwargs:
        raise TeraFilterError("Function `range` was called without a `end` argument")
    start = _number("range", "start", kwargs.get("start", 0), unsigned=True)
    end = _number("range", "end", kwargs["end"], unsigned=True)
    step = _number("range", "step_by", kwargs.get("step_by", 1), unsigned=True)
    if start > end:
        raise TeraFilterError(
            "Function `range` was called with a `start` argument greater than the `end` one"
        )
    if step == 0:  # Tera loops forever here; the workbench stops
        raise RenderLimitError("render stopped: range() with step_by=0 never ends", "render-range")
    count = len(range(start, end, step))
    if count > MAX_RANGE:
        raise RenderLimitError(
            f"render stopped: range() of {count:,} items (limit {MAX_RANGE:,})", "render-range"
        )
    return list(range(start, end, step))


def _flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise TeraFilterError(
            f"Function `now` received {name}={value} but `{name}` can only be a boolean"
        )
    return value


def tera_now(*, utc: Any = False, timestamp: Any = False) -> str | int:
    """The current time as RFC 3339 (local or UTC), or a Unix timestamp."""
    moment = datetime.now(UTC) if _flag("utc", utc) else datetime.now().astimezone()
    if _flag("timestamp", timestamp):
        return int(moment.timestamp())
    return moment.isoformat()  # RFC 3339, as chrono's `to_rfc3339`


def tera_throw(*args: Any, message: Any = None) -> NoReturn:
    if message is None and args:
        message = args[0]
    if message is None:
        raise RefusedFilterError(
            "Function `throw` was called without a `message` argument", "throw"
        )
    if not isinstance(message, str):
        raise RefusedFilterError(
            f"Function `throw` received message={message} but `message` can only be a string",
            "throw",
        )
    raise RefusedFilterError(message, "throw")


def tera_get_random(*, end: Any = None, start: Any = 0) -> int:
    if end is None:
        raise TeraFilterError("Function `get_random` didn't receive an `end` argument")
    low = _number("get_random", "start", start, unsigned=False)
    high = _number("get_random", "end", end, unsigned=False)
    if low >= high:  # Tera panics on an empty range
        raise TeraFilterError(f"Function `get_random`: empty range {low}..{high}")
    return random.randrange(low, high)


def tera_get_env(*, name: Any = None, **kwargs: Any) -> Any:
    """An environment variable, or ``default``; an error if neither exists (as Tera)."""
    if name is None:
        raise TeraFilterError("Function `get_env` didn't receive a `name` argument")
    if not isinstance(name, str):
        raise TeraFilterError(
            f"Function `get_env` received name={name} but `name` can only be a string"
        )
    value = os.environ.get(name)
    if value is not None:
        return value
    if "default" in kwargs:
        return kwargs["default"]
    raise TeraFilterError(f"Environment variable `{name}` not found")


NOT_FOUND = "_tera_not_found"  # the hook a name Tera would not find is rewritten to


def tera_not_found(*_value: Any, message: str) -> NoReturn:
    """What a call of a function, filter or test that Tera 1.20 does not have does when it
    runs: Tera looks names up while rendering (processor.rs ``eval_tera_fn_call``,
    ``eval_filter``, ``eval_test``: "Function 'f' not found"), so one in a branch that is
    never taken renders."""
    raise RefusedFilterError(message, "template-error")


TERA_FUNCTIONS = {
    "range": tera_range,
    "now": tera_now,
    "throw": tera_throw,
    "get_random": tera_get_random,
    "get_env": tera_get_env,
}
