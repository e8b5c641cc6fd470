"""Check an agent's fields against its flavour's schema, into Diagnostics at file positions.

Errors: a required field missing or empty, a value of the wrong type or out
of range, a choice not among the known values. Warnings: unknown fields
(kept as they are; the tool ignores them), near-miss values where the tool
is lenient. Every diagnostic points at the key or value in the file (line
and column as the author sees them, the ``---`` line counted).

Positions: for the file's own parsed fields they are exact (ruamel's marks
plus the frontmatter offset). When the caller passes other fields (the
frontmatter as rendered, for frontmatter with template logic) positions are
approximate: a top-level key is looked up by name in the raw frontmatter; a
value's column is the key's line start; nested keys fall back to their
top-level key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ruamel.yaml.comments import CommentedMap

from agent_workbench.frontmatter.agentfile import AgentFile
from agent_workbench.frontmatter.lenient import simple_fields
from agent_workbench.model.diagnostics import Diagnostic, Severity, error
from agent_workbench.model.flavour import Flavour, detect_flavour
from agent_workbench.schema.checks_opencode import missing_description
from agent_workbench.schema.tables import Context, FieldSpec, Issue, Kind, closest, schema_for

_NUMBER_TYPES = (int, float)


def _type_name(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, _NUMBER_TYPES):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, Mapping):
        return "a map"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _article(title: str) -> str:
    return "an" if title[:1].lower() in "aeiou" else "a"


def _wrong(spec: FieldSpec, value: Any, expected: str) -> list[Issue]:
    return [Issue("error", f"`{spec.name}` must be {expected}, not {_type_name(value)}")]


def check_field(spec: FieldSpec, value: Any, ctx: Context) -> list[Issue]:
    """The kind's own checks, then the spec's validator."""
    if value is None:
        if spec.required:
            return [Issue("error", f"`{spec.name}` is required but empty")]
        return [Issue("warning", f"`{spec.name}` is empty; give it a value or remove it")]
    kind = spec.kind
    if kind in (Kind.TEXT, Kind.MULTILINE):
        if not isinstance(value, str):
            return _wrong(spec, value, "text")
        if spec.required and not value.strip():
            return [Issue("error", f"`{spec.name}` is required but empty")]
    elif kind is Kind.CHOICE:
        if not isinstance(value, str):
            return _wrong(
                spec, value, "one of " + ", ".join(spec.values) if spec.values else "text"
            )
        if value not in spec.values:
            fits = spec.pattern is not None and re.fullmatch(spec.pattern, value)
            if spec.open_values and spec.unknown_severity == "none":
                pass  # the tool takes any value (the known ones are offered, nothing flagged)
            elif spec.open_values and spec.pattern is None:
                return [
                    Issue(
                        "warning",
                        f"`{spec.name}: {value}` is not one of " + ", ".join(spec.values),
                        closest(value, spec.values),
                    )
                ]
            elif not (spec.open_values and fits):
                expected = spec.pattern_help or "one of " + ", ".join(spec.values)
                if spec.unknown_severity == "warning":
                    return [
                        Issue(
                            "warning",
                            f"`{spec.name}: {value}` is not a value the workbench knows; "
                            f"expected {expected}",
                            closest(value, spec.values),
                        )
                    ]
                return [
                    Issue(
                        "error",
                        f"`{spec.name}: {value}` is not valid; expected {expected}",
                        closest(value, spec.values),
                    )
                ]
    elif kind in (Kind.NUMBER, Kind.INTEGER):
        wanted = int if kind is Kind.INTEGER else _NUMBER_TYPES
        if isinstance(value, bool) or not isinstance(value, wanted):
            return _wrong(spec, value, "a whole number" if kind is Kind.INTEGER else "a number")
        low, high = spec.minimum, spec.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            span = f"between {low:g} and {high:g}" if high is not None else f"at least {low:g}"
            return [Issue("error", f"`{spec.name}: {value}` is out of range; it must be {span}")]
    elif kind is Kind.BOOL:
        if not isinstance(value, bool):
            return _wrong(spec, value, "true or false")
    elif kind is Kind.LIST:
        if isinstance(value, str) and spec.comma_string:
            pass
        elif not isinstance(value, list):
            return _wrong(
                spec,
                value,
                "a list" + (" or a comma-separated string" if spec.comma_string else ""),
            )
    elif kind is Kind.MAP:
        if not isinstance(value, Mapping):
            return _wrong(spec, value, "a map")
    elif kind is Kind.TOOLS:
        if spec.comma_string:
            if not isinstance(value, (str, list)):
                return _wrong(spec, value, "a comma-separated string or a list")
        elif not isinstance(value, Mapping):
            return _wrong(spec, value, "a map of tool: true/false")
    elif kind is Kind.PERMISSION and not isinstance(value, (str, Mapping)):
        return _wrong(spec, value, "allow/ask/deny or a map")
    return spec.validator(spec, value, ctx) if spec.validator else []


_LINE_KEY = re.compile(r"(['\"]?)([^'\"\s:][^:\n]*?)\1[ \t]*:")


class _Locator:
    """File positions (1-based) of keys and values."""

    def __init__(self, agent: AgentFile, fields: Mapping[str, Any], exact: bool) -> None:
        doc = agent.document
        assert doc is not None
        self.first = doc.frontmatter_first_line
        self.frontmatter = doc.frontmatter
        self.fields = fields
        self.exact = exact
        self._lines: dict[str, int] | None = None

    def _key_lines(self) -> dict[str, int]:
        """The 0-based line of each key written at a line's start (first wins), read in
        one pass: a search per key made a 10,000-key frontmatter quadratic."""
        if self._lines is None:
            self._lines = {}
            for index, line in enumerate(self.frontmatter.split("\n")):
                found = _LINE_KEY.match(line)
                if found:
                    self._lines.setdefault(found.group(2), index)
        return self._lines

    def _raw_key_line(self, key: str) -> tuple[int, int]:
        line = self._key_lines().get(key)
        if line is not None:
            return self.first + line, 1
        pattern = re.compile(rf"^(['\"]?){re.escape(key)}\1[ \t]*:", re.MULTILINE)
        match = pattern.search(self.frontmatter)
        if match is None:
            return self.first, 1
        return self.first + self.frontmatter.count("\n", 0, match.start()), 1

    def position(
        self, key: str, path: tuple[str, ...] = (), on_key: bool = False
    ) -> tuple[int, int]:
        if not self.exact or not isinstance(self.fields, CommentedMap):
            return self._raw_key_line(key)
        node: Any = self.fields
        name: Any = key
        for part in path:
            child = node.get(name) if isinstance(node, CommentedMap) else None
            if not isinstance(child, CommentedMap) or part not in child:
                break
            node, name = child, part
        try:
            line, column = node.lc.key(name) if on_key else node.lc.value(name)
        except (KeyError, TypeError):  # a key from a merge (`<<: *base`) has no mark here
            return self._raw_key_line(key)
        return self.first + line, column + 1


def field_position(agent: AgentFile, fields: Mapping[str, Any] | None, key: str) -> tuple[int, int]:
    """Where ``key``'s value is (1-based): exact for the file's own fields, else its line."""
    if agent.document is None:
        return 1, 1
    if fields is None or fields is agent.fields:
        return _Locator(agent, agent.fields or {}, True).position(key)
    return _Locator(agent, fields, False).position(key)


def _diagnostic(agent: AgentFile, line: int, column: int, issue: Issue, field: str) -> Diagnostic:
    severity = Severity.ERROR if issue.severity == "error" else Severity.WARNING
    return Diagnostic(
        agent.rel,
        line,
        column,
        severity,
        issue.message,
        issue.suggestion,
        code=f"field-{field}",
        field=field,
    )


def validate(
    agent: AgentFile, fields: Mapping[str, Any] | None = None, *, errors_only: bool = False
) -> list[Diagnostic]:
    """Diagnostics for the agent's frontmatter (see the module docstring).

    ``errors_only``: the errors alone, without looking at what can only warn (unknown
    fields, each searched for a near miss: the edit path's verdict, on 10,000 fields).
    """
    found = _validate(agent, fields, errors_only)
    return [d for d in found if d.is_error] if errors_only else found


def _validate(
    agent: AgentFile, fields: Mapping[str, Any] | None, errors_only: bool
) -> list[Diagnostic]:
    """``validate``; ``errors_only``: unknown fields skipped (the caller keeps the errors).

    ``fields``: the mapping to check instead of the file's own (the rendered
    frontmatter of a templated file); positions are then approximate. For a
    file whose raw frontmatter holds template logic and does not parse
    (``agent.needs_render``), nothing is checked without ``fields``.
    """
    if agent.document is None:
        return [agent.load_error] if agent.load_error else []
    diagnostics: list[Diagnostic] = []
    exact = fields is None
    if fields is None:
        if agent.needs_render:
            return []  # the raw text is not the YAML that gets installed: pass rendered fields
        if agent.yaml_error is not None:
            diagnostics.append(agent.yaml_error)
            if agent.tool_fields is None:
                return diagnostics + _missing_in_simple_reading(agent)
            if not agent.tool_fields:
                return diagnostics  # the tool reads no configuration: said in the error
            return diagnostics + _validate(agent, agent.tool_fields, errors_only)
        fields = agent.fields if agent.fields is not None else {}
    flavour = agent.flavour if exact else detect_flavour(agent.rel, fields, agent.outer)
    schema = schema_for(flavour)
    ctx = Context(stem=agent.stem, flavour=flavour, fields=fields)
    locate = _Locator(agent, fields, exact)
    for key, value in fields.items():
        name = str(key)
        spec = schema.spec(name)
        if spec is None:
            if errors_only:
                continue
            known = list(schema.fields)
            line, column = locate.position(name, on_key=True)
            diagnostics.append(
                Diagnostic(
                    agent.rel,
                    line,
                    column,
                    Severity.WARNING,
                    f"unknown field `{name}` for {_article(schema.title)} {schema.title}; kept as it is, "
                    f"{schema.unknown_fate}",
                    closest(name, known),
                    code="field-unknown",
                    field=name,
                )
            )
            continue
        for issue in check_field(spec, value, ctx):
            line, column = locate.position(name, issue.path, issue.on_key)
            diagnostics.append(_diagnostic(agent, line, column, issue, name))
    diagnostics += _missing(agent, schema.fields.values(), fields, flavour)
    if flavour is Flavour.OPENCODE and "description" not in fields:
        missing = missing_description(ctx)
        if missing is not None:
            diagnostics.append(_diagnostic(agent, 1, 1, missing, "description"))
    return diagnostics


def _missing(
    agent: AgentFile, specs: Any, fields: Mapping[str, Any], flavour: Flavour
) -> list[Diagnostic]:
    doc = agent.document
    assert doc is not None
    out = []
    for spec in specs:
        if spec.required and spec.name not in fields:
            where = "frontmatter" if doc.has_frontmatter else "file (it has no frontmatter)"
            suggestion = f"add `name: {agent.stem}`" if spec.name == "name" else None
            skipped = "; Claude Code skips the file" if flavour is Flavour.CLAUDE_CODE else ""
            out.append(
                error(
                    agent.rel,
                    1,
                    1,
                    f"required field `{spec.name}` is missing from the {where} "
                    f"of this {flavour.display_name} agent{skipped}",
                    suggestion=suggestion,
                    code="field-missing",
                    field=spec.name,
                )
            )
    return out


def _missing_in_simple_reading(agent: AgentFile) -> list[Diagnostic]:
    """With invalid YAML, only what the simple reading can tell: required keys absent."""
    doc = agent.document
    assert doc is not None
    present = {f.key for f in simple_fields(doc.frontmatter)}
    specs = [s for s in schema_for(agent.flavour).fields.values() if s.name not in present]
    return _missing(agent, specs, {}, agent.flavour)
