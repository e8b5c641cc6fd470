"""Every cache of the engine in one place: what each remembers, how many, how to forget.

A cache here is a ``Memo``: one pure function's results, in a bounded LRU keyed by
its arguments (a template's source, a frontmatter's text, a YAML entry, a file's
bytes). All of them live in one registry, ``CACHES``, which clears them (the
benchmarks' cold start, the fast-path switch, tests) and reports their sizes.

Why process-wide and not per project or session: every key is the whole input
the result is computed from, never a path whose file may change. A file edited
on disk is a new text and so a new key; nothing here can go stale, and two
projects opening the same snippet share its parse. What *does* depend on the
disk is kept by its owner and cleared with it: a ``CachedSource`` lives for one
pass over a project; ``Workspace.invalidate_caches`` (called by disk sync)
forgets the languages and saved token counts worked out from files.

Results may be shared by every caller, so the ones that are mutable containers
are frozen (``model.frozen``) before they are cached.

A ``Memo`` marked ``resource`` holds something loaded rather than worked out (the
tokenizer's tables): ``CACHES.clear()`` keeps it unless asked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class CacheSize:
    name: str
    entries: int
    maxsize: int | None  # None: unbounded (only for resources keyed by a closed set)
    hits: int
    misses: int


class Memo(Generic[P, R]):
    """``function``'s results, remembered for its last ``maxsize`` distinct arguments
    (thread-safe: ``functools.lru_cache`` underneath)."""

    def __init__(
        self, name: str, function: Callable[P, R], maxsize: int | None, *, resource: bool = False
    ) -> None:
        self.name = name
        self.function = function
        self.resource = resource
        self._maxsize = maxsize
        self._cached = lru_cache(maxsize=maxsize)(function)
        self._call: Callable[..., R] = self._cached  # the same object, typed by its result
        self.__doc__ = function.__doc__
        self.__wrapped__ = function

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        return self._call(*args, **kwargs)

    @property
    def cached(self) -> Callable[..., R]:
        """The LRU-wrapped function itself, for hot loops (``map`` calls it at C speed)."""
        return self._call

    @property
    def maxsize(self) -> int | None:
        return self._maxsize

    def resize(self, maxsize: int | None) -> None:
        """Bound it to ``maxsize`` entries (what it holds is forgotten)."""
        self._maxsize = maxsize
        self._cached = lru_cache(maxsize=maxsize)(self.function)
        self._call = self._cached

    def clear(self) -> None:
        self._cached.cache_clear()

    def size(self) -> CacheSize:
        info = self._cached.cache_info()
        return CacheSize(self.name, info.currsize, self._maxsize, info.hits, info.misses)

    def __repr__(self) -> str:
        return f"<Memo {self.name} maxsize={self._maxsize}>"


class CacheRegistry:
    """The engine's caches by name."""

    def __init__(self) -> None:
        self._memos: dict[str, Memo[Any, Any]] = {}

    def memo(
        self, name: str, maxsize: int | None, *, resource: bool = False
    ) -> Callable[[Callable[P, R]], Memo[P, R]]:
        """Decorator: remember the function's results under ``name`` (unique)."""

        def register(function: Callable[P, R]) -> Memo[P, R]:
            if name in self._memos:
                raise ValueError(f"a cache named {name!r} is already registered")
            memo = Memo(name, function, maxsize, resource=resource)
            self._memos[name] = memo
            return memo

        return register

    def __getitem__(self, name: str) -> Memo[Any, Any]:
        return self._memos[name]

    def __iter__(self) -> Iterator[Memo[Any, Any]]:
        return iter(list(self._memos.values()))

    def names(self) -> list[str]:
        return sorted(self._memos)

    def clear(self, *, resources: bool = False) -> None:
        """Forget every result (and loaded resources too when ``resources``)."""
        for memo in self:
            if resources or not memo.resource:
                memo.clear()

    def sizes(self) -> list[CacheSize]:
        return [memo.size() for memo in sorted(self, key=lambda m: m.name)]


CACHES = CacheRegistry()
memo = CACHES.memo
