"""Renaming a pattern rule and moving it among its siblings change its lines only."""

from __future__ import annotations

import pytest

from agent_workbench.frontmatter.edit import move_field, rename_field
from agent_workbench.frontmatter.entry_moves import move_entry, rename_key
from agent_workbench.frontmatter.layout import YamlEditError
from agent_workbench.model.diagnostics import DiagnosticError
from agent_workbench.model.document import AgentDocument

RULES = """\
name: helper
permission:
  edit: deny
  bash:
    "*": ask   # the catch-all first
    "git status": allow
    # reading is fine
    'git diff *': ask
  webfetch: deny
"""
BASH = ["permission", "bash"]


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    return [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]


def test_a_rename_rewrites_the_key_on_its_line_quoted_as_it_was() -> None:
    after = rename_key(RULES, [*BASH, "*"], "npm *")
    assert changed_lines(RULES, after) == [
        ('    "*": ask   # the catch-all first', '    "npm *": ask   # the catch-all first')
    ]
    after = rename_key(RULES, [*BASH, "git diff *"], "it's")
    assert changed_lines(RULES, after) == [("    'git diff *': ask", "    'it''s': ask")]


def test_a_plain_key_is_quoted_only_when_it_must_be() -> None:
    text = "a:\n  plain: 1\n  b: 2\n"
    assert rename_key(text, ["a", "plain"], "other") == "a:\n  other: 1\n  b: 2\n"
    assert rename_key(text, ["a", "plain"], "x: y") == "a:\n  'x: y': 1\n  b: 2\n"


def test_a_rename_to_a_key_that_is_there_is_refused() -> None:
    with pytest.raises(YamlEditError, match="there already"):
        rename_key(RULES, [*BASH, "*"], "git status")


def test_moving_swaps_the_lines_and_leaves_comments_between_entries() -> None:
    after = move_entry(RULES, [*BASH, "git diff *"], -1)
    assert after == RULES.replace(
        "    \"git status\": allow\n    # reading is fine\n    'git diff *': ask\n",
        "    'git diff *': ask\n    # reading is fine\n    \"git status\": allow\n",
    )
    assert move_entry(after, [*BASH, "git diff *"], 1) == RULES
    assert move_entry(RULES, [*BASH, "*"], -1) == RULES  # first already: stays
    assert move_entry(RULES, [*BASH, "git diff *"], 1) == RULES  # last already


def test_moving_the_last_line_keeps_its_missing_line_ending_and_crlf() -> None:
    text = "a: 1\r\nb: 2"
    assert move_entry(text, ["b"], -1) == "b: 2\r\na: 1"
    assert move_entry("a: 1\r\nb: 2\r\n", ["a"], 1) == "b: 2\r\na: 1\r\n"


def test_a_flow_map_is_refused_not_rewritten() -> None:
    with pytest.raises(YamlEditError, match="source"):
        move_entry('bash: {"*": ask, "git *": allow}\n', ["bash", "git *"], -1)


def test_through_the_document_only_the_body_stays_byte_for_byte() -> None:
    document = AgentDocument.from_text("---\n" + RULES + "---\nBody.\n")
    moved = move_field(document, 'permission.bash."git status"', -1)
    assert moved.body == document.body
    assert moved.frontmatter == move_entry(RULES, [*BASH, "git status"], -1)
    renamed = rename_field(moved, 'permission.bash."git status"', "git log *")
    assert '    "git log *": allow\n' in renamed.frontmatter
    with pytest.raises(DiagnosticError):
        rename_field(document, "permission.bash.missing", "x")
