"""A YAML alias bomb ("billion laughs": anchors each repeating the one before) in a
frontmatter loads small but explodes when walked as a tree. No command walks it: `edit`
refuses it with a clear error and leaves the file untouched; `check`, `render` and
`tokens` finish. Bounded by timeouts: a regression hangs or eats the memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_workbench.frontmatter.agentfile import AgentFile
from agent_workbench.frontmatter.alias_bound import expanded_size
from agent_workbench.frontmatter.edit import set_fields
from agent_workbench.frontmatter.roundtrip import YamlEditError, apply_edits, load_yaml
from agent_workbench.model.diagnostics import DiagnosticError
from cli_helpers import no_traceback
from conftest import run_cli

pytestmark = pytest.mark.timeout(60)


def alias_bomb(levels: int = 12, width: int = 9) -> str:
    """Frontmatter whose last anchor expands to width**levels strings."""
    lines = ["name: bomb", "description: Explodes when walked.", "model: sonnet"]
    lines.append("a0: &a0 [" + ", ".join(['"lol"'] * width) + "]")
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def agent_text(frontmatter: str) -> str:
    return f"---\n{frontmatter}---\nBody.\n"


def test_the_expanded_size_is_counted_without_expanding() -> None:
    data = load_yaml(alias_bomb())
    assert expanded_size(data, limit=10**6) == 10**6 + 1  # stops counting past the limit
    assert expanded_size(load_yaml("a: [1, 2]\nb: {c: d}\n")) == 1 + 2 + 3 + 3  # keys too


def test_apply_edits_refuses_a_bomb() -> None:
    with pytest.raises(YamlEditError, match="alias bomb"):
        apply_edits(alias_bomb(), {"model": "haiku"})


def test_aliases_that_expand_a_little_are_still_edited() -> None:
    text = "name: a\nbase: &b {x: 1, y: 2}\ncopy: *b\n"
    assert apply_edits(text, {"model": "haiku"}) == text + "model: haiku\n"


def test_the_agent_file_reports_the_bomb_and_is_not_editable() -> None:
    agent = AgentFile.from_bytes("agents/bomb.md", agent_text(alias_bomb()).encode())
    assert agent.fields is None
    assert agent.yaml_error is not None and "alias bomb" in agent.yaml_error.message
    assert agent.edit_refusal_reason is not None and "alias" in agent.edit_refusal_reason
    assert agent.display_fields["name"] == "bomb"  # the simple, line-based reading
    with pytest.raises(DiagnosticError):
        set_fields(agent.document, {"model": "haiku"}, rel="agents/bomb.md")  # type: ignore[arg-type]


def test_the_cli_refuses_the_edit_and_leaves_the_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "agents" / "bomb.md"
    path.parent.mkdir()
    path.write_text(agent_text(alias_bomb()))
    before = path.read_bytes()
    proc = run_cli("edit", "agents/bomb.md", "--set", "model=haiku", cwd=tmp_path, timeout=30)
    no_traceback(proc)
    assert proc.returncode == 1
    assert "agents/bomb.md:2:1: error:" in proc.stderr and "alias" in proc.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "command", [["check"], ["render", "agents/bomb.md"], ["tokens", "agents/bomb.md"]]
)
def test_check_render_and_tokens_finish(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "agents" / "bomb.md"
    path.parent.mkdir()
    path.write_text(agent_text(alias_bomb()))
    proc = run_cli(*command, cwd=tmp_path, timeout=30)
    no_traceback(proc)
    assert proc.returncode in (0, 1)
    if command == ["check"]:
        assert "alias bomb" in proc.stdout + proc.stderr
