"""Merge keys (`<<: *base`) in `tools:` or `permission.bash:` never crash an edit or a
check: other fields are edited with a minimal diff, a merged key is overridden by an
own key, and what cannot be done without touching the shared anchor is refused with a
message that says why."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_workbench.frontmatter.roundtrip import YamlEditError, apply_edits, load_yaml, plain
from cli_helpers import no_traceback
from conftest import run_cli

FRONTMATTER = """\
description: An OpenCode agent whose maps merge shared ones.
mode: subagent
base: &base
  read: true
  grep: true
tools:
  <<: *base
  write: false
permission:
  bash:
    "npm *": ask
    <<: {"git *": allow}
  edit: ask
"""


def added(before: str, after: str) -> list[str]:
    """The lines of ``after`` that are not in ``before`` (nothing may be lost)."""
    old = before.splitlines()
    new = after.splitlines()
    assert all(line in new for line in old) or len(new) < len(old)
    return [line for line in new if line not in old]


@pytest.mark.parametrize(
    ("key", "value", "line"),
    [
        ("model", "haiku", "model: haiku"),
        ("temperature", 0.2, "temperature: 0.2"),
        ("tools.bash", True, "  bash: true"),  # a new own key beside the merge
        ("tools.read", False, "  read: false"),  # an own key overrides the merged one
        ('permission.bash["ls *"]', "allow", '    "ls *": allow'),
        ('permission.bash["git *"]', "deny", '    "git *": deny'),
    ],
)
def test_a_set_beside_a_merge_adds_one_line(key: str, value: object, line: str) -> None:
    after = apply_edits(FRONTMATTER, {key: value})
    assert added(FRONTMATTER, after) == [line]
    assert len(after.splitlines()) == len(FRONTMATTER.splitlines()) + 1
    data = plain(load_yaml(after))
    node = data
    for part in key.replace('["', ".").replace('"]', "").split("."):
        node = node[part]
    assert node == value


def test_changing_an_own_key_of_a_merged_map_changes_its_line() -> None:
    after = apply_edits(FRONTMATTER, {"tools.write": True})
    assert after == FRONTMATTER.replace("  write: false", "  write: true")


def test_removing_an_own_key_keeps_the_merge_line() -> None:
    after = apply_edits(FRONTMATTER, {}, ['permission.bash["npm *"]'])
    assert after == FRONTMATTER.replace('    "npm *": ask\n', "")
    assert plain(load_yaml(after))["permission"]["bash"] == {"git *": "allow"}


@pytest.mark.parametrize(
    ("sets", "unsets", "words"),
    [
        ({}, ["tools.read"], "cannot be removed here"),
        ({"tools.read.x": 1}, [], "not a map"),
    ],
)
def test_what_would_touch_the_anchor_is_refused_clearly(
    sets: dict[str, object], unsets: list[str], words: str
) -> None:
    with pytest.raises(YamlEditError, match=words):
        apply_edits(FRONTMATTER, sets, unsets)


def test_the_cli_edits_and_checks_a_merged_file(tmp_path: Path) -> None:
    path = tmp_path / "agent" / "merged.md"
    path.parent.mkdir()
    text = f"---\n{FRONTMATTER}---\nBody.\n"
    path.write_text(text)
    proc = run_cli("edit", "agent/merged.md", "--set", "temperature=0.2", cwd=tmp_path, timeout=60)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert path.read_text() == text.replace("---\nBody", "temperature: 0.2\n---\nBody")
    proc = run_cli("edit", "agent/merged.md", "--unset", "tools.grep", cwd=tmp_path, timeout=60)
    no_traceback(proc)
    assert proc.returncode == 1 and "merge key" in proc.stderr
    proc = run_cli("check", "agent/merged.md", cwd=tmp_path, timeout=60)
    no_traceback(proc)
    assert "internal error" not in proc.stdout + proc.stderr


def test_a_check_locates_an_invalid_merged_value(tmp_path: Path) -> None:
    path = tmp_path / "agent" / "merged.md"
    path.parent.mkdir()
    path.write_text(
        "---\ndescription: d\nmode: subagent\nbase: &b\n  write: maybe\n"
        "tools:\n  <<: *b\n  edit: false\n---\nBody.\n"
    )
    proc = run_cli("check", "agent/merged.md", cwd=tmp_path, timeout=60)
    no_traceback(proc)
    assert proc.returncode == 1
    assert "tools.write" in proc.stdout and "internal error" not in proc.stdout + proc.stderr
