"""Manifest variants: the local-path entries of a consumer ``agpm.toml``.

``[agents] rust-reviewer = { path = "agents/reviewer.md", template_vars = { project =
{ language = "rust" } }, filename = "…", tool = "opencode" }`` installs ``agents/reviewer.md``
under another name with other variables. Each such entry is a *variant* of the file it
points at (AGPM v0.4.14 ``DetailedDependency``, src/manifest/resource_dependency.rs).
Entries with a ``source`` (a git repository) are not local files and are skipped.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from agent_workbench.model.flavour import Flavour, install_path
from agent_workbench.model.sources import SourceError, normalize_rel

# The manifest tables whose entries install files (AGPM's resource types).
MANIFEST_TABLES = ("agents", "snippets", "commands", "scripts", "hooks", "mcp-servers", "skills")


@dataclass(frozen=True)
class Variant:
    """One manifest entry pointing at a local file."""

    category: str  # the manifest table: "agents", "commands", …
    name: str  # the entry's key (its manifest alias)
    path: str  # `path` as written in the manifest
    rel: str | None  # project-relative path of the file; None when it is outside the project
    template_vars: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    tool: str | None = None
    filename: str | None = None
    flatten: bool | None = None
    target: str | None = None

    @property
    def label(self) -> str:
        return f"{self.category}.{self.name}"

    @property
    def outside(self) -> bool:
        return self.rel is None

    def install_path(self, flavour: Flavour, tools: Mapping[str, Any] | None = None) -> str:
        """Where AGPM installs this entry (its tool, ``flatten`` and ``filename``)."""
        rel = self.rel if self.rel is not None else meaningful_path(self.path)
        return install_path(
            rel, flavour, tools, tool=self.tool, flatten=self.flatten, filename=self.filename
        )


def meaningful_path(path: str) -> str:
    """AGPM's ``extract_meaningful_path`` for a relative path with ``..``: the components
    from the first ordinary one on (``../lib/agents/x.md`` → ``lib/agents/x.md``)."""
    parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".")]
    while parts and parts[0] == "..":
        parts.pop(0)
    return "/".join(parts)


def _entry_variant(category: str, name: str, entry: Any) -> Variant | None:
    if isinstance(entry, str) or not isinstance(entry, Mapping):
        return None  # a version string: a git dependency
    path = entry.get("path")
    if not isinstance(path, str) or entry.get("source") is not None:
        return None
    try:
        rel: str | None = normalize_rel(path)
    except SourceError:
        rel = None
    if rel is not None and posixpath.isabs(path):
        rel = None
    template_vars = entry.get("template_vars")

    def text(key: str) -> str | None:
        value = entry.get(key)
        return value if isinstance(value, str) else None

    flatten = entry.get("flatten")
    return Variant(
        category=category,
        name=name,
        path=path,
        rel=rel,
        template_vars=dict(template_vars) if isinstance(template_vars, Mapping) else {},
        tool=text("tool"),
        filename=text("filename"),
        flatten=flatten if isinstance(flatten, bool) else None,
        target=text("target"),
    )


def manifest_entries(config: Mapping[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """(category, name, entry) of every entry of the manifest's resource tables, in order;
    ``entry`` is the manifest's own object (a table, or whatever the file holds there)."""
    for category in MANIFEST_TABLES:
        table = config.get(category)
        if isinstance(table, Mapping):
            for name, entry in table.items():
                yield category, str(name), entry


def manifest_variants(config: Mapping[str, Any]) -> list[Variant]:
    """Every local-path entry of the manifest, in the manifest's order."""
    found: list[Variant] = []
    for category, name, entry in manifest_entries(config):
        variant = _entry_variant(category, name, entry)
        if variant is not None:
            found.append(variant)
    return found


def variants_of(config: Mapping[str, Any], rel: str) -> list[Variant]:
    """The variants that point at the project file ``rel``: entries naming it, and entries
    whose ``path`` is a glob pattern matching it (``agents/specialists/*.md``; AGPM installs
    each match, as AGPM's test_glob_expanded_resource_with_transitive_deps does), read as
    an entry for ``rel``."""
    found = []
    for variant in manifest_variants(config):
        if variant.rel == rel:
            found.append(variant)
        elif variant.rel is not None and _glob(variant.rel).fullmatch(rel):
            found.append(replace(variant, rel=rel))
    return found


def _glob(pattern: str) -> re.Pattern[str]:
    """A glob as AGPM matches it: ``*`` and ``?`` within one folder, ``**`` across folders."""
    parts = re.split(r"(\*\*/?|\*|\?)", pattern)
    table = {"*": "[^/]*", "?": "[^/]", "**": ".*", "**/": "(?:.*/)?"}
    return re.compile("".join(table.get(part, re.escape(part)) for part in parts))


def find_variant(config: Mapping[str, Any], name: str) -> Variant | None:
    """The entry called ``name`` (or ``category.name``)."""
    for variant in manifest_variants(config):
        if name in (variant.name, variant.label):
            return variant
    return None


def variant_language(variant: Variant | None) -> str | None:
    """The language an entry sets (``template_vars.project.language``), if any."""
    if variant is None:
        return None
    project = variant.template_vars.get("project")
    language = project.get("language") if isinstance(project, Mapping) else None
    return str(language) if language is not None else None


def entry_line(manifest: str, variant: Variant) -> int:
    """The line of ``agpm.toml`` (1-based; 1 when not found) where ``variant`` is declared:
    ``NAME = {…}`` under ``[CATEGORY]``, or a ``[CATEGORY.NAME]`` table."""
    name = re.escape(variant.name)
    category = re.escape(variant.category)
    table = re.compile(rf"^\s*\[\s*{category}\s*\]\s*(#.*)?$")
    header = re.compile(rf'^\s*\[\s*{category}\s*\.\s*["\']?{name}["\']?\s*\]')
    key = re.compile(rf'^\s*["\']?{name}["\']?\s*=')
    inside = False
    for number, line in enumerate(manifest.splitlines(), 1):
        if header.match(line):
            return number
        if line.lstrip().startswith("["):
            inside = bool(table.match(line))
        elif inside and key.match(line):
            return number
    return 1


def outside_variants(config: Mapping[str, Any], root: str, path: str) -> list[Variant]:
    """The entries whose ``path`` leads outside the project root ``root`` to the file
    ``path`` (both absolute): AGPM installs them; the workbench reads only project files."""
    wanted = os.path.realpath(path)
    return [
        v
        for v in manifest_variants(config)
        if v.outside and os.path.realpath(os.path.join(root, v.path)) == wanted
    ]
