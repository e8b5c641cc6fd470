"""How the form words a field's problems: the file's (``diagnose``'s, by field) or those of a
value being typed (``session.value_problems``), one a line, errors first."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from agent_workbench.model.diagnostics import Diagnostic

# What the validation finds about a field holding a value (``session.value_problems``).
Checker = Callable[[str, Any], list[Diagnostic]]


def described(problems: Sequence[Diagnostic]) -> tuple[str | None, bool]:
    """(the problems, one a line, errors first, each after the first marked as
    ``show_problem`` marks the first; whether any is an error)."""
    if not problems:
        return None, False
    ordered = sorted(problems, key=lambda d: not d.is_error)
    lines = [
        ("" if index == 0 else "✗ " if d.is_error else "⚠ ")
        + d.message
        + (f" ({d.suggestion})" if d.suggestion else "")
        for index, d in enumerate(ordered)
    ]
    return "\n".join(lines), ordered[0].is_error
