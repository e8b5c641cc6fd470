"""Minimal-diff edits: the touched field's lines change, and nothing else."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from agent_workbench.frontmatter.agentfile import AgentFile
from agent_workbench.frontmatter.edit import edit_file, set_body, set_fields, write_document
from agent_workbench.frontmatter.keypath import (
    KeyPathError,
    format_key_path,
    parse_key_path,
    parse_value,
)
from agent_workbench.frontmatter.roundtrip import load_yaml
from agent_workbench.model.atomic import ConflictError, sha256_of
from agent_workbench.model.diagnostics import DiagnosticError
from agent_workbench.model.document import AgentDocument
from agent_workbench.model.project import Project
from conftest import shared_files

EDITABLE = [
    p
    for p in shared_files("corpus", "wild") + shared_files("corpus", "agpm-resources")
    if AgentFile.from_bytes(p.name, p.read_bytes()).editable
    and AgentDocument.parse(p.read_bytes()).has_frontmatter
]


def changed_old_lines(before: str, after: str) -> tuple[set[int], list[str]]:
    """0-based indexes of removed/replaced original lines, and the added lines."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    removed: set[int] = set()
    added: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag != "equal":
            removed.update(range(i1, i2))
            added.extend(new[j1:j2])
    return removed, added


def key_span(doc: AgentDocument, key: str) -> range:
    """File lines (0-based) of a top-level key's entry, found independently of the editor."""
    data = load_yaml(doc.frontmatter)
    keys = list(data)
    start = data.lc.key(key)[0]
    index = keys.index(key)
    end = (
        data.lc.key(keys[index + 1])[0]
        if index + 1 < len(keys)
        else len(doc.frontmatter.splitlines())
    )
    offset = 1  # the opening --- line
    return range(start + offset, end + offset)


@pytest.mark.parametrize("path", EDITABLE[::3], ids=lambda p: p.name)
def test_setting_description_changes_only_its_lines(path: Path) -> None:
    raw = path.read_bytes()
    doc = AgentDocument.parse(raw)
    data = load_yaml(doc.frontmatter)
    if "description" not in data:
        pytest.skip("no description")
    after = set_fields(doc, {"description": "Reviews code: carefully, with 'quotes'."})
    removed, added = changed_old_lines(doc.text, after.text)
    assert removed <= set(key_span(doc, "description"))
    assert all(line.startswith(("description:", " ")) for line in added)
    assert AgentFile.from_document("x", after).fields["description"] == (
        "Reviews code: carefully, with 'quotes'."
    )
    # everything else reads the same
    rest_before = {k: v for k, v in data.items() if k != "description"}
    rest_after = {k: v for k, v in load_yaml(after.frontmatter).items() if k != "description"}
    assert rest_before == rest_after
    assert after.body == doc.body and after.bom == doc.bom


@pytest.mark.parametrize("path", EDITABLE[1::3], ids=lambda p: p.name)
def test_adding_a_field_inserts_lines_only(path: Path) -> None:
    doc = AgentDocument.parse(path.read_bytes())
    after = set_fields(doc, {"x-workbench-note": "added by a test"})
    old, new = doc.text.splitlines(keepends=True), after.text.splitlines(keepends=True)
    opcodes = [
        op
        for op in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
        if op[0] != "equal"
    ]
    assert [op[0] for op in opcodes] == ["insert"]
    assert (
        "".join(new[opcodes[0][3] : opcodes[0][4]]).strip() == "x-workbench-note: added by a test"
    )
    assert set_fields(after, unsets=["x-workbench-note"]).text == doc.text


@pytest.mark.parametrize("path", EDITABLE[2::3], ids=lambda p: p.name)
def test_no_op_edit_is_byte_identical(path: Path) -> None:
    raw = path.read_bytes()
    doc = AgentDocument.parse(raw)
    data = load_yaml(doc.frontmatter)
    sets = {k: v for k, v in data.items() if isinstance(k, str) and not isinstance(v, (dict, list))}
    assert set_fields(doc, sets, unsets=["not-a-field"]).to_bytes() == raw


