"""Shared parses are frozen: a caller that changes one gets an error, not a corrupted cache."""

from __future__ import annotations

import copy
import json

import pytest

from agent_workbench.model.frozen import FrozenDict, FrozenError, FrozenList, freeze
from agent_workbench.templating.context import parse_yaml

TEXT = "name: a\ntools:\n  - read\n  - bash\nagpm:\n  templating: true\n"


def test_the_cached_safe_parse_refuses_every_change() -> None:
    data = parse_yaml(TEXT).data
    changes = [
        lambda: data.__setitem__("name", "b"),
        lambda: data.pop("name"),
        lambda: data.update(x=1),
        lambda: data.setdefault("x", 1),
        lambda: data["tools"].append("write"),
        lambda: data["tools"].__setitem__(0, "x"),
        lambda: data["tools"].sort(),
        lambda: data["agpm"].clear(),
    ]
    for change in changes:
        with pytest.raises(FrozenError):
            change()
    assert parse_yaml(TEXT).data == {
        "name": "a",
        "tools": ["read", "bash"],
        "agpm": {"templating": True},
    }


def test_a_frozen_parse_reads_like_the_plain_one() -> None:
    data = parse_yaml(TEXT).data
    assert isinstance(data, dict) and isinstance(data["tools"], list)
    assert json.dumps(data) == json.dumps(
        {"name": "a", "tools": ["read", "bash"], "agpm": {"templating": True}}
    )
    assert repr(data) == "{'name': 'a', 'tools': ['read', 'bash'], 'agpm': {'templating': True}}"


def test_a_deep_copy_is_plain_and_mutable() -> None:
    data = copy.deepcopy(parse_yaml(TEXT).data)
    assert type(data) is dict and type(data["tools"]) is list
    data["tools"].append("write")
    assert parse_yaml(TEXT).data["tools"] == ["read", "bash"]
    assert type(copy.copy(parse_yaml(TEXT).data)) is dict


def test_freeze_keeps_shared_and_recursive_parts_shared() -> None:
    inner: list[object] = [1]
    loop: list[object] = []
    loop.append(loop)
    frozen = freeze({"a": inner, "b": inner, "loop": loop})
    assert frozen["a"] is frozen["b"] and type(frozen["a"]) is FrozenList
    assert frozen["loop"][0] is frozen["loop"]
    assert type(frozen) is FrozenDict and freeze(frozen) is frozen
    inner.append(2)  # the input is not frozen itself
