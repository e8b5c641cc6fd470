"""Which agents read which files, for which language.

Every render reports the project files it read (``RenderResult.files_read``).
``DependencyGraph`` keeps that per ``(agent, language)`` plus the reverse index
file → readers, so that a change on disk maps to exactly the renders it makes
stale: ``graph.affected_by(["snippets/python.md"])``. It is updated
incrementally, one render at a time, and is safe to share between the thread
that renders and the thread that watches.

Rules beyond the recorded reads:

- ``agpm.toml`` affects every render (it holds ``agpm.project.*`` and the
  default language).
- An agent's own file always affects its renders.
- A render that failed may have failed *because* a file was missing; reads of
  missing files are not reported, so any path the graph has never seen (a new
  file) also counts as affecting every failed render.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from agent_workbench.model.project import CONFIG_NAME

RenderKey = tuple[str, str | None]
"""(agent's project-relative path, language it was rendered for; None when the project has none)."""


class _RenderLike(Protocol):
    rel: str
    language: str | None
    files_read: frozenset[str]

    @property
    def ok(self) -> bool: ...


class DependencyGraph:
    """Agents → files they read, and files → the renders that read them."""

    def __init__(self, root: Path | None = None) -> None:
        # With a root, reads through a symlink are indexed under the symlink's
        # target too: the watcher reports the file that actually changed.
        self._root = Path(os.path.realpath(root)) if root is not None else None
        self._lock = threading.Lock()
        self._reads: dict[RenderKey, frozenset[str]] = {}
        self._readers: dict[str, set[RenderKey]] = {}
        self._failed: set[RenderKey] = set()

    # -- updates ---------------------------------------------------------------

    def record(self, result: _RenderLike) -> None:
        """Record what one render read (replacing that agent+language's previous entry)."""
        self.update(result.rel, result.language, result.files_read, ok=result.ok)

    def update(
        self, agent: str, language: str | None, files_read: Iterable[str], *, ok: bool = True
    ) -> None:
        key = (agent, language)
        files = {*files_read, agent}
        targets = (self._resolved(rel) for rel in list(files))
        new = frozenset(files | {t for t in targets if t is not None})
        with self._lock:
            self._drop(key)
            self._reads[key] = new
            for rel in new:
                self._readers.setdefault(rel, set()).add(key)
            if ok:
                self._failed.discard(key)
            else:
                self._failed.add(key)

    def forget(self, agent: str, language: str | None = None) -> None:
        """Drop an agent's entries: one language, or all of them when ``language`` is None."""
        with self._lock:
            keys = [
                k for k in self._reads if k[0] == agent and (language is None or k[1] == language)
            ]
            for key in keys:
                self._drop(key)

    def rename_agent(self, old: str, new: str) -> None:
        """An agent file moved: its entries follow it (its reads stay what they were)."""
        with self._lock:
            moved = {k: v for k, v in self._reads.items() if k[0] == old}
            failed = {k for k in moved if k in self._failed}
            for key in moved:
                self._drop(key)
            for (_, language), files in moved.items():
                key = (new, language)
                files = frozenset((files - {old}) | {new})
                self._reads[key] = files
                for rel in files:
                    self._readers.setdefault(rel, set()).add(key)
                if (old, language) in failed:
                    self._failed.add(key)

    def clear(self) -> None:
        with self._lock:
            self._reads.clear()
            self._readers.clear()
            self._failed.clear()

    # -- queries ---------------------------------------------------------------

    def affected_by(self, changed_paths: Iterable[str]) -> set[RenderKey]:
        """Every (agent, language) whose last render read one of ``changed_paths``."""
        changed = set(changed_paths)
        if not changed:
            return set()
        with self._lock:
            if CONFIG_NAME in changed:
                return set(self._reads)
            found: set[RenderKey] = set()
            unknown = False
            for rel in changed:
                readers = self._readers.get(rel)
                if readers:
                    found |= readers
                else:
                    unknown = True
            if unknown:
                found |= self._failed
            return found

    def agents_affected_by(self, changed_paths: Iterable[str]) -> set[str]:
        return {agent for agent, _ in self.affected_by(changed_paths)}

    def files_read(self, agent: str, language: str | None) -> frozenset[str]:
        with self._lock:
            return self._reads.get((agent, language), frozenset())

    def readers_of(self, rel: str) -> set[RenderKey]:
        with self._lock:
            return set(self._readers.get(rel, ()))

    def languages_of(self, agent: str) -> set[str | None]:
        with self._lock:
            return {language for a, language in self._reads if a == agent}

    def keys(self) -> set[RenderKey]:
        with self._lock:
            return set(self._reads)

    def watched_files(self) -> frozenset[str]:
        """Every file some recorded render read."""
        with self._lock:
            return frozenset(self._readers)

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._reads

    def __len__(self) -> int:
        with self._lock:
            return len(self._reads)

    # -- internals -------------------------------------------------------------

    def _drop(self, key: RenderKey) -> None:
        for rel in self._reads.pop(key, frozenset()):
            readers = self._readers.get(rel)
            if readers is not None:
                readers.discard(key)
                if not readers:
                    del self._readers[rel]
        self._failed.discard(key)

    def _resolved(self, rel: str) -> str | None:
        """The project-relative path a symlinked ``rel`` really is (None when not a symlink)."""
        if self._root is None:
            return None
        path = self._root / rel
        real = Path(os.path.realpath(path))
        if real == path:
            return None
        try:
            return real.relative_to(self._root).as_posix()
        except ValueError:
            return None