SAMPLE = """---
description: Reviews pull requests   # shown in the agent list
mode: subagent
temperature: 0.3
tools:
  read: true
  write: false
# permissions below
permission:
  edit: ask
  bash:
    "*": ask
    "git *": allow
---
Body {{ stays }} literal.
"""


def diff(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.mark.parametrize(
    ("sets", "unsets", "expected"),
    [
        ({"temperature": 0.5}, [], ["-temperature: 0.3\n", "+temperature: 0.5\n"]),
        (
            {"description": "Reviews code"},
            [],
            [
                "-description: Reviews pull requests   # shown in the agent list\n",
                "+description: Reviews code   # shown in the agent list\n",
            ],
        ),
        ({"tools.bash": True}, [], ["+  bash: true\n"]),
        ({"tools.write": True}, [], ["-  write: false\n", "+  write: true\n"]),
        (
            {'permission.bash["git *"]': "deny"},
            [],
            ['-    "git *": allow\n', '+    "git *": deny\n'],
        ),
        ({'permission.bash."rm *"': "deny"}, [], ['+    "rm *": deny\n']),
        ({"model": "anthropic/claude-sonnet-4-5"}, [], ["+model: anthropic/claude-sonnet-4-5\n"]),
        ({}, ["tools.write"], ["-  write: false\n"]),
        ({}, ["temperature"], ["-temperature: 0.3\n"]),
        (
            {},
            ["permission"],
            [
                "-permission:\n",
                "-  edit: ask\n",
                "-  bash:\n",
                '-    "*": ask\n',
                '-    "git *": allow\n',
            ],
        ),
        (
            {"options.reasoning.effort": "high"},
            [],
            ["+options:\n", "+  reasoning:\n", "+    effort: high\n"],
        ),
    ],
)
def test_sample_edits_diff_exactly(sets: dict, unsets: list, expected: list[str]) -> None:
    doc = AgentDocument.from_text(SAMPLE)
    after = set_fields(doc, sets, unsets)
    assert diff(doc.text, after.text) == expected
    assert after.body == doc.body


def test_unsetting_last_nested_key_leaves_an_empty_map() -> None:
    doc = AgentDocument.from_text("---\ntools:\n  read: true\nmode: all\n---\n")
    after = set_fields(doc, unsets=["tools.read"])
    assert after.text == "---\ntools: {}\nmode: all\n---\n"


def test_flow_mapping_entry_is_rewritten_in_flow_style() -> None:
    doc = AgentDocument.from_text("---\ntools: {read: true, write: false}\nmode: all\n---\n")
    after = set_fields(doc, {"tools.bash": False})
    assert after.text == "---\ntools: {read: true, write: false, bash: false}\nmode: all\n---\n"


def test_crlf_and_bom_are_kept() -> None:
    raw = b"\xef\xbb\xbf---\r\nname: a\r\ntools:\r\n  read: true\r\n---\r\nbody\r\n"
    after = set_fields(AgentDocument.parse(raw), {"tools.write": False, "model": "haiku"})
    assert after.to_bytes() == (
        b"\xef\xbb\xbf---\r\nname: a\r\ntools:\r\n  read: true\r\n  write: false\r\n"
        b"model: haiku\r\n---\r\nbody\r\n"
    )


def test_quote_style_of_old_value_is_kept() -> None:
    doc = AgentDocument.from_text("---\ndescription: 'old'\nmodel: \"sonnet\"\n---\n")
    after = set_fields(doc, {"description": "new", "model": "opus"})
    assert after.text == "---\ndescription: 'new'\nmodel: \"opus\"\n---\n"


def test_block_scalar_value_is_replaced_whole() -> None:
    doc = AgentDocument.from_text("---\ndescription: |\n  one\n  two\nname: a\n---\n")
    after = set_fields(doc, {"description": "three\nfour\n"})
    assert after.text == "---\ndescription: |\n  three\n  four\nname: a\n---\n"


def test_file_without_frontmatter_gets_one() -> None:
    after = set_fields(AgentDocument.from_text("Just a body.\n"), {"description": "d"})
    assert after.text == "---\ndescription: d\n---\nJust a body.\n"


def test_setting_below_a_scalar_is_refused() -> None:
    doc = AgentDocument.from_text("---\ntools: Read, Grep\n---\n")
    with pytest.raises(DiagnosticError) as caught:
        set_fields(doc, {"tools.bash": True}, rel="a.md")
    assert "not a map" in caught.value.diagnostic.message


def test_template_logic_is_refused() -> None:
    doc = AgentDocument.from_text("---\n{% if x %}\nmodel: a\n{% endif %}\n---\n")
    with pytest.raises(DiagnosticError) as caught:
        set_fields(doc, {"model": "b"}, rel="a.md")
    assert "raw source editor" in caught.value.diagnostic.message


def test_template_expressions_in_values_do_not_block_other_fields() -> None:
    text = "---\ndependencies:\n  snippets:\n    - path: ../{{ agpm.project.language }}.md\nmodel: a\n---\n"
    after = set_fields(AgentDocument.from_text(text), {"model": "b"})
    assert diff(text, after.text) == ["-model: a\n", "+model: b\n"]


def test_invalid_yaml_is_refused_with_a_pointer_to_fix() -> None:
    doc = AgentDocument.from_text("---\nname: a\ndescription: Use when: asked\n---\n")
    with pytest.raises(DiagnosticError) as caught:
        set_fields(doc, {"model": "opus"}, rel="a.md")
    assert caught.value.diagnostic.line == 3
    assert "workbench check --fix" in caught.value.diagnostic.message


@pytest.mark.parametrize(
    ("key", "parts"),
    [
        ("tools.bash", ["tools", "bash"]),
        ('permission.bash["git *"]', ["permission", "bash", "git *"]),
        ("permission.bash.'git *'", ["permission", "bash", "git *"]),
        ('a["x.y"].b', ["a", "x.y", "b"]),
        ('"a.b"', ["a.b"]),
    ],
)
def test_key_paths(key: str, parts: list[str]) -> None:
    assert parse_key_path(key) == parts
    assert parse_key_path(format_key_path(parts)) == parts


@pytest.mark.parametrize("key", ["", "a.", ".a", "a..b", 'a["x', "a[x]"])
def test_bad_key_paths_are_rejected(key: str) -> None:
    with pytest.raises(KeyPathError):
        parse_key_path(key)


def test_values_are_read_as_yaml_scalars() -> None:
    assert parse_value("true") is True
    assert parse_value("0.3") == 0.3
    assert parse_value('"0.3"') == "0.3"
    assert parse_value("[Read, Grep]") == ["Read", "Grep"]
    assert parse_value("Use when: asked") == "Use when: asked"


def test_edit_file_writes_atomically_and_detects_conflicts(make_project) -> None:
    root = make_project({"agents/opencode/a.md": "---\nmode: all\n---\nbody\n"})
    path = root / "agents/opencode/a.md"
    path.chmod(0o600)
    result = edit_file(Project.open(root), "agents/opencode/a.md", {"temperature": 0.2})
    assert result.changed
    assert path.read_text() == "---\nmode: all\ntemperature: 0.2\n---\nbody\n"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert result.sha256 == sha256_of(path.read_bytes())
    # no-op: nothing written
    again = edit_file(root, "agents/opencode/a.md", {"temperature": 0.2})
    assert not again.changed
    # stale hash: refused, file untouched
    with pytest.raises(ConflictError):
        edit_file(root, "agents/opencode/a.md", {"mode": "primary"}, expected_sha256="0" * 64)
    assert "mode: all" in path.read_text()


def test_edit_file_refuses_paths_outside_the_root(make_project, tmp_path: Path) -> None:
    root = make_project({"agents/a.md": "---\nname: a\n---\n"})
    with pytest.raises(DiagnosticError):
        edit_file(root, "../outside.md", {"name": "b"})


def test_write_document_saves_body_edits(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"---\r\nname: a\r\n---\r\nold\r\n")
    loaded = sha256_of(path.read_bytes())
    doc = set_body(AgentDocument.parse(path.read_bytes()), "new\r\n")
    new_hash = write_document(path, doc, loaded)
    assert path.read_bytes() == b"---\r\nname: a\r\n---\r\nnew\r\n"
    assert new_hash == sha256_of(path.read_bytes())
    with pytest.raises(ConflictError):
        write_document(path, doc, loaded)
