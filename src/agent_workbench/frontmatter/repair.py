"""``workbench check --fix``: quote the values that break YAML, and nothing else.

The typical break is a Claude Code description with an unquoted ``: `` inside
(``... Examples: user: "..."``). The repair rewrites just that value as a
quoted scalar, so YAML now reads exactly what Claude Code's simple
``key: value`` reading saw (asserted for every value repaired):

- single-quoted when the text allows it (``'`` doubled inside; backslashes and
  double quotes stay as they are, so the line stays readable);
- double-quoted with escapes when it holds line breaks or control characters.

Only the broken keys' lines change. The result is parsed again; what cannot be
repaired safely is reported, not guessed at: a value that opens a quote it
never closes (which text did the author mean?), a broken value spanning
several lines, or an error inside a nested block.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agent_workbench.frontmatter.agentfile import TEMPLATE_BLOCK_MARKERS, yaml_error_diagnostic
from agent_workbench.frontmatter.edit import write_document
from agent_workbench.frontmatter.lenient import (
    SimpleField,
    simple_fields,
    strip_eol,
    unquote,
    yaml_lines,
)
from agent_workbench.frontmatter.roundtrip import load_yaml
from agent_workbench.model.atomic import sha256_of
from agent_workbench.model.diagnostics import Diagnostic, DiagnosticError, Severity, error
from agent_workbench.model.document import AgentDocument
from agent_workbench.model.regular_file import read_regular

_YAML_BREAKS = {"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}


def quote_scalar(value: str) -> str:
    """``value`` as a quoted YAML scalar that reads back as exactly ``value``."""
    awkward = any(
        ch in _YAML_BREAKS or (ord(ch) < 0x20 and ch != "\t") or 0x7F <= ord(ch) <= 0x9F
        for ch in value
    )
    if not awkward:
        return "'" + value.replace("'", "''") + "'"
    text = json.dumps(value, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars
    for char, escape in _YAML_BREAKS.items():
        text = text.replace(char, escape)
    return "".join(
        f"\\x{ord(ch):02x}" if 0x7F <= ord(ch) <= 0x9F and ch != "\x85" else ch for ch in text
    )


@dataclass
class RepairResult:
    document: AgentDocument
    fixed: list[Diagnostic] = field(default_factory=list)  # info: what was quoted, where
    unrepaired: list[Diagnostic] = field(default_factory=list)  # errors left for the author

    @property
    def changed(self) -> bool:
        return bool(self.fixed)


def _error_line(exc: BaseException) -> int | None:
    problem = getattr(exc, "problem", None) or ""
    context_mark = getattr(exc, "context_mark", None)
    if "end of stream" in problem and context_mark is not None:
        return int(context_mark.line)
    mark = getattr(exc, "problem_mark", None) or context_mark
    return int(mark.line) if mark is not None else None


def _field_at(fields: list[SimpleField], line0: int) -> SimpleField | None:
    for item in reversed(fields):
        if item.line <= line0:
            return item if line0 <= max(item.last_line, item.line) else None
    return None


def _why_not(item: SimpleField) -> str | None:
    raw = item.raw_value
    if item.last_line != item.line:
        return f"the value of `{item.key}` spans several lines; quote it by hand"
    if not raw:
        return f"the value of `{item.key}` is not on its line; fix the block below it by hand"
    if raw[0] in "\"'" and unquote(raw) == raw:
        return (
            f"the value of `{item.key}` opens a {raw[0]} quote it never closes; "
            "add the closing quote where the text ends"
        )
    return None


def repair(document: AgentDocument, rel: str) -> RepairResult:
    """Quote the broken values of ``document``'s frontmatter (see the module docstring)."""
    if not document.has_frontmatter or any(
        marker in document.frontmatter for marker in TEMPLATE_BLOCK_MARKERS
    ):
        return RepairResult(document)
    original = document.frontmatter
    text = original
    first = document.frontmatter_first_line
    fixed: list[Diagnostic] = []
    expected: dict[str, str] = {}
    touched: set[int] = set()
    while True:
        try:
            parsed: Any = load_yaml(text)
            break
        except Exception as exc:
            line0 = _error_line(exc)
            fields = simple_fields(text)
            item = _field_at(fields, line0) if line0 is not None else None
            reason = (
                _why_not(item) if item is not None else "the error is not in a `key: value` line"
            )
            if item is None or reason is not None or item.line in touched:
                diagnostic = yaml_error_diagnostic(rel, text, first, exc)
                note = reason or "quoting the value did not make it valid YAML"
                return RepairResult(
                    document,
                    unrepaired=[
                        Diagnostic(
                            diagnostic.path,
                            diagnostic.line,
                            diagnostic.column,
                            Severity.ERROR,
                            f"{diagnostic.message}; not repaired: {note}",
                            code="yaml-unrepaired",
                        )
                    ],
                )
            lines = yaml_lines(text)
            content = strip_eol(lines[item.line])
            eol = lines[item.line][len(content) :]
            lines[item.line] = content[: item.value_column] + quote_scalar(item.value) + eol
            text = "".join(lines)
            touched.add(item.line)
            expected[unquote(item.key)] = item.value
            fixed.append(
                Diagnostic(
                    rel,
                    first + item.line,
                    item.value_column + 1,
                    Severity.INFO,
                    f"quoted the value of `{item.key}`; YAML now reads what Claude Code read",
                    code="yaml-repaired",
                )
            )
    for key, value in expected.items():
        got = parsed.get(key) if hasattr(parsed, "get") else None
        if got != value:  # the promise: meaning unchanged; never write otherwise
            return RepairResult(
                document,
                unrepaired=[
                    error(
                        rel,
                        first,
                        1,
                        f"quoting `{key}` would change what it reads as; not repaired",
                        code="yaml-unrepaired",
                    )
                ],
            )
    if text == original:
        return RepairResult(document)
    return RepairResult(document.with_frontmatter(text), fixed)


def repair_file(path: Path | str, rel: str | None = None) -> RepairResult:
    """Repair a file on disk and write it atomically (only when something was fixed)."""
    name = rel or str(path)
    raw = read_regular(path)
    try:
        document = AgentDocument.parse(raw, name)
    except DiagnosticError as exc:
        return RepairResult(AgentDocument.from_text(""), unrepaired=[exc.diagnostic])
    result = repair(document, name)
    if result.changed:
        write_document(path, result.document, sha256_of(raw))
    return result
