"""A file's problems as the form shows them: under the field each is about, the rest for the
file as a whole. Both come from the one answer (``diagnose.file_problems``, what
``workbench check`` and the browser report), never from a check of the form's own.

A value being typed is not in the file yet: ``value_problems`` runs the same validation
(``schema.validate``) on the file's fields with that value in place, and keeps what it
finds about that field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from agent_workbench.frontmatter.agentfile import AgentFile
from agent_workbench.model.diagnostics import Diagnostic, Severity


def split_problems(
    diagnostics: Iterable[Diagnostic], keys: Iterable[str]
) -> tuple[dict[str, list[Diagnostic]], list[Diagnostic]]:
    """(the problems of each field among ``keys``, in order; every other problem)."""
    shown = set(keys)
    by_field: dict[str, list[Diagnostic]] = {}
    rest: list[Diagnostic] = []
    for diagnostic in diagnostics:
        if diagnostic.severity is Severity.INFO:
            rest.append(diagnostic)
        elif diagnostic.field is not None and diagnostic.field in shown:
            by_field.setdefault(diagnostic.field, []).append(diagnostic)
        else:
            rest.append(diagnostic)
    return by_field, rest


def value_problems(agent: AgentFile, key: str, value: Any) -> list[Diagnostic]:
    """What validation finds about field ``key`` when it holds ``value`` (the file's other
    fields as they are), for a value typed but not written yet."""
    from agent_workbench.schema.validate import validate

    if agent.document is None:
        return []
    fields: Mapping[str, Any] = {**(agent.fields or {}), key: value}
    return [d for d in validate(agent, fields) if d.field == key]
