"""Is an edit fair? Refused only when the edit itself makes something worse.

A file's old problems (a missing ``name``, an unknown model) are reported, never
enforced: an edit that does not touch them goes through. An error counts against the
edit when it is new (not among the file's errors before) and either sits on a line
the edit changed or added, or names a field the edit set or removed (removing
``name`` makes "`name` is missing" the edit's doing, wherever it is reported).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from agent_workbench.model.diagnostics import Diagnostic
from agent_workbench.model.document import AgentDocument

_NAMED = re.compile(r"`([^`]+)`")


@dataclass(frozen=True)
class EditVerdict:
    caused: list[Diagnostic]  # errors the edit makes: refuse it (unless forced)
    present: list[Diagnostic]  # errors the file has either way: report them


def _errors(rel: str, document: AgentDocument, outer: str) -> list[Diagnostic]:
    from agent_workbench.frontmatter.agentfile import AgentFile
    from agent_workbench.schema.validate import validate

    agent = AgentFile.from_document(rel, document, outer=outer, fast=True)
    if agent.fields is None or agent.has_template_blocks:
        return []
    return [d for d in validate(agent, agent.fields, errors_only=True) if d.is_error]


def changed_lines(before: str, after: str) -> set[int]:
    """1-based lines of ``after`` that the edit changed or added."""
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False)
    lines: set[int] = set()
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "insert"):
            lines.update(range(j1 + 1, j2 + 1))
    return lines


def _names(diagnostic: Diagnostic) -> set[str]:
    """The fields a message names (`name`, `tools.write`, `model: haiku`), top-level part."""
    names = set()
    for quoted in _NAMED.findall(diagnostic.message):
        head = re.split(r"[.:\[ ]", quoted, maxsplit=1)[0]
        names.add(head.strip("'\""))
    return names


def judge_edit(
    rel: str,
    before: AgentDocument,
    after: AgentDocument,
    touched: Iterable[list[Any]],
    *,
    outer: str = "",
) -> EditVerdict:
    """Split the errors of the edited document into the edit's and the file's own.

    ``outer``: the project's root, whose own folders can say which tool reads the file."""
    known = {(d.code, d.message) for d in _errors(rel, before, outer)}
    lines = changed_lines(before.text, after.text)
    keys = {str(path[0]) for path in touched if path}
    caused: list[Diagnostic] = []
    present: list[Diagnostic] = []
    for diagnostic in _errors(rel, after, outer):
        new = (diagnostic.code, diagnostic.message) not in known
        if new and (diagnostic.line in lines or _names(diagnostic) & keys):
            caused.append(diagnostic)
        else:
            present.append(diagnostic)
    return EditVerdict(caused, present)
