"""check --fix: quote just the broken values; YAML then reads what Claude Code read."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from agent_workbench.frontmatter.agentfile import AgentFile
from agent_workbench.frontmatter.lenient import simple_read
from agent_workbench.frontmatter.repair import quote_scalar, repair, repair_file
from agent_workbench.frontmatter.roundtrip import load_yaml
from agent_workbench.model.document import AgentDocument
from conftest import SHARED, requires_shared, shared_files

INVALID = [
    p
    for p in shared_files("corpus", "wild") + shared_files("seeds", pattern="*")
    if AgentFile.from_bytes(p.name, p.read_bytes()).yaml_error is not None
]
UNTERMINATED = "ferg-cod3s__codeflow__programmatic-seo-engineer.md"


@requires_shared
def test_the_corpus_has_the_thirteen_invalid_files() -> None:
    assert len(INVALID) == 13  # 12 in corpus/wild + seeds/002 (see corpus/wild/STATS.md)


@pytest.mark.parametrize(
    "path", [p for p in INVALID if p.name != UNTERMINATED], ids=lambda p: p.name
)
def test_invalid_file_is_repaired_minimally_with_meaning_kept(path: Path) -> None:
    raw = path.read_bytes()
    doc = AgentDocument.parse(raw)
    seen_by_claude = simple_read(doc.frontmatter)
    result = repair(doc, path.name)
    assert result.changed and not result.unrepaired
    fixed = AgentFile.from_document(path.name, result.document)
    assert fixed.yaml_error is None
    # Exactly one line changed: the broken value's.
    old, new = doc.text.splitlines(True), result.document.text.splitlines(True)
    ops = [o for o in difflib.SequenceMatcher(a=old, b=new).get_opcodes() if o[0] != "equal"]
    assert len(ops) == 1 and ops[0][0] == "replace" and ops[0][2] - ops[0][1] == 1
    line = old[ops[0][1]]
    key = line.split(":", 1)[0]
    assert new[ops[0][3]].startswith(f"{key}: ")
    # The meaning is what Claude Code's simple reading saw.
    assert fixed.fields[key] == seen_by_claude[key]
    assert result.fixed[0].line == ops[0][1] + 1
    assert result.document.body == doc.body and result.document.bom == doc.bom


@requires_shared
def test_unterminated_quote_is_reported_not_guessed() -> None:
    path = SHARED / "corpus" / "wild" / "opencode" / UNTERMINATED
    doc = AgentDocument.parse(path.read_bytes())
    result = repair(doc, UNTERMINATED)
    assert not result.changed and result.document is doc
    [problem] = result.unrepaired
    assert problem.line == 3 and "never closes" in problem.message


def test_seed_002_shape_repaired(tmp_path: Path) -> None:
    text = (
        '---\nname: api\ndescription: Use this agent for APIs. Examples:\\n\\nUser: "make an API"'
        '\\nAssistant: "I\'ll use it"\nmodel: inherit\n---\nBody\n'
    )
    path = tmp_path / "api.md"
    path.write_bytes(text.encode())
    result = repair_file(path, "api.md")
    assert [d.line for d in result.fixed] == [3]
    saved = path.read_text()
    assert saved.splitlines()[2] == (
        'description: \'Use this agent for APIs. Examples:\\n\\nUser: "make an API"\\nAssistant: '
        "\"I''ll use it\"'"
    )
    assert (
        load_yaml(saved.split("---\n")[1])["description"]
        == simple_read(text.split("---\n")[1])["description"]
    )


def test_several_broken_values_crlf_kept() -> None:
    text = "---\r\nname: a\r\ndescription: Use when: x\r\nmodel: opus\r\nnote: a: b # c\r\n---\r\n"
    result = repair(AgentDocument.from_text(text), "a.md")
    assert [d.line for d in result.fixed] == [3, 5]
    assert result.document.text == (
        "---\r\nname: a\r\ndescription: 'Use when: x'\r\nmodel: opus\r\nnote: 'a: b # c'\r\n---\r\n"
    )


def test_valid_and_templated_files_are_left_alone() -> None:
    valid = AgentDocument.from_text("---\nname: a\n---\n")
    assert repair(valid, "a.md").document is valid
    templated = AgentDocument.from_text("---\n{% if x %}\na: b: c\n{% endif %}\n---\n")
    result = repair(templated, "t.md")
    assert not result.changed and not result.unrepaired


def test_nested_error_is_reported() -> None:
    doc = AgentDocument.from_text("---\npermission:\n  bash: run: x\n---\n")
    result = repair(doc, "a.md")
    assert not result.changed
    assert "several lines" in result.unrepaired[0].message


@pytest.mark.parametrize(
    "value",
    [
        "plain",
        "it's",
        'say "hi"',
        "back\\slash \\n",
        "a: b # c",
        "line\nbreak",
        "tab\there",
        "\u2028x",
        "\x07bell",
    ],
)
def test_quote_scalar_reads_back_exactly(value: str) -> None:
    assert load_yaml(f"k: {quote_scalar(value)}\n")["k"] == value
