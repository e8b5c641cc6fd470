"""A FileSource that remembers every answer of the source it wraps.

For one pass over many agents that share files (a diff's static analysis and its
language matching read each snippet, list each folder and look up each path once).
The wrapped files must not change while it is in use.
"""

from __future__ import annotations

from collections.abc import Iterator

from agent_workbench.model.sources import FileSource, SourceError


class CachedSource:
    def __init__(self, base: FileSource) -> None:
        self.base = base
        self._bytes: dict[str, bytes | SourceError] = {}
        self._is_file: dict[str, bool] = {}
        self._is_dir: dict[str, bool] = {}
        self._listings: dict[str, list[str]] = {}

    @property
    def label(self) -> str:
        return self.base.label

    def read_bytes(self, rel: str, *, max_bytes: int | None = None) -> bytes:
        if max_bytes is not None:
            return self.base.read_bytes(rel, max_bytes=max_bytes)
        known = self._bytes.get(rel)
        if known is None:
            try:
                known = self.base.read_bytes(rel)
            except SourceError as exc:
                known = exc
            self._bytes[rel] = known
        if isinstance(known, SourceError):
            raise known
        return known

    def is_file(self, rel: str) -> bool:
        known = self._is_file.get(rel)
        if known is None:
            known = self._is_file[rel] = self.base.is_file(rel)
        return known

    def is_dir(self, rel: str) -> bool:
        known = self._is_dir.get(rel)
        if known is None:
            known = self._is_dir[rel] = self.base.is_dir(rel)
        return known

    def list_dir(self, rel: str) -> list[str]:
        known = self._listings.get(rel)
        if known is None:
            known = self._listings[rel] = self.base.list_dir(rel)
        return list(known)

    def walk_files(self, rel: str = "") -> Iterator[str]:
        return self.base.walk_files(rel)
