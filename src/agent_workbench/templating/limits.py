"""Render budgets: the deadline and output size a template may not exceed, and render errors.

The checks are cooperative: loop iterations, calls, filters, attribute reads and
output chunks call into the budget of the render running in this context.
"""

from __future__ import annotations

import contextvars
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from jinja2.exceptions import UndefinedError

DEFAULT_TIME_LIMIT = 5.0
DEFAULT_MAX_OUTPUT = 32 * 1024 * 1024
MAX_RANGE = 100_000
CHECK_EVERY = 256

# -- errors --------------------------------------------------------------------


class TemplateRenderError(Exception):
    """A render failed; ``line`` is 1-based in the template source (None if unknown)."""

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        expression: str | None = None,
        suggestion: str | None = None,
        code: str = "template-error",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.expression = expression
        self.suggestion = suggestion
        self.code = code


class UndefinedVariableError(UndefinedError):
    """An undefined value was printed, iterated or filtered."""

    def __init__(self, path: str, action: str) -> None:
        super().__init__(f"`{path}` is not defined ({action})")
        self.path = path
        self.action = action


class RenderLimitError(Exception):
    """The render ran past its time or size budget."""

    def __init__(self, message: str, code: str, line: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.line = line


class RefusedFilterError(Exception):
    """A filter refused its input (a ``content`` path outside the root, …)."""

    def __init__(self, message: str, code: str = "filter-error") -> None:
        super().__init__(message)
        self.code = code


# -- the render budget (per render, per thread) ----------------------------------


@dataclass
class Budget:
    """Deadline and output budget of the render running in this context."""

    deadline: float
    max_output: int
    time_limit: float
    content: Callable[[str], str] | None = None
    ticks: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise RenderLimitError(
                f"render stopped: it ran for more than {self.time_limit:g} s "
                "(a runaway loop or recursion?)",
                "render-timeout",
            )

    def tick(self) -> None:
        self.ticks += 1
        if self.ticks % CHECK_EVERY == 0:
            self.check()

    def check_size(self, size: int, what: str) -> None:
        if size > self.max_output:
            raise RenderLimitError(
                f"render stopped: {what} would be {size:,} characters (limit {self.max_output:,})",
                "render-too-large",
            )


budget_var: contextvars.ContextVar[Budget | None] = contextvars.ContextVar(
    "agpm_render_budget", default=None
)


def current_budget() -> Budget:
    budget = budget_var.get()
    if budget is None:  # rendering outside render_template(): default limits
        budget = Budget(
            time.monotonic() + DEFAULT_TIME_LIMIT, DEFAULT_MAX_OUTPUT, DEFAULT_TIME_LIMIT
        )
        budget_var.set(budget)
    return budget


def check_str_method(text: str, name: str, args: tuple[Any, ...], budget: Budget) -> None:
    """Refuse str methods whose arguments would build a huge string."""
    if name in {"center", "ljust", "rjust", "zfill"} and args and isinstance(args[0], int):
        budget.check_size(args[0], f"`{name}` width")
    elif name in {"format", "format_map"}:
        for spec in re.findall(r"\{[^{}]*\}", text):
            for number in re.findall(r"\d+", spec):
                budget.check_size(int(number), "a format width")
    elif name == "expandtabs":
        size = args[0] if args and isinstance(args[0], int) else 8
        budget.check_size(text.count("\t") * size + len(text), "`expandtabs`")
    elif name == "replace" and len(args) >= 2 and args[0]:
        old, new = str(args[0]), str(args[1])
        budget.check_size(len(text) + text.count(old) * (len(new) - len(old)), "`replace`")
    elif name == "join" and args and isinstance(args[0], list | tuple):
        items = args[0]
        budget.check_size(sum(len(str(i)) for i in items) + len(text) * len(items), "`join`")
