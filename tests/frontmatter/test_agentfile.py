"""Loading agent files: fields, flavour, YAML errors where the author sees them, simple reading."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_workbench.frontmatter.agentfile import AgentFile
from agent_workbench.frontmatter.lenient import simple_read
from agent_workbench.model.flavour import Flavour
from agent_workbench.model.project import Project
from conftest import shared_files


@pytest.mark.parametrize(
    "path",
    shared_files("seeds", pattern="*")
    + shared_files("corpus", "agpm-resources")
    + shared_files("corpus", "wild"),
    ids=lambda p: p.name,
)
def test_every_corpus_file_loads_without_raising(path: Path) -> None:
    agent = AgentFile.from_bytes(path.name, path.read_bytes())
    assert agent.document is not None and agent.load_error is None
    assert agent.fields is not None or agent.yaml_error is not None or agent.needs_render
    if agent.yaml_error is not None:
        assert agent.simple_fields and agent.display_fields == agent.simple_fields
        assert not agent.editable


def test_unquoted_colon_error_is_located_in_the_file_with_its_consequence() -> None:
    text = "---\nname: a\ndescription: Use it. Examples: user: hi\ntools: Read\n---\nbody\n"
    agent = AgentFile.from_bytes("agents/a.md", text.encode())
    error = agent.yaml_error
    assert error is not None
    assert (error.line, error.column) == (3, 30)  # the ": " after "Examples", file line 3
    # One line with an unquoted ": " is what Claude Code tolerates (anthropics/claude-code#91871).
    assert "Claude Code tolerates it" in error.message and "`description`" in error.message
    assert error.severity.value == "warning" and "check --fix" in (error.suggestion or "")
    assert agent.display_fields == {
        "name": "a",
        "description": "Use it. Examples: user: hi",
        "tools": "Read",
    }
    assert "check --fix" in (agent.edit_refusal_reason or "")


def test_simple_reading_rules() -> None:
    text = (
        "name: 'quoted'\n"
        'description: "half quoted\n'
        "  continued here\n"
        "# a comment\n"
        "tools: Read, Grep\n"
        "empty:\n"
        "url: http://x: y\n"
    )
    assert simple_read(text) == {
        "name": "quoted",
        "description": '"half quoted\ncontinued here',
        "tools": "Read, Grep",
        "empty": "",
        "url": "http://x: y",
    }


def test_decode_errors_come_back_as_diagnostics(make_project) -> None:
    root = make_project({"agents/bad.md": b"---\nname: a\n---\n\xff\xfe oops\n"})
    agent = AgentFile.load(Project.open(root), "agents/bad.md")
    assert agent.document is None
    assert agent.load_error is not None and agent.load_error.line == 4
    assert not agent.editable and agent.diagnostics == [agent.load_error]


def test_missing_file_is_a_diagnostic(make_project) -> None:
    root = make_project({})
    agent = AgentFile.load(Project.open(root), "agents/none.md")
    assert agent.document is None and agent.load_error is not None


def test_flavours_and_hash(make_project) -> None:
    root = make_project(
        {
            "agents/claude-code/a.md": "---\nname: a\ndescription: d\n---\n",
            "agents/opencode/b.md": "---\ndescription: d\nmode: subagent\n---\n",
            "agents/c.md": "---\ndescription: d\ntemperature: 0.1\n---\n",
            "snippets/s.md": "---\ndescription: d\n---\n",
        }
    )
    project = Project.open(root)
    flavours = {rel: AgentFile.load(project, rel).flavour for rel in project.resources()}
    assert flavours == {
        "agents/c.md": Flavour.OPENCODE,
        "agents/claude-code/a.md": Flavour.CLAUDE_CODE,
        "agents/opencode/b.md": Flavour.OPENCODE,
        "snippets/s.md": Flavour.SNIPPET,
    }
    agent = AgentFile.load(project, "agents/claude-code/a.md")
    import hashlib

    assert (
        agent.sha256 == hashlib.sha256((root / "agents/claude-code/a.md").read_bytes()).hexdigest()
    )


def test_template_logic_flags() -> None:
    blocks = AgentFile.from_bytes("a.md", b"---\n{% if x %}\nmodel: a\n{% endif %}\n---\n")
    assert blocks.has_template_logic and blocks.has_template_blocks
    assert blocks.needs_render and blocks.yaml_error is None
    assert "template logic" in (blocks.edit_refusal_reason or "")
    expr = AgentFile.from_bytes("a.md", b"---\nagpm:\n  templating: true\nx: a{{ y }}\n---\n")
    assert expr.has_template_logic and not expr.has_template_blocks
    assert expr.templating and expr.editable


def test_non_mapping_frontmatter_is_an_error() -> None:
    agent = AgentFile.from_bytes("a.md", b"---\n- a\n- b\n---\n")
    assert agent.yaml_error is not None and agent.yaml_error.line == 2
