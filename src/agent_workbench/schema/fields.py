"""The vocabulary of field schemas: kinds of field, specs, issues found in values."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from agent_workbench.model.flavour import Flavour


class Kind(StrEnum):
    TEXT = "text"  # one line of text
    MULTILINE = "multiline"  # text that may span lines (descriptions, prompts)
    CHOICE = "choice"  # one of ``values`` (or, with ``open_values``, anything matching ``pattern``)
    NUMBER = "number"  # int or float within [minimum, maximum]
    INTEGER = "integer"
    BOOL = "bool"
    LIST = "list"  # a list of strings (or a comma-separated string where noted)
    MAP = "map"  # any mapping
    TOOLS = "tools"  # Claude Code: "Read, Grep" or a list; OpenCode: {tool: bool}
    PERMISSION = "permission"  # OpenCode: allow/ask/deny, or {tool: allow/ask/deny | {pattern: …}}


@dataclass(frozen=True)
class Issue:
    """One problem with a value; ``path`` is below the field (``("bash", "git *")``)."""

    severity: str  # "error" or "warning"
    message: str
    suggestion: str | None = None
    path: tuple[str, ...] = ()
    on_key: bool = False  # point at the key rather than the value


@dataclass(frozen=True)
class Context:
    stem: str  # the file name without .md
    flavour: Flavour
    fields: Mapping[str, Any] | None = None  # the whole frontmatter, for rules across fields


Validator = Callable[["FieldSpec", Any, Context], list[Issue]]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: Kind
    help: str = ""
    values: tuple[str, ...] = ()  # known values (choices; suggestions for lists)
    keys: tuple[str, ...] = ()  # a map's known keys (offered even when the file has none)
    required: bool = False
    # Other values than ``values``: allowed when they match ``pattern``; with no
    # pattern, any other value is a warning (the tool accepts it, maybe ignores it).
    open_values: bool = False
    pattern: str | None = None  # regular expression an open value must match
    pattern_help: str = ""
    minimum: float | None = None
    maximum: float | None = None
    comma_string: bool = False  # a list may be written as "a, b, c"
    validator: Validator | None = None  # extra checks after the kind's own
    # Severity of a value that is neither among ``values`` nor matches ``pattern``
    # ("warning" where the tool accepts it and decides later, as Claude Code's `model`).
    unknown_severity: str = "error"
    source: str = ""  # where the rule comes from (document and date checked), see schema.data


@dataclass(frozen=True)
class Schema:
    flavour: Flavour
    title: str
    fields: Mapping[str, FieldSpec]
    ignored_by: str  # who reads the file ("Claude Code", "OpenCode", "AGPM")
    unknown_fate: str = ""  # what that tool does with a field it does not know
    primary: tuple[str, ...] = ()  # the fields a form always shows

    def spec(self, name: str) -> FieldSpec | None:
        return self.fields.get(name)


def closest(word: str, options: tuple[str, ...] | list[str]) -> str | None:
    """``did you mean`` text for a near miss (case-insensitive), else None."""
    lowered = {option.lower(): option for option in options}
    if word.lower() in lowered:
        return f"did you mean `{lowered[word.lower()]}`?"
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return f"did you mean `{lowered[match[0]]}`?" if match else None
