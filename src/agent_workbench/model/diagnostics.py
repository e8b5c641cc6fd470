"""Problems found in agent files, reported the way compilers do: PATH:LINE:COL."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Diagnostic:
    """One problem, located in a file as its author sees it (1-based line and column)."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str
    suggestion: str | None = None
    code: str = ""
    expression: str | None = None
    # The top-level frontmatter field the problem is about (None: the file as a whole):
    # the form shows it under that field.
    field: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.severity.value}: {self.message}"
        if self.suggestion:
            text += f" ({self.suggestion})"
        return text

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "message": self.message,
            "suggestion": self.suggestion,
            "code": self.code,
            "expression": self.expression,
            "field": self.field,
        }


@dataclass
class DiagnosticError(Exception):
    """An operation failed for a reason that a Diagnostic explains."""

    diagnostic: Diagnostic
    extra: list[Diagnostic] = field(default_factory=list)

    def __str__(self) -> str:
        return self.diagnostic.format()


class DiagnosticMaker(Protocol):
    def __call__(
        self,
        path: str,
        line: int,
        column: int,
        message: str,
        *,
        suggestion: str | None = None,
        code: str = "",
        expression: str | None = None,
        field: str | None = None,
    ) -> Diagnostic: ...


def _located(severity: Severity) -> DiagnosticMaker:
    def make(
        path: str,
        line: int,
        column: int,
        message: str,
        *,
        suggestion: str | None = None,
        code: str = "",
        expression: str | None = None,
        field: str | None = None,
    ) -> Diagnostic:
        return Diagnostic(
            path, line, column, severity, message, suggestion, code, expression, field
        )

    make.__name__ = severity.value
    make.__doc__ = f"A Diagnostic of severity {severity.value}."
    return make


error = _located(Severity.ERROR)
warning = _located(Severity.WARNING)
