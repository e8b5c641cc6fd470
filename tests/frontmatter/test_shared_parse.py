"""A form change parses the frontmatter once, and the shortcuts read what the full parse reads.

``load_yaml_shared`` hands every caller of one text the same round-trip tree, so
an edit must leave the tree it was given as it was; the description counted
for tokens comes from the render's safe parse when it is a plain string, and
must be the text the round-trip reading gives for every file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_workbench.frontmatter.agentfile import AgentFile
from agent_workbench.frontmatter.edit import set_fields
from agent_workbench.frontmatter.roundtrip import apply_edits, load_yaml, load_yaml_shared, plain
from agent_workbench.model.document import AgentDocument
from agent_workbench.tokens.agent_tokens import _description_of
from conftest import shared_files

FRONTMATTER = """name: reviewer
description: Reviews code # short
tools: {read: true, bash: false}
permission:
  bash:
    "git *": allow
list:
  - a
  - b
"""


def _round_trip_description(frontmatter: str) -> str:
    """The description as the round-trip AgentFile reads it (the path before the shortcut)."""
    agent = AgentFile.from_bytes("x.md", ("---\n" + frontmatter + "---\n").encode("utf-8"))
    fields = agent.fields if agent.yaml_error is None else None
    if fields is None:
        fields = agent.simple_fields or {}
    value = fields.get("description")
    return "" if value is None else str(value)


@pytest.mark.parametrize(
    "sets,unsets",
    [
        ({"description": "Reviews code well"}, []),
        ({"tools.write": True}, []),
        ({'permission.bash["git push*"]': "ask"}, []),
        ({"list": ["a", "b", "c"]}, []),
        ({"new": {"nested": 1}}, ["name"]),
        ({}, ["permission.bash"]),
    ],
)
def test_edits_leave_the_shared_parse_of_the_old_text_unchanged(
    sets: dict[str, object], unsets: list[str]
) -> None:
    shared = load_yaml_shared(FRONTMATTER)
    before = plain(shared)
    edited = apply_edits(FRONTMATTER, sets, unsets)
    assert edited != FRONTMATTER
    assert load_yaml_shared(FRONTMATTER) is shared
    assert plain(shared) == before == plain(load_yaml(FRONTMATTER))
    assert plain(load_yaml_shared(edited)) == plain(load_yaml(edited))


def test_a_field_edit_then_reads_the_new_text_from_the_verification_parse() -> None:
    document = AgentDocument.from_text("---\n" + FRONTMATTER + "---\nBody\n")
    new = set_fields(document, {"description": "Reviews code well"})
    verified = load_yaml_shared(new.frontmatter)  # made by the edit's verification
    agent = AgentFile.from_document("x.md", new)
    assert agent.fields is verified
    assert agent.fields["description"] == "Reviews code well"


@pytest.mark.parametrize(
    "frontmatter",
    [
        "description: plain words\n",
        "description: 'single ''quoted'''\n",
        'description: "double \\"escaped\\" \\u00e9"\n',
        "description: |\n  block\n  scalar\n",
        "description: >-\n  folded\n  text\n",
        "description: 12\n",
        "description: 1.50\n",
        "description: true\n",
        "description: 2024-01-02\n",
        "description:\n",
        "description: [a, b]\n",
        "description: {a: 1}\n",
        "name: x\n",
        "- a list\n",
        "description: Use when: the value has a colon\n",
        "description: a\ndescription: b\n",
    ],
)
def test_description_counted_is_the_round_trip_reading(frontmatter: str) -> None:
    assert _description_of("x.md", frontmatter) == _round_trip_description(frontmatter)


CORPUS = shared_files("corpus") + shared_files("seeds")


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_description_counted_matches_the_round_trip_reading_over_the_corpus(path: Path) -> None:
    document = AgentDocument.parse(path.read_bytes(), path.name)
    if not document.has_frontmatter:
        pytest.skip("no frontmatter")
    expected = _round_trip_description(document.frontmatter)
    assert _description_of(path.name, document.frontmatter) == expected
