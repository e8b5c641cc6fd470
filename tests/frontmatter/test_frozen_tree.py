"""The round-trip tree ``load_yaml_shared`` shares is frozen: changing it fails loudly."""

from __future__ import annotations

import copy
import io

import pytest
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from agent_workbench.frontmatter.agentfile import AgentFile
from agent_workbench.frontmatter.roundtrip import load_yaml, load_yaml_shared, make_yaml
from agent_workbench.model.frozen import FrozenError

FRONTMATTER = """name: reviewer # eol
tools: {read: true}
list:
  - a
  - {x: 1}
"""


def test_every_change_to_the_shared_tree_raises() -> None:
    tree = load_yaml_shared(FRONTMATTER)
    changes = [
        lambda: tree.__setitem__("name", "x"),
        lambda: tree.__delitem__("name"),
        lambda: tree.insert(0, "new", 1),
        lambda: tree.update({"a": 1}),
        lambda: tree.pop("name"),
        lambda: tree["tools"].__setitem__("write", True),
        lambda: tree["list"].append("c"),
        lambda: tree["list"].insert(0, "c"),
        lambda: tree["list"].__delitem__(0),
        lambda: tree["list"][1].__setitem__("x", 2),
    ]
    for change in changes:
        with pytest.raises(FrozenError):
            change()
    assert load_yaml_shared(FRONTMATTER) == {
        "name": "reviewer",
        "tools": {"read": True},
        "list": ["a", {"x": 1}],
    }


def test_an_agent_files_fields_are_the_frozen_tree() -> None:
    agent = AgentFile.from_bytes("a.md", ("---\n" + FRONTMATTER + "---\nbody\n").encode())
    assert isinstance(agent.fields, CommentedMap)
    with pytest.raises(FrozenError):
        agent.fields["name"] = "other"


def _dump_changed(tree: CommentedMap) -> str:
    tree["list"].append("c")
    tree["name"] = "other"
    out = io.StringIO()
    make_yaml().dump(tree, out)
    return out.getvalue()


def test_a_deep_copy_is_a_plain_tree_that_dumps_like_a_fresh_parse() -> None:
    tree = copy.deepcopy(load_yaml_shared(FRONTMATTER))
    assert type(tree) is CommentedMap and type(tree["list"]) is CommentedSeq
    assert _dump_changed(tree) == _dump_changed(load_yaml(FRONTMATTER))
    assert load_yaml_shared(FRONTMATTER)["name"] == "reviewer"
    shallow = copy.copy(load_yaml_shared(FRONTMATTER))
    shallow["name"] = "x"
    assert type(shallow) is CommentedMap
    with pytest.raises(FrozenError):
        load_yaml_shared(FRONTMATTER).copy()["name"] = "x"
