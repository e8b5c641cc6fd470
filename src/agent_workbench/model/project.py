"""A project: its root, its ``agpm.toml`` and the resources (agents, snippets, commands) in it."""

from __future__ import annotations

import copy
import dataclasses
import os
import posixpath
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agent_workbench.model.diagnostics import Diagnostic, error
from agent_workbench.model.manifest_tools import manifest_tool_problems
from agent_workbench.model.sources import (
    REASON_MISSING,
    FileSource,
    SourceError,
    WorkingTreeSource,
    normalize_rel,
)

CONFIG_NAME = "agpm.toml"
RESOURCE_FOLDERS = frozenset({"agents", "agent", "snippets", "commands", "command"})
# Markdown files that are documentation even inside resource folders.
NOT_RESOURCES = frozenset({"readme.md", "changelog.md", "license.md", "contributing.md"})


def holds_config(folder: Path) -> bool:
    """Does ``folder`` hold an ``agpm.toml``, which makes it a project root? Whatever the
    entry is (a FIFO, an unreadable file: reading it reports why), except a folder."""
    config = folder / CONFIG_NAME
    return config.exists() and not config.is_dir()


def find_root(start: Path, explicit: Path | None = None) -> Path:
    """The project root: ``explicit`` if given, else the nearest ancestor of ``start``
    holding ``agpm.toml``, else the current directory when ``start`` is inside it, else
    ``start``'s own folder (a file elsewhere with no ``agpm.toml`` above it is its own
    project, as the app takes the folder it is given)."""
    if explicit is not None:
        return Path(os.path.realpath(explicit))
    here = Path(os.path.realpath(start))
    if not here.is_dir():  # a file (or a FIFO, or nothing yet): its folder
        here = here.parent
    for folder in (here, *here.parents):
        if holds_config(folder):
            return folder
    cwd = Path(os.path.realpath(Path.cwd()))
    return cwd if here.is_relative_to(cwd) else here


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def _toml_error(exc: tomllib.TOMLDecodeError) -> tuple[int, int, str]:
    """Line, column and message of a TOML error (Python 3.11 keeps them only in the text)."""
    message = str(exc)
    found = _TOML_POSITION.search(message)
    if found:
        return int(found.group(1)), int(found.group(2)), message[: found.start()]
    return 1, 1, message


@dataclass
class Project:
    """A project root, read through a FileSource (the working tree by default)."""

    root: Path
    source: FileSource
    config: dict[str, Any] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # the folder of agpm.toml when this is a read-only view rooted above it, for a manifest
    # entry outside the project (``model.outside``); None: the root itself
    manifest_root: Path | None = None

    @classmethod
    def open(cls, root: Path, source: FileSource | None = None) -> Project:
        root = Path(os.path.realpath(root))
        project = cls(root=root, source=source or WorkingTreeSource(root))
        project.reload_config()
        return project

    @classmethod
    def discover(cls, start: Path, explicit: Path | None = None) -> Project:
        return cls.open(find_root(start, explicit))

    def with_source(self, source: FileSource) -> Project:
        """The same project read through another source (a git revision, an overlay)."""
        if self.manifest_root is not None:  # a view keeps the manifest it was made from
            return dataclasses.replace(self, source=source)
        return Project.open(self.root, source)

    @property
    def is_view(self) -> bool:
        """Is this the read-only view of a manifest entry outside the project?"""
        return self.manifest_root is not None

    def reload_config(self) -> None:
        self.config, self.diagnostics = {}, []
        try:
            raw = self.source.read_bytes(CONFIG_NAME)
        except SourceError as exc:
            if exc.reason != REASON_MISSING:  # a FIFO, a folder, unreadable: say so, go on
                self.diagnostics.append(
                    error(CONFIG_NAME, 1, 1, exc.message, code="toml-unreadable")
                )
            return
        try:
            text = raw.decode("utf-8")
            self.config = tomllib.loads(text)
            self.diagnostics += manifest_tool_problems(self.config, text, CONFIG_NAME)
        except UnicodeDecodeError:
            self.diagnostics.append(error(CONFIG_NAME, 1, 1, "agpm.toml is not valid UTF-8"))
        except tomllib.TOMLDecodeError as exc:
            line, column, message = _toml_error(exc)
            self.diagnostics.append(
                error(
                    CONFIG_NAME,
                    line,
                    column,
                    f"agpm.toml is not valid TOML: {message}",
                    code="toml-invalid",
                )
            )

    # -- variables -------------------------------------------------------------

    @property
    def variables(self) -> dict[str, Any]:
        """A fresh copy of the ``[project]`` table (``agpm.project.*``)."""
        table = self.config.get("project", {})
        return copy.deepcopy(table) if isinstance(table, dict) else {}

    @property
    def default_language(self) -> str | None:
        value = self.variables.get("language")
        return str(value) if value is not None else None

    # -- paths -----------------------------------------------------------------

    def rel(self, path: Path | str) -> str:
        """Project-relative ``/`` path of an absolute or cwd-relative path."""
        absolute = Path(os.path.abspath(path))
        try:
            return absolute.relative_to(self.root).as_posix()
        except ValueError:
            real = Path(os.path.realpath(absolute))
            return real.relative_to(self.root).as_posix()

    def manifest_rel(self, rel: str) -> str:
        """``rel`` as AGPM names it: relative to agpm.toml's folder (``../shared/agents/x.md``
        in a view of an outside entry; ``rel`` itself otherwise)."""
        if self.manifest_root is None:
            return rel
        return os.path.relpath(self.root / rel, self.manifest_root).replace(os.sep, "/")

    @property
    def manifest_folder(self) -> str:
        """agpm.toml's folder as a path of this project: "" but in a view (``proj``); the
        ``content`` filter reads relative to it, as AGPM reads relative to the project."""
        if self.manifest_root is None:
            return ""
        return self.manifest_root.relative_to(self.root).as_posix()

    def abspath(self, rel: str) -> Path:
        return self.root / normalize_rel(rel)

    # -- resources -------------------------------------------------------------

    def is_resource(self, rel: str, *, explicit: bool = False) -> bool:
        """Is this file an agent, snippet or command? Markdown in a resource folder,
        or (when the user named its folder explicitly) any Markdown with frontmatter."""
        if not rel.lower().endswith(".md"):
            return False
        if posixpath.basename(rel).lower() in NOT_RESOURCES:
            return False
        folders = posixpath.dirname(rel).split("/")
        if any(part in RESOURCE_FOLDERS for part in folders):
            return True
        if posixpath.basename(rel) == "SKILL.md" and "skills" in folders[:-1]:
            return True  # a skill: skills/NAME/SKILL.md (its other files are not resources)
        if explicit:
            try:
                head = self.source.read_bytes(rel, max_bytes=None)[:8]
            except SourceError:
                return False
            return head.lstrip(b"\xef\xbb\xbf").startswith(b"---")
        return False

    def resources(self, under: list[str] | None = None) -> list[str]:
        """Project-relative paths of every resource below ``under`` (default: the whole project)."""
        found: list[str] = []
        seen: set[str] = set()
        for start in under or [""]:
            explicit = bool(under)
            norm = normalize_rel(start)
            if self.source.is_file(norm):
                if norm not in seen:
                    seen.add(norm)
                    found.append(norm)
                continue
            for rel in self.source.walk_files(norm):
                if rel not in seen and self.is_resource(rel, explicit=explicit):
                    seen.add(rel)
                    found.append(rel)
        return found
