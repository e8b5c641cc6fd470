"""Agents that share a name with another in their agents folder: a project-level rule, so the
session (which reads the project) finds the other files; ``schema.name_clash`` says which
folder, which name and what the tool does. ``diagnose`` and the open buffer's problems both
ask here, so ``workbench check``, the browser's badges and the app agree.

A ``NameIndex`` reads each agents folder once (every file's tool and name) for a pass over
a project, as a ``LanguageFinder`` lists each folder once: ``workbench check`` makes one per
project, the workspace keeps one and forgets it when the disk changes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from agent_workbench.frontmatter.agentfile import AgentFile
from agent_workbench.model.diagnostics import Diagnostic, DiagnosticError
from agent_workbench.model.document import AgentDocument
from agent_workbench.model.flavour import Flavour, detect_flavour
from agent_workbench.model.project import Project
from agent_workbench.model.sources import SourceError
from agent_workbench.schema.name_clash import agent_name, clash_diagnostics, clash_scope

_Table = dict[tuple[Flavour, str], list[str]]


class NameIndex:
    """The agents of each agents folder of one project by (tool, name), read on demand.

    ``read_later``: asked before a folder is read where its names are wanted; when it
    answers True, whoever it is promises to ``read`` the folder later, and the folder
    counts as holding no other agent until then. The app reads them in a worker: the
    first preview, and every key after a change on disk, would otherwise wait for every
    file of the folder to be read (~0.06 s with 1,000 agents). ``version`` changes each
    time what the index knows does, so a caller keeping problems found with it knows
    when to look again.
    """

    def __init__(
        self, project: Project, *, read_later: Callable[[str], bool] | None = None
    ) -> None:
        self.project = project
        self.read_later = read_later
        self.version = object()
        self._clears = 0
        self._folders: dict[str, _Table] = {}
        self._lock = threading.Lock()  # the browser's worker and the screen both ask

    def clear(self) -> None:
        with self._lock:
            self._folders.clear()
            self._clears += 1
            self.version = object()

    def changed(self, rels: Iterable[str]) -> bool:
        """Forget the folders holding any of ``rels`` (files saved, added, deleted or moved
        on disk: an agent's name may have changed); True when one had been read."""
        agents = [rel for rel in rels if rel.lower().endswith(".md")]
        with self._lock:
            gone = [f for f in self._folders if any(_below(rel, f) for rel in agents)]
            for folder in gone:
                del self._folders[folder]
            if gone:
                self._clears += 1  # a read under way may predate the change
                self.version = object()
        return bool(gone)

    def named(self, folder: str, flavour: Flavour, name: str) -> list[str]:
        """Files below ``folder`` that ``flavour``'s tool knows as ``name``."""
        with self._lock:
            table = self._folders.get(folder)
        if table is None:
            if self.read_later is not None and self.read_later(folder):
                return []
            table = self.read(folder)
        return table.get((flavour, name), [])

    def read(self, folder: str, pause: Callable[[], None] | None = None) -> _Table:
        """Read ``folder``'s agents now (kept unless the index was cleared meanwhile: the
        files may have changed since they were read); ``pause`` runs between two files
        (a worker gives the interpreter back to the UI thread there)."""
        with self._lock:
            clears = self._clears
        table = self._read(folder, pause)
        with self._lock:
            if self._clears == clears:
                self._folders[folder] = table
                self.version = object()
        return table

    def _read(self, folder: str, pause: Callable[[], None] | None = None) -> _Table:
        table: _Table = {}
        for rel in self.project.source.walk_files(folder):
            if pause is not None:
                pause()
            if rel.lower().endswith(".md"):
                named = self._name_on_disk(rel)
                if named is not None:
                    table.setdefault(named, []).append(rel)
        return table

    def _name_on_disk(self, rel: str) -> tuple[Flavour, str] | None:
        """(tool, name) of the agent in ``rel`` as saved; None for a file that is not a
        tool's agent, or whose name a template decides (known once rendered, not guessed)."""
        from agent_workbench.session.diagnose import plain_fields
        from agent_workbench.templating.environment import has_template_syntax

        try:
            document = AgentDocument.parse(self.project.source.read_bytes(rel), rel)
        except (SourceError, DiagnosticError):
            return None
        if not document.has_frontmatter or has_template_syntax(document.frontmatter):
            return None
        fields = plain_fields(document.frontmatter)
        if fields is None:
            return None
        flavour = detect_flavour(rel, fields, self.project.root.as_posix())
        name = agent_name(rel, flavour, fields) if clash_scope(rel, flavour) else None
        return (flavour, name) if name is not None else None


def _below(rel: str, folder: str) -> bool:
    return not folder or rel.startswith(folder + "/")


def name_clashes(
    names: NameIndex, agent: AgentFile, fields: Mapping[str, Any] | None
) -> list[Diagnostic]:
    """The error for ``agent`` (with ``fields``, as installed) sharing its name, naming the
    other files; [] when it shares it with none."""
    scope = clash_scope(agent.rel, agent.flavour)
    name = agent_name(agent.rel, agent.flavour, fields)
    if scope is None or name is None:
        return []
    others = {
        rel
        for root in scope.roots()
        for rel in names.named(root, agent.flavour, name)
        if rel != agent.rel
    }
    return clash_diagnostics(agent, fields, name, sorted(others))
