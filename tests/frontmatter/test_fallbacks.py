"""What Claude Code and OpenCode do with frontmatter that is not valid YAML, per tool.

OpenCode: ``fallbackSanitization`` in packages/opencode/src/config/markdown.ts
(anomalyco/opencode at 0a8a0ed8). Claude Code: anthropics/claude-code#91871
(2.1.259) and claude-plugins-official#6261. See ``frontmatter/fallbacks.py``.
"""

from __future__ import annotations

from pathlib import Path

from agent_workbench.frontmatter.agentfile import AgentFile
from agent_workbench.frontmatter.fallbacks import opencode_reading, opencode_sanitize
from agent_workbench.schema.validate import validate

ONE_LINE = "---\nname: a\ndescription: Reviews code. Triggers on: 'review', 'audit'\n---\nBody\n"
MULTI_LINE = (
    "---\nname: a\ndescription: Use it for reviews. Examples:\n<example>\n"
    'user: "review this"\n</example>\n---\nBody\n'
)
OPEN_QUOTE = '---\ndescription: "Designs pages\nmode: subagent\n---\nBody\n'


def load(tmp_path: Path, rel: str, text: str) -> AgentFile:
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode())
    return AgentFile.load_path(path, rel)


def test_opencode_sanitization_turns_values_with_a_colon_into_block_scalars() -> None:
    # The rewrite of markdown.ts line by line: key regex, skipped values, `|-` block.
    text = "a: x: y\nb: 'q: r'\nc: |\n  d: e\nmy-key: f: g\n# h: i\ne:\n"
    assert (
        opencode_sanitize(text)
        == "a: |-\n  x: y\nb: 'q: r'\nc: |\n  d: e\nmy-key: f: g\n# h: i\ne:"
    )


def test_crlf_counts_as_a_change_for_opencode() -> None:
    # Lines are joined with "\n": a CRLF file is "changed" even when no value was rewritten,
    # so gray-matter parses again (no cache hit) and the load throws.
    assert opencode_reading('description: "open\r\nmode: all\r\n').outcome == "failed"
    assert opencode_reading('description: "open\nmode: all\n').outcome == "no_config"


def test_opencode_rescued_file_is_a_warning_and_its_fields_are_checked(tmp_path: Path) -> None:
    text = "---\ndescription: Integrates work: stages and commits\nmode: sub\n---\nBody\n"
    diags = validate(load(tmp_path, ".opencode/agent/integrator.md", text))
    assert [(d.line, d.severity.value) for d in diags] == [(2, "warning"), (3, "error")]
    assert "OpenCode's fallback" in diags[0].message and "reads it" in diags[0].message
    assert "Claude Code" not in diags[0].message


def test_opencode_unrescued_file_loads_with_no_configuration(tmp_path: Path) -> None:
    diags = validate(load(tmp_path, ".opencode/agents/designer.md", OPEN_QUOTE))
    assert [(d.line, d.severity.value) for d in diags] == [(2, "error")]
    assert "NO configuration" in diags[0].message and "silently" in diags[0].message


def test_opencode_file_its_fallback_cannot_read_is_not_loaded(tmp_path: Path) -> None:
    # CRLF: the retry changes the text and still fails, so ConfigMarkdown.parse throws and
    # the loader skips the agent (config/agent.ts at 05988800: `.catch(...)` then `continue`;
    # anomalyco/opencode#45876).
    text = OPEN_QUOTE.replace("\n", "\r\n")
    [diag] = validate(load(tmp_path, ".opencode/agent/designer.md", text))
    assert diag.severity.value == "error" and "does not load this agent" in diag.message


def test_claude_code_tolerates_a_one_line_colon(tmp_path: Path) -> None:
    agent = load(tmp_path, ".claude/agents/a.md", ONE_LINE)
    [diag] = validate(agent)
    assert diag.severity.value == "warning" and "Claude Code tolerates it" in diag.message
    assert "OpenCode" not in diag.message and not agent.editable


def test_claude_code_cannot_parse_unindented_continuation_lines(tmp_path: Path) -> None:
    [diag] = validate(load(tmp_path, ".claude/agents/a.md", MULTI_LINE))
    assert diag.severity.value == "error" and "Claude Code cannot parse it" in diag.message


def test_the_same_text_gets_each_tools_consequence(tmp_path: Path) -> None:
    text = "---\ndescription: Reviews code. Triggers on: review\n---\nBody\n"
    claude = load(tmp_path, ".claude/agents/r.md", "---\nname: r\n" + text[4:]).yaml_error
    open_code = load(tmp_path, ".opencode/agent/r.md", text).yaml_error
    assert claude is not None and open_code is not None
    assert "Claude Code" in claude.message and "OpenCode" not in claude.message
    assert "OpenCode" in open_code.message and "Claude Code" not in open_code.message
