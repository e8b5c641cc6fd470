"""Every cache of the engine is registered in ``CACHES``: cleared and sized from one place."""

from __future__ import annotations

import functools
import importlib
import pkgutil

import pytest

import agent_workbench
from agent_workbench.model.caches import CACHES, CacheRegistry
from agent_workbench.model.project import Project
from agent_workbench.templating.render import RenderOptions, render_agent
from agent_workbench.tokens import counting
from conftest import REPO_ROOT


def _all_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(agent_workbench.__path__, "agent_workbench."):
        if info.name.endswith("__main__"):
            continue
        importlib.import_module(info.name)
        names.append(info.name)
    return names


def test_no_module_keeps_a_cache_of_its_own() -> None:
    """A functools cache at module level is one ``CACHES`` cannot clear or size."""
    strays = []
    for name in _all_modules():
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if isinstance(value, functools._lru_cache_wrapper):  # also functools.cache
                strays.append(f"{name}.{attr}")
    assert strays == []
    assert {"templating.compiled_templates", "templating.safe_parses"} <= set(CACHES.names())


def test_a_render_fills_the_caches_and_clear_empties_them_but_keeps_the_tokenizer() -> None:
    counting.count_tokens("warm the tokenizer")
    project = Project.open(REPO_ROOT)
    render_agent(project, "agents/claude-code/backend-engineer.md", RenderOptions())
    sizes = {size.name: size for size in CACHES.sizes()}
    assert sizes["templating.safe_parses"].entries > 0
    loaded = sizes["tokens.encodings"].entries  # other tests may have loaded o200k_base too
    assert loaded >= 1
    CACHES.clear()
    sizes = {size.name: size for size in CACHES.sizes()}
    assert all(s.entries == 0 for n, s in sizes.items() if n != "tokens.encodings")
    assert sizes["tokens.encodings"].entries == loaded  # a loaded resource, not a result
    assert counting.is_loaded()


def test_a_memo_is_bounded_and_can_be_resized() -> None:
    registry = CacheRegistry()
    calls: list[int] = []

    @registry.memo("test.square", 2)
    def square(n: int) -> int:
        calls.append(n)
        return n * n

    assert [square(2), square(2), square(3), square(4), square(2)] == [4, 4, 9, 16, 4]
    assert calls == [2, 3, 4, 2]  # 2 fell out when 4 came in (two entries)
    assert registry["test.square"].size().entries == 2
    registry["test.square"].resize(8)
    assert registry["test.square"].size().entries == 0
    with pytest.raises(ValueError, match="already registered"):
        registry.memo("test.square", 1)(lambda: 0)
