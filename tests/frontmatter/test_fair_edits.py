"""Edits a user would call fair are made with the obvious minimal diff: frontmatter with
blank or whitespace-only lines between its entries, and a key set inside `tools: {}`."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_workbench.frontmatter.roundtrip import apply_edits
from cli_helpers import no_traceback
from conftest import run_cli

SPACED = "name: b\n\ndescription: Blank lines between.\n  \ntools: Read\n   \n"


@pytest.mark.parametrize(
    ("sets", "before", "after"),
    [
        ({"description": "x"}, "description: Blank lines between.\n", "description: x\n"),
        ({"tools": "Grep"}, "tools: Read\n", "tools: Grep\n"),
        ({"name": "c"}, "name: b\n", "name: c\n"),
    ],
)
def test_blank_and_whitespace_only_lines_between_entries(
    sets: dict[str, str], before: str, after: str
) -> None:
    assert apply_edits(SPACED, sets) == SPACED.replace(before, after)


def test_a_blank_line_after_an_entry_is_not_its_comment() -> None:
    text = "name: b\ndescription: Keep # this\n\nmodel: sonnet\n"
    assert apply_edits(text, {"description": "New"}) == text.replace("Keep", "New")


@pytest.mark.parametrize(
    ("text", "sets", "expected"),
    [
        ("mode: subagent\ntools: {}\n", {"tools.bash": True}, "tools: {bash: true}\n"),
        (
            "mode: subagent\ntools: {}\n",
            {"tools.bash": True, "tools.read": False},
            "tools: {bash: true, read: false}\n",
        ),
        ("tools: {}\nmode: subagent\n", {"tools.edit": False}, "tools: {edit: false}\n"),
    ],
)
def test_a_key_set_inside_an_empty_flow_map(
    text: str, sets: dict[str, object], expected: str
) -> None:
    after = apply_edits(text, sets)
    assert after == text.replace("tools: {}\n", expected)


def test_the_cli_makes_both_edits(tmp_path: Path) -> None:
    (tmp_path / "agent").mkdir()
    spaced = tmp_path / "agent" / "spaced.md"
    spaced.write_text("---\ndescription: d\n\nmode: subagent\n  \ntemperature: 0.1\n---\nBody.\n")
    empty = tmp_path / "agent" / "empty.md"
    empty.write_text("---\ndescription: d\nmode: subagent\ntools: {}\n---\nBody.\n")
    proc = run_cli("edit", "agent/spaced.md", "--set", "temperature=0.3", cwd=tmp_path, timeout=60)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert spaced.read_text().endswith("  \ntemperature: 0.3\n---\nBody.\n")
    proc = run_cli("edit", "agent/empty.md", "--set", "tools.bash=true", cwd=tmp_path, timeout=60)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert "tools: {bash: true}\n" in empty.read_text()
