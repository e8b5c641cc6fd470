"""Dependency declarations of an agent file: what ``agpm.deps.CATEGORY.KEY`` holds.

Declared under ``dependencies:`` and ``agpm.dependencies:`` (merged), in the
categories AGPM knows. Each entry has a ``path`` (already rendered with the
file's context when the frontmatter was rendered), relative to the directory
of the declaring file. KEY is ``name`` or the file's stem, ``-`` read as ``_``.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from agent_workbench.model.sources import SourceError, join_rel
from agent_workbench.templating.content_filter import extension, json_content, markdown_content

CATEGORIES = ("agents", "snippets", "commands", "scripts", "hooks", "mcp-servers", "skills")
MAX_DEPTH = 50  # AGPM's limit on a dependency chain


@dataclass(frozen=True)
class DependencyDecl:
    """One declared dependency, located in the declaring file (line 0: not found)."""

    category: str
    key: str
    name: str | None
    path: str
    version: str | None
    tool: str | None
    install: bool | None
    line: int = 0
    column: int = 0

    @property
    def label(self) -> str:
        return f"{self.category}.{self.key}"


class DependencyError(Exception):
    """A dependency cannot be used; ``code`` says why."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def dependency_key(name: str | None, path: str) -> str:
    """``name`` or the file's stem, with every ``-`` read as ``_`` (``best_practices``)."""
    base = name if name else posixpath.splitext(posixpath.basename(path))[0]
    return str(base).replace("-", "_")


def _entries(block: Any) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    if not isinstance(block, Mapping):
        return found
    for category, entries in block.items():
        if isinstance(entries, list):
            found.extend((str(category), entry) for entry in entries)
        elif isinstance(entries, Mapping):  # a map of name -> entry
            for name, entry in entries.items():
                if isinstance(entry, Mapping) and "name" not in entry:
                    entry = {"name": str(name), **entry}
                found.append((str(category), entry))
    return found


def declarations(fields: Mapping[str, Any] | None) -> tuple[list[DependencyDecl], list[str]]:
    """Every declared dependency (top-level ``dependencies`` then ``agpm.dependencies``),
    and problems with entries that cannot be read (as messages)."""
    if not isinstance(fields, Mapping):
        return [], []
    raw = _entries(fields.get("dependencies"))
    agpm = fields.get("agpm")
    if isinstance(agpm, Mapping):
        raw += _entries(agpm.get("dependencies"))
    decls: list[DependencyDecl] = []
    problems: list[str] = []
    for category, entry in raw:
        if isinstance(entry, str):
            entry = {"path": entry}
        if not isinstance(entry, Mapping) or not isinstance(entry.get("path"), str):
            problems.append(f"a dependency in `{category}` has no `path`")
            continue
        if category not in CATEGORIES:
            problems.append(
                f"unknown dependency category `{category}` (AGPM knows: {', '.join(CATEGORIES)})"
            )
            continue
        name = entry.get("name")
        path = entry["path"]
        version = entry.get("version")
        install = entry.get("install")
        decls.append(
            DependencyDecl(
                category=category,
                key=dependency_key(str(name) if name is not None else None, path),
                name=str(name) if name is not None else None,
                path=path,
                version=str(version) if version is not None else None,
                tool=str(entry["tool"]) if entry.get("tool") is not None else None,
                install=install if isinstance(install, bool) else None,
            )
        )
    return decls, problems


PATH_LINE = re.compile(r"^(\s*(?:-\s+)?path\s*:\s*)(.*?)\s*$")
TEMPLATE_PART = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")


def template_regex(raw: str) -> re.Pattern[str]:
    """A regex matching what a templated string can render to (``{{ … }}`` → anything)."""
    parts = TEMPLATE_PART.split(raw)
    return re.compile("^" + "(.+?)".join(re.escape(p) for p in parts) + "$", re.S)


def unquote(value: str) -> str:
    value = value.split(" #")[0].strip() if not value.startswith(("'", '"')) else value
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def locate(
    decls: list[DependencyDecl], raw_frontmatter: str, first_line: int
) -> list[DependencyDecl]:
    """Attach to each declaration the line and column of its ``path:`` in the raw frontmatter."""
    candidates: list[tuple[int, int, str]] = []
    for index, line in enumerate(raw_frontmatter.splitlines()):
        match = PATH_LINE.match(line)
        if match:
            candidates.append(
                (first_line + index, len(match.group(1)) + 1, unquote(match.group(2)))
            )
    used: set[int] = set()
    located = []
    for decl in decls:
        where = (0, 0)
        for line, column, value in candidates:
            if line in used:
                continue
            if value == decl.path or template_regex(value).match(decl.path):
                where = (line, column)
                used.add(line)
                break
        located.append(DependencyDecl(**{**decl.__dict__, "line": where[0], "column": where[1]}))
    return located


def resolve(declaring_rel: str, path: str) -> str:
    """Project-relative path of a dependency; DependencyError if it leaves the root."""
    if path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        raise DependencyError(f"absolute path {path!r} is not allowed", "dependency-absolute")
    try:
        return join_rel(posixpath.dirname(declaring_rel), path)
    except SourceError:
        raise DependencyError(f"{path!r} leaves the project root", "dependency-outside") from None


def content_of(rel: str, text: str, rendered_body: str | None = None) -> str:
    """``.content`` of a dependency file.

    Markdown: ``rendered_body`` (its body once rendered, for templated files) or its
    literal body, trimmed. JSON: pretty-printed without ``dependencies``. Else: as is.
    """
    ext = extension(rel)
    if ext == "md":
        if rendered_body is not None:
            return rendered_body.strip()
        return markdown_content(text)
    if ext == "json":
        try:
            return json_content(text, rel)
        except ValueError as exc:
            raise DependencyError(str(exc), "dependency-json") from None
    return text
