"""Edits spliced entry by entry give exactly what the round-trip path gives, in linear time.

``entry_edit.by_entries`` reads the frontmatter with libyaml, splices only the touched
top-level entry (ruamel parses that entry alone) and checks the whole result; it steps
aside (None) whenever it cannot show the result equal. These tests hold it to the
round-trip path (``WORKBENCH_FAST_PATHS`` off) over every frontmatter of the corpus and
the repository with a range of edits, on the layouts the splice depends on, and check
that a 10,000-key edit never hands ruamel the whole frontmatter.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from agent_workbench.frontmatter import layout
from agent_workbench.frontmatter.entry_edit import apply_edits, by_entries
from agent_workbench.frontmatter.libyaml_tree import HAS_LIBYAML, read_tree
from agent_workbench.frontmatter.roundtrip import YamlEditError, canonical, load_yaml, operations_of
from agent_workbench.model.document import AgentDocument
from agent_workbench.model.fast_paths import fast_paths
from agent_workbench.session.editing import judge_edit, set_fields
from conftest import REPO_ROOT, requires_shared, shared_files

pytestmark = pytest.mark.skipif(
    not HAS_LIBYAML, reason="PyYAML (a dependency) is missing: .venv/bin/pip install -e '.[test]'"
)

EDITS: list[tuple[dict[str, Any], list[str]]] = [
    ({"model": "haiku"}, []),
    ({"description": "Changed: with a colon"}, []),
    ({"tools.bash": True}, []),
    ({"permission.bash": {"git *": "ask"}}, []),
    ({'permission.bash["npm *"]': "deny"}, []),
    ({"temperature": 0.3, "mode": "subagent"}, ["name"]),
    ({"zz_new": ["a", "b"]}, ["description"]),
    ({"tools": "Read, Write"}, []),
    ({}, ["tools", "model"]),
    ({"zz_new.inner": 1, "zz_new.other": "x"}, []),
]


def outcome(text: str, sets: dict[str, Any], unsets: list[str]) -> tuple[str, str]:
    try:
        return "ok", apply_edits(text, sets, unsets)
    except Exception as exc:  # invalid YAML raises ruamel's error: set_fields refuses first
        return type(exc).__name__, str(exc)


def same_as_round_trip(text: str, sets: dict[str, Any], unsets: list[str]) -> bool:
    """The edit gives what the round-trip path gives; True when it was spliced by entries."""
    with fast_paths(True):
        fast = outcome(text, sets, unsets)
        try:
            taken = by_entries(text, operations_of(sets, unsets), "\n") is not None
        except YamlEditError:
            taken = True
    with fast_paths(False):
        slow = outcome(text, sets, unsets)
    assert fast == slow, (text, sets, unsets)
    return taken


def frontmatters(paths: list[Path]) -> list[str]:
    texts = []
    for path in paths:
        try:
            document = AgentDocument.parse(path.read_bytes(), str(path))
        except Exception:
            continue
        if document.has_frontmatter and "{%" not in document.frontmatter:
            texts.append(document.frontmatter)
    return texts


@requires_shared
def test_corpus_edits_by_entries_equal_the_round_trip_path() -> None:
    texts = frontmatters(shared_files("corpus") + shared_files("seeds", pattern="*"))
    texts += frontmatters(sorted((REPO_ROOT / "tests").rglob("*.md")))
    assert len(texts) > 400
    taken = 0
    for index, text in enumerate(texts):  # one edit each, in turn: the slow path is slow
        sets, unsets = EDITS[index % len(EDITS)]
        taken += same_as_round_trip(text, sets, unsets)
    assert taken > len(texts) * 0.9  # the fast path is the one used, not a rare exception


LAYOUTS = {
    "blank lines": "name: a\n\n\ndescription: d\n  \nmodel: sonnet\n\n",
    "comments": "# lead\nname: a  # end\n# between\ndescription: d\n  # indented\nmodel: x\n# tail\n",
    "crlf": "name: a\r\ndescription: d\r\ntools:\r\n  read: true\r\n",
    "block scalars": "name: a\ndescription: |\n  one\n\n  two\nprompt: >-\n  folded\n  text\nmodel: m\n",
    "no final newline": "name: a\ndescription: d",
    "nested four spaces": "name: a\npermission:\n    edit: ask\n    bash:\n        '*': ask\n",
    "indented sequences": "name: a\ntools:\n  - Read\n  - Write\nskills:\n- x\n",
    "flow maps": "name: a\ntools: {read: true, write: false}\npermission: {}\n",
    "empty flow map": "name: a\ntools: {}\ndescription: d\n",
    "quoted values": 'name: \'a\'\ndescription: "d: e"\nmodel: "x"\n',
    "null values": "name:\ndescription: ~\ntools:\n",
    "one entry": "name: a\n",
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
@pytest.mark.parametrize("edit", range(len(EDITS)))
def test_layouts_edit_by_entries_as_the_round_trip_path(name: str, edit: int) -> None:
    sets, unsets = EDITS[edit]
    assert same_as_round_trip(LAYOUTS[name], sets, unsets)


STEPS_ASIDE = {
    "alias": "base: &b {read: true}\ntools: *b\nname: a\n",
    "merge key": "base: &b {read: true}\ntools:\n  <<: *b\n  write: false\nname: a\n",
    "timestamp": "name: a\ncreated: 2024-01-01\n",
    "hex": "name: a\nmask: 0x1f\n",
    "tag": "name: !agent a\ndescription: d\n",
    "quoted key first": "\"name\": a\n'description': d\n",
    "bool key": "true: 1\nname: a\n",
    "duplicate key": "name: a\nname: b\n",
    "invalid": "name: a\ndescription: d: e\n",
    "flow at the top": "{name: a, description: d}\n",
    "indented top": "  name: a\n  description: d\n",
    "document marker": "name: a\n---\ndescription: d\n",
}


@pytest.mark.parametrize("name", sorted(STEPS_ASIDE))
def test_what_libyaml_cannot_show_equal_takes_the_round_trip_path(
    name: str, fast_paths_on: None
) -> None:
    text = STEPS_ASIDE[name]
    assert by_entries(text, operations_of({"model": "haiku"}), "\n") is None
    same_as_round_trip(text, {"model": "haiku"}, [])
    same_as_round_trip(text, {"tools.bash": True}, [])


def marks(node: Any) -> Any:
    """Everything of a tree the layout and validation read: data, marks, flow styles."""
    if isinstance(node, CommentedMap):
        items = tuple((k, tuple(node.lc.data[k]), marks(v)) for k, v in node.items())
        return ("map", node.lc.line, node.lc.col, bool(node.fa.flow_style()), items)
    if isinstance(node, CommentedSeq):
        items = tuple((tuple(node.lc.data[i]), marks(v)) for i, v in enumerate(node))
        return ("seq", node.lc.line, node.lc.col, bool(node.fa.flow_style()), items)
    return canonical(node)


@requires_shared
def test_libyaml_reads_every_corpus_frontmatter_as_ruamel_does(fast_paths_on: None) -> None:
    texts = frontmatters(shared_files("corpus") + shared_files("seeds", pattern="*"))
    texts.append('name: a\ndescription: "é😀 x"\nn:\n  "ké😀": [é, 😀, z]\n  k2: {a: 😀😀, b: 1}\n')
    read = 0
    for text in texts:
        fast = read_tree(text)
        if fast is not None:
            read += 1
            assert marks(fast) == marks(load_yaml(text)), text
    assert read > len(texts) * 0.9


def test_libyaml_reads_what_ruamel_reads_marks_included(fast_paths_on: None) -> None:
    text = "name: a\ntools:\n  - Read\nx: {a: [1, 2.5, true, null, '3']}\nd: |\n  b\n"
    fast, slow = read_tree(text), load_yaml(text)
    assert fast == slow
    assert fast is not None
    for key in slow:
        assert fast.lc.key(key) == slow.lc.key(key)
        assert fast.lc.value(key) == slow.lc.value(key)
    assert fast["x"].fa.flow_style() and fast["x"]["a"].lc.item(1) == slow["x"]["a"].lc.item(1)


def big(keys: int) -> AgentDocument:
    fields = "".join(f"key{i}: value {i}\n" for i in range(keys))
    return AgentDocument.from_text(f"---\nname: big\ndescription: d\n{fields}---\nBody.\n")


def test_a_10000_key_edit_never_gives_ruamel_the_whole_frontmatter(
    monkeypatch: pytest.MonkeyPatch, fast_paths_on: None
) -> None:
    parsed: list[int] = []
    real = layout.make_yaml

    def spying() -> Any:
        yaml = real()
        load = yaml.load

        def counted(text: str) -> Any:
            parsed.append(len(text))
            return load(text)

        yaml.load = counted
        return yaml

    monkeypatch.setattr(layout, "make_yaml", spying)
    document = big(10_000)
    after = set_fields(document, {"model": "haiku", "key5000": "changed"}, rel="agents/big.md")
    verdict = judge_edit("agents/big.md", document, after, [["model"], ["key5000"]])
    assert verdict.caused == []
    assert "key5000: changed\n" in after.frontmatter
    assert after.frontmatter.endswith("key9999: value 9999\nmodel: haiku\n")
    assert parsed and max(parsed) < 100  # entries, never the 200 KB frontmatter
    with fast_paths(False):
        assert set_fields(document, {"model": "haiku", "key5000": "changed"}).text == after.text


def test_a_refusal_names_the_yaml_type_not_ruamels_class() -> None:
    text = 'name: a\npermission:\n  bash: "deny"\n'
    for on in (True, False):
        with fast_paths(on), pytest.raises(YamlEditError) as refused:
            apply_edits(text, {'permission.bash["npm *"]': "ask"})
        assert "holds the str 'deny', not a map" in str(refused.value)
