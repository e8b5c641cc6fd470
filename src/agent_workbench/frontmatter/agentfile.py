"""A loaded agent file: its exact text, flavour, fields, and what is wrong with its YAML.

``AgentFile.load`` never raises for a bad file: a file that cannot be read or
decoded comes back with ``document = None`` and ``load_error`` set, so lists
of files keep going. Invalid YAML comes back as ``yaml_error`` (a Diagnostic
at the line and column in the file) plus ``simple_fields``: the fields as
Claude Code's fallback line reading sees them.

Template syntax in the frontmatter: ``has_template_logic`` is true for any of
``{%``, ``{{``, ``{#``. Such frontmatter is parsed raw here (``fields`` may then
hold the un-rendered text, or be None with a ``yaml_error``); validate the
rendered fields instead (``render.py`` renders the frontmatter first).
Form edits are refused when the frontmatter holds template *blocks or
comments* (``{%``, ``{#``: the raw text is not the YAML that gets installed)
or is not valid YAML; ``{{ … }}`` expressions inside values (every templated
dependency path) do not block editing other fields, since an edit only
touches its own lines and the result is verified by re-parsing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from agent_workbench.frontmatter.alias_bound import ALIAS_BOMB_CODE, expansion_problem
from agent_workbench.frontmatter.fallbacks import ToolReading, claude_code_reading, opencode_reading
from agent_workbench.frontmatter.lenient import simple_fields, simple_read, strip_eol, yaml_lines
from agent_workbench.frontmatter.libyaml_tree import read_tree
from agent_workbench.frontmatter.roundtrip import load_yaml_shared
from agent_workbench.model.atomic import sha256_of
from agent_workbench.model.diagnostics import Diagnostic, DiagnosticError, Severity, error
from agent_workbench.model.document import AgentDocument
from agent_workbench.model.flavour import Flavour, detect_flavour
from agent_workbench.model.regular_file import read_regular
from agent_workbench.model.sources import SourceError

FIX_HINT = "quote the value: workbench check --fix"
TEMPLATE_MARKERS = ("{%", "{{", "{#")
TEMPLATE_BLOCK_MARKERS = ("{%", "{#")


def _colon_in_plain_value(frontmatter: str, line0: int, col0: int) -> str | None:
    """The key whose unquoted value holds a ``: `` at (line0, col0), if that is the error."""
    lines = yaml_lines(frontmatter)
    if not 0 <= line0 < len(lines):
        return None
    for field in reversed(simple_fields(frontmatter)):
        if field.line <= line0 <= field.last_line:
            return field.key
    return None


def yaml_error_diagnostic(
    rel: str, frontmatter: str, first_line: int, exc: BaseException
) -> Diagnostic:
    """A Diagnostic for a YAML parse failure, located in the file (not the frontmatter)."""
    line0, col0 = 0, 0
    problem = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        if mark is not None:
            line0, col0 = mark.line, mark.column
        problem = exc.problem or exc.context or problem
        if "end of stream" in (exc.problem or "") and exc.context_mark is not None:
            # An unterminated quote: point at where it opened, not at the end.
            line0, col0 = exc.context_mark.line, exc.context_mark.column
            problem = f"{exc.context}: {exc.problem}"
    elif isinstance(exc, YAMLError) and hasattr(exc, "position"):
        before = frontmatter[: getattr(exc, "position", 0)]
        line0 = len(yaml_lines(before + "x")) - 1
        col0 = len(strip_eol(yaml_lines(before + "x")[-1])) - 1
    message = f"frontmatter is not valid YAML: {problem}"
    suggestion: str | None = None
    if "mapping values are not allowed" in problem or "expected <block end>" in problem:
        key = _colon_in_plain_value(frontmatter, line0, col0)
        if key is not None:
            message = (
                f"frontmatter is not valid YAML: the value of `{key}` holds an unquoted "
                f"`: ` or quote ({problem})"
            )
            suggestion = FIX_HINT
    elif "end of stream" in problem:
        suggestion = "close the quote at the end of the value"
    return error(
        rel, first_line + line0, col0 + 1, message, suggestion=suggestion, code="yaml-invalid"
    )


_OPENCODE_SAYS = {
    "rescued": "OpenCode's fallback (values holding `:` read as block scalars) reads it, "
    "strict YAML readers do not",
    "no_config": "OpenCode's fallback leaves it unchanged, so OpenCode loads this agent with "
    "NO configuration (no description, mode, model or permissions), silently",
    "failed": "OpenCode's fallback (values holding `:` read as block scalars) cannot read it "
    "either: the parse fails (ConfigFrontmatterError) and OpenCode does not load this agent",
}
_CLAUDE_SAYS = {
    "rescued": "Claude Code tolerates it (it reads the one-line value as text), strict YAML "
    "readers do not",
    "failed": "Claude Code cannot parse it (`Failed to parse YAML frontmatter`): the "
    "agent is not loaded from an agents folder, and as a plugin agent gets a placeholder "
    "description",
}


def tool_consequence(
    flavour: Flavour, frontmatter: str, diagnostic: Diagnostic
) -> tuple[Diagnostic, ToolReading | None]:
    """The YAML error as the file's own tool experiences it (see ``fallbacks``).

    A file its tool still reads becomes a warning; the reading is returned so
    the fields the tool gets can be checked."""
    if flavour is Flavour.OPENCODE:
        reading, says = opencode_reading(frontmatter), _OPENCODE_SAYS
    elif flavour is Flavour.CLAUDE_CODE:
        reading, says = claude_code_reading(frontmatter), _CLAUDE_SAYS
    else:
        return diagnostic, None
    severity = Severity.WARNING if reading.outcome == "rescued" else Severity.ERROR
    message = f"{diagnostic.message}; {says[reading.outcome]}"
    suggestion = diagnostic.suggestion or FIX_HINT
    return replace(diagnostic, severity=severity, message=message, suggestion=suggestion), reading


@dataclass
class AgentFile:
    """One agent, snippet or command file as loaded (see the module docstring)."""

    rel: str
    document: AgentDocument | None
    flavour: Flavour
    fields: CommentedMap | None = None
    yaml_error: Diagnostic | None = None
    simple_fields: dict[str, str] | None = None
    load_error: Diagnostic | None = None
    sha256: str | None = None  # of the bytes loaded: pass to atomic_write as expected_sha256
    # Invalid YAML: the fields the file's tool reads after its own retry ({} when it
    # reads none), None when the tool does not load the file or is not known.
    tool_fields: dict[str, Any] | None = None
    outer: str = ""  # the project root's path (posix), when the file was loaded from one

    # -- loading ------------------------------------------------------------------

    @classmethod
    def from_bytes(cls, rel: str, raw: bytes, *, outer: str = "") -> AgentFile:
        """``outer``: the project root's path, for a project rooted inside a tool's folder."""
        try:
            document = AgentDocument.parse(raw, rel)
        except DiagnosticError as exc:
            flavour = detect_flavour(rel, None, outer)
            return cls(rel, None, flavour, load_error=exc.diagnostic, sha256=None, outer=outer)
        return cls.from_document(rel, document, sha256=sha256_of(raw), outer=outer)

    @classmethod
    def from_document(
        cls,
        rel: str,
        document: AgentDocument,
        *,
        sha256: str | None = None,
        outer: str = "",
        fast: bool = False,
    ) -> AgentFile:
        """``fast``: read the fields by libyaml when it can (``libyaml_tree``: linear, the
        marks kept, comments and quoting styles not), for the edit path's checks."""
        # No frontmatter: no fields (an empty map); None means "could not be parsed".
        fields: CommentedMap | None = None if document.has_frontmatter else CommentedMap()
        yaml_error: Diagnostic | None = None
        simple: dict[str, str] | None = None
        if document.has_frontmatter:
            try:
                # Shared with the edit path: ``fields`` is read-only (copy before changing).
                loaded: Any = read_tree(document.frontmatter) if fast else None
                plain_yaml = loaded is not None  # libyaml's reading has no aliases
                if loaded is None:
                    loaded = load_yaml_shared(document.frontmatter)
            except Exception as exc:  # ruamel raises YAMLError, and TypeError on {{ }} keys
                if not any(m in document.frontmatter for m in TEMPLATE_BLOCK_MARKERS):
                    yaml_error = yaml_error_diagnostic(
                        rel, document.frontmatter, document.frontmatter_first_line, exc
                    )
                    simple = simple_read(document.frontmatter)
            else:
                bomb = None if plain_yaml else expansion_problem(loaded, len(document.frontmatter))
                if bomb is not None:
                    # every reader of `fields` walks it as a tree: never hand it out
                    yaml_error = error(
                        rel,
                        document.frontmatter_first_line,
                        1,
                        f"frontmatter not read: {bomb}",
                        code=ALIAS_BOMB_CODE,
                    )
                    simple = simple_read(document.frontmatter)
                elif loaded is None:
                    fields = CommentedMap()
                elif isinstance(loaded, CommentedMap):
                    fields = loaded
                else:
                    yaml_error = error(
                        rel,
                        document.frontmatter_first_line,
                        1,
                        "frontmatter is not a map of `key: value` fields",
                        code="yaml-not-mapping",
                    )
        flavour = detect_flavour(rel, fields if fields is not None else simple, outer)
        tool_fields: dict[str, Any] | None = None
        if yaml_error is not None and yaml_error.code == "yaml-invalid":
            yaml_error, reading = tool_consequence(flavour, document.frontmatter, yaml_error)
            if reading is not None:
                tool_fields = reading.fields if reading.outcome == "rescued" else None
                if reading.outcome == "no_config":
                    tool_fields = {}
        agent = cls(rel, document, flavour, fields, yaml_error, simple, None, sha256, outer=outer)
        agent.tool_fields = tool_fields
        return agent

    @classmethod
    def load(cls, project: Any, rel: str) -> AgentFile:
        """Read ``rel`` through ``project.source`` (a Project), never raising for a bad file."""
        outer = Path(project.root).as_posix()
        try:
            raw = project.source.read_bytes(rel)
        except SourceError as exc:
            return cls(
                rel,
                None,
                detect_flavour(rel, None, outer),
                load_error=error(rel, 1, 1, exc.message, code=f"read-{exc.reason}"),
                outer=outer,
            )
        return cls.from_bytes(rel, raw, outer=outer)

    @classmethod
    def load_path(cls, path: Path | str, rel: str | None = None) -> AgentFile:
        """Read a file by its path on disk."""
        name = rel or str(path)
        try:
            raw = read_regular(path)
        except OSError as exc:
            return cls(
                name,
                None,
                detect_flavour(name, None),
                load_error=error(name, 1, 1, f"cannot read: {exc.strerror}", code="read-error"),
            )
        return cls.from_bytes(name, raw)

    # -- facts -----------------------------------------------------------------------

    @property
    def stem(self) -> str:
        return Path(self.rel).stem

    @property
    def has_template_logic(self) -> bool:
        fm = self.document.frontmatter if self.document else ""
        return any(marker in fm for marker in TEMPLATE_MARKERS)

    @property
    def has_template_blocks(self) -> bool:
        fm = self.document.frontmatter if self.document else ""
        return any(marker in fm for marker in TEMPLATE_BLOCK_MARKERS)

    @property
    def needs_render(self) -> bool:
        """Template logic made the raw frontmatter unparsable: read its fields after rendering.

        Such a file has ``fields is None`` and no ``yaml_error`` (the raw text is
        not what gets installed, so it is not reported as invalid YAML)."""
        return (
            self.document is not None
            and self.fields is None
            and self.yaml_error is None
            and (self.has_template_blocks)
        )

    @property
    def templating(self) -> bool:
        """``agpm: {templating: true}`` (as parsed; False when the YAML is invalid)."""
        agpm = self.fields.get("agpm") if self.fields is not None else None
        return isinstance(agpm, dict) and agpm.get("templating") is True

    @property
    def display_fields(self) -> dict[str, Any]:
        """The fields to show: parsed YAML, or Claude Code's simple reading when invalid."""
        if self.fields is not None:
            return dict(self.fields)
        return dict(self.simple_fields or {})

    @property
    def description(self) -> str | None:
        value = self.display_fields.get("description")
        return None if value is None else str(value)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for d in (self.load_error, self.yaml_error) if d is not None]

    @property
    def edit_refusal_reason(self) -> str | None:
        """Why the form may not rewrite this file's fields (None when it may)."""
        if self.document is None:
            reason = self.load_error.message if self.load_error else "not loaded"
            return f"{self.rel} cannot be edited: {reason}"
        if self.has_template_blocks:
            return (
                f"{self.rel}: the frontmatter holds template logic ({{% %}} or {{# #}}), so its "
                "fields are not plain YAML; edit it in the raw source editor"
            )
        if self.yaml_error is not None and self.yaml_error.code == ALIAS_BOMB_CODE:
            return f"{self.rel}: {self.yaml_error.message}; edit it in the raw source editor"
        if self.yaml_error is not None:
            return (
                f"{self.rel}: the frontmatter is not valid YAML; repair it with "
                "`workbench check --fix` or edit it in the raw source editor"
            )
        return None

    @property
    def editable(self) -> bool:
        return self.edit_refusal_reason is None
