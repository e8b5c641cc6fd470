"""Dependency declarations of an agent file: what ``agpm.deps.CATEGORY.KEY`` holds.

Declared under ``dependencies:`` and ``agpm.dependencies:`` (merged), in the
categories AGPM knows. Each entry has a ``path`` (already rendered with the
file's context when the frontmatter was rendered): ``./`` and ``../`` paths and bare
file names are relative to the directory of the declaring file, any other path to the
folder two levels above it (the project root for ``agents/a.md``). KEY is ``name`` or the file's stem, ``-`` read as ``_``.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agent_workbench.model.sources import SourceError, join_rel
from agent_workbench.templating.content_filter import (
    extension,
    gray_matter_content,
    json_content,
    markdown_content,
)

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
    flatten: bool | None = None
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


def is_pattern(path: str) -> bool:
    """Whether a dependency path is a glob pattern (AGPM: it holds ``*``, ``?`` or ``[``)."""
    return any(char in path for char in "*?[")


def dependency_key(name: str | None, path: str) -> str:
    """``name`` or the file's stem, with every ``-`` read as ``_`` (``best_practices``)."""
    base = name if name else posixpath.splitext(posixpath.basename(path))[0]
    return str(base).replace("-", "_")


# DependencySpec of AGPM v0.4.14 (src/manifest/dependency_spec.rs, deny_unknown_fields)
SPEC_KEYS = frozenset({"path", "name", "version", "tool", "flatten", "install"})
# src/metadata/extractor.rs validate_resource_types: a tool's name as a category gets a hint
TOOL_NAMES = ("claude-code", "opencode", "agpm")


class DeclarationError(Exception):
    """The frontmatter declares a dependency category AGPM refuses (the install fails)."""


def _bad_block(block: Any) -> str | None:
    """Why a ``dependencies`` block is not AGPM's ``{category: [DependencySpec]}``."""
    if block is None:
        return None
    if not isinstance(block, Mapping):
        return "`dependencies` is not a mapping of categories"
    for category, entries in block.items():
        if not isinstance(entries, list):
            return f"`{category}` is not a list of entries"
        for entry in entries:
            if not isinstance(entry, Mapping):
                return f"an entry of `{category}` is not a mapping with a `path`"
            if not isinstance(entry.get("path"), str):
                return f"an entry of `{category}` has no `path`"
            unknown = sorted(str(key) for key in entry if key not in SPEC_KEYS)
            if unknown:
                return (
                    f"an entry of `{category}` has the unknown key `{unknown[0]}` "
                    f"(AGPM knows: {', '.join(sorted(SPEC_KEYS))})"
                )
            for key in ("name", "version", "tool"):
                if entry.get(key) is not None and not isinstance(entry[key], str):
                    return f"`{key}` of an entry of `{category}` is not a string"
            for key in ("flatten", "install"):
                if entry.get(key) is not None and not isinstance(entry[key], bool):
                    return f"`{key}` of an entry of `{category}` is not true or false"
    return None


def declarations(fields: Mapping[str, Any] | None) -> tuple[list[DependencyDecl], list[str]]:
    """Every declared dependency, as AGPM v0.4.14 reads them, and warnings.

    Top-level ``dependencies`` first, then ``agpm.dependencies``, categories in sorted
    order (AGPM's BTreeMap); an entry whose path was already declared is dropped (the
    first wins: ``DependencyMetadata::compute_merged_dependencies``). A block that does
    not deserialize (an entry with a key AGPM does not know, a missing ``path``, …)
    makes AGPM ignore it with a warning (``FrontmatterParser::parse_with_templating``).
    Raises DeclarationError for a category AGPM does not know
    (``MetadataExtractor::validate_resource_types``)."""
    if not isinstance(fields, Mapping):
        return [], []
    problems: list[str] = []
    blocks: list[Any] = []
    root = fields.get("dependencies")
    why = _bad_block(root)
    if why is not None:
        problems.append(f"{why}: AGPM ignores this file's dependencies (it installs none)")
        return [], problems
    blocks.append(root)
    agpm = fields.get("agpm")
    if isinstance(agpm, Mapping) and agpm.get("dependencies") is not None:
        nested = agpm.get("dependencies")
        why = _bad_block(nested)
        templating = agpm.get("templating")
        if why is None and templating is not None and not isinstance(templating, bool):
            why = "`agpm.templating` is not true or false"
        if why is not None:
            problems.append(f"{why}: AGPM ignores `agpm.dependencies` (it installs none)")
        else:
            blocks.append(nested)
    decls: list[DependencyDecl] = []
    seen: set[str] = set()
    for block in blocks:
        if not block:
            continue
        for category in sorted(block, key=str):
            for entry in block[category]:
                path = entry["path"]
                if path in seen or is_pattern(path):
                    # a glob pattern: AGPM installs its matches but keeps them out of
                    # `agpm.deps` (`agpm install`: "Variable `agpm.deps.snippets` not found")
                    continue
                seen.add(path)
                _check_category(str(category))
                name = entry.get("name")
                decls.append(
                    DependencyDecl(
                        category=str(category),
                        key=dependency_key(name, path),
                        name=name,
                        path=path,
                        version=entry.get("version"),
                        tool=entry.get("tool"),
                        install=entry.get("install"),
                        flatten=entry.get("flatten"),
                    )
                )
    return decls, problems


def category_line(frontmatter: str, message: str, first_line: int) -> int:
    """The line of the category a DeclarationError names (the frontmatter's first if unseen)."""
    match = re.search(r"`([^`]+)`", message)
    if match:
        wanted = re.compile(r"^\s*" + re.escape(match.group(1)) + r"\s*:")
        for index, line in enumerate(frontmatter.splitlines()):
            if wanted.match(line):
                return first_line + index
    return first_line


def _check_category(category: str) -> None:
    if category in CATEGORIES:
        return
    valid = ", ".join(CATEGORIES)
    if category in TOOL_NAMES:
        raise DeclarationError(
            f"invalid dependency category `{category}`: a tool's name is not a category; "
            f"list the entry under its resource type (agents, snippets, …) with "
            f"`tool: {category}` (valid categories: {valid})"
        )
    raise DeclarationError(f"unknown dependency category `{category}` (valid categories: {valid})")


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
    for index, text in enumerate(raw_frontmatter.splitlines()):
        match = PATH_LINE.match(text)
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


def base_dir(declaring_rel: str, path: str) -> str:
    """The folder a dependency path is relative to, as AGPM v0.4.14's resolver finds the
    file (``resolve_transitive_path``, src/resolver/transitive_resolver.rs): the declaring
    file's folder for ``./`` and ``../`` paths and for a bare file name (no ``/``); for any
    other path the folder two levels up from the file (``ancestors().nth(2)``, its
    fallback for local sources): the project root for ``agents/a.md``, ``agents`` for
    ``agents/sub/a.md``, and above the root (``..``) for a file at the root."""
    folder = posixpath.dirname(declaring_rel)
    if path.startswith(("./", "../")) or "/" not in path:
        return folder
    if not folder:
        return ".."
    return posixpath.dirname(folder)


def worktree_note(root: Path, declaring_rel: str, path: str) -> str:
    """Why AGPM v0.4.14 may read a repository-relative dependency path elsewhere ("" when
    it reads it where ``base_dir`` says): ``resolve_repo_relative_path``
    (src/resolver/transitive_resolver.rs) takes the nearest ancestor of the declaring file
    whose ``.git`` is a file (a git worktree or submodule) before its two-folders-up
    fallback; checked with `agpm install` in a `git worktree`. The workbench keeps the
    fallback (a clone and a worktree of one commit render alike, and that folder may be
    above the project) and warns."""
    if path.startswith(("./", "../")) or "/" not in path or any(c in path for c in "*?["):
        return ""
    start = (root / declaring_rel).parent
    ours = Path(os.path.normpath(root / base_dir(declaring_rel, path)))
    for folder in (start, *start.parents):
        if (folder / ".git").is_file():
            if folder == ours:
                return ""
            return (
                f"`{path}`: in a git worktree or submodule ({folder}: its .git is a file) "
                f"agpm install v0.4.14 reads this path from {folder}, not from {ours}; a "
                "clone installs what is shown here"
            )
    return ""


def resolve(declaring_rel: str, path: str) -> str:
    """Project-relative path of a dependency; DependencyError if it leaves the root."""
    if path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        raise DependencyError(f"absolute path {path!r} is not allowed", "dependency-absolute")
    try:
        return join_rel(base_dir(declaring_rel, path), path)
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
            # AGPM strips the frontmatter, renders the body, then strips again: gray-matter
            # twice (builders.rs; `agpm install` shows one more final newline gone)
            return gray_matter_content(gray_matter_content(rendered_body))
        return markdown_content(text)
    if ext == "json":
        try:
            return json_content(text, rel)
        except ValueError as exc:
            raise DependencyError(str(exc), "dependency-json") from None
    return text
